// The decisions behind the console's guidance: the setup checklist's five steps (SetupChecklist), the last validation
// result kept per registration with the JWKS keys it saw (ValidationHistory), and what expires when (ExpiryOverview).
#include "core/net/Certificate.h"
#include "core/rules/SetupRules.h"
#include "core/validation/ExpiryOverview.h"
#include "core/validation/ReportFile.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupChecklist.h"
#include "core/validation/ValidationHistory.h"

#include "TestCertificates.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::validation;

namespace {

Workspace completeWorkspace()
{
    Workspace ws;
    ws.id = QStringLiteral("ws-1");
    Environment env;
    env.id = QStringLiteral("env-1");
    env.name = QStringLiteral("cmicprod");
    env.apiBaseUrl = QStringLiteral("https://cmic.example.com/cmicprod");
    env.probeEndpoints = {QStringLiteral("/sys-rest-api/rest/1/sdcompanyaccess")};
    ws.environments << env;
    ServiceUser user;
    user.id = QStringLiteral("user-1");
    user.username = QStringLiteral("SVC_INTEGRATION");
    user.dedicatedConfirmed = true;
    ws.serviceUsers << user;
    AppRegistration reg;
    reg.id = QStringLiteral("reg-1");
    reg.name = QStringLiteral("Payroll");
    reg.environmentId = env.id;
    reg.serviceUserId = user.id;
    reg.appId = QStringLiteral("app-123");
    reg.issuer = QStringLiteral("https://idp.example.com/");
    reg.jwksUri = QStringLiteral("https://idp.example.com/jwks");
    reg.tokenEndpoint = QStringLiteral("https://idp.example.com/token");
    ws.registrations << reg;
    return ws;
}

ValidationRecord record(StepStatus all, std::optional<StepId> failedAt = std::nullopt)
{
    ValidationRecord r;
    r.finishedAt = QDateTime(QDate(2026, 12, 2), QTime(12, 0)).toUTC();
    for (int i = 0; i < kStepCount; ++i)
        r.steps << all;
    if (failedAt) {
        r.steps[int(*failedAt)] = StepStatus::Failed;
        r.failedStep = failedAt;
    }
    r.passed = !failedAt && all != StepStatus::Failed;
    return r;
}

QStringList states(const QList<ChecklistItem> &items)
{
    QStringList out;
    for (const ChecklistItem &item : items)
        out << toString(item.state);
    return out;
}

Workspace variant(const QByteArray &name)
{
    Workspace ws = completeWorkspace();
    if (name == "no service user chosen")
        ws.registrations[0].serviceUserId.clear();
    else if (name == "user not dedicated")
        ws.serviceUsers[0].dedicatedConfirmed = false;
    else if (name == "no app id")
        ws.registrations[0].appId.clear();
    else if (name == "no jwks uri")
        ws.registrations[0].jwksUri.clear();
    else if (name == "no api base url")
        ws.environments[0].apiBaseUrl.clear();
    else if (name == "no probe endpoint")
        ws.environments[0].probeEndpoints = {QStringLiteral("  ")};
    return ws;
}

} // namespace

class TestSetupGuidance : public QObject
{
    Q_OBJECT

private slots:
    void checklistFollowsTheFiveSteps_data();
    void checklistFollowsTheFiveSteps();
    void checklistGuidesAnEmptyWorkspace();
    void checklistTargetsTheMissingField();
    void checklistAsksForTheCredential();
    void checklistMapsTheRunsFailuresToTheirStep_data();
    void checklistMapsTheRunsFailuresToTheirStep();

    void recordFromReportKeepsStepsAndVerdict();
    void lastValidationTextIsRelative_data();
    void lastValidationTextIsRelative();
    void historySurvivesANewInstance();
    void historyDetectsKeyRotation();
    void historyIsKeyedByWorkspace();
    void historyNeverStoresClaimsOrTokens();

    void expiryLevels_data();
    void expiryLevels();
    void expiryItemsSortedSoonestFirst();
    void expiryListsTheAssertionCertificate();
    void pdfReportNeedsARendererAndSaysSo();
};

