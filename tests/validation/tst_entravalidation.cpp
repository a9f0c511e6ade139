// "Validate setup" against the sandbox's Entra-like IdP (certificate credentials and Entra's v1/v2 token shapes),
// one table row per setup: the verdict, the step that fails and its layer, the finding that explains it and that
// its fix names the value to change. The CMiC call is not made (probeCmic false): these rows are about what the
// IdP answers and what the token says, which the console decides before CMiC is called.
#include "TestCertificates.h"
#include "core/net/HttpPolicy.h"
#include "core/net/JwtSigner.h"
#include "core/util/Clock.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::sandbox;
using namespace cmic::validation;

namespace {

using Outcome = ReportVerdict::Outcome;

const Finding *findingIn(const ValidationReport &report, const QString &code)
{
    for (int i = 0; i < kStepCount; ++i) {
        for (const Finding &f : report.step(StepId(i)).findings) {
            if (f.code == code)
                return &f;
        }
    }
    return nullptr;
}

} // namespace

class TestEntraValidation : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DemoSandbox m_sandbox{Clock::system()};
    Workspace m_workspace;
    net::JwtSigner m_rsa = net::JwtSigner::generateRsa(2048);
    net::JwtSigner m_ec = net::JwtSigner::generateEc();
    QByteArray m_rsaCertificate;
    QByteArray m_ecCertificate;

    DemoIdentityProvider *idp() const { return m_sandbox.identityProvider(); }

    // The demo's private_key_jwt registration turned into an Entra one for |clientId|, registered with the
    // issuer, endpoints and preset of |version|.
    AppRegistration entraRegistration(const QString &clientId, EntraTokenVersion version) const
    {
        AppRegistration reg = m_workspace.registrations[m_workspace.registrationIndex(DemoSandbox::kJwtId)];
        const bool v1 = version == EntraTokenVersion::V1;
        reg.name = QStringLiteral("Entra ") + clientId;
        reg.idpPreset = v1 ? QStringLiteral("entra-v1") : QStringLiteral("entra-v2");
        reg.appId = clientId;
        reg.issuer = idp()->entraIssuer(version);
        reg.discoveryUrl = idp()->entraDiscoveryUrl(version).toString();
        reg.tokenEndpoint = idp()->entraTokenEndpoint(version).toString();
        reg.jwksUri = idp()->entraJwksUri(version).toString();
        reg.scope = QStringLiteral("api://cmic-demo/.default");
        reg.audience = v1 ? QStringLiteral("api://cmic-demo") : idp()->entraApiAppId();
        reg.resource.clear();
        return reg;
    }

    ValidationReport run(const AppRegistration &reg, const QByteArray &keyPem) const
    {
        ValidationInput in;
        in.workspace = m_workspace;
        in.workspace.registrations[in.workspace.registrationIndex(reg.id)] = reg;
        in.registrationId = reg.id;
        in.credential = SecretBuffer(keyPem);
        in.probeCmic = false;
        net::HttpPolicy policy;
        QString error;
        if (!policy.applySettings(in.workspace.settings, QString(), &error))
            qWarning() << error;
        SetupValidator validator(policy, Clock::system());
        return validator.runBlocking(in);
    }

    // The verdict, the failing step and layer (for Failed), the finding and what its fix names.
    static void expect(const ValidationReport &report, Outcome outcome, std::optional<StepId> step, Layer layer,
                       const QString &code, const QString &fixNames)
    {
        const ReportVerdict verdict = ReportVerdict::of(report);
        QVERIFY2(verdict.outcome == outcome,
                 qPrintable(toString(verdict.outcome) + QLatin1Char('\n') + report.toText()));
        if (outcome == Outcome::Failed) {
            QVERIFY(step);
            QVERIFY2(verdict.failedStep == step, qPrintable(report.toText()));
            QVERIFY2(verdict.failedLayer == layer,
                     qPrintable(toString(verdict.failedLayer) + QLatin1Char('\n') + report.toText()));
        }
        if (code.isEmpty())
            return;
        const Finding *f = findingIn(report, code);
        QVERIFY2(f, qPrintable(QStringLiteral("no finding %1\n%2").arg(code, report.toText())));
        QVERIFY2(f->fix.contains(fixNames), qPrintable(f->fix));
        if (outcome == Outcome::Failed && step && report.step(*step).findings.size() == 1)
            QVERIFY2(verdict.fix.contains(fixNames), qPrintable(verdict.fix));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_sandbox.start({true, m_dir.path()}, &error), qPrintable(error));
        m_workspace = m_sandbox.workspace();
        m_rsaCertificate = cmic::test::selfSignedCertificate(m_rsa.pkey(), -3600, 365L * 86400, "entra-rsa");
        m_ecCertificate = cmic::test::selfSignedCertificate(m_ec.pkey(), -3600, 365L * 86400, "entra-ec");
        QVERIFY(!m_rsaCertificate.isEmpty() && !m_ecCertificate.isEmpty());
        idp()->setEntraMode(true);
        for (const auto &[id, certificate] : {std::pair{QStringLiteral("entra-rsa"), m_rsaCertificate},
                                              {QStringLiteral("entra-ec"), m_ecCertificate}}) {
            DemoClient client;
            client.clientId = id;
            client.authMethod = ClientAuthMethod::PrivateKeyJwt;
            client.cmicUser = QStringLiteral("SVC_DEMO");
            client.certificatePem = certificate;
            idp()->addClient(client);
        }
    }

    void init() { idp()->setEntraTokenVersion(EntraTokenVersion::V1); }

    // PS256 / RS256 / ES256, with and without kid, no thumbprint / x5t / x5t#S256: Entra-like mode takes the
    // certificate's x5t#S256 only; anything else is AADSTS700027 at the Token step, and the finding names the
    // thumbprint style to switch to.
    void assertions_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("kid");
        QTest::addColumn<int>("thumbprint");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("fixNames");
        for (const char *algorithm : {"PS256", "RS256", "ES256"}) {
            for (const char *kid : {"", "cert-2026"}) {
                for (AssertionThumbprint thumbprint :
                     {AssertionThumbprint::None, AssertionThumbprint::X5t, AssertionThumbprint::X5tS256}) {
                    const bool accepted = thumbprint == AssertionThumbprint::X5tS256;
                    QTest::addRow("%s %s %s", algorithm, *kid ? "kid" : "no-kid", qPrintable(toString(thumbprint)))
                        << QString::fromLatin1(algorithm) << QString::fromLatin1(kid) << int(thumbprint)
                        << int(accepted ? Outcome::ReadyUpToCmicCall : Outcome::Failed)
                        << (accepted ? QStringLiteral("entra.token-v1") : QStringLiteral("token.aadsts-700027"))
                        << (accepted ? QString() : QStringLiteral("x5t#S256"));
                }
            }
        }
    }

    void assertions()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, kid);
        QFETCH(int, thumbprint);
        QFETCH(int, outcome);
        QFETCH(QString, code);
        QFETCH(QString, fixNames);
        const bool ec = algorithm == QLatin1String("ES256");
        AppRegistration reg =
            entraRegistration(ec ? QStringLiteral("entra-ec") : QStringLiteral("entra-rsa"), EntraTokenVersion::V1);
        reg.assertionAlgorithm = algorithm;
        reg.assertionKeyId = kid;
        reg.assertionCertificate = QString::fromLatin1(ec ? m_ecCertificate : m_rsaCertificate);
        reg.assertionThumbprint = AssertionThumbprint(thumbprint);
        const ValidationReport report = run(reg, ec ? m_ec.privateKeyPem() : m_rsa.privateKeyPem());
        expect(report, Outcome(outcome), StepId::Token, Layer::Idp, code, fixNames);
        if (Outcome(outcome) == Outcome::Failed) {
            const Finding *f = findingIn(report, code);
            QCOMPARE(f->field, QStringLiteral("assertionThumbprint"));
            QCOMPARE(f->subjectId, reg.id);
            // The fix is the thumbprint style, not the key.
            QVERIFY2(!f->fix.contains(QLatin1String("private key")), qPrintable(f->fix));
        }
    }

    // v1 and v2 tokens against registrations of either version: the console says which shape arrived and what
    // Issuer and App ID claim (preset) to register.
    void tokenShapes_data()
    {
        QTest::addColumn<int>("tokens");     // what the IdP issues
        QTest::addColumn<int>("registered"); // what the registration is set up for
        QTest::addColumn<int>("outcome");
        QTest::addColumn<int>("step"); // for Failed
        QTest::addColumn<int>("layer");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("fixNames"); // "v1"/"v2": that version's issuer; otherwise literal
        const int v1 = int(EntraTokenVersion::V1);
        const int v2 = int(EntraTokenVersion::V2);
        QTest::newRow("v1 token, v1 registration") << v1 << v1 << int(Outcome::ReadyUpToCmicCall) << 0 << 0
                                                   << QStringLiteral("entra.token-v1") << QStringLiteral("v1");
        QTest::newRow("v2 token, v2 registration") << v2 << v2 << int(Outcome::ReadyUpToCmicCall) << 0 << 0
                                                   << QStringLiteral("entra.token-v2") << QStringLiteral("v2");
        QTest::newRow("v2 token: v1 issuer to make it appid")
            << v2 << v2 << int(Outcome::ReadyUpToCmicCall) << 0 << 0 << QStringLiteral("entra.v2-no-appid")
            << QStringLiteral("v1");
        QTest::newRow("v1 token, v2 registration: issuer")
            << v1 << v2 << int(Outcome::Failed) << int(StepId::Claims) << int(Layer::Token)
            << QStringLiteral("entra.issuer-mismatch") << QStringLiteral("v1");
        QTest::newRow("v1 token, v2 registration: preset")
            << v1 << v2 << int(Outcome::Failed) << int(StepId::Claims) << int(Layer::Token)
            << QStringLiteral("entra.appid-claim-mismatch") << QStringLiteral("entra-v1");
        QTest::newRow("v2 token, v1 registration: issuer")
            << v2 << v1 << int(Outcome::Failed) << int(StepId::Claims) << int(Layer::Token)
            << QStringLiteral("entra.issuer-mismatch") << QStringLiteral("v2");
        QTest::newRow("v2 token, v1 registration: preset")
            << v2 << v1 << int(Outcome::Failed) << int(StepId::Claims) << int(Layer::Token)
            << QStringLiteral("entra.appid-claim-mismatch") << QStringLiteral("entra-v2");
    }

    void tokenShapes()
    {
        QFETCH(int, tokens);
        QFETCH(int, registered);
        QFETCH(int, outcome);
        QFETCH(int, step);
        QFETCH(int, layer);
        QFETCH(QString, code);
        QFETCH(QString, fixNames);
        idp()->setEntraTokenVersion(EntraTokenVersion(tokens));
        AppRegistration reg = entraRegistration(QStringLiteral("entra-rsa"), EntraTokenVersion(registered));
        reg.assertionAlgorithm = QStringLiteral("PS256");
        reg.assertionCertificate = QString::fromLatin1(m_rsaCertificate);
        reg.assertionThumbprint = AssertionThumbprint::X5tS256;
        if (fixNames == QLatin1String("v1"))
            fixNames = idp()->entraIssuer(EntraTokenVersion::V1);
        else if (fixNames == QLatin1String("v2"))
            fixNames = idp()->entraIssuer(EntraTokenVersion::V2);
        const ValidationReport report = run(reg, m_rsa.privateKeyPem());
        expect(report, Outcome(outcome), StepId(step), Layer(layer), code, fixNames);
        // The shape that arrived is named in every row.
        const QString arrived =
            tokens == int(EntraTokenVersion::V1) ? QStringLiteral("entra.token-v1") : QStringLiteral("entra.token-v2");
        QVERIFY2(findingIn(report, arrived), qPrintable(report.toText()));
        if (code == QLatin1String("entra.issuer-mismatch")) {
            // One mismatch, one finding: not also the generic claims.iss, whose check still fails.
            QVERIFY2(!findingIn(report, QStringLiteral("claims.iss")), qPrintable(report.toText()));
            bool issChecked = false;
            for (const StepCheck &c : report.step(StepId::Claims).checks) {
                if (c.id == QLatin1String("claims.iss")) {
                    issChecked = true;
                    QCOMPARE(c.status, jose::CheckStatus::Fail);
                }
            }
            QVERIFY2(issChecked, qPrintable(report.toText()));
        }
    }
};

QTEST_GUILESS_MAIN(TestEntraValidation)
#include "tst_entravalidation.moc"
