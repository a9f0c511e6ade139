#include "AssertionRules.h"

#include "core/model/AppRegistration.h"
#include "core/net/Certificate.h"
#include "core/net/JwtSigner.h"
#include "core/util/Elide.h"

#include <QCoreApplication>

namespace cmic::AssertionRules {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::AssertionRules)
};

// A plural count for tr(): clamped to int (day counts are qint64).
int pluralCount(qint64 n) { return int(qBound(qint64(0), n, qint64(std::numeric_limits<int>::max()))); }

Finding make(const AppRegistration &reg, Severity severity, const char *field, const char *code, const QString &message,
             const QString &fix)
{
    Finding f;
    f.severity = severity;
    f.subjectKind = SubjectKind::Registration;
    f.subjectId = reg.id;
    f.subjectName = elide(reg.name.trimmed());
    f.field = QLatin1String(field);
    f.code = QLatin1String(code);
    f.message = message;
    f.fix = fix;
    return f;
}

bool isEntra(const AppRegistration &reg) { return reg.idpPreset.startsWith(QLatin1String("entra")); }

// "RSA" / "EC P-256" / ... as the algorithm needs it; empty when the algorithm is empty (any key does).
QString keyTypeFor(const QString &algorithm)
{
    if (algorithm == QLatin1String("RS256") || algorithm == QLatin1String("PS256"))
        return QStringLiteral("RSA");
    if (algorithm == QLatin1String("ES256"))
        return QStringLiteral("EC P-256");
    return {};
}

void checkAlgorithmAgainst(Findings &out, const AppRegistration &reg, const QString &keyType, const QString &what,
                           const char *code)
{
    const QString needed = keyTypeFor(reg.assertionAlgorithm);
    if (needed.isEmpty() || keyType.isEmpty() || keyType == needed)
        return;
    const QString other = keyType == QLatin1String("RSA")        ? Tr::tr("PS256 or RS256")
                          : keyType == QLatin1String("EC P-256") ? QStringLiteral("ES256")
                                                                 : QString();
    out << make(
        reg, Severity::Error, "assertionAlgorithm", code,
        Tr::tr("The assertion algorithm %1 needs an %2 key, but %3 has an %4 key.")
            .arg(reg.assertionAlgorithm, needed, what, keyType),
        other.isEmpty()
            ? Tr::tr("Use an RSA (2048 bits or more) or P-256 key and its certificate.")
            : Tr::tr("Set the assertion algorithm to %1, or use an %2 key and its certificate.").arg(other, needed));
}

} // namespace

QString effectiveAlgorithm(const QString &configured, const QStringList &idpAlgorithms, bool rsaKey)
{
    if (!configured.isEmpty())
        return configured;
    if (!rsaKey)
        return QStringLiteral("ES256");
    // RS256 stays the default wherever the IdP takes it (a client key registered with "alg": "RS256" signs nothing
    // else); PS256 only when the IdP lists it and not RS256.
    if (!idpAlgorithms.contains(QLatin1String("RS256")) && idpAlgorithms.contains(QLatin1String("PS256")))
        return QStringLiteral("PS256");
    return QStringLiteral("RS256");
}

QString certificateSummary(const QString &pem, const QDateTime &now)
{
    if (pem.trimmed().isEmpty())
        return {};
    QString error;
    const net::Certificate cert = net::Certificate::fromPem(pem.toUtf8(), &error);
    if (!cert.isValid())
        return error;
    const QDateTime notAfter = cert.notAfter();
    const qint64 days = now.daysTo(notAfter);
    const QString expiry = notAfter < now ? Tr::tr("expired on %1").arg(notAfter.date().toString(Qt::ISODate))
                                          : Tr::tr("valid until %1 (%n day(s) left)", nullptr, pluralCount(days))
                                                .arg(notAfter.date().toString(Qt::ISODate));
    return Tr::tr("%1, %2 key, %3; x5t#S256 %4; x5t %5")
        .arg(elide(cert.subject()), cert.keyType(), expiry, cert.x5tS256(), cert.x5t());
}

