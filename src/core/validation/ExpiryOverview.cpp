#include "ExpiryOverview.h"

#include "core/net/Certificate.h"
#include "core/rules/AssertionRules.h"
#include "core/rules/SetupRules.h"

#include <algorithm>

namespace cmic::validation {

namespace {

QString dayMessage(qint64 days, const QDate &date, const QString &renew)
{
    const QString iso = date.toString(Qt::ISODate);
    if (days < 0)
        return ExpiryOverview::tr("expired %n day(s) ago (%1): %2", nullptr, int(-days)).arg(iso, renew);
    if (days == 0)
        return ExpiryOverview::tr("expires today (%1): %2").arg(iso, renew);
    return ExpiryOverview::tr("expires in %n day(s) (%1)", nullptr, int(days)).arg(iso);
}

} // namespace

ExpiryLevel ExpiryOverview::levelOf(const QDate &expires, const QDate &today, int warningDays)
{
    if (!expires.isValid())
        return ExpiryLevel::Unknown;
    const qint64 days = today.daysTo(expires);
    if (days < 0)
        return ExpiryLevel::Expired;
    return days <= warningDays ? ExpiryLevel::Warning : ExpiryLevel::Ok;
}

QList<ExpiryItem> ExpiryOverview::items(const Workspace &workspace, const QDate &today)
{
    QList<ExpiryItem> out;
    for (const AppRegistration &reg : workspace.registrations) {
        const bool key = reg.authMethod == ClientAuthMethod::PrivateKeyJwt;
        ExpiryItem secret;
        secret.kind = key ? ExpiryItem::Kind::PrivateKey : ExpiryItem::Kind::ClientSecret;
        secret.registrationId = reg.id;
        secret.registrationName = reg.name;
        secret.field = QStringLiteral("secretExpiry");
        secret.expires = reg.secretExpiry;
        secret.level = levelOf(reg.secretExpiry, today, SetupRules::kSecretExpiryWarningDays);
        secret.what = key ? tr("Private key (certificate registered at the IdP)") : tr("Client secret");
        const QString renew = key ? tr("upload a new certificate at the identity provider and update the key here.")
                                  : tr("create a new secret at the identity provider and store it here.");
        if (reg.secretExpiry.isValid()) {
            secret.daysLeft = today.daysTo(reg.secretExpiry);
            secret.message = dayMessage(secret.daysLeft, reg.secretExpiry, renew);
            if (secret.level == ExpiryLevel::Warning && secret.daysLeft > 0)
                secret.message +=
                    QStringLiteral(": ")
                    + (key ? tr("upload a new certificate before then.") : tr("create a new secret before then."));
        } else {
            secret.message = tr("expiry not recorded: enter the date the identity provider shows, to be warned %n "
                                "day(s) ahead.",
                                nullptr, SetupRules::kSecretExpiryWarningDays);
        }
        out.append(secret);

        if (key && !reg.assertionCertificate.trimmed().isEmpty()) {
            const net::Certificate cert = net::Certificate::fromPem(reg.assertionCertificate.toUtf8());
            if (cert.isValid()) {
                ExpiryItem c;
                c.kind = ExpiryItem::Kind::Certificate;
                c.registrationId = reg.id;
                c.registrationName = reg.name;
                c.field = QStringLiteral("assertionCertificate");
                c.expires = cert.notAfter().toUTC().date();
                c.daysLeft = today.daysTo(c.expires);
                c.level = levelOf(c.expires, today, AssertionRules::kCertificateExpiryWarningDays);
                c.what = tr("Certificate %1").arg(cert.subject());
                c.message = dayMessage(c.daysLeft, c.expires,
                                       tr("make a new certificate, upload it at the identity provider and paste it "
                                          "here."));
                out.append(c);
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const ExpiryItem &a, const ExpiryItem &b) {
        if (a.expires.isValid() != b.expires.isValid())
            return a.expires.isValid();
        return a.expires < b.expires;
    });
    return out;
}

QList<SigningKeyRow> ExpiryOverview::signingKeys(const Workspace &workspace, const ValidationHistory &history)
{
    QList<SigningKeyRow> out;
    for (const AppRegistration &reg : workspace.registrations) {
        const std::optional<KeyRotation> rotation = history.lastRotation(workspace.id, reg.id);
        for (const SigningKeySeen &key : history.signingKeys(workspace.id, reg.id)) {
            SigningKeyRow row{reg.id, reg.name, key, rotation.has_value(), {}};
            const QString last = key.lastSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
            if (!key.current)
                row.message = tr("rotated out: not in the JWKS since the run after %1. Tokens signed with it are "
                                 "refused.")
                                  .arg(last);
            else if (rotation && rotation->added.contains(key.kid))
                row.message = tr("new at the last rotation (%1): check that CMiC reads the JWKS again.")
                                  .arg(rotation->at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
            else
                row.message = tr("current, last seen %1").arg(last);
            out.append(row);
        }
    }
    return out;
}

ExpiryLevel ExpiryOverview::worst(const QList<ExpiryItem> &items)
{
    ExpiryLevel worst = ExpiryLevel::Ok;
    for (const ExpiryItem &item : items) {
        if (item.level == ExpiryLevel::Expired)
            return ExpiryLevel::Expired;
        if (item.level == ExpiryLevel::Warning)
            worst = ExpiryLevel::Warning;
    }
    return worst;
}

QString toString(ExpiryLevel level)
{
    switch (level) {
    case ExpiryLevel::Ok: return QStringLiteral("ok");
    case ExpiryLevel::Warning: return QStringLiteral("warning");
    case ExpiryLevel::Expired: return QStringLiteral("expired");
    case ExpiryLevel::Unknown: return QStringLiteral("unknown");
    }
    return {};
}

} // namespace cmic::validation