void TestSetupGuidance::checklistFollowsTheFiveSteps_data()
{
    QTest::addColumn<QByteArray>("workspace");
    QTest::addColumn<int>("credential");
    QTest::addColumn<bool>("validatedOk");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char *name, const char *ws, CredentialPresence c, bool ok, const QStringList &e) {
        QTest::newRow(name) << QByteArray(ws) << int(c) << ok << e;
    };
    const QString todo = QStringLiteral("todo"), done = QStringLiteral("done"), unv = QStringLiteral("unverified"),
                  failed = QStringLiteral("failed");
    row("complete, secret stored, never run", "complete", CredentialPresence::Present, false,
        {done, done, done, unv, todo});
    row("complete, secret stored, passed", "complete", CredentialPresence::Present, true,
        {done, done, done, done, done});
    row("secret missing", "complete", CredentialPresence::Absent, false, {done, todo, done, unv, todo});
    row("keychain locked", "complete", CredentialPresence::Unavailable, false, {done, failed, done, unv, todo});
    row("keychain still asked", "complete", CredentialPresence::Unknown, false, {done, unv, done, unv, todo});
    row("no service user chosen", "no service user chosen", CredentialPresence::Present, false,
        {todo, done, done, unv, todo});
    row("user not dedicated", "user not dedicated", CredentialPresence::Present, false, {todo, done, done, unv, todo});
    row("no app id", "no app id", CredentialPresence::Present, false, {done, todo, todo, unv, todo});
    row("no jwks uri", "no jwks uri", CredentialPresence::Present, false, {done, done, todo, unv, todo});
    row("no api base url", "no api base url", CredentialPresence::Present, false, {done, done, done, todo, todo});
    // A run without a probe endpoint passes without calling CMiC: it cannot prove the permissions.
    row("no probe endpoint, never run", "no probe endpoint", CredentialPresence::Present, false,
        {done, done, done, todo, todo});
    row("no probe endpoint, passed", "no probe endpoint", CredentialPresence::Present, true,
        {done, done, done, todo, done});
}

void TestSetupGuidance::checklistFollowsTheFiveSteps()
{
    QFETCH(QByteArray, workspace);
    QFETCH(int, credential);
    QFETCH(bool, validatedOk);
    QFETCH(QStringList, expected);
    const std::optional<ValidationRecord> last = validatedOk ? std::optional(record(StepStatus::Passed)) : std::nullopt;
    const QList<ChecklistItem> items =
        SetupChecklist::compute(variant(workspace), QStringLiteral("reg-1"), CredentialPresence(credential), last);
    QCOMPARE(items.size(), kChecklistStepCount);
    for (int i = 0; i < items.size(); ++i) {
        QCOMPARE(int(items.at(i).step), i);
        QVERIFY(!items.at(i).title.isEmpty());
        QVERIFY2(!items.at(i).detail.isEmpty(), qPrintable(items.at(i).title));
    }
    QCOMPARE(states(items), expected);
    QCOMPARE(SetupChecklist::doneCount(items), int(expected.count(QStringLiteral("done"))));
}

void TestSetupGuidance::checklistGuidesAnEmptyWorkspace()
{
    Workspace ws;
    QList<ChecklistItem> items = SetupChecklist::compute(ws, {}, CredentialPresence::Unknown, std::nullopt);
    QCOMPARE(int(items.at(0).target), int(ChecklistTarget::AddEnvironment));
    QCOMPARE(int(items.at(1).target), int(ChecklistTarget::AddRegistration));
    QCOMPARE(SetupChecklist::doneCount(items), 0);

    ws.environments << completeWorkspace().environments;
    items = SetupChecklist::compute(ws, {}, CredentialPresence::Unknown, std::nullopt);
    QCOMPARE(int(items.at(0).target), int(ChecklistTarget::AddServiceUser));

    ws.serviceUsers << completeWorkspace().serviceUsers;
    items = SetupChecklist::compute(ws, {}, CredentialPresence::Unknown, std::nullopt);
    QCOMPARE(int(items.at(0).state), int(ChecklistState::Done));
    QCOMPARE(int(items.at(1).target), int(ChecklistTarget::AddRegistration));
    QVERIFY(!items.at(1).actionText.isEmpty());
}

