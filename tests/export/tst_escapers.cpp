// Each escaper of src/core/export/Escapers.h against hostile values, read back by the real reader where one exists:
// sh and bash for shell words and env-file values, PyYAML for YAML, sqlite3 for SQL, QJsonDocument for JSON,
// Python's html.unescape for HTML, and a java.util.Properties reader written here for the properties escapers.
#include "JavaPropertiesReader.h"

#include "core/export/Escapers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;

namespace {

QString nul() { return QString(QChar(0)); }

// Values every escaper must carry through unchanged.
QStringList hostileValues()
{
    return {
        QStringLiteral("plain"),
        QString(),
        QStringLiteral("it's"),
        QStringLiteral("say \"hi\""),
        QStringLiteral("back\\slash \\n \\u0041 \\"),
        QStringLiteral("line\nfeed"),
        QStringLiteral("carriage\rreturn\r\n"),
        QStringLiteral("tab\there"),
        QStringLiteral("$(id) ${HOME} $HOME"),
        QStringLiteral("`id` and ;rm -rf / #"),
        QStringLiteral("nul") + nul() + QStringLiteral("byte"),
        QString::fromUtf8("na\xc3\xafve caf\xc3\xa9 \xc3\x9c"),
        QString::fromUtf8("emoji \xf0\x9f\x98\x80 \xe2\x82\xac"),
        QStringLiteral(" leading and trailing "),
        QStringLiteral("#not a comment"),
        QStringLiteral("!bang"),
        QStringLiteral("a=b:c d"),
        QStringLiteral("~/x ~"),
        QStringLiteral("yes"),
        QStringLiteral("0x10"),
        QStringLiteral("null"),
        QStringLiteral(": x"),
        QStringLiteral("- x"),
        QStringLiteral("&anchor *alias"),
        QStringLiteral("%percent +plus /slash =eq &amp;"),
        QStringLiteral("del\x7f") + QChar(0x85) + QChar(0x2028) + QChar(0xfeff) + QChar(0xfffe),
        QStringLiteral("bell\a esc\x1b[31m"),
        QStringLiteral("<b>&'\"</b>"),
        QStringLiteral("x' OR '1'='1'; -- drop"),
    };
}

QString withoutNul(QString s)
{
    s.remove(QChar(0));
    return s;
}

QByteArray run(const QString &program, const QStringList &args, const QString &dir = {}, const QByteArray &input = {},
               int *exitCode = nullptr)
{
    QProcess p;
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return "<did not start>";
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    const QByteArray err = p.readAllStandardError();
    if (!err.isEmpty())
        qWarning("%s: %s", qPrintable(program), err.constData());
    return p.readAllStandardOutput();
}

} // namespace

