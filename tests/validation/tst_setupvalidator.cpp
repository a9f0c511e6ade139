// "Validate setup" end to end against the real sandbox servers (demo IdP + CMiC stand-in over HTTPS with the
// sandbox CA): every step's status, the layer a failure is in and the finding that explains it.
#include "FaultServer.h"
#include "PeakMemory.h"
#include "core/net/HttpPolicy.h"
#include "core/storage/SecretStore.h"
#include "core/util/Clock.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"
#include "sandbox/SandboxHttpServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::sandbox;
using namespace cmic::validation;

Q_DECLARE_METATYPE(cmic::validation::StepStatus)
Q_DECLARE_METATYPE(cmic::validation::Layer)
Q_DECLARE_METATYPE(cmic::sandbox::IdpFault)

// QCOMPARE cannot print these enums (their toString returns a QString); compare their stable words instead.
#define QCOMPARE_WORDS(actual, expected) QCOMPARE(toString(actual), toString(expected))

namespace {

bool hasFinding(const StepResult &step, const QString &code)
{
    for (const Finding &f : step.findings) {
        if (f.code == code)
            return true;
    }
    return false;
}

const Finding *findingOf(const StepResult &step, const QString &code)
{
    for (const Finding &f : step.findings) {
        if (f.code == code)
            return &f;
    }
    return nullptr;
}

QString describe(const ValidationReport &report) { return report.toText(); }

} // namespace

