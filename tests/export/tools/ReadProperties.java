// Reads a .properties file with java.util.Properties.load(InputStream), exactly as a CMiC app server reads
// cmicapp.properties, and prints each entry as "HEXKEY HEXVALUE" (UTF-8, sorted by key) for tst_cmicexports, each
// file's entries after a line "== N" (N counting the files from 0).
// Run with the JDK's source launcher: java ReadProperties.java FILE...
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
        for (int i = 0; i < args.length; ++i) {
            Properties properties = new Properties();
            try (InputStream in = new FileInputStream(args[i])) {
                properties.load(in);
            }
            System.out.println("== " + i);
            for (String key : new TreeSet<>(properties.stringPropertyNames()))
                System.out.println(hex(key) + " " + hex(properties.getProperty(key)));
        }
    }
}
