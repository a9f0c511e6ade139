// Reads a .properties file with java.util.Properties.load(InputStream), exactly as a CMiC app server reads
// cmicapp.properties, and prints each entry as "HEXKEY HEXVALUE" (UTF-8, sorted by key) for tst_cmicexports.
// Run with the JDK's source launcher: java ReadProperties.java FILE
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

public class ReadProperties {
    private static String hex(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8))
            out.append(String.format("%02x", b & 0xff));
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            properties.load(in);
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames()))
            System.out.println(hex(key) + " " + hex(properties.getProperty(key)));
    }
}