void TestSetupGuidance::checklistTargetsTheMissingField()
{
    Workspace ws = variant("user not dedicated");
    ChecklistItem item = SetupChecklist::compute(ws, QStringLiteral("reg-1"), CredentialPresence::Present, {}).at(0);
    QCOMPARE(int(item.target), int(ChecklistTarget::Field));
    QCOMPARE(int(item.subjectKind), int(SubjectKind::ServiceUser));
    QCOMPARE(item.subjectId, QStringLiteral("user-1"));
    QCOMPARE(item.field, QStringLiteral("dedicatedConfirmed"));

    ws = variant("no jwks uri");
    item = SetupChecklist::compute(ws, QStringLiteral("reg-1"), CredentialPresence::Present, {}).at(2);
    QCOMPARE(int(item.subjectKind), int(SubjectKind::Registration));
    QCOMPARE(item.field, QStringLiteral("jwksUri"));

    ws = variant("no api base url");
    item = SetupChecklist::compute(ws, QStringLiteral("reg-1"), CredentialPresence::Present, {}).at(3);
    QCOMPARE(int(item.subjectKind), int(SubjectKind::Environment));
    QCOMPARE(item.field, QStringLiteral("apiBaseUrl"));

    ws = variant("no probe endpoint");
    item = SetupChecklist::compute(ws, QStringLiteral("reg-1"), CredentialPresence::Present, {}).at(3);
    QCOMPARE(int(item.target), int(ChecklistTarget::Field));
    QCOMPARE(int(item.subjectKind), int(SubjectKind::Environment));
    QCOMPARE(item.subjectId, QStringLiteral("env-1"));
    QCOMPARE(item.field, QStringLiteral("probeEndpoints"));
}

void TestSetupGuidance::checklistAsksForTheCredential()
{
    Workspace ws = completeWorkspace();
    ChecklistItem item = SetupChecklist::compute(ws, QStringLiteral("reg-1"), CredentialPresence::Absent, {}).at(1);
    QCOMPARE(int(item.target), int(ChecklistTarget::Credential));
    QCOMPARE(item.field, QStringLiteral("clientSecret"));
    ws.registrations[0].authMethod = ClientAuthMethod::PrivateKeyJwt;
    item = SetupChecklist::compute(ws, QStringLiteral("reg-1"), CredentialPresence::Absent, {}).at(1);
    QCOMPARE(item.field, QStringLiteral("privateKey"));
}

void TestSetupGuidance::checklistMapsTheRunsFailuresToTheirStep_data()
{
    QTest::addColumn<int>("failedStep");
    QTest::addColumn<int>("checklistStep");
    QTest::newRow("service user") << int(StepId::ServiceUser) << int(ChecklistStep::ServiceUser);
    QTest::newRow("token") << int(StepId::Token) << int(ChecklistStep::IdpApplication);
    QTest::newRow("claims") << int(StepId::Claims) << int(ChecklistStep::IdpApplication);
    QTest::newRow("discovery") << int(StepId::Discovery) << int(ChecklistStep::CmicRegistration);
    QTest::newRow("keys") << int(StepId::Keys) << int(ChecklistStep::CmicRegistration);
    QTest::newRow("signature") << int(StepId::Signature) << int(ChecklistStep::CmicRegistration);
    QTest::newRow("cmic call") << int(StepId::CmicCall) << int(ChecklistStep::ApiPermissions);
}

void TestSetupGuidance::checklistMapsTheRunsFailuresToTheirStep()
{
    QFETCH(int, failedStep);
    QFETCH(int, checklistStep);
    const QList<ChecklistItem> items =
        SetupChecklist::compute(completeWorkspace(), QStringLiteral("reg-1"), CredentialPresence::Present,
                                record(StepStatus::Passed, StepId(failedStep)));
    for (int i = 0; i < kChecklistStepCount - 1; ++i) {
        const ChecklistState expected = i == checklistStep ? ChecklistState::Failed : ChecklistState::Done;
        QCOMPARE(toString(items.at(i).state), toString(expected));
    }
    QCOMPARE(int(items.at(checklistStep).target), int(ChecklistTarget::Validate));
    QCOMPARE(int(items.last().state), int(ChecklistState::Failed));
    QVERIFY(items.last().detail.contains(displayName(StepId(failedStep))));
}

