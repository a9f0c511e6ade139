// File ▸ Export writes through the one writing routine: a file is written atomically, and a named pipe, a folder or
// a link to a pipe chosen in the dialog is refused with what to do and left as it was (issue 9, item 6).
#include "GuiTestKit.h"

#include "core/model/Workspace.h"
#include "gui/RegistrationExport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cmic;

namespace {

Workspace oneRegistration()
{
    Workspace w;
    w.id = QStringLiteral("ws-export");
    AppRegistration r;
    r.id = QStringLiteral("reg-1");
    r.name = QStringLiteral("Payroll sync");
    r.appId = QStringLiteral("payroll-sync");
    r.issuer = QStringLiteral("https://idp.example.com/");
    w.registrations << r;
    return w;
}

mode_t nodeType(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

} // namespace

class TestRegistrationExport : public QObject
{
    Q_OBJECT

private slots:
    void writesTheChosenFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("payroll.export"));
        test::ScriptedPrompts prompts;
        prompts.itemChoices << 0;
        prompts.saveNames << path;
        QCOMPARE(RegistrationExport::run(oneRegistration(), QStringLiteral("reg-1"), dir.path(), prompts, nullptr),
                 path);
        QVERIFY2(prompts.errors.isEmpty(), qPrintable(prompts.errors.join(QLatin1Char('\n'))));
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(!written.readAll().isEmpty());
        QCOMPARE(prompts.unexpected, 0);
    }

    void refusesNodesThatAreNotFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("mustSay");
        QTest::newRow("named pipe") << QStringLiteral("fifo")
                                    << QStringLiteral("it is a named pipe (FIFO), not a file");
        QTest::newRow("link to a named pipe")
            << QStringLiteral("fifo-link") << QStringLiteral("it is a named pipe (FIFO), not a file");
        QTest::newRow("folder") << QStringLiteral("folder") << QStringLiteral("it is a folder");
        QTest::newRow("missing folder") << QStringLiteral("missing") << QStringLiteral("its folder does not exist");
    }
    void refusesNodesThatAreNotFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, mustSay);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("out.export"));
        const QString fifo = dir.filePath(QStringLiteral("pipe"));
        if (kind == QLatin1String("fifo")) {
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        } else if (kind == QLatin1String("fifo-link")) {
            QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
            QVERIFY(QFile::link(fifo, path));
        } else if (kind == QLatin1String("folder")) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("out.export")));
        } else {
            path = dir.filePath(QStringLiteral("no/such/out.export"));
        }
        const mode_t before = nodeType(path);
        test::ScriptedPrompts prompts;
        prompts.itemChoices << 0;
        prompts.saveNames << path;
        QCOMPARE(RegistrationExport::run(oneRegistration(), QStringLiteral("reg-1"), dir.path(), prompts, nullptr),
                 QString());
        QCOMPARE(prompts.errors.size(), 1);
        QVERIFY2(prompts.errors.constFirst().contains(mustSay), qPrintable(prompts.errors.constFirst()));
        QVERIFY(prompts.errors.constFirst().contains(QLatin1String("export again")));
        QCOMPARE(nodeType(path), before);
        if (kind == QLatin1String("fifo-link"))
            QCOMPARE(nodeType(fifo), mode_t(S_IFIFO));
    }
};

QTEST_MAIN(TestRegistrationExport)
#include "tst_registrationexport.moc"
