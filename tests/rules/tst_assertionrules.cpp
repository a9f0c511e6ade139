// AssertionRules: the private_key_jwt assertion settings against the key and the certificate -- algorithm vs key
// type, certificate readable / expired / expiring / not yet valid / not the key's, a thumbprint without a
// certificate, and Entra with a certificate but no thumbprint. Also that SetupRules reports them.
#include "TestCertificates.h"
#include "core/model/Workspace.h"
#include "core/net/JwtSigner.h"
#include "core/rules/AssertionRules.h"
#include "core/rules/SetupRules.h"
#include "core/util/Clock.h"

#include <QTest>

using namespace cmic;
using namespace cmic::net;

namespace {

constexpr long kDay = 86400;

QStringList codes(const Findings &findings)
{
    QStringList list;
    for (const Finding &f : findings)
        list << f.code;
    return list;
}

const Finding *findCode(const Findings &findings, const QString &code)
{
    for (const Finding &f : findings) {
        if (f.code == code)
            return &f;
    }
    return nullptr;
}

} // namespace

class TestAssertionRules : public QObject
{
    Q_OBJECT

private:
    JwtSigner m_rsa = JwtSigner::generateRsa(2048);
    JwtSigner m_otherRsa = JwtSigner::generateRsa(2048);
    JwtSigner m_ec = JwtSigner::generateEc();

    AppRegistration registration() const
    {
        AppRegistration reg;
        reg.id = QStringLiteral("r1");
        reg.name = QStringLiteral("Payroll sync");
        reg.authMethod = ClientAuthMethod::PrivateKeyJwt;
        return reg;
    }

private slots:
    void workspaceRules_data()
    {
        QTest::addColumn<QString>("key");          // rsa / ec: whose certificate; empty: none
        QTest::addColumn<long>("validFrom");       // seconds from now
        QTest::addColumn<long>("validTo");         // seconds from now
        QTest::addColumn<QString>("algorithm");    // "" / RS256 / PS256 / ES256
        QTest::addColumn<int>("thumbprint");       // AssertionThumbprint
        QTest::addColumn<QString>("preset");       // idpPreset
        QTest::addColumn<QStringList>("expected"); // codes, in order
        QTest::addColumn<QString>("field");        // the first finding's field
        QTest::addColumn<QString>("fixNames");     // a word the first finding's fix must contain

        const int none = int(AssertionThumbprint::None);
        const int x5t = int(AssertionThumbprint::X5t);
        const int s256 = int(AssertionThumbprint::X5tS256);
        const QString rsa = QStringLiteral("rsa");
        const QString ec = QStringLiteral("ec");
        const QString entra = QStringLiteral("entra-v1");
        const long year = 365 * kDay;
        QTest::newRow("no certificate, no thumbprint")
            << QString() << 0L << 0L << QString() << none << entra << QStringList() << QString() << QString();
        QTest::newRow("x5t without certificate")
            << QString() << 0L << 0L << QStringLiteral("RS256") << x5t << QString()
            << QStringList{QStringLiteral("assertion.thumbprint-no-certificate")}
            << QStringLiteral("assertionThumbprint") << QStringLiteral("certificate");
        QTest::newRow("x5t#S256 without certificate")
            << QString() << 0L << 0L << QStringLiteral("PS256") << s256 << entra
            << QStringList{QStringLiteral("assertion.thumbprint-no-certificate")}
            << QStringLiteral("assertionThumbprint") << QStringLiteral("none");
        QTest::newRow("RSA certificate PS256 x5t#S256 Entra") << rsa << -kDay << year << QStringLiteral("PS256") << s256
                                                              << entra << QStringList() << QString() << QString();
        QTest::newRow("RSA certificate RS256 x5t") << rsa << -kDay << year << QStringLiteral("RS256") << x5t
                                                   << QString() << QStringList() << QString() << QString();
        QTest::newRow("EC certificate ES256") << ec << -kDay << year << QStringLiteral("ES256") << none << QString()
                                              << QStringList() << QString() << QString();
        QTest::newRow("EC certificate PS256") << ec << -kDay << year << QStringLiteral("PS256") << s256 << QString()
                                              << QStringList{QStringLiteral("assertion.algorithm-key-type")}
                                              << QStringLiteral("assertionAlgorithm") << QStringLiteral("ES256");
        QTest::newRow("EC certificate RS256") << ec << -kDay << year << QStringLiteral("RS256") << none << QString()
                                              << QStringList{QStringLiteral("assertion.algorithm-key-type")}
                                              << QStringLiteral("assertionAlgorithm") << QStringLiteral("ES256");
        QTest::newRow("RSA certificate ES256") << rsa << -kDay << year << QStringLiteral("ES256") << none << QString()
                                               << QStringList{QStringLiteral("assertion.algorithm-key-type")}
                                               << QStringLiteral("assertionAlgorithm") << QStringLiteral("PS256");
        QTest::newRow("expired") << rsa << -year << -kDay << QStringLiteral("PS256") << s256 << entra
                                 << QStringList{QStringLiteral("assertion.certificate-expired")}
                                 << QStringLiteral("assertionCertificate") << QStringLiteral("new key");
        QTest::newRow("expires in 10 days")
            << rsa << -kDay << 10 * kDay << QStringLiteral("PS256") << s256 << entra
            << QStringList{QStringLiteral("assertion.certificate-expiring")} << QStringLiteral("assertionCertificate")
            << QStringLiteral("new certificate");
        QTest::newRow("expires in 40 days") << rsa << -kDay << 40 * kDay << QStringLiteral("PS256") << s256 << entra
                                            << QStringList() << QString() << QString();
        QTest::newRow("not yet valid") << rsa << 2 * kDay << year << QStringLiteral("PS256") << s256 << entra
                                       << QStringList{QStringLiteral("assertion.certificate-not-yet-valid")}
                                       << QStringLiteral("assertionCertificate") << QStringLiteral("clock");
        QTest::newRow("Entra, certificate, no thumbprint")
            << rsa << -kDay << year << QStringLiteral("PS256") << none << entra
            << QStringList{QStringLiteral("assertion.entra-no-thumbprint")} << QStringLiteral("assertionThumbprint")
            << QStringLiteral("x5t#S256");
        QTest::newRow("other IdP, certificate, no thumbprint")
            << rsa << -kDay << year << QString() << none << QStringLiteral("okta") << QStringList() << QString()
            << QString();
        QTest::newRow("unreadable certificate") << QStringLiteral("garbage") << 0L << 0L << QString() << s256 << entra
                                                << QStringList{QStringLiteral("assertion.certificate-unreadable")}
                                                << QStringLiteral("assertionCertificate") << QStringLiteral("PEM");
    }