void TestSetupGuidance::recordFromReportKeepsStepsAndVerdict()
{
    ValidationReport report = ValidationReport::empty();
    report.startedAt = QDateTime(QDate(2026, 12, 2), QTime(9, 0), Qt::UTC);
    report.finishedAt = report.startedAt.addSecs(3);
    for (StepResult &s : report.steps)
        s.status = StepStatus::Passed;
    report.step(StepId::Token).status = StepStatus::Failed;
    report.jwksKeyIds = {QStringLiteral("k1")};
    const ValidationRecord r = ValidationRecord::fromReport(report);
    QVERIFY(!r.passed);
    QCOMPARE(r.failedStep, std::optional(StepId::Token));
    QCOMPARE(int(r.stepStatus(StepId::Token)), int(StepStatus::Failed));
    QCOMPARE(int(r.stepStatus(StepId::Keys)), int(StepStatus::Passed));
    QCOMPARE(r.finishedAt, report.finishedAt);
    QCOMPARE(r.jwksKeyIds, QStringList{QStringLiteral("k1")});
    QCOMPARE(ValidationRecord::fromJson(r.toJson()), std::optional(r));
    QVERIFY(!ValidationRecord::fromJson(QJsonObject()).has_value());
}

void TestSetupGuidance::lastValidationTextIsRelative_data()
{
    QTest::addColumn<bool>("passed");
    QTest::addColumn<int>("daysAgo");
    QTest::addColumn<QString>("expected");
    const QDateTime now(QDate(2026, 12, 2), QTime(18, 0));
    QTest::newRow("passed today") << true << 0 << QStringLiteral("Passed · 12:00");
    QTest::newRow("failed yesterday") << false << 1 << QStringLiteral("Failed at Token · yesterday");
    QTest::newRow("passed last week") << true << 7 << QStringLiteral("Passed · 2026-11-25");
}

void TestSetupGuidance::lastValidationTextIsRelative()
{
    QFETCH(bool, passed);
    QFETCH(int, daysAgo);
    QFETCH(QString, expected);
    ValidationRecord r = passed ? record(StepStatus::Passed) : record(StepStatus::Passed, StepId::Token);
    r.finishedAt = QDateTime(QDate(2026, 12, 2).addDays(-daysAgo), QTime(12, 0)).toUTC();
    QCOMPARE(lastValidationText(r, QDateTime(QDate(2026, 12, 2), QTime(18, 0))), expected);
    QCOMPARE(int(lastValidationLook(r)), int(passed ? StepStatus::Passed : StepStatus::Failed));
    QVERIFY(!lastValidationToolTip(r).isEmpty());
}

void TestSetupGuidance::historySurvivesANewInstance()
{
    QTemporaryDir dir;
    const ValidationRecord r = record(StepStatus::Passed, StepId::CmicCall);
    {
        ValidationHistory history(dir.path());
        QSignalSpy changed(&history, &ValidationHistory::changed);
        QVERIFY(!history.last(QStringLiteral("ws-1"), QStringLiteral("reg-1")));
        QString error;
        QVERIFY2(history.record(QStringLiteral("ws-1"), QStringLiteral("reg-1"), r, &error), qPrintable(error));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(history.last(QStringLiteral("ws-1"), QStringLiteral("reg-1")), std::optional(r));
    }
    ValidationHistory reopened(dir.path());
    QCOMPARE(reopened.last(QStringLiteral("ws-1"), QStringLiteral("reg-1")), std::optional(r));
    QVERIFY(!reopened.last(QStringLiteral("ws-1"), QStringLiteral("reg-2")));
}

