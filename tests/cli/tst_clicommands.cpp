// Every cmic-oauth command, as `cmic-oauth --help` lists them: its own --help (first line `Usage: cmic-oauth CMD ...`,
// never the executable's path) and the same usage error for an unknown option.
#include "CliRun.h"

#include <QRegularExpression>
#include <QTest>

namespace {

using Run = cmic::test::CliRun;

Run runCli(const QStringList &args) { return cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), args); }

struct ListedCommand
{
    QString name;
    QString summary;
};

// The "Commands:" block of `cmic-oauth --help`: one "  NAME  summary" line each, up to the blank line.
QList<ListedCommand> listedCommands(const QByteArray &help)
{
    QList<ListedCommand> commands;
    const QStringList lines = QString::fromUtf8(help).split(QLatin1Char('\n'));
    const qsizetype start = lines.indexOf(QStringLiteral("Commands:"));
    if (start < 0)
        return commands;
    static const QRegularExpression line(QStringLiteral("^  (\\S+)\\s+(\\S.*)$"));
    for (qsizetype i = start + 1; i < lines.size() && !lines.at(i).isEmpty(); ++i) {
        const QRegularExpressionMatch m = line.match(lines.at(i));
        if (m.hasMatch())
            commands.append({m.captured(1), m.captured(2)});
    }
    return commands;
}

QByteArray firstLine(const QByteArray &text) { return text.left(text.indexOf('\n')); }

} // namespace

class TestCliCommands : public QObject
{
    Q_OBJECT

private slots:
    void overviewListsEveryCommandWithItsSummary()
    {
        const Run r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("Usage: cmic-oauth <command> [options]\n"));
        const QList<ListedCommand> commands = listedCommands(r.out);
        QStringList names;
        for (const ListedCommand &c : commands) {
            QVERIFY2(c.summary.size() > 10, qPrintable(c.name));
            names << c.name;
        }
        QCOMPARE(names, (QStringList{QStringLiteral("lint"), QStringLiteral("verify-token"), QStringLiteral("validate"),
                                     QStringLiteral("token"), QStringLiteral("export"), QStringLiteral("sandbox")}));

        // Without arguments, the same list goes to standard error with exit code 2.
        const Run bare = runCli({});
        QCOMPARE(bare.exitCode, 2);
        QCOMPARE(bare.err, r.out);
    }

    void everyCommandAnswersHelp_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("helpOption");
        for (const ListedCommand &c : listedCommands(runCli({QStringLiteral("--help")}).out)) {
            QTest::addRow("%s --help", qPrintable(c.name)) << c.name << QStringLiteral("--help");
            QTest::addRow("%s -h", qPrintable(c.name)) << c.name << QStringLiteral("-h");
        }
    }

    void everyCommandAnswersHelp()
    {
        QFETCH(QString, command);
        QFETCH(QString, helpOption);
        const Run r = runCli({command, helpOption});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QByteArray usage = firstLine(r.out);
        QVERIFY2(usage.startsWith(QByteArray("Usage: cmic-oauth " + command.toUtf8() + " [options]")),
                 usage.constData());
        QVERIFY2(!r.out.contains(QByteArrayLiteral(CMIC_CLI_PATH)), r.out.constData());
        QVERIFY(r.out.contains("-h, --help"));
        QVERIFY(r.out.contains("Exit status:"));
    }

    void helpShowsThePositionalArguments_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QByteArray>("usage");
        QTest::newRow("lint") << QStringLiteral("lint") << QByteArray("Usage: cmic-oauth lint [options] WORKSPACE");
        QTest::newRow("verify-token") << QStringLiteral("verify-token")
                                      << QByteArray("Usage: cmic-oauth verify-token [options] [TOKEN|-]");
        QTest::newRow("validate") << QStringLiteral("validate")
                                  << QByteArray("Usage: cmic-oauth validate [options] WORKSPACE");
        QTest::newRow("token") << QStringLiteral("token") << QByteArray("Usage: cmic-oauth token [options] WORKSPACE");
        QTest::newRow("export") << QStringLiteral("export")
                                << QByteArray("Usage: cmic-oauth export [options] WORKSPACE");
        QTest::newRow("sandbox") << QStringLiteral("sandbox") << QByteArray("Usage: cmic-oauth sandbox [options]");
    }

    void helpShowsThePositionalArguments()
    {
        QFETCH(QString, command);
        QFETCH(QByteArray, usage);
        QCOMPARE(firstLine(runCli({command, QStringLiteral("--help")}).out), usage);
    }

    void unknownOptionIsAUsageError_data() { everyCommandAnswersHelp_data(); }

    void unknownOptionIsAUsageError()
    {
        QFETCH(QString, command);
        const Run r = runCli({command, QStringLiteral("--no-such-option")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QByteArray prefix = QByteArray("cmic-oauth " + command.toUtf8() + ": ");
        QVERIFY2(r.err.startsWith(prefix), r.err.constData());
        QVERIFY2(r.err.contains("no-such-option"), r.err.constData());
        QVERIFY2(r.err.endsWith(QByteArray("\nRun 'cmic-oauth " + command.toUtf8() + " --help' for the options.\n")),
                 r.err.constData());
    }

    // A positional argument a command does not take is a usage error (exit 2), never ignored. (`sandbox my.json`,
    // which used to write ./demo.cmic-oauth.json, is run in a folder of its own in tst_sandboxcommand.)
    void strayArgumentIsAUsageError_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("lint, two files") << QStringList{QStringLiteral("lint"), QStringLiteral("a.json"),
                                                        QStringLiteral("b.json")};
        QTest::newRow("validate, two files")
            << QStringList{QStringLiteral("validate"), QStringLiteral("a.json"), QStringLiteral("b.json")};
        QTest::newRow("verify-token, two tokens")
            << QStringList{QStringLiteral("verify-token"), QStringLiteral("a.b.c"), QStringLiteral("d.e.f")};
    }
    void strayArgumentIsAUsageError()
    {
        QFETCH(QStringList, args);
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(
            r.err.endsWith(QByteArray("Run 'cmic-oauth " + args.constFirst().toUtf8() + " --help' for the options.\n")),
            r.err.constData());
    }

    void usageErrorsEscapeWhatWasTyped()
    {
        // An option value with an escape sequence and a carriage return is quoted, not sent to the terminal.
        const Run r = runCli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("x\x1b[2J\ry"),
                              QStringLiteral("w.json")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("'x\\u001b[2J\\u000dy'"), r.err.constData());
        QVERIFY(!r.err.contains('\x1b'));
        QVERIFY(!r.err.contains('\r'));
        QVERIFY(r.err.contains("Run 'cmic-oauth lint --help' for the options."));

        const Run unknown = runCli({QStringLiteral("no\x1b]0;title\x07such")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.startsWith("cmic-oauth: unknown command 'no\\u001b]0;title\\u0007such'."),
                 unknown.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliCommands)
#include "tst_clicommands.moc"