class TestSetupValidator : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DemoSandbox m_sandbox{Clock::system()};
    Workspace m_workspace;
    QMap<QString, QString> m_secrets; // registration id -> credential
    StandInConfig m_standInConfig;
    QList<DemoClient> m_clients; // the demo IdP's clients as started

    // Changes every demo client (restored by init()).
    void changeClients(const std::function<void(DemoClient &)> &change)
    {
        DemoIdentityProvider *idp = m_sandbox.identityProvider();
        idp->removeClients();
        for (DemoClient client : std::as_const(m_clients)) {
            change(client);
            idp->addClient(client);
        }
    }

    ValidationInput input(const QString &registrationId) const
    {
        ValidationInput in;
        in.workspace = m_workspace;
        in.registrationId = registrationId;
        in.credential = m_secrets.value(registrationId);
        return in;
    }
    AppRegistration &registration(ValidationInput &in) const
    {
        return in.workspace.registrations[in.workspace.registrationIndex(in.registrationId)];
    }

    static ValidationReport run(const ValidationInput &in, const Clock &clock = Clock::system())
    {
        net::HttpPolicy policy;
        QString error;
        if (!policy.applySettings(in.workspace.settings, QString(), &error))
            qWarning() << error;
        // Long enough for a resolver that retries a lost DNS query (glibc: 5 s per try), so that an unknown host
        // ends as host-not-found rather than as a timeout.
        policy.setTimeoutMs(30000);
        SetupValidator validator(policy, clock);
        return validator.runBlocking(in);
    }

    // Asserts one step's status, layer (for a failure) and, when given, a finding code.
    static void expectStep(const ValidationReport &report, StepId id, StepStatus status,
                           std::optional<Layer> layer = std::nullopt, const QString &code = {})
    {
        const StepResult &step = report.step(id);
        QVERIFY2(step.status == status,
                 qPrintable(QStringLiteral("%1: expected %2, got %3\n%4")
                                .arg(toString(id), toString(status), toString(step.status), describe(report))));
        if (layer)
            QVERIFY2(step.layer == *layer,
                     qPrintable(QStringLiteral("%1: expected layer %2, got %3\n%4")
                                    .arg(toString(id), toString(*layer), toString(step.layer), describe(report))));
        if (!code.isEmpty())
            QVERIFY2(hasFinding(step, code),
                     qPrintable(QStringLiteral("%1: no finding %2\n%3").arg(toString(id), code, describe(report))));
        if (status == StepStatus::Skipped)
            QVERIFY2(!step.skipReason.isEmpty(), qPrintable(toString(id) + QLatin1String(" skipped without reason")));
    }

    // A "registrationId" row for each of the demo's registrations: one per client authentication method.
    static void addOneRowPerClientAuthMethod()
    {
        QTest::addColumn<QString>("registrationId");
        QTest::newRow("client_secret_basic") << DemoSandbox::kBasicId;
        QTest::newRow("client_secret_post") << DemoSandbox::kPostId;
        QTest::newRow("private_key_jwt") << DemoSandbox::kJwtId;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_sandbox.start({true, m_dir.path()}, &error), qPrintable(error));
        m_workspace = m_sandbox.workspace();
        QVERIFY(!m_workspace.settings.caBundlePath.isEmpty());
        QVERIFY(m_workspace.registrations.first().tokenEndpoint.startsWith(QLatin1String("https://")));
        QMap<QString, QString> byKey;
        for (const DemoSecret &secret : m_sandbox.secrets())
            byKey.insert(secret.key, secret.value);
        for (const AppRegistration &r : std::as_const(m_workspace.registrations)) {
            const bool usesKey = r.authMethod == ClientAuthMethod::PrivateKeyJwt;
            m_secrets.insert(r.id, byKey.value(SecretStore::key(m_workspace.id, r.id,
                                                                usesKey ? QStringLiteral("private-key")
                                                                        : QStringLiteral("client-secret"))));
        }
        QCOMPARE(m_secrets.size(), 3);
        for (const QString &secret : std::as_const(m_secrets))
            QVERIFY(!secret.isEmpty());
        m_standInConfig = m_sandbox.cmic()->config();
        m_clients = m_sandbox.identityProvider()->clients();
    }

    void init()
    {
        m_sandbox.identityProvider()->setFault(IdpFault::None);
        m_sandbox.identityProvider()->setLatencyMs(0);
        m_sandbox.cmic()->setConfig(m_standInConfig);
        m_sandbox.identityProvider()->setMissingClaim(QStringLiteral("cmicuser"));
        changeClients([](DemoClient &) {});
    }

    void allStepsPassForEachClientAuthMethod_data() { addOneRowPerClientAuthMethod(); }

    void allStepsPassForEachClientAuthMethod()
    {
        QFETCH(QString, registrationId);
        net::HttpPolicy policy;
        QVERIFY(policy.applySettings(m_workspace.settings, QString()));
        SetupValidator validator(policy, Clock::system());
        QSignalSpy started(&validator, &SetupValidator::stepStarted);
        QSignalSpy stepFinished(&validator, &SetupValidator::stepFinished);
        QSignalSpy finished(&validator, &SetupValidator::finished);
        QVERIFY(validator.start(input(registrationId)));
        QVERIFY(validator.isRunning());
        QVERIFY(!validator.start(input(registrationId))); // one run at a time
        QCOMPARE(started.count(), 0);                     // never from inside start()
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.count(), 1);
        QVERIFY(!validator.isRunning());

        const ValidationReport report = validator.report();
        QVERIFY2(report.passed(), qPrintable(describe(report)));
        QVERIFY(!report.firstFailure());
        for (int i = 0; i < kStepCount; ++i)
            expectStep(report, StepId(i), StepStatus::Passed);
        QCOMPARE(started.count(), kStepCount);
        QCOMPARE(stepFinished.count(), kStepCount);
        QCOMPARE_WORDS(started.at(0).at(0).value<StepId>(), StepId::Configuration);
        QCOMPARE_WORDS(stepFinished.at(2).at(0).value<StepResult>().step, StepId::Token);
        QCOMPARE(finished.at(0).at(0).value<ValidationReport>().passed(), true);

        QCOMPARE(report.serviceUser, QStringLiteral("SVC_DEMO"));
        for (const Finding &f : report.step(StepId::Claims).findings)
            QVERIFY2(!f.code.startsWith(QLatin1String("entra.")), qPrintable(f.code));
        QCOMPARE(report.tokenClaims.value(QLatin1String("iss")).toString(), m_sandbox.identityProvider()->issuer());
        QVERIFY(report.tokenHeader.contains(QLatin1String("kid")));
        QVERIFY(!validator.accessToken().isEmpty());
        QVERIFY(report.serverDate.isValid());
        QVERIFY(qAbs(report.serverClockOffsetSeconds) < 30);
        // Exchanges are recorded per step, over TLS with the sandbox CA.
        QCOMPARE(report.step(StepId::Discovery).exchanges.size(), 1);
        QCOMPARE(report.step(StepId::Token).exchanges.size(), 1);
        QCOMPARE(report.step(StepId::Keys).exchanges.size(), 1);
        QCOMPARE(report.step(StepId::CmicCall).exchanges.size(), 1);
        QCOMPARE(report.step(StepId::Token).exchanges.first().peerSubject, QStringLiteral("localhost"));
        QVERIFY(hasFinding(report.step(StepId::CmicCall), QStringLiteral("cmic.200")));
        QVERIFY(report.startedAt.isValid() && report.finishedAt >= report.startedAt);
    }

    void wrongSecretFailsTokenAtTheIdp()
    {
        ValidationInput in = input(DemoSandbox::kPostId);
        in.credential = QStringLiteral("not-the-secret");
        const ValidationReport report = run(in);
        QVERIFY(!report.passed());
        QCOMPARE_WORDS(report.firstFailure()->step, StepId::Token);
        expectStep(report, StepId::Configuration, StepStatus::Passed);
        expectStep(report, StepId::Discovery, StepStatus::Passed);
        expectStep(report, StepId::Token, StepStatus::Failed, Layer::Idp, QStringLiteral("token.invalid_client"));
        QVERIFY(!report.step(StepId::Token).findings.first().fix.isEmpty());
        expectStep(report, StepId::Keys, StepStatus::Passed); // Keys needs only the JWKS URI
        for (StepId id : {StepId::Signature, StepId::Claims, StepId::ServiceUser, StepId::CmicCall})
            expectStep(report, id, StepStatus::Skipped);
        QVERIFY(report.tokenClaims.isEmpty());
    }

    void unreachableIdpIsANetworkProblem_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("code");
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close(); // nothing listens there any more
        QTest::newRow("connection refused")
            << QStringLiteral("http://127.0.0.1:%1/idp").arg(port) << QStringLiteral("net.connection-refused");
        QTest::newRow("unknown host") << QStringLiteral("https://idp.validation-test.invalid/idp")
                                      << QStringLiteral("net.host-not-found");
    }

    void unreachableIdpIsANetworkProblem()
    {
        QFETCH(QString, base);
        QFETCH(QString, code);
        ValidationInput in = input(DemoSandbox::kBasicId);
        AppRegistration &r = registration(in);
        r.issuer = base;
        r.discoveryUrl.clear(); // derived from the issuer
        r.tokenEndpoint = base + QStringLiteral("/token");
        r.jwksUri = base + QStringLiteral("/jwks");
        const ValidationReport report = run(in);
        // Discovery is optional: with the registration's own endpoints it is a warning, and the run goes on.
        expectStep(report, StepId::Discovery, StepStatus::Warning, std::nullopt, code);
        QCOMPARE(report.step(StepId::Discovery).exchanges.first().url.toString(),
                 base + QStringLiteral("/.well-known/openid-configuration"));
        expectStep(report, StepId::Token, StepStatus::Failed, Layer::Network, code);
        expectStep(report, StepId::Keys, StepStatus::Failed, Layer::Network, code);
        QCOMPARE_WORDS(report.firstFailure()->step, StepId::Token);
        QCOMPARE_WORDS(report.firstFailure()->layer, Layer::Network);
    }

    // The trailing slash is typed into the workspace only: CMiC (the stand-in, unchanged) still matches the token's
    // issuer and accepts it. CMiC is the judge; the report says the workspace is what is wrong.
    void issuerWithTrailingSlashIsOverruledByCmicsAcceptance()
    {
        ValidationInput in = input(DemoSandbox::kBasicId);
        const QString tokenIssuer = m_sandbox.identityProvider()->issuer();
        registration(in).issuer = tokenIssuer + QLatin1Char('/');
        const ValidationReport report = run(in);
        expectStep(report, StepId::Discovery, StepStatus::Warning, std::nullopt,
                   QStringLiteral("discovery.issuer-mismatch"));
        expectStep(report, StepId::Token, StepStatus::Passed);
        expectStep(report, StepId::Signature, StepStatus::Passed);
        // The local check still says what it found, now as an overruled prediction.
        expectStep(report, StepId::Claims, StepStatus::Warning, std::nullopt, QStringLiteral("claims.iss"));
        const Finding *iss = findingOf(report.step(StepId::Claims), QStringLiteral("claims.iss"));
        QVERIFY(iss->message.contains(QLatin1String("trailing slash")));
        QCOMPARE_WORDS(iss->severity, Severity::Warning);
        QVERIFY(std::any_of(report.step(StepId::Claims).checks.cbegin(), report.step(StepId::Claims).checks.cend(),
                            [](const StepCheck &c) { return c.id == QLatin1String("reconcile.overruled"); }));
        expectStep(report, StepId::CmicCall, StepStatus::Passed);
        expectStep(report, StepId::Reconciliation, StepStatus::Warning, std::nullopt,
                   QStringLiteral("reconcile.cmic-accepted"));
        const Finding *why = findingOf(report.step(StepId::Reconciliation), QStringLiteral("reconcile.cmic-accepted"));
        QCOMPARE(why->field, QStringLiteral("issuer"));
        QVERIFY2(why->message.contains(tokenIssuer + QLatin1Char('/')) && why->message.contains(tokenIssuer),
                 qPrintable(why->message));
        QVERIFY2(why->fix.contains(tokenIssuer) && !why->fix.contains(tokenIssuer + QLatin1Char('/')),
                 qPrintable(why->fix)); // the value to type
        QVERIFY(report.firstFailure() == nullptr);
        const ReportVerdict verdict = ReportVerdict::of(report);
        QCOMPARE_WORDS(verdict.outcome, ReportVerdict::Outcome::Passed);
        QVERIFY(verdict.warnings);
        QVERIFY2(verdict.headline.contains(QLatin1String("does not describe CMiC")), qPrintable(verdict.headline));
        QVERIFY(verdict.disagreement);
        QVERIFY2(verdict.statusLine().contains(QLatin1String("does not describe CMiC")),
                 qPrintable(verdict.statusLine()));
        QCOMPARE(verdict.toJson().value(QLatin1String("disagreement")).toBool(), true);
        QCOMPARE(verdict.exitCode(), 0); // CMiC accepts: no false alarm
    }

    // The other direction: the workspace is right, CMiC's registration is not (its issuer has the slash). Every
    // local check passes; CMiC answers 500 (application not registered) and the report says what to compare.
    void cmicRefusingWhatTheConsoleAcceptsIsADisagreement()
    {
        StandInConfig config = m_standInConfig;
        for (StandInRegistration &r : config.registrations)
            r.issuer += QLatin1Char('/');
        m_sandbox.cmic()->setConfig(config);
        const ValidationInput in = input(DemoSandbox::kBasicId);
        const ValidationReport report = run(in);
        for (StepId id : {StepId::Configuration, StepId::Token, StepId::Signature, StepId::Claims, StepId::ServiceUser})
            QVERIFY2(report.step(id).status == StepStatus::Passed || report.step(id).status == StepStatus::Warning,
                     qPrintable(describe(report)));
        expectStep(report, StepId::CmicCall, StepStatus::Failed, Layer::Cmic);
        expectStep(report, StepId::Reconciliation, StepStatus::Failed, Layer::Cmic,
                   QStringLiteral("reconcile.cmic-refused"));
        const Finding *why = findingOf(report.step(StepId::Reconciliation), QStringLiteral("reconcile.cmic-refused"));
        QVERIFY2(why->message.contains(QLatin1String("500")), qPrintable(why->message));
        const AppRegistration &r = in.workspace.registrations[in.workspace.registrationIndex(in.registrationId)];
        QVERIFY2(why->fix.contains(r.appId) && why->fix.contains(r.issuer), qPrintable(why->fix));
        const ReportVerdict verdict = ReportVerdict::of(report);
        QCOMPARE_WORDS(verdict.outcome, ReportVerdict::Outcome::Failed);
        QCOMPARE_WORDS(*verdict.failedStep, StepId::CmicCall);
        QCOMPARE_WORDS(verdict.failedLayer, Layer::Cmic);
    }

    // Both sides carry the slash where the token has none: the console predicts the refusal and CMiC's answer ties
    // to it.
    void cmicsRefusalIsTiedToTheLocalFindingThatExplainsIt()
    {
        StandInConfig config = m_standInConfig;
        for (StandInRegistration &r : config.registrations)
            r.issuer += QLatin1Char('/');
        m_sandbox.cmic()->setConfig(config);
        ValidationInput in = input(DemoSandbox::kBasicId);
        registration(in).issuer = m_sandbox.identityProvider()->issuer() + QLatin1Char('/');
        const ValidationReport report = run(in);
        expectStep(report, StepId::Claims, StepStatus::Failed, Layer::Token, QStringLiteral("claims.iss"));
        expectStep(report, StepId::CmicCall, StepStatus::Failed, Layer::Cmic);
        expectStep(report, StepId::Reconciliation, StepStatus::Passed, std::nullopt,
                   QStringLiteral("reconcile.explained"));
        const Finding *tie = findingOf(report.step(StepId::Reconciliation), QStringLiteral("reconcile.explained"));
        QVERIFY2(tie->message.contains(displayName(StepId::Claims)), qPrintable(tie->message));
        QCOMPARE(tie->field, QStringLiteral("issuer"));
        const ReportVerdict verdict = ReportVerdict::of(report);
        QCOMPARE_WORDS(verdict.outcome, ReportVerdict::Outcome::Failed);
        QCOMPARE_WORDS(*verdict.failedStep, StepId::Claims);
        QVERIFY2(verdict.sentence.contains(QLatin1String("as the console predicted")), qPrintable(verdict.sentence));
        QVERIFY(!verdict.fix.isEmpty());
    }

    // A token without ipaddr at Patch 22: the console only warns (the Patch 20 fix is a guess). The stand-in, like
    // the documented check, refuses it: CMiC's 401 turns the guess into the cause. A stand-in playing a CMiC that
    // lets it through accepts, and the verdict passes with the warning.
    void missingIpaddrWarningIsSettledByCmicsAnswer_data()
    {
        QTest::addColumn<bool>("cmicLetsItThrough");
        QTest::newRow("CMiC refuses (documented check)") << false;
        QTest::newRow("CMiC lets it through (Patch 20 guess)") << true;
    }
    void missingIpaddrWarningIsSettledByCmicsAnswer()
    {
        QFETCH(bool, cmicLetsItThrough);
        changeClients([](DemoClient &c) { c.emitIpaddr = false; });
        StandInConfig config = m_standInConfig;
        config.filter.missingIpaddrPasses = cmicLetsItThrough;
        m_sandbox.cmic()->setConfig(config);
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.workspace.environments[0].patchLevel = 22;
        const ValidationReport report = run(in);
        expectStep(report, StepId::Claims, StepStatus::Warning, std::nullopt, QStringLiteral("claims.ipaddr"));
        const ReportVerdict verdict = ReportVerdict::of(report);
        if (cmicLetsItThrough) {
            expectStep(report, StepId::CmicCall, StepStatus::Passed);
            expectStep(report, StepId::Reconciliation, StepStatus::Passed);
            QCOMPARE_WORDS(verdict.outcome, ReportVerdict::Outcome::Passed);
            QVERIFY(verdict.warnings);
        } else {
            expectStep(report, StepId::CmicCall, StepStatus::Failed, Layer::Cmic, QStringLiteral("cmic.401"));
            expectStep(report, StepId::Reconciliation, StepStatus::Failed, Layer::Token,
                       QStringLiteral("reconcile.warning-confirmed"));
            QCOMPARE_WORDS(verdict.outcome, ReportVerdict::Outcome::Failed);
            QCOMPARE_WORDS(verdict.failedLayer, Layer::Token);
            const Finding *ip = findingOf(report.step(StepId::Claims), QStringLiteral("claims.ipaddr"));
            QCOMPARE(verdict.fix, ip->fix); // the warning's fix: make the IdP send ipaddr, or turn the check off
        }
    }

    // The claim names another user than the registration's: CMiC accepting the token runs the calls as that
    // user, so its acceptance does not overrule the finding (it is about intent, not a prediction).
    void otherUserIsNotOverruledByCmicsAcceptance()
    {
        changeClients([](DemoClient &c) { c.cmicUser = QStringLiteral("SVC_OTHER"); });
        StandInConfig config = m_standInConfig;
        config.users.append({QStringLiteral("SVC_OTHER"), {}, true, {QStringLiteral("DEMO_API_READ")}});
        m_sandbox.cmic()->setConfig(config);
        const ValidationReport report = run(input(DemoSandbox::kBasicId));
        expectStep(report, StepId::CmicCall, StepStatus::Passed);
        expectStep(report, StepId::ServiceUser, StepStatus::Failed, std::nullopt,
                   QStringLiteral("service-user.other-user"));
        const ReportVerdict verdict = ReportVerdict::of(report);
        QCOMPARE_WORDS(verdict.outcome, ReportVerdict::Outcome::Failed);
        QCOMPARE_WORDS(*verdict.failedStep, StepId::ServiceUser);
        QCOMPARE(verdict.exitCode(), 1);
    }

    // Without the CMiC call the verdict is the console's prediction, and the last step says only CMiC can confirm.
    void withoutTheCmicCallTheVerdictIsAPrediction()
    {
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.probeCmic = false;
        const ValidationReport report = run(in);
        expectStep(report, StepId::Reconciliation, StepStatus::Skipped);
        QVERIFY(report.step(StepId::Reconciliation).skipReason.contains(QLatin1String("only CMiC")));
        QCOMPARE_WORDS(ReportVerdict::of(report).outcome, ReportVerdict::Outcome::ReadyUpToCmicCall);
    }

    void idpFaultsLandInTheirStep_data()
    {
        QTest::addColumn<IdpFault>("fault");
        QTest::addColumn<StepId>("step");
        QTest::addColumn<Layer>("layer");
        QTest::addColumn<QString>("code");
        QTest::newRow("bad signature") << IdpFault::BadSignature << StepId::Signature << Layer::Token
                                       << QStringLiteral("signature");
        QTest::newRow("expired token") << IdpFault::ExpiredToken << StepId::Claims << Layer::Token
                                       << QStringLiteral("claims.exp");
        QTest::newRow("missing cmicuser claim") << IdpFault::MissingClaim << StepId::ServiceUser << Layer::Token
                                                << QStringLiteral("service-user.unresolved");
        QTest::newRow("unknown kid") << IdpFault::UnknownKid << StepId::Keys << Layer::Keys
                                     << QStringLiteral("jwks.unknown-kid");
        QTest::newRow("wrong issuer") << IdpFault::WrongIssuer << StepId::Claims << Layer::Token
                                      << QStringLiteral("claims.iss");
        QTest::newRow("server error") << IdpFault::ServerError << StepId::Token << Layer::Idp
                                      << QStringLiteral("token.http-500");
        QTest::newRow("html error page") << IdpFault::HtmlErrorPage << StepId::Token << Layer::Network
                                         << QStringLiteral("net.html-instead-of-json");
    }

    void idpFaultsLandInTheirStep()
    {
        QFETCH(IdpFault, fault);
        QFETCH(StepId, step);
        QFETCH(Layer, layer);
        QFETCH(QString, code);
        m_sandbox.identityProvider()->setFault(fault);
        const int jwksBefore = m_sandbox.identityProvider()->jwksRequests();
        const ValidationReport report = run(input(DemoSandbox::kBasicId));
        QVERIFY(!report.passed());
        expectStep(report, step, StepStatus::Failed, layer, code);
        QCOMPARE_WORDS(report.firstFailure()->step, step);
        for (const Finding &f : report.step(step).findings)
            QVERIFY2(!f.message.isEmpty() && !f.fix.isEmpty(), qPrintable(f.code));
        if (fault == IdpFault::UnknownKid) {
            // Read once more for the unknown kid, as after a key rotation; the signature then cannot be checked,
            // but the claims are still checked so that every problem shows at once.
            QCOMPARE(report.step(StepId::Keys).exchanges.size(), 2);
            QVERIFY(m_sandbox.identityProvider()->jwksRequests() >= jwksBefore + 2);
            expectStep(report, StepId::Signature, StepStatus::Skipped);
            expectStep(report, StepId::Claims, StepStatus::Passed);
        }
        if (fault == IdpFault::BadSignature) {
            expectStep(report, StepId::Claims, StepStatus::Passed); // runs although the signature failed
            expectStep(report, StepId::ServiceUser, StepStatus::Passed);
            expectStep(report, StepId::CmicCall, StepStatus::Failed, Layer::Cmic, QStringLiteral("cmic.401"));
        }
        if (step == StepId::Token) {
            for (StepId id : {StepId::Signature, StepId::Claims, StepId::ServiceUser, StepId::CmicCall})
                expectStep(report, id, StepStatus::Skipped);
        }
    }

    void serviceUserUnknownToCmicFailsTheCall()
    {
        StandInConfig config = m_standInConfig;
        config.users = {{QStringLiteral("SVC_OTHER"), {}, true, {QStringLiteral("DEMO_API_READ")}}};
        m_sandbox.cmic()->setConfig(config);
        const ValidationReport report = run(input(DemoSandbox::kBasicId));
        expectStep(report, StepId::ServiceUser, StepStatus::Passed); // the console cannot see CMiC's users
        expectStep(report, StepId::CmicCall, StepStatus::Failed, Layer::Cmic, QStringLiteral("cmic.401"));
        const StepResult &call = report.step(StepId::CmicCall);
        // The stand-in's answer is quoted and explained.
        QVERIFY(
            findingOf(call, QStringLiteral("cmic.401"))->message.contains(QLatin1String("SVC_DEMO does not exist")));
        QVERIFY(hasFinding(call, QStringLiteral("cmic.401.user")));
        QCOMPARE_WORDS(findingOf(call, QStringLiteral("cmic.401.user"))->severity, Severity::Info);
        // The probe endpoints are the environment's: a link to that field selects the environment.
        const Finding *answer = findingOf(call, QStringLiteral("cmic.401"));
        QCOMPARE(answer->field, QStringLiteral("probeEndpoints"));
        QVERIFY(answer->subjectKind == SubjectKind::Environment);
        QVERIFY(!answer->subjectId.isEmpty() && answer->subjectId != DemoSandbox::kBasicId);
        QVERIFY(call.checks.first().message.contains(QLatin1String("401")));
        QCOMPARE_WORDS(report.firstFailure()->step, StepId::CmicCall);
    }

    void roleDenialIsACmicProblem()
    {
        StandInConfig config = m_standInConfig;
        config.endpointRoles = {{QStringLiteral("sdcompanyaccess"), {QStringLiteral("SOME_OTHER_ROLE")}}};
        m_sandbox.cmic()->setConfig(config);
        const ValidationReport report = run(input(DemoSandbox::kBasicId));
        expectStep(report, StepId::CmicCall, StepStatus::Failed, Layer::Cmic, QStringLiteral("cmic.403"));
        QVERIFY(hasFinding(report.step(StepId::CmicCall), QStringLiteral("cmic.403.role")));
        // The environment's patch level is unknown: both readings of "no role defined" are shown, as info.
        const Finding *readings = findingOf(report.step(StepId::CmicCall), QStringLiteral("cmic.403.no-role-readings"));
        QVERIFY(readings);
        QCOMPARE(int(readings->severity), int(Severity::Info));
        QVERIFY(readings->message.contains(QLatin1String("open"))
                && readings->message.contains(QLatin1String("closed")));
        QVERIFY(readings->fix.contains(QLatin1String("SDAPISECBYPAS")));
    }

    // API Security exists since Patch 19: before it, a 403 gets no role finding.
    void roleFindingFollowsThePatchLevel_data()
    {
        QTest::addColumn<int>("patch");
        QTest::addColumn<bool>("roleFinding");
        QTest::newRow("unknown") << 0 << true;
        QTest::newRow("18") << 18 << false;
        QTest::newRow("19") << 19 << true;
        QTest::newRow("22") << 22 << true;
    }

    void roleFindingFollowsThePatchLevel()
    {
        QFETCH(int, patch);
        QFETCH(bool, roleFinding);
        StandInConfig config = m_standInConfig;
        config.endpointRoles = {{QStringLiteral("sdcompanyaccess"), {QStringLiteral("SOME_OTHER_ROLE")}}};
        m_sandbox.cmic()->setConfig(config);
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.workspace.environments[0].patchLevel = patch;
        const ValidationReport report = run(in);
        expectStep(report, StepId::CmicCall, StepStatus::Failed, Layer::Cmic, QStringLiteral("cmic.403"));
        const StepResult &call = report.step(StepId::CmicCall);
        QCOMPARE(hasFinding(call, QStringLiteral("cmic.403.role")), roleFinding);
        QCOMPARE(hasFinding(call, QStringLiteral("cmic.403.no-role-readings")), roleFinding);
        QCOMPARE(hasFinding(call, QStringLiteral("cmic.403.before-api-security")), !roleFinding);
        if (!roleFinding)
            QVERIFY(findingOf(call, QStringLiteral("cmic.403.before-api-security"))
                        ->message.contains(QLatin1String("Patch 18")));
    }

    void expectedUserIsComparedCaseInsensitively_data()
    {
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("matches");
        QTest::newRow("same") << QStringLiteral("SVC_DEMO") << true;
        QTest::newRow("other case") << QStringLiteral("svc_demo") << true;
        QTest::newRow("someone else") << QStringLiteral("SVC_PAYROLL") << false;
    }

    void expectedUserIsComparedCaseInsensitively()
    {
        QFETCH(QString, expected);
        QFETCH(bool, matches);
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.expectUser = expected;
        in.probeCmic = false;
        const ValidationReport report = run(in);
        if (matches) {
            expectStep(report, StepId::ServiceUser, StepStatus::Passed);
            QVERIFY(report.passed());
        } else {
            expectStep(report, StepId::ServiceUser, StepStatus::Failed, Layer::Token,
                       QStringLiteral("service-user.unexpected"));
            const Finding *f = findingOf(report.step(StepId::ServiceUser), QStringLiteral("service-user.unexpected"));
            QVERIFY(f->message.contains(QLatin1String("SVC_DEMO")) && f->message.contains(expected));
            QVERIFY(f->fix.contains(QLatin1String("cmicuser")));
        }
        QCOMPARE(report.serviceUser, QStringLiteral("SVC_DEMO"));
    }

    // Issue 10, item 5, through the pipeline: a token without ipaddr (the IdP leaves it out) with the IP check on is
    // "CMiC answers 401" below Patch 20 only; from Patch 20 or at an unknown patch level it is a warning.
    void missingIpaddrFollowsThePatchLevel_data()
    {
        QTest::addColumn<int>("patch");
        QTest::addColumn<bool>("ipaddr");
        QTest::addColumn<StepStatus>("claims");
        QTest::addColumn<int>("severity"); // of the claims.ipaddr finding; -1: none
        for (int patch : {0, 19, 20, 22, 23}) {
            const QByteArray p = QByteArray::number(patch);
            QTest::newRow(QByteArray("present-" + p).constData()) << patch << true << StepStatus::Passed << -1;
            const bool before20 = patch > 0 && patch < 20;
            QTest::newRow(QByteArray("absent-" + p).constData())
                << patch << false << (before20 ? StepStatus::Failed : StepStatus::Warning)
                << int(before20 ? Severity::Error : Severity::Warning);
        }
    }

    void missingIpaddrFollowsThePatchLevel()
    {
        QFETCH(int, patch);
        QFETCH(bool, ipaddr);
        QFETCH(StepStatus, claims);
        QFETCH(int, severity);
        if (!ipaddr) {
            m_sandbox.identityProvider()->setMissingClaim(QStringLiteral("ipaddr"));
            m_sandbox.identityProvider()->setFault(IdpFault::MissingClaim);
        }
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.workspace.environments[0].patchLevel = patch;
        in.probeCmic = false;
        const ValidationReport report = run(in);
        QCOMPARE(report.tokenClaims.contains(QLatin1String("ipaddr")), ipaddr);
        expectStep(report, StepId::Claims, claims,
                   claims == StepStatus::Failed ? std::optional(Layer::Token) : std::nullopt);
        const Finding *f = findingOf(report.step(StepId::Claims), QStringLiteral("claims.ipaddr"));
        if (severity < 0) {
            QVERIFY2(!f, qPrintable(describe(report)));
            return;
        }
        QVERIFY2(f, qPrintable(describe(report)));
        QCOMPARE(int(f->severity), severity);
        // The fix names the values to change: the IdP's claim, CMiC's property and the environment's check.
        QVERIFY2(f->fix.contains(QLatin1String("ipaddr")), qPrintable(f->fix));
        QVERIFY2(f->fix.contains(QLatin1String("cmic.oauth2.ipcheck.enabled=false")), qPrintable(f->fix));
        QVERIFY2(f->fix.contains(in.workspace.environments[0].name), qPrintable(f->fix));
        if (f->severity == Severity::Warning) {
            QVERIFY2(f->message.contains(QLatin1String("guess")), qPrintable(f->message));
            QVERIFY2(f->fix.contains(QLatin1String("patch level")), qPrintable(f->fix));
        } else {
            QVERIFY2(f->message.contains(QStringLiteral("Patch %1").arg(patch)), qPrintable(f->message));
        }
    }

    // Issue 10, item 6: aud's absence is the error; a different value a warning that names what the IdP sent.
    void audienceAbsentOrDifferent_data()
    {
        QTest::addColumn<QString>("aud"); // empty: the IdP leaves it out
        QTest::addColumn<StepStatus>("claims");
        QTest::addColumn<int>("severity");
        QTest::newRow("absent") << QString() << StepStatus::Failed << int(Severity::Error);
        QTest::newRow("different") << QStringLiteral("urn:other:api") << StepStatus::Warning << int(Severity::Warning);
    }

    void audienceAbsentOrDifferent()
    {
        QFETCH(QString, aud);
        QFETCH(StepStatus, claims);
        QFETCH(int, severity);
        if (aud.isEmpty()) {
            m_sandbox.identityProvider()->setMissingClaim(QStringLiteral("aud"));
            m_sandbox.identityProvider()->setFault(IdpFault::MissingClaim);
        } else {
            changeClients([&](DemoClient &c) { c.extraClaims.insert(QStringLiteral("aud"), aud); });
        }
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.probeCmic = false;
        const QString typed = registration(in).audience;
        QVERIFY(!typed.isEmpty());
        const ValidationReport report = run(in);
        expectStep(report, StepId::Claims, claims,
                   claims == StepStatus::Failed ? std::optional(Layer::Token) : std::nullopt);
        const Finding *f = findingOf(report.step(StepId::Claims), QStringLiteral("claims.aud"));
        QVERIFY2(f, qPrintable(describe(report)));
        QCOMPARE(int(f->severity), severity);
        QCOMPARE(f->field, QStringLiteral("audience"));
        if (aud.isEmpty()) {
            QVERIFY(hasFinding(report.step(StepId::Claims), QStringLiteral("claims.required")));
        } else {
            // Both values: what the IdP sent and what is typed in the registration.
            QVERIFY2(f->message.contains(aud) && f->message.contains(typed), qPrintable(f->message));
            QVERIFY2(f->fix.contains(aud) && f->fix.contains(typed), qPrintable(f->fix));
            QVERIFY(!hasFinding(report.step(StepId::Claims), QStringLiteral("claims.required")));
        }
    }

    // Issue 10, item 7: a token for Microsoft Graph (aud Graph's app id) fails the claims step with
    // entra.graph-token, whose fix names the scope to request; the same pipeline says nothing Entra about the
    // sandbox's own tokens (see allStepsPassForEachClientAuthMethod).
    void graphAudienceIsWrongScope()
    {
        changeClients([](DemoClient &c) {
            c.extraClaims.insert(QStringLiteral("aud"), QStringLiteral("00000003-0000-0000-c000-000000000000"));
        });
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.probeCmic = false;
        const QString appId = registration(in).appId;
        QVERIFY(!appId.isEmpty());
        const ValidationReport report = run(in);
        expectStep(report, StepId::Claims, StepStatus::Failed, Layer::Token);
        const Finding *f = findingOf(report.step(StepId::Claims), QStringLiteral("entra.graph-token"));
        QVERIFY2(f, qPrintable(describe(report)));
        QCOMPARE(int(f->severity), int(Severity::Error));
        QCOMPARE(f->field, QStringLiteral("scope"));
        const QString scope = QStringLiteral("api://") + appId + QStringLiteral("/.default");
        QVERIFY2(f->fix.contains(scope), qPrintable(f->fix));
        QCOMPARE(int(f->subjectKind), int(SubjectKind::Registration));
        QVERIFY(!f->subjectId.isEmpty());
        QVERIFY(!hasFinding(report.step(StepId::Signature), QStringLiteral("entra.graph-signature")));
    }

    // Issue 10, item 3: in claim mode a claim naming another user than the registration's service user is an
    // error without --expect-user; the fix names both values. After Patch 22 with the user on the registration,
    // the registration wins and the claim is only a note.
    void claimNamingAnotherUser_data()
    {
        QTest::addColumn<int>("userSource");
        QTest::addColumn<int>("patch");
        QTest::addColumn<QString>("claim");
        QTest::addColumn<StepStatus>("status");
        QTest::addColumn<QString>("code");
        const int T = int(UserSource::TokenClaim), R = int(UserSource::Registration);
        QTest::newRow("claim-other") << T << 0 << QStringLiteral("SVC_PAYROLL") << StepStatus::Failed
                                     << QStringLiteral("service-user.other-user");
        QTest::newRow("claim-other-22") << T << 22 << QStringLiteral("SVC_PAYROLL") << StepStatus::Failed
                                        << QStringLiteral("service-user.other-user");
        QTest::newRow("claim-same") << T << 0 << QStringLiteral("SVC_DEMO") << StepStatus::Passed << QString();
        QTest::newRow("registration-22-other") << R << 22 << QStringLiteral("SVC_PAYROLL") << StepStatus::Failed
                                               << QStringLiteral("service-user.other-user");
        QTest::newRow("registration-23-other")
            << R << 23 << QStringLiteral("SVC_PAYROLL") << StepStatus::Warning << QStringLiteral("service-user.note");
    }

    void claimNamingAnotherUser()
    {
        QFETCH(int, userSource);
        QFETCH(int, patch);
        QFETCH(QString, claim);
        QFETCH(StepStatus, status);
        QFETCH(QString, code);
        changeClients([&](DemoClient &c) { c.cmicUser = claim; });
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.workspace.environments[0].userSource = UserSource(userSource);
        in.workspace.environments[0].patchLevel = patch;
        in.probeCmic = false;
        const ValidationReport report = run(in);
        expectStep(report, StepId::ServiceUser, status, std::nullopt, code);
        if (code.isEmpty())
            return;
        const Finding *f = findingOf(report.step(StepId::ServiceUser), code);
        QCOMPARE(int(f->severity), int(status == StepStatus::Failed ? Severity::Error : Severity::Warning));
        QVERIFY2(f->fix.contains(QLatin1String("SVC_DEMO")), qPrintable(f->fix));
        if (status == StepStatus::Failed) {
            QVERIFY2(f->fix.contains(claim), qPrintable(f->fix));
            QCOMPARE(report.serviceUser, claim);
        } else {
            QCOMPARE(report.serviceUser, QStringLiteral("SVC_DEMO"));
        }
    }

    void cmicCallSkippedWithReason_data()
    {
        QTest::addColumn<bool>("probe");
        QTest::addColumn<QString>("reasonWord");
        QTest::newRow("no probe endpoint") << true << QStringLiteral("probe endpoint");
        QTest::newRow("not requested") << false << QStringLiteral("Not requested");
    }

    void cmicCallSkippedWithReason()
    {
        QFETCH(bool, probe);
        QFETCH(QString, reasonWord);
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.probeCmic = probe;
        if (probe)
            in.workspace.environments.first().probeEndpoints.clear();
        const int before = m_sandbox.cmic()->requests();
        const ValidationReport report = run(in);
        expectStep(report, StepId::CmicCall, StepStatus::Skipped);
        QVERIFY2(report.step(StepId::CmicCall).skipReason.contains(reasonWord),
                 qPrintable(report.step(StepId::CmicCall).skipReason));
        QCOMPARE(m_sandbox.cmic()->requests(), before);
        QVERIFY(report.passed()); // not applicable is not a failure
    }

    void cancelDuringSlowIdpStopsAtOnce_data()
    {
        QTest::addColumn<bool>("latency");
        QTest::newRow("IdpFault::Slow during discovery") << false;
        QTest::newRow("latency during the token call") << true;
    }

    void cancelDuringSlowIdpStopsAtOnce()
    {
        QFETCH(bool, latency);
        ValidationInput in = input(DemoSandbox::kBasicId);
        StepId slowStep = StepId::Discovery;
        if (latency) {
            m_sandbox.identityProvider()->setLatencyMs(5000);
            registration(in).discoveryUrl.clear();
            registration(in).issuer.clear(); // no discovery: the token call is the first (slow) exchange
            slowStep = StepId::Token;
        } else {
            m_sandbox.identityProvider()->setSlowMs(5000);
            m_sandbox.identityProvider()->setFault(IdpFault::Slow);
        }
        net::HttpPolicy policy;
        QVERIFY(policy.applySettings(m_workspace.settings, QString()));
        SetupValidator validator(policy, Clock::system());
        QSignalSpy started(&validator, &SetupValidator::stepStarted);
        QSignalSpy finished(&validator, &SetupValidator::finished);
        QVERIFY(validator.start(in));
        QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty() && started.last().at(0).value<StepId>() == slowStep, 10000);
        QCOMPARE_WORDS(validator.report().step(slowStep).status, StepStatus::Running);

        QElapsedTimer timer;
        timer.start();
        validator.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!validator.isRunning());

        const ValidationReport report = validator.report();
        QVERIFY(report.cancelled);
        QVERIFY(!report.passed());
        for (int i = int(slowStep); i < kStepCount; ++i)
            QCOMPARE_WORDS(report.step(StepId(i)).status, StepStatus::Cancelled);
        // Steps that had finished keep their result (here Configuration; without an issuer it reports an error).
        QVERIFY(report.step(StepId::Configuration).status != StepStatus::Cancelled);
        QVERIFY(!report.step(StepId::Configuration).checks.isEmpty());
        QVERIFY(finished.at(0).at(0).value<ValidationReport>().cancelled);

        validator.cancel();           // a second cancel does nothing
        QVERIFY(!finished.wait(300)); // and nothing else arrives from the aborted exchange
        QCOMPARE(finished.count(), 1);
    }

    void discoveryFallsBackToRfc8414Metadata_data()
    {
        QTest::addColumn<bool>("publishesRfc8414");
        QTest::newRow("only RFC 8414 metadata") << true;
        QTest::newRow("neither document") << false;
    }

    // An OAuth-only authorization server has no /.well-known/openid-configuration; RFC 8414 puts its metadata at
    // /.well-known/oauth-authorization-server inserted before the issuer's path. The run reads it and says so.
    void discoveryFallsBackToRfc8414Metadata()
    {
        QFETCH(bool, publishesRfc8414);
        ValidationInput in = input(DemoSandbox::kBasicId);
        AppRegistration &reg = registration(in);
        SandboxHttpServer metadataServer;
        QStringList asked;
        QString issuer;
        metadataServer.setHandler([&](const SandboxRequest &request, const SandboxHttpServer::Respond &respond) {
            asked << request.path;
            if (publishesRfc8414 && request.path == QLatin1String("/.well-known/oauth-authorization-server/realm1")) {
                const QJsonObject document{{QStringLiteral("issuer"), issuer},
                                           {QStringLiteral("token_endpoint"), reg.tokenEndpoint},
                                           {QStringLiteral("jwks_uri"), reg.jwksUri}};
                respond(SandboxResponse::json(200, QJsonDocument(document).toJson(QJsonDocument::Compact)));
                return;
            }
            respond(SandboxResponse::json(404, "{\"error\":\"not found\"}"));
        });
        QVERIFY(metadataServer.listen());
        issuer = metadataServer.baseUrl().toString() + QStringLiteral("realm1");
        if (!metadataServer.baseUrl().toString().endsWith(QLatin1Char('/')))
            issuer = metadataServer.baseUrl().toString() + QStringLiteral("/realm1");
        reg.issuer = issuer;
        reg.discoveryUrl.clear();
        const ValidationReport report = run(in);
        QCOMPARE(asked.value(0), QStringLiteral("/realm1/.well-known/openid-configuration"));
        QCOMPARE(asked.value(1), QStringLiteral("/.well-known/oauth-authorization-server/realm1"));
        QCOMPARE(asked.size(), 2); // no third guess
        const StepResult &step = report.step(StepId::Discovery);
        if (publishesRfc8414) {
            expectStep(report, StepId::Discovery, StepStatus::Passed, std::nullopt,
                       QStringLiteral("discovery.rfc8414"));
            const Finding *note = findingOf(step, QStringLiteral("discovery.rfc8414"));
            QVERIFY(note->message.contains(QLatin1String("oauth-authorization-server/realm1")));
            QVERIFY(note->message.contains(QLatin1String("openid-configuration")));
        } else {
            // The registration names both endpoints, so the run goes on: discovery is a warning, not the verdict.
            expectStep(report, StepId::Discovery, StepStatus::Warning, std::nullopt,
                       QStringLiteral("discovery.not-found"));
            QVERIFY(!findingOf(step, QStringLiteral("discovery.rfc8414")));
            const Finding *missing = findingOf(step, QStringLiteral("discovery.not-found"));
            QVERIFY(missing->message.contains(QLatin1String("openid-configuration")));
            QVERIFY(missing->message.contains(QLatin1String("oauth-authorization-server/realm1")));
        }
    }

    void cmicCloudRateLimitAndSupportReference_data()
    {
        QTest::addColumn<QList<int>>("answers"); // CMiC's status for each request, the last one repeated
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("code");
        QTest::newRow("429 once, then 200") << QList<int>{429, 200} << QStringLiteral("passed") << QString();
        QTest::newRow("429 every time") << QList<int>{429} << QStringLiteral("ready-up-to-cmic-call")
                                        << QStringLiteral("cmic.429");
        QTest::newRow("401 carries the ECID")
            << QList<int>{401} << QStringLiteral("failed") << QStringLiteral("cmic.401");
    }

    // CMiC Cloud answers 429 at once beyond 5 concurrent or 15 requests per second per address, without
    // Retry-After: the run retries once after a pause, and a call that CMiC never judged proves nothing. Every
    // finding about a CMiC answer carries its X-ORACLE-DMS-ECID, which CMiC support asks for.
    void cmicCloudRateLimitAndSupportReference()
    {
        QFETCH(QList<int>, answers);
        QFETCH(QString, outcome);
        QFETCH(QString, code);
        SandboxHttpServer cmic;
        QList<qint64> at;
        QElapsedTimer clock;
        clock.start();
        cmic.setHandler([&](const SandboxRequest &, const SandboxHttpServer::Respond &respond) {
            const int status = answers.value(at.size(), answers.last());
            at << clock.elapsed();
            SandboxResponse response = SandboxResponse::json(
                status, status == 200 ? QByteArray("{\"items\":[{\"id\":1}],\"count\":1,\"hasMore\":false}")
                                      : QByteArray("{}"));
            response.setHeader("X-ORACLE-DMS-ECID", "ecid-0042-" + QByteArray::number(at.size()));
            respond(response);
        });
        QVERIFY(cmic.listen());
        ValidationInput in = input(DemoSandbox::kBasicId);
        Environment &env = in.workspace.environments[in.workspace.environmentIndex(registration(in).environmentId)];
        env.apiBaseUrl = cmic.baseUrl().toString(QUrl::StripTrailingSlash) + QStringLiteral("/cmicprod");
        env.probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess")};
        const ValidationReport report = run(in);
        const ReportVerdict verdict = ReportVerdict::of(report);
        QVERIFY2(toString(verdict.outcome) == outcome, qPrintable(describe(report)));
        QCOMPARE(at.size(), answers.first() == 429 ? 2 : 1);
        if (at.size() == 2)
            QVERIFY2(at.at(1) - at.at(0) >= 1500, qPrintable(QString::number(at.at(1) - at.at(0)))); // paced
        if (!code.isEmpty()) {
            const Finding *f = findingOf(report.step(StepId::CmicCall), code);
            QVERIFY2(f, qPrintable(describe(report)));
            QVERIFY2(f->message.contains(QLatin1String("X-ORACLE-DMS-ECID): ecid-0042-")), qPrintable(f->message));
        }
        if (outcome == QLatin1String("ready-up-to-cmic-call"))
            QVERIFY(verdict.sentence.contains(QLatin1String("429")));
    }

    // Every probe endpoint is called and shown as endpoint x result, in the report's three forms.
    void permissionsMatrixNamesEachEndpoint()
    {
        SandboxHttpServer cmic;
        cmic.setHandler([](const SandboxRequest &request, const SandboxHttpServer::Respond &respond) {
            if (request.path.endsWith(QLatin1String("/jcjob"))) {
                respond(SandboxResponse::json(403, "{}"));
                return;
            }
            respond(SandboxResponse::json(200, "{\"items\":[],\"count\":0,\"hasMore\":false}"));
        });
        QVERIFY(cmic.listen());
        ValidationInput in = input(DemoSandbox::kBasicId);
        Environment &env = in.workspace.environments[in.workspace.environmentIndex(registration(in).environmentId)];
        env.apiBaseUrl = cmic.baseUrl().toString(QUrl::StripTrailingSlash) + QStringLiteral("/cmicprod");
        env.probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess"),
                              QStringLiteral("jc-rest-api/rest/1/jcjob")};
        const ValidationReport report = run(in);
        const QList<PermissionRow> matrix = report.permissions();
        QCOMPARE(matrix.size(), 2);
        QCOMPARE(matrix.at(0).endpoint, QStringLiteral("/cmicprod/sys-rest-api/rest/1/sdcompanyaccess"));
        QCOMPARE(matrix.at(0).status, 200);
        QVERIFY(matrix.at(0).meaning.startsWith(QLatin1String("allowed")));
        QCOMPARE(matrix.at(1).status, 403);
        QVERIFY(matrix.at(1).meaning.contains(QLatin1String("role")));
        expectStep(report, StepId::CmicCall, StepStatus::Failed, Layer::Cmic, QStringLiteral("cmic.403"));
        const QString text = report.toText();
        QVERIFY(text.contains(QLatin1String("Permissions (GET as the service user):")));
        QVERIFY(text.contains(QLatin1String("403  /cmicprod/jc-rest-api/rest/1/jcjob")));
        const QJsonArray rows = report.toJson().value(QLatin1String("permissions")).toArray();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(1).toObject().value(QLatin1String("status")).toInt(), 403);
        QVERIFY(report.toHtml().contains(QLatin1String("<table class=\"meta permissions\">")));
    }

    void cancelClosesTheConnection_data()
    {
        QTest::addColumn<bool>("destroy");
        QTest::newRow("Cancel") << false;
        QTest::newRow("validator destroyed (wizard closed)") << true;
    }

    void cancelClosesTheConnection()
    {
        // Discovery answers with an endless body and no cap stops it: only the cancel (or the end of the wizard
        // that owns the run) does. The server must see its connection closed, and memory must stay flat after.
        QFETCH(bool, destroy);
        testing::FaultServer hostile(testing::Fault::EndlessChunked);
        QVERIFY(hostile.isListening());
        ValidationInput in = input(DemoSandbox::kBasicId);
        registration(in).discoveryUrl = hostile.url(QStringLiteral("/.well-known/openid-configuration")).toString();
        net::HttpPolicy policy;
        QVERIFY(policy.applySettings(m_workspace.settings, QString()));
        policy.setMaxResponseBytes(qint64(1) << 40);
        policy.setTimeoutMs(120000);
        auto validator = std::make_unique<SetupValidator>(policy, Clock::system());
        QSignalSpy finished(validator.get(), &SetupValidator::finished);
        QVERIFY(validator->start(in));
        QTRY_COMPARE_WITH_TIMEOUT(hostile.connections(), 1, 10000);
        QTest::qWait(200); // streaming into the run
        QVERIFY(testing::resetPeak());
        const qint64 baseline = testing::statusKiB("VmRSS");
        if (destroy) {
            validator.reset();
        } else {
            validator->cancel();
            QCOMPARE(finished.count(), 1);
            QVERIFY(finished.first().first().value<ValidationReport>().cancelled);
        }
        QTRY_COMPARE_WITH_TIMEOUT(hostile.disconnections(), 1, 5000);
        QTest::qWait(500); // nothing keeps reading
        const qint64 peak = testing::statusKiB("VmHWM");
        QVERIFY2(peak - baseline < 64 * 1024, qPrintable(QStringLiteral("%1 KiB").arg(peak - baseline)));
    }

    void cancelAfterTheLastStepKeepsTheResult()
    {
        // Cancel pressed when every step has finished but the report is not out yet: the run is complete.
        net::HttpPolicy policy;
        QVERIFY(policy.applySettings(m_workspace.settings, QString()));
        SetupValidator validator(policy, Clock::system());
        QSignalSpy finished(&validator, &SetupValidator::finished);
        connect(&validator, &SetupValidator::stepFinished, &validator, [&validator](const StepResult &step) {
            if (step.step == StepId::Reconciliation)
                validator.cancel();
        });
        QVERIFY(validator.start(input(DemoSandbox::kBasicId)));
        QVERIFY(finished.wait(60000));
        QVERIFY(!finished.wait(300)); // exactly once
        QCOMPARE(finished.count(), 1);
        const auto report = finished.first().first().value<ValidationReport>();
        QVERIFY(!report.cancelled);
        QVERIFY2(report.passed(), qPrintable(describe(report)));
        QVERIFY(!validator.isRunning());
    }

    void cancelBeforeTheFirstStep()
    {
        net::HttpPolicy policy;
        QVERIFY(policy.applySettings(m_workspace.settings, QString()));
        SetupValidator validator(policy, Clock::system());
        QSignalSpy started(&validator, &SetupValidator::stepStarted);
        QSignalSpy stepFinished(&validator, &SetupValidator::stepFinished);
        QSignalSpy finished(&validator, &SetupValidator::finished);
        const int before = m_sandbox.identityProvider()->tokenRequests();
        QVERIFY(validator.start(input(DemoSandbox::kBasicId)));
        validator.cancel();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(stepFinished.count(), kStepCount);
        for (const StepResult &step : validator.report().steps)
            QCOMPARE_WORDS(step.status, StepStatus::Cancelled);
        QVERIFY(!finished.wait(200)); // the queued first step finds the run over
        QCOMPARE(started.count(), 0);
        QCOMPARE(m_sandbox.identityProvider()->tokenRequests(), before);
        // A new run may start after a cancelled one.
        const ValidationReport again = validator.runBlocking(input(DemoSandbox::kBasicId));
        QVERIFY2(again.passed(), qPrintable(describe(again)));
        QVERIFY(!again.cancelled);
    }

    void destroyedDuringARunSaysNothingMore()
    {
        m_sandbox.identityProvider()->setSlowMs(3000);
        m_sandbox.identityProvider()->setFault(IdpFault::Slow);
        net::HttpPolicy policy;
        QVERIFY(policy.applySettings(m_workspace.settings, QString()));
        auto *validator = new SetupValidator(policy, Clock::system());
        QSignalSpy started(validator, &SetupValidator::stepStarted);
        int finishedCount = 0;
        connect(validator, &SetupValidator::finished, this, [&finishedCount] { ++finishedCount; });
        QVERIFY(validator->start(input(DemoSandbox::kBasicId)));
        QTRY_VERIFY_WITH_TIMEOUT(started.count() >= 2, 10000); // Configuration, then the slow Discovery
        delete validator;
        QTest::qWait(100); // let the aborted exchange's events run: nothing may reach the deleted validator
        QCOMPARE(finishedCount, 0);
    }

    void serverClockOffsetIsAWarningInClaims()
    {
        // This computer's clock 10 minutes ahead of the IdP's (the sandbox sends the real time in Date).
        FixedClock ahead(QDateTime::currentDateTimeUtc().addSecs(600));
        const ValidationReport report = run(input(DemoSandbox::kBasicId), ahead);
        QVERIFY(report.serverDate.isValid());
        QVERIFY2(report.serverClockOffsetSeconds <= -590 && report.serverClockOffsetSeconds >= -610,
                 qPrintable(QString::number(report.serverClockOffsetSeconds)));
        expectStep(report, StepId::Claims, StepStatus::Warning, std::nullopt, QStringLiteral("claims.server-clock"));
        const Finding *f = findingOf(report.step(StepId::Claims), QStringLiteral("claims.server-clock"));
        QCOMPARE_WORDS(f->severity, Severity::Warning);
        QVERIFY(f->message.contains(QLatin1String("behind")));
        QVERIFY(f->fix.contains(QLatin1String("this computer's clock")));
        QVERIFY(report.passed()); // a warning, within the token's lifetime

        const ValidationReport inStep = run(input(DemoSandbox::kBasicId));
        QVERIFY(!hasFinding(inStep.step(StepId::Claims), QStringLiteral("claims.server-clock")));
    }

    void reportsHoldNoSecretAndNoToken_data() { addOneRowPerClientAuthMethod(); }

    void reportsHoldNoSecretAndNoToken()
    {
        QFETCH(QString, registrationId);
        net::HttpPolicy policy;
        QVERIFY(policy.applySettings(m_workspace.settings, QString()));
        SetupValidator validator(policy, Clock::system());
        const ValidationReport report = validator.runBlocking(input(registrationId));
        QVERIFY2(report.passed(), qPrintable(describe(report)));
        const QString token = validator.accessToken();
        QVERIFY(token.count(QLatin1Char('.')) == 2);
        const QString signature = token.section(QLatin1Char('.'), 2);
        const QString secret = m_secrets.value(registrationId);
        QStringList forbidden{token, signature, secret, QString::fromLatin1(QUrl::toPercentEncoding(secret))};
        if (registrationId == DemoSandbox::kJwtId) {
            // A line from the middle of the PEM body.
            forbidden = {token, signature, secret.split(QLatin1Char('\n')).at(3)};
        }
        const QString json = QString::fromUtf8(QJsonDocument(report.toJson()).toJson());
        const QString html = report.toHtml();
        const QString text = report.toText();
        for (const QString &needle : std::as_const(forbidden)) {
            QVERIFY(needle.size() > 8);
            QVERIFY2(!json.contains(needle), "the JSON report holds a secret or the token");
            QVERIFY2(!html.contains(needle), "the HTML report holds a secret or the token");
            QVERIFY2(!text.contains(needle), "the text report holds a secret or the token");
        }
        // What an admin compares is there: the decoded claims and the masked exchanges.
        QVERIFY(json.contains(QLatin1String("\"cmicuser\": \"SVC_DEMO\"")));
        QVERIFY(json.contains(QLatin1String("***")));
    }

    void htmlReportEscapesWhatTheTokenSays()
    {
        DemoClient client;
        client.clientId = QStringLiteral("demo-xss");
        client.secret = QStringLiteral("xss-secret-1234");
        client.cmicUser = QStringLiteral("SVC_DEMO");
        client.extraClaims = {{QStringLiteral("note"), QStringLiteral("<script>alert('x')</script>")}};
        m_sandbox.identityProvider()->addClient(client);
        ValidationInput in = input(DemoSandbox::kBasicId);
        registration(in).appId = client.clientId;
        in.credential = client.secret;
        in.probeCmic = false;
        const ValidationReport report = run(in);
        QCOMPARE(report.tokenClaims.value(QLatin1String("note")).toString(),
                 QStringLiteral("<script>alert('x')</script>"));
        const QString html = report.toHtml();
        QVERIFY(!html.contains(QLatin1String("<script")));
        QVERIFY(html.contains(QLatin1String("&lt;script&gt;alert(")));
    }

    void discoveryFillsInAMissingTokenEndpoint()
    {
        ValidationInput in = input(DemoSandbox::kBasicId);
        registration(in).tokenEndpoint.clear();
        registration(in).discoveryUrl.clear();
        const ValidationReport report = run(in);
        expectStep(report, StepId::Discovery, StepStatus::Passed, std::nullopt,
                   QStringLiteral("discovery.token-endpoint-used"));
        expectStep(report, StepId::Token, StepStatus::Passed);
        QCOMPARE(report.step(StepId::Token).exchanges.first().url, m_sandbox.identityProvider()->tokenEndpoint());
        expectStep(report, StepId::CmicCall, StepStatus::Passed);
    }

    void unreadableDiscoveryIsOnlyAWarning()
    {
        ValidationInput in = input(DemoSandbox::kBasicId);
        registration(in).discoveryUrl =
            m_sandbox.identityProvider()->issuer() + QStringLiteral("/elsewhere/.well-known/openid-configuration");
        const ValidationReport report = run(in);
        expectStep(report, StepId::Discovery, StepStatus::Warning, std::nullopt, QStringLiteral("discovery.not-found"));
        QCOMPARE_WORDS(findingOf(report.step(StepId::Discovery), QStringLiteral("discovery.not-found"))->severity,
                       Severity::Warning);
        QVERIFY2(report.passed(), qPrintable(describe(report)));
    }

    void missingCredentialStopsAtConfiguration()
    {
        ValidationInput in = input(DemoSandbox::kJwtId);
        in.credential.clear();
        const int before = m_sandbox.identityProvider()->tokenRequests();
        net::HttpPolicy policy;
        QVERIFY(policy.applySettings(m_workspace.settings, QString()));
        SetupValidator validator(policy, Clock::system());
        QSignalSpy stepFinished(&validator, &SetupValidator::stepFinished);
        const ValidationReport report = validator.runBlocking(in);
        expectStep(report, StepId::Configuration, StepStatus::Failed, Layer::Configuration,
                   QStringLiteral("configuration.no-credential"));
        for (int i = int(StepId::Discovery); i < kStepCount; ++i)
            expectStep(report, StepId(i), StepStatus::Skipped);
        QCOMPARE(stepFinished.count(), kStepCount);
        QCOMPARE(m_sandbox.identityProvider()->tokenRequests(), before);
        QVERIFY(validator.accessToken().isEmpty());
    }

    void setupRuleErrorsDoNotStopTheRun()
    {
        ValidationInput in = input(DemoSandbox::kBasicId);
        registration(in).name.clear();
        const ValidationReport report = run(in);
        expectStep(report, StepId::Configuration, StepStatus::Failed, Layer::Configuration,
                   QStringLiteral("registration.name.missing"));
        // The network steps still run and show what the configuration causes (here: nothing). CMiC's acceptance does
        // not overrule a finding about a value CMiC never sees.
        for (int i = int(StepId::Discovery); i < kStepCount; ++i)
            expectStep(report, StepId(i), StepStatus::Passed);
        QVERIFY(!report.passed());
        QCOMPARE_WORDS(report.firstFailure()->step, StepId::Configuration);
    }

    void unusablePrivateKeyIsAConfigurationProblem()
    {
        ValidationInput in = input(DemoSandbox::kJwtId);
        in.credential = QStringLiteral("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        const int before = m_sandbox.identityProvider()->tokenRequests();
        const ValidationReport report = run(in);
        expectStep(report, StepId::Token, StepStatus::Failed, Layer::Configuration,
                   QStringLiteral("token.assertion-key"));
        QCOMPARE(m_sandbox.identityProvider()->tokenRequests(), before); // nothing was sent
        QVERIFY(report.step(StepId::Token).exchanges.isEmpty());
        expectStep(report, StepId::Signature, StepStatus::Skipped);
    }

    void unknownRegistrationFailsConfiguration()
    {
        ValidationInput in = input(DemoSandbox::kBasicId);
        in.registrationId = QStringLiteral("no-such-registration");
        const ValidationReport report = run(in);
        expectStep(report, StepId::Configuration, StepStatus::Failed, Layer::Configuration,
                   QStringLiteral("configuration.registration-unknown"));
        QVERIFY(!report.passed());
    }
};

QTEST_GUILESS_MAIN(TestSetupValidator)
#include "tst_setupvalidator.moc"