void TestSetupGuidance::historyDetectsKeyRotation()
{
    QTemporaryDir dir;
    ValidationHistory history(dir.path());
    const QString ws = QStringLiteral("ws-1"), reg = QStringLiteral("reg-1");
    ValidationRecord first = record(StepStatus::Passed);
    first.jwksKeyIds = {QStringLiteral("old"), QStringLiteral("stable")};
    QVERIFY(history.record(ws, reg, first));
    QVERIFY(!history.lastRotation(ws, reg)); // the first sighting is no rotation
    QCOMPARE(history.signingKeys(ws, reg).size(), 2);

    ValidationRecord second = record(StepStatus::Passed);
    second.finishedAt = first.finishedAt.addDays(1);
    second.jwksKeyIds = {QStringLiteral("stable"), QStringLiteral("new")};
    QVERIFY(history.record(ws, reg, second));
    const std::optional<KeyRotation> rotation = ValidationHistory(dir.path()).lastRotation(ws, reg);
    QVERIFY(rotation);
    QCOMPARE(rotation->added, QStringList{QStringLiteral("new")});
    QCOMPARE(rotation->removed, QStringList{QStringLiteral("old")});

    const QList<SigningKeySeen> keys = ValidationHistory(dir.path()).signingKeys(ws, reg);
    QCOMPARE(keys.size(), 3);
    QCOMPARE(keys.last().kid, QStringLiteral("old")); // rotated out: last
    QVERIFY(!keys.last().current);
    QCOMPARE(keys.last().lastSeen, first.finishedAt);
    const auto stable = std::find_if(keys.begin(), keys.end(),
                                     [](const SigningKeySeen &k) { return k.kid == QLatin1String("stable"); });
    QCOMPARE(stable->firstSeen, first.finishedAt);
    QCOMPARE(stable->lastSeen, second.finishedAt);

    // A run that read no JWKS (failed before the keys step) changes no key.
    ValidationRecord third = record(StepStatus::Passed, StepId::Token);
    QVERIFY(history.record(ws, reg, third));
    QCOMPARE(history.signingKeys(ws, reg), keys);

    Workspace workspace = completeWorkspace();
    const QList<SigningKeyRow> rows = ExpiryOverview::signingKeys(workspace, history);
    QCOMPARE(rows.size(), 3);
    QVERIFY(rows.last().message.contains(QStringLiteral("rotated out")));
    QVERIFY(rows.first().rotationDetected);
}

void TestSetupGuidance::historyIsKeyedByWorkspace()
{
    QTemporaryDir dir;
    ValidationHistory history(dir.path());
    QVERIFY(history.record(QStringLiteral("ws-1"), QStringLiteral("reg-1"), record(StepStatus::Passed)));
    QVERIFY(history.record(QStringLiteral("../../etc/ws 2"), QStringLiteral("reg-1"),
                           record(StepStatus::Passed, StepId::Keys)));
    ValidationHistory reopened(dir.path());
    QVERIFY(reopened.last(QStringLiteral("ws-1"), QStringLiteral("reg-1"))->passed);
    QVERIFY(!reopened.last(QStringLiteral("../../etc/ws 2"), QStringLiteral("reg-1"))->passed);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2); // both inside the folder
}