    void workspaceRules()
    {
        QFETCH(QString, key);
        QFETCH(long, validFrom);
        QFETCH(long, validTo);
        QFETCH(QString, algorithm);
        QFETCH(int, thumbprint);
        QFETCH(QString, preset);
        QFETCH(QStringList, expected);
        QFETCH(QString, field);
        QFETCH(QString, fixNames);
        AppRegistration reg = registration();
        if (key == QLatin1String("rsa") || key == QLatin1String("ec")) {
            const JwtSigner &signer = key == QLatin1String("rsa") ? m_rsa : m_ec;
            reg.assertionCertificate =
                QString::fromLatin1(cmic::test::selfSignedCertificate(signer.pkey(), validFrom, validTo));
        } else if (!key.isEmpty()) {
            reg.assertionCertificate = QStringLiteral("-----BEGIN CERTIFICATE-----\nnot base64\n");
        }
        reg.assertionAlgorithm = algorithm;
        reg.assertionThumbprint = AssertionThumbprint(thumbprint);
        reg.idpPreset = preset;
        const Findings findings = AssertionRules::check(reg, QDateTime::currentDateTimeUtc());
        QCOMPARE(codes(findings), expected);
        if (!expected.isEmpty()) {
            const Finding &first = findings.constFirst();
            QCOMPARE(first.field, field);
            QCOMPARE(first.subjectId, QStringLiteral("r1"));
            QVERIFY(first.subjectKind == SubjectKind::Registration);
            QVERIFY2(first.fix.contains(fixNames), qPrintable(first.fix));
            const Severity severity = expected.constFirst().endsWith(QLatin1String("expiring"))
                                              || expected.constFirst().endsWith(QLatin1String("no-thumbprint"))
                                          ? Severity::Warning
                                          : Severity::Error;
            QVERIFY(first.severity == severity);
        }
        // The same findings come out of SetupRules for the workspace.
        Workspace ws;
        ws.registrations << reg;
        SystemClock clock;
        const QStringList all = codes(SetupRules(clock).check(ws));
        for (const QString &code : expected)
            QVERIFY2(all.contains(code), qPrintable(all.join(QLatin1Char(','))));
    }

