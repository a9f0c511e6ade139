// The real `cmic-oauth` on a workspace whose names and URLs are megabytes long (made here, in a temporary folder):
// every message quotes a value cut to its first 200 characters with the whole length said (core/util/Elide.h), so
// the output of `lint` stays a few KiB instead of the value repeated in every finding (a 3 MiB name used to make
// 37 MB of text and 63 MB of JSON).
#include "CliRun.h"

#include "core/storage/WorkspaceFile.h"
#include "core/util/Elide.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;

namespace {

using Run = cmic::test::CliRun;

constexpr qsizetype kLong = 3 * 1024 * 1024; // characters in each long value
constexpr qsizetype kMaxPerFinding = 64 * 1024;

Run runCli(const QStringList &args) { return cmic::test::runCliProcess(QStringLiteral(CMIC_CLI_PATH), args); }

QString longValue(QChar fill, const QString &prefix = {}) { return prefix + QString(kLong - prefix.size(), fill); }

// How a message says the length of a long value.
QByteArray lengthSaid() { return QStringLiteral("(%1 characters)").arg(QLocale().toString(qlonglong(kLong))).toUtf8(); }

qsizetype longestLine(const QByteArray &text)
{
    qsizetype longest = 0;
    for (const QByteArray &line : text.split('\n'))
        longest = qMax(longest, line.size());
    return longest;
}

} // namespace

class TestCliLongValues : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Workspace w;
        w.id = QStringLiteral("ws-long");
        Environment e;
        e.id = QStringLiteral("env-1");
        e.name = longValue(QLatin1Char('E'));
        e.apiBaseUrl = longValue(QLatin1Char('a'), QStringLiteral("http://erp.example.com/"));
        e.deployment = Deployment::Cloud;
        e.cloudTenant = longValue(QLatin1Char('T'), QStringLiteral("A B"));
        w.environments << e;
        ServiceUser u;
        u.id = QStringLiteral("su-1");
        u.username = longValue(QLatin1Char('U'), QStringLiteral(" "));
        w.serviceUsers << u;
        // Three registrations with the same issuer and App ID: each names the others.
        for (int i = 0; i < 3; ++i) {
            AppRegistration r;
            r.id = QStringLiteral("reg-%1").arg(i);
            r.name = longValue(QLatin1Char('R'), QString::number(i));
            r.environmentId = e.id;
            r.serviceUserId = u.id;
            r.appId = QStringLiteral("client");
            r.issuer = longValue(QLatin1Char('i'), QStringLiteral("https://login.microsoftonline.com/"))
                       + QStringLiteral("/v2.0");
            r.jwksUri = longValue(QLatin1Char('j'), QStringLiteral("http://keys.example.com/"));
            r.idpPreset = longValue(QLatin1Char('p'));
            w.registrations << r;
        }
        m_path = m_dir.filePath(QStringLiteral("long.cmic-oauth.json"));
        WorkspaceFile file;
        QVERIFY(file.save(m_path, w, true).ok());
    }

    void lintTextStaysSmallAndSaysTheLength()
    {
        const Run r = runCli({QStringLiteral("lint"), m_path});
        QCOMPARE(r.exitCode, 1);
        const qsizetype findings = r.out.count("\n    fix: ");
        QVERIFY2(findings >= 10, qPrintable(QString::number(findings)));
        QVERIFY2(r.out.size() < findings * kMaxPerFinding,
                 qPrintable(QStringLiteral("%1 bytes for %2 findings").arg(r.out.size()).arg(findings)));
        QVERIFY2(r.out.size() < 256 * 1024, qPrintable(QString::number(r.out.size())));
        QVERIFY2(longestLine(r.out) < 4096, qPrintable(QString::number(longestLine(r.out))));
        QVERIFY2(r.out.contains(lengthSaid()), r.out.left(2000).constData());
        // What is kept is the start of the value.
        QVERIFY(r.out.contains("registration \"0RRRR"));
        QVERIFY(r.out.contains(QString(kQuotedValueLimit - 1, QLatin1Char('R')).toUtf8()));
        QVERIFY(!r.out.contains(QString(kQuotedValueLimit + 1, QLatin1Char('R')).toUtf8()));
    }

    void lintJsonStaysSmallAndSaysTheLength()
    {
        const Run r = runCli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), m_path});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonArray findings = doc.object().value(QLatin1String("findings")).toArray();
        QVERIFY(findings.size() >= 10);
        QVERIFY2(r.out.size() < findings.size() * kMaxPerFinding, qPrintable(QString::number(r.out.size())));
        bool someNameCut = false;
        for (const QJsonValue &f : findings) {
            const QJsonObject o = f.toObject();
            QVERIFY2(o.value(QLatin1String("message")).toString().size() < 4096,
                     qPrintable(o.value(QLatin1String("code")).toString()));
            QVERIFY(o.value(QLatin1String("subjectName")).toString().size() < 2 * kQuotedValueLimit);
            someNameCut = someNameCut
                          || o.value(QLatin1String("subjectName")).toString().endsWith(QString::fromUtf8(lengthSaid()));
        }
        QVERIFY(someNameCut);
    }

    // The list of registrations to choose from, and a --registration value echoed back.
    void validateListsCutNames()
    {
        const Run listed = runCli({QStringLiteral("validate"), m_path});
        QCOMPARE(listed.exitCode, 2);
        QVERIFY2(listed.err.contains("--registration"), listed.err.left(2000).constData());
        QVERIFY2(listed.err.size() < 16 * 1024, qPrintable(QString::number(listed.err.size())));
        QVERIFY(listed.err.contains(lengthSaid()));

        // An argument is at most 128 KiB on Linux.
        const QString wanted(100 * 1024, QLatin1Char('w'));
        const Run unknown = runCli({QStringLiteral("validate"), m_path, QStringLiteral("--registration"), wanted});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.size() < 16 * 1024, qPrintable(QString::number(unknown.err.size())));
        QVERIFY(unknown.err.contains(
            QStringLiteral("(%1 characters)").arg(QLocale().toString(qlonglong(wanted.size()))).toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestCliLongValues)
#include "tst_clilongvalues.moc"