void TestSetupGuidance::historyNeverStoresClaimsOrTokens()
{
    QTemporaryDir dir;
    ValidationReport report = ValidationReport::empty();
    report.finishedAt = QDateTime(QDate(2026, 12, 2), QTime(9, 0), Qt::UTC);
    report.tokenClaims = QJsonObject{{QStringLiteral("cmicuser"), QStringLiteral("SVC_SECRET_NAME")}};
    report.serviceUser = QStringLiteral("SVC_SECRET_NAME");
    ValidationHistory history(dir.path());
    QVERIFY(history.record(QStringLiteral("ws-1"), QStringLiteral("reg-1"), ValidationRecord::fromReport(report)));
    const QStringList files = QDir(dir.path()).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    QFile file(QDir(dir.path()).filePath(files.first()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("SVC_SECRET_NAME"));
}

void TestSetupGuidance::expiryLevels_data()
{
    QTest::addColumn<int>("daysAhead");
    QTest::addColumn<QString>("level");
    QTest::newRow("expired yesterday") << -1 << QStringLiteral("expired");
    QTest::newRow("today") << 0 << QStringLiteral("warning");
    QTest::newRow("in 10 days") << 10 << QStringLiteral("warning");
    QTest::newRow("at the threshold") << SetupRules::kSecretExpiryWarningDays << QStringLiteral("warning");
    QTest::newRow("beyond") << SetupRules::kSecretExpiryWarningDays + 1 << QStringLiteral("ok");
}

void TestSetupGuidance::expiryLevels()
{
    QFETCH(int, daysAhead);
    QFETCH(QString, level);
    const QDate today(2026, 12, 2);
    Workspace ws = completeWorkspace();
    ws.registrations[0].secretExpiry = today.addDays(daysAhead);
    const QList<ExpiryItem> items = ExpiryOverview::items(ws, today);
    QCOMPARE(items.size(), 1);
    QCOMPARE(toString(items.first().level), level);
    QCOMPARE(items.first().daysLeft, qint64(daysAhead));
    QCOMPARE(items.first().field, QStringLiteral("secretExpiry"));
    QVERIFY(items.first().message.contains(today.addDays(daysAhead).toString(Qt::ISODate)));
    QCOMPARE(toString(ExpiryOverview::worst(items)), level);
}

void TestSetupGuidance::expiryItemsSortedSoonestFirst()
{
    const QDate today(2026, 12, 2);
    Workspace ws = completeWorkspace();
    AppRegistration later = ws.registrations.first();
    later.id = QStringLiteral("reg-2");
    later.secretExpiry = today.addDays(200);
    AppRegistration unknown = later;
    unknown.id = QStringLiteral("reg-3");
    unknown.secretExpiry = QDate();
    ws.registrations[0].secretExpiry = today.addDays(10);
    ws.registrations = {unknown, later, ws.registrations[0]};
    const QList<ExpiryItem> items = ExpiryOverview::items(ws, today);
    QCOMPARE(items.size(), 3);
    QCOMPARE(items.at(0).registrationId, QStringLiteral("reg-1"));
    QCOMPARE(items.at(1).registrationId, QStringLiteral("reg-2"));
    QCOMPARE(items.at(2).registrationId, QStringLiteral("reg-3"));
    QCOMPARE(int(items.at(2).level), int(ExpiryLevel::Unknown));
    QCOMPARE(int(ExpiryOverview::worst(items)), int(ExpiryLevel::Warning));
}

void TestSetupGuidance::expiryListsTheAssertionCertificate()
{
    EVP_PKEY *key = EVP_RSA_gen(2048);
    QVERIFY(key);
    const QByteArray bytes = test::selfSignedCertificate(key, -3600, 40L * 86400, "cmic-expiry");
    EVP_PKEY_free(key);
    const net::Certificate cert = net::Certificate::fromPem(bytes);
    QVERIFY(cert.isValid());
    Workspace ws = completeWorkspace();
    ws.registrations[0].authMethod = ClientAuthMethod::PrivateKeyJwt;
    ws.registrations[0].assertionCertificate = QString::fromLatin1(bytes);
    const QDate today = cert.notAfter().toUTC().date().addDays(-5);
    const QList<ExpiryItem> items = ExpiryOverview::items(ws, today);
    QCOMPARE(items.size(), 2);
    QCOMPARE(int(items.first().kind), int(ExpiryItem::Kind::Certificate));
    QCOMPARE(int(items.first().level), int(ExpiryLevel::Warning));
    QCOMPARE(items.first().daysLeft, qint64(5));
    QCOMPARE(int(items.last().kind), int(ExpiryItem::Kind::PrivateKey));
}

void TestSetupGuidance::pdfReportNeedsARendererAndSaysSo()
{
    QCOMPARE(int(reportFormatForPath(QStringLiteral("report.PDF"))), int(ReportFormat::Pdf));
    QCOMPARE(int(reportFormatForPath(QStringLiteral("report.html"))), int(ReportFormat::Html));
    // This test links core only: no face installed an HTML-to-PDF renderer (the console does, cmic-oauth does not).
    QVERIFY(renderReport(ValidationReport::empty(), ReportFormat::Pdf).isEmpty());
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("report.pdf"));
    QString error;
    QVERIFY(!writeReport(ValidationReport::empty(), path, ReportFormat::Pdf, &error));
    QVERIFY2(error.contains(QStringLiteral("HTML")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestSetupGuidance)
#include "tst_setupguidance.moc"