class TestEscapers : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void shellWordIsReadBackByShAndBash()
    {
        for (const QString &shell : {QStringLiteral("sh"), QStringLiteral("bash")}) {
            for (const QString &value : hostileValues()) {
                const QString word = escape::shellWord(value);
                int code = -1;
                const QByteArray out =
                    run(shell, {QStringLiteral("-c"), QStringLiteral("printf %s ") + word}, {}, {}, &code);
                QCOMPARE(code, 0);
                QVERIFY2(out == withoutNul(value).toUtf8(), qPrintable(shell + QLatin1Char(' ') + word));
            }
        }
    }

    // Sourced with `set -a; . ./f` by sh and bash the value comes back unchanged; the values written bare are the
    // ones docker --env-file (text after "=" taken literally) reads the same.
    void envFileValueIsReadBackBySourcingAndByDocker()
    {
        QVERIFY(m_dir.isValid());
        const QStringList values = hostileValues();
        QByteArray file;
        for (qsizetype i = 0; i < values.size(); ++i)
            file += QStringLiteral("V%1=%2\n").arg(i).arg(escape::envFileValue(values.at(i))).toUtf8();
        QFile f(m_dir.filePath(QStringLiteral("x.env")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(file);
        f.close();
        for (const QString &shell : {QStringLiteral("sh"), QStringLiteral("bash")}) {
            for (qsizetype i = 0; i < values.size(); ++i) {
                int code = -1;
                const QByteArray out =
                    run(shell, {QStringLiteral("-c"), QStringLiteral("set -a; . ./x.env; printf %s \"$V%1\"").arg(i)},
                        m_dir.path(), {}, &code);
                QCOMPARE(code, 0);
                QVERIFY2(out == withoutNul(values.at(i)).toUtf8(),
                         qPrintable(shell + QStringLiteral(": ") + escape::envFileValue(values.at(i))));
            }
        }
        // docker: KEY=VALUE with VALUE literal; only the portable ones promise that.
        int portableCount = 0;
        for (const QString &value : values) {
            bool portable = false;
            const QString written = escape::envFileValue(value, &portable);
            if (portable) {
                ++portableCount;
                QCOMPARE(written, value);
            } else {
                QVERIFY(written.startsWith(QLatin1Char('\'')));
            }
        }
        QVERIFY(portableCount >= 3); // plain, "", yes, 0x10, null
        bool portable = true;
        escape::envFileValue(QStringLiteral("~/x"), &portable);
        QVERIFY2(!portable, "a tilde is expanded by the shell in an assignment");
        escape::envFileValue(QStringLiteral("https://host:8443/a_b-c.d?x=1&y=2"), &portable);
        QVERIFY2(!portable, "& separates commands");
        escape::envFileValue(QStringLiteral("https://host:8443/a_b-c.d/x=1,y+z@q%20"), &portable);
        QVERIFY(portable);
    }

    void yamlStringIsReadBackByPyYaml()
    {
        const QStringList values = hostileValues();
        QByteArray doc;
        for (const QString &value : values)
            doc += "- " + escape::yamlString(value).toUtf8() + "\n";
        doc += "- key: " + escape::yamlString(QStringLiteral("k: v # c")).toUtf8() + "\n";
        int code = -1;
        const QByteArray out =
            run(QStringLiteral("python3"),
                {QStringLiteral("-c"), QStringLiteral("import sys, json, yaml\n"
                                                      "data = yaml.safe_load(sys.stdin.buffer.read().decode('utf-8'))\n"
                                                      "sys.stdout.write(json.dumps(data, ensure_ascii=True))\n")},
                {}, doc, &code);
        QVERIFY2(code == 0, doc.constData());
        const QJsonArray back = QJsonDocument::fromJson(out).array();
        QCOMPARE(back.size(), values.size() + 1);
        for (qsizetype i = 0; i < values.size(); ++i) {
            QVERIFY2(back.at(i).isString(), qPrintable(escape::yamlString(values.at(i))));
            QCOMPARE(back.at(i).toString(), values.at(i));
        }
        QCOMPARE(back.at(values.size()).toObject().value(QLatin1String("key")).toString(), QStringLiteral("k: v # c"));
    }

    // The sqlite3 shell reads its input as lines and drops the CR of a CR LF (also inside a literal), so values with
    // one go through SQLite itself as well (Python's sqlite3 module runs the same script unchanged).
    void sqlStringIsReadBackBySqlite()
    {
        const QStringList values = hostileValues();
        QByteArray script = "CREATE TABLE t (i INTEGER, v TEXT);\n";
        for (qsizetype i = 0; i < values.size(); ++i)
            script +=
                QStringLiteral("INSERT INTO t VALUES (%1, %2);\n").arg(i).arg(escape::sqlString(values.at(i))).toUtf8();
        const QByteArray select = "SELECT i || ':' || hex(CAST(v AS BLOB)) FROM t ORDER BY i;\n";
        const auto expected = [&values](qsizetype i) -> QByteArray {
            return QByteArray::number(i) + ':' + withoutNul(values.at(i)).toUtf8().toHex().toUpper();
        };
        int code = -1;
        const QByteArray out = run(QStringLiteral("sqlite3"), {QStringLiteral(":memory:")}, {}, script + select, &code);
        QCOMPARE(code, 0);
        const QList<QByteArray> rows = out.trimmed().split('\n');
        QCOMPARE(rows.size(), values.size());
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (!values.at(i).contains(QLatin1String("\r\n")))
                QCOMPARE(rows.at(i), expected(i));
        }
        const QByteArray viaLibrary =
            run(QStringLiteral("python3"),
                {QStringLiteral("-c"), QStringLiteral("import sys, sqlite3\n"
                                                      "db = sqlite3.connect(':memory:')\n"
                                                      "db.executescript(sys.stdin.buffer.read().decode('utf-8'))\n"
                                                      "for (row,) in db.execute(\"SELECT i || ':' || hex(CAST(v AS "
                                                      "BLOB)) FROM t ORDER BY i\"):\n"
                                                      "    print(row)\n")},
                {}, script, &code);
        QCOMPARE(code, 0);
        const QList<QByteArray> libraryRows = viaLibrary.trimmed().split('\n');
        QCOMPARE(libraryRows.size(), values.size());
        for (qsizetype i = 0; i < values.size(); ++i)
            QCOMPARE(libraryRows.at(i), expected(i));
    }

    void jsonStringIsReadBackByQJsonDocument()
    {
        for (const QString &value : hostileValues()) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson("[" + escape::jsonString(value).toUtf8() + "]", &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(doc.array().at(0).toString(), value);
        }
    }

    void javaPropertiesAreReadBackByAPropertiesReader()
    {
        const QStringList values = hostileValues();
        QByteArray file = "# comment\n";
        for (qsizetype i = 0; i < values.size(); ++i) {
            // The value doubles as a key (with its index, so each key is unique).
            const QString key = QString::number(i) + values.at(i);
            file += (escape::javaPropertiesKey(key) + QLatin1Char('=') + escape::javaPropertiesValue(values.at(i))
                     + QLatin1Char('\n'))
                        .toUtf8();
        }
        for (const char c : file)
            QVERIFY2(uchar(c) < 0x80, "a properties file for Properties.load(InputStream) is ISO 8859-1: ASCII only");
        QString error;
        const auto entries = cmic::test::loadJavaProperties(file, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(entries.size(), values.size());
        for (qsizetype i = 0; i < values.size(); ++i) {
            QCOMPARE(entries.at(i).first, QString::number(i) + values.at(i));
            QCOMPARE(entries.at(i).second, values.at(i));
        }
        // The two bugs of issue 11: a backslash before "u", and non-ASCII read as Latin-1.
        QCOMPARE(escape::javaPropertiesValue(QStringLiteral("cmic\\user")), QStringLiteral("cmic\\\\user"));
        QCOMPARE(escape::javaPropertiesValue(QString::fromUtf8("cmic_us\xc3\xa9r")), QStringLiteral("cmic_us\\u00E9r"));
    }

    void htmlIsReadBackByPythonHtml()
    {
        const QStringList values = hostileValues();
        QJsonArray escaped;
        for (const QString &value : values) {
            const QString text = escape::html(value);
            QVERIFY(!text.contains(QLatin1Char('<')) && !text.contains(QLatin1Char('>'))
                    && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\'')));
            escaped.append(text);
        }
        int code = -1;
        const QByteArray out = run(
            QStringLiteral("python3"),
            {QStringLiteral("-c"), QStringLiteral("import sys, json, html\n"
                                                  "data = json.loads(sys.stdin.read())\n"
                                                  "sys.stdout.write(json.dumps([html.unescape(x) for x in data]))\n")},
            {}, QJsonDocument(escaped).toJson(), &code);
        QCOMPARE(code, 0);
        const QJsonArray back = QJsonDocument::fromJson(out).array();
        QCOMPARE(back.size(), values.size());
        for (qsizetype i = 0; i < values.size(); ++i)
            QCOMPARE(back.at(i).toString(), values.at(i));
    }

    void markdownCodeSpanCannotBeClosedByTheValue()
    {
        for (const QString &value : hostileValues() + QStringList{QStringLiteral("``x`"), QStringLiteral("`")}) {
            const QString code = escape::markdownCode(value);
            QVERIFY(!code.contains(QLatin1Char('\n')));
            qsizetype fence = 0;
            while (fence < code.size() && code.at(fence) == QLatin1Char('`'))
                ++fence;
            // No run of exactly |fence| backticks inside the span.
            const QString inner = code.mid(fence, code.size() - 2 * fence);
            QVERIFY2(!inner.contains(QRegularExpression(QStringLiteral("(^|[^`])`{%1}([^`]|$)").arg(fence))),
                     qPrintable(code));
            QVERIFY(code.endsWith(QString(fence, QLatin1Char('`'))));
        }
    }

    void commentTextHasNoLineBreak()
    {
        for (const QString &value : hostileValues()) {
            const QString text = escape::commentText(value);
            for (const QChar c : text)
                QVERIFY(c.unicode() >= 0x20 && c.unicode() != 0x7f && c.unicode() != 0x85 && c.unicode() != 0x2028);
        }
    }
};

QTEST_GUILESS_MAIN(TestEscapers)
#include "tst_escapers.moc"