Findings check(const AppRegistration &reg, const QDateTime &now)
{
    Findings out;
    if (reg.authMethod != ClientAuthMethod::PrivateKeyJwt)
        return out;
    const QString thumbprint = toString(reg.assertionThumbprint);
    if (reg.assertionCertificate.trimmed().isEmpty()) {
        if (reg.assertionThumbprint != AssertionThumbprint::None) {
            out << make(
                reg, Severity::Error, "assertionThumbprint", "assertion.thumbprint-no-certificate",
                Tr::tr("The assertion header is to carry %1, but the registration has no certificate to compute "
                       "it from.")
                    .arg(thumbprint),
                Tr::tr("Import the public certificate uploaded to the IdP for this key (PEM), or set the "
                       "thumbprint to none."));
        }
        return out;
    }
    QString error;
    const net::Certificate cert = net::Certificate::fromPem(reg.assertionCertificate.toUtf8(), &error);
    if (!cert.isValid()) {
        out << make(reg, Severity::Error, "assertionCertificate", "assertion.certificate-unreadable", error,
                    Tr::tr("Import the certificate again as PEM (the file uploaded to the IdP, .pem/.crt/.cer)."));
        return out;
    }
    checkAlgorithmAgainst(out, reg, cert.keyType(), Tr::tr("the certificate"), "assertion.algorithm-key-type");

    const QString subject = elide(cert.subject());
    const QDateTime notAfter = cert.notAfter();
    const QString until = notAfter.toString(Qt::ISODate);
    if (notAfter.isValid() && notAfter < now) {
        out << make(
            reg, Severity::Error, "assertionCertificate", "assertion.certificate-expired",
            Tr::tr("The certificate %1 expired on %2; the IdP refuses assertions signed for it.").arg(subject, until),
            Tr::tr("Make a new key and certificate, upload the certificate to the IdP and import both here."));
    } else if (notAfter.isValid() && now.daysTo(notAfter) < kCertificateExpiryWarningDays) {
        out << make(
            reg, Severity::Warning, "assertionCertificate", "assertion.certificate-expiring",
            Tr::tr("The certificate %1 expires on %2, in %n day(s).", nullptr, pluralCount(now.daysTo(notAfter)))
                .arg(subject, until),
            Tr::tr("Upload a new certificate to the IdP before then, import it here with its key and switch "
                   "over."));
    }
    const QDateTime notBefore = cert.notBefore();
    if (notBefore.isValid() && notBefore > now) {
        out << make(reg, Severity::Error, "assertionCertificate", "assertion.certificate-not-yet-valid",
                    Tr::tr("The certificate %1 is valid only from %2.").arg(subject, notBefore.toString(Qt::ISODate)),
                    Tr::tr("Check this computer's clock, or wait until the certificate is valid."));
    }
    if (isEntra(reg) && reg.assertionThumbprint == AssertionThumbprint::None) {
        out << make(
            reg, Severity::Warning, "assertionThumbprint", "assertion.entra-no-thumbprint",
            Tr::tr("Microsoft Entra finds the certificate of a client assertion by the thumbprint in its header; "
                   "without one it answers AADSTS700027."),
            Tr::tr("Set the thumbprint to x5t#S256 (with PS256, as Entra's current documentation asks) or x5t "
                   "(with RS256, older documentation)."));
    }
    return out;
}

Findings checkKey(const AppRegistration &reg, const QByteArray &keyPem)
{
    Findings out;
    if (reg.authMethod != ClientAuthMethod::PrivateKeyJwt || keyPem.isEmpty())
        return out;
    if (reg.assertionCertificate.trimmed().isEmpty())
        return out;
    const net::JwtSigner signer = net::JwtSigner::fromPem(keyPem);
    if (!signer.isValid())
        return out;
    const QString keyType = signer.isRsa() ? QStringLiteral("RSA") : QStringLiteral("EC P-256");
    const net::Certificate cert = net::Certificate::fromPem(reg.assertionCertificate.toUtf8());
    if (cert.isValid() && !cert.matchesKey(signer.pkey())) {
        out << make(
            reg, Severity::Error, "assertionCertificate", "assertion.certificate-key-mismatch",
            Tr::tr("The certificate %1 (%2 key, x5t#S256 %3) does not belong to the private key in the keychain "
                   "(%4 key): the IdP would look up one key and find a signature made with another.")
                .arg(elide(cert.subject()), cert.keyType(), cert.x5tS256(), keyType),
            Tr::tr("Import the certificate made for this private key, or the private key that belongs to the "
                   "certificate uploaded to the IdP."));
    }
    return out;
}

} // namespace cmic::AssertionRules
