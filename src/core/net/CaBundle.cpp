#include "CaBundle.h"

#include "core/rules/SettingsRules.h"
#include "core/util/BoundedFile.h"
#include "core/util/FileNames.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QSslCertificate>
#include <QSslCertificateExtension>
#include <QVariantMap>

#include <algorithm>

namespace cmic::net {

namespace {

// The translation context of this file's messages.
class CaBundle
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net::CaBundle)
};

QString place() { return settingPlace(QLatin1String(settingsField::kCaBundlePath)); }

Finding bundleFinding(Severity severity, const char *code, const QString &message, const QString &fix)
{
    return makeSettingFinding(severity, QStringLiteral("settings.ca-bundle-") + QLatin1String(code), message, fix,
                              QLatin1String(settingsField::kCaBundlePath));
}

QString fingerprint(const QSslCertificate &certificate)
{
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (qsizetype i = 0; i + 1 < digest.size(); i += 2)
        pairs << QString::fromLatin1(digest.mid(i, 2));
    return pairs.join(QLatin1Char(':'));
}

QString displayName(const QSslCertificate &certificate, bool issuer)
{
    const QString name = issuer ? certificate.issuerDisplayName() : certificate.subjectDisplayName();
    return name.isEmpty() ? CaBundle::tr("(no name)") : name;
}

bool isCaCertificate(const QSslCertificate &certificate)
{
    for (const QSslCertificateExtension &extension : certificate.extensions()) {
        if (extension.name() == QLatin1String("basicConstraints"))
            return extension.value().toMap().value(QStringLiteral("ca")).toBool();
    }
    // An X.509 v1 root has no extensions at all; a self-signed one is a trust anchor.
    return certificate.isSelfSigned();
}

// "the file x.pem" or "the bundle" for messages.
QString named(const QString &path)
{
    return path.isEmpty() ? CaBundle::tr("The CA bundle")
                          : CaBundle::tr("The CA bundle %1").arg(pathInMessage(QDir::toNativeSeparators(path)));
}

} // namespace

bool CaBundleInspection::usable() const
{
    return std::none_of(findings.cbegin(), findings.cend(),
                        [](const Finding &f) { return f.severity == Severity::Error; });
}

CaBundleInspection inspectCaBundlePem(const QByteArray &pem, const QDateTime &now, const QString &path)
{
    CaBundleInspection out;
    const QString what = named(path);
    const QString pemFix =
        CaBundle::tr("Export your organisation's root CA certificate as Base-64 (PEM: text starting with "
                     "-----BEGIN CERTIFICATE-----) and choose that file in %1.")
            .arg(place());
    if (pem.trimmed().isEmpty()) {
        out.findings << bundleFinding(Severity::Error, "empty", CaBundle::tr("%1 is empty.").arg(what), pemFix);
        return out;
    }
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        const bool binary = pem.contains('\0') || (!pem.isEmpty() && static_cast<unsigned char>(pem.at(0)) == 0x30);
        const QString message =
            binary ? CaBundle::tr("%1 is not PEM: it looks like a binary (DER) certificate.").arg(what)
            : pem.contains("PRIVATE KEY")
                ? CaBundle::tr("%1 holds a private key, not a certificate. Never give the console a key "
                               "here.")
                      .arg(what)
                : CaBundle::tr("%1 is not PEM: it holds no -----BEGIN CERTIFICATE----- block.").arg(what);
        const QString fix =
            binary ? CaBundle::tr("Convert it with: openssl x509 -inform der -in root.cer -out root.pem, then "
                                  "choose root.pem in %1.")
                         .arg(place())
                   : pemFix;
        out.findings << bundleFinding(Severity::Error, "not-pem", message, fix);
        return out;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty()) {
        out.findings << bundleFinding(
            Severity::Error, "not-pem",
            CaBundle::tr("%1 has a certificate block, but no certificate in it could be read.").arg(what), pemFix);
        return out;
    }
    const QDateTime utcNow = now.toUTC();
    for (const QSslCertificate &certificate : certificates) {
        CaCertificateInfo info;
        info.subject = displayName(certificate, false);
        info.issuer = displayName(certificate, true);
        info.validFrom = certificate.effectiveDate().toUTC();
        info.validTo = certificate.expiryDate().toUTC();
        info.sha256Fingerprint = fingerprint(certificate);
        info.isCa = isCaCertificate(certificate);
        info.expired = info.validTo.isValid() && info.validTo < utcNow;
        info.notYetValid = info.validFrom.isValid() && info.validFrom > utcNow;
        out.certificates << info;
        if (info.expired) {
            out.findings << bundleFinding(
                Severity::Warning, "expired",
                CaBundle::tr(
                    "The certificate \u201c%1\u201d in the CA bundle expired on %2; servers it issued for cannot be "
                    "trusted with it.")
                    .arg(info.subject, info.validTo.toString(Qt::ISODate)),
                CaBundle::tr("Get the current root certificate from your PKI team and replace the file chosen in %1.")
                    .arg(place()));
        } else if (info.notYetValid) {
            out.findings << bundleFinding(
                Severity::Warning, "not-yet-valid",
                CaBundle::tr("The certificate \u201c%1\u201d in the CA bundle is not valid before %2.")
                    .arg(info.subject, info.validFrom.toString(Qt::ISODate)),
                CaBundle::tr(
                    "Check this computer's date and time; if it is right, use the certificate in force today in %1.")
                    .arg(place()));
        }
        if (!info.isCa) {
            out.findings << bundleFinding(
                Severity::Warning, "not-ca",
                CaBundle::tr("The certificate \u201c%1\u201d in the CA bundle is not a CA certificate (a server's own "
                             "certificate, issued by \u201c%2\u201d); it cannot vouch for other servers.")
                    .arg(info.subject, info.issuer),
                CaBundle::tr(
                    "Put the root (and intermediate) CA certificates of your organisation in the file chosen in %1, "
                    "not a server's certificate.")
                    .arg(place()));
        }
    }
    return out;
}

CaBundleInspection inspectCaBundle(const QString &path, const QDateTime &now)
{
    QByteArray pem;
    const BoundedRead read = readRegularFile(path, kMaxCaBundleBytes, &pem);
    if (read.ok())
        return inspectCaBundlePem(pem, now, path);
    CaBundleInspection out;
    const char *code = read.error == BoundedRead::Error::NotFound   ? "not-found"
                       : read.error == BoundedRead::Error::TooLarge ? "too-large"
                                                                    : "unreadable";
    const QString fix =
        read.error == BoundedRead::Error::TooLarge
            ? CaBundle::tr("A CA bundle is a few certificates (some KiB); choose the file with only your "
                           "organisation's root and intermediate certificates in %1.")
                  .arg(place())
        : read.error == BoundedRead::Error::Unreadable
            ? CaBundle::tr("Check the file's permissions, or copy it to a folder you can read and choose it in "
                           "%1.")
                  .arg(place())
            : CaBundle::tr("Choose the PEM file again in %1.").arg(place());
    out.findings << bundleFinding(
        Severity::Error, code,
        CaBundle::tr("Cannot read the CA bundle: %1.").arg(describeReadProblem(read, path, kMaxCaBundleBytes)), fix);
    return out;
}

} // namespace cmic::net