    void nothingForOtherAuthMethods()
    {
        AppRegistration reg = registration();
        reg.authMethod = ClientAuthMethod::ClientSecretPost;
        reg.assertionThumbprint = AssertionThumbprint::X5t;
        QVERIFY(AssertionRules::check(reg, QDateTime::currentDateTimeUtc()).isEmpty());
        QVERIFY(AssertionRules::checkKey(reg, m_rsa.privateKeyPem()).isEmpty());
    }

    void certificateMustBelongToThePrivateKey_data()
    {
        QTest::addColumn<QString>("certificateOf");
        QTest::addColumn<QString>("keyOf");
        QTest::addColumn<bool>("mismatch");
        QTest::newRow("same RSA key") << QStringLiteral("rsa") << QStringLiteral("rsa") << false;
        QTest::newRow("same EC key") << QStringLiteral("ec") << QStringLiteral("ec") << false;
        QTest::newRow("other RSA key") << QStringLiteral("other") << QStringLiteral("rsa") << true;
        QTest::newRow("EC certificate, RSA key") << QStringLiteral("ec") << QStringLiteral("rsa") << true;
        QTest::newRow("RSA certificate, EC key") << QStringLiteral("rsa") << QStringLiteral("ec") << true;
    }

    void certificateMustBelongToThePrivateKey()
    {
        QFETCH(QString, certificateOf);
        QFETCH(QString, keyOf);
        QFETCH(bool, mismatch);
        const auto signer = [this](const QString &which) -> const JwtSigner & {
            return which == QLatin1String("rsa") ? m_rsa : which == QLatin1String("ec") ? m_ec : m_otherRsa;
        };
        AppRegistration reg = registration();
        reg.assertionCertificate = QString::fromLatin1(cmic::test::selfSignedCertificate(signer(certificateOf).pkey()));
        const Findings findings = AssertionRules::checkKey(reg, signer(keyOf).privateKeyPem());
        QCOMPARE(codes(findings),
                 mismatch ? QStringList{QStringLiteral("assertion.certificate-key-mismatch")} : QStringList());
        if (mismatch) {
            const Finding *f = findCode(findings, QStringLiteral("assertion.certificate-key-mismatch"));
            QVERIFY(f->severity == Severity::Error);
            QCOMPARE(f->field, QStringLiteral("assertionCertificate"));
            // Names both: the certificate (subject, key type) and the private key in the keychain.
            QVERIFY2(f->message.contains(QLatin1String("CN=cmic-test-client")), qPrintable(f->message));
            QVERIFY(f->message.contains(QLatin1String("private key in the keychain")));
            QVERIFY(f->message.contains(keyOf == QLatin1String("ec") ? QLatin1String("EC P-256 key")
                                                                     : QLatin1String("RSA key")));
        }
        // No key, or not a key: nothing here (the token step says why).
        QVERIFY(AssertionRules::checkKey(reg, QByteArray()).isEmpty());
        QVERIFY(AssertionRules::checkKey(reg, QByteArray("not a key")).isEmpty());
    }

    void effectiveAlgorithm_data()
    {
        QTest::addColumn<QString>("configured");
        QTest::addColumn<QStringList>("idp");
        QTest::addColumn<bool>("rsa");
        QTest::addColumn<QString>("expected");
        QTest::newRow("configured wins") << QStringLiteral("RS256") << QStringList{QStringLiteral("PS256")} << true
                                         << QStringLiteral("RS256");
        QTest::newRow("discovery lists PS256 and RS256")
            << QString() << QStringList{QStringLiteral("PS256"), QStringLiteral("RS256")} << true
            << QStringLiteral("RS256");
        QTest::newRow("discovery lists PS256, not RS256")
            << QString() << QStringList{QStringLiteral("ES256"), QStringLiteral("PS256")} << true
            << QStringLiteral("PS256");
        QTest::newRow("discovery ES256 for EC")
            << QString() << QStringList{QStringLiteral("RS256"), QStringLiteral("ES256")} << false
            << QStringLiteral("ES256");
        QTest::newRow("nothing listed, RSA") << QString() << QStringList() << true << QStringLiteral("RS256");
        QTest::newRow("nothing usable, EC")
            << QString() << QStringList{QStringLiteral("RS256")} << false << QStringLiteral("ES256");
    }

    void effectiveAlgorithm()
    {
        QFETCH(QString, configured);
        QFETCH(QStringList, idp);
        QFETCH(bool, rsa);
        QFETCH(QString, expected);
        QCOMPARE(AssertionRules::effectiveAlgorithm(configured, idp, rsa), expected);
    }
};

QTEST_GUILESS_MAIN(TestAssertionRules)
#include "tst_assertionrules.moc"
