#pragma once

// What expires, by date: each registration's client secret (or, for private_key_jwt, the key registered at the IdP)
// from its recorded expiry date, and the public certificate of its client assertion; plus the JWKS signing keys as the
// validation runs last saw them. The levels follow the rules' thresholds (SetupRules::kSecretExpiryWarningDays,
// kCertificateExpiryWarningDays): expired is an error, within the warning days a warning. Decided here; the console's
// Expiry view only shows it.

#include "ValidationHistory.h"
#include "core/model/Workspace.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>

namespace cmic::validation {

enum class ExpiryLevel { Ok, Warning, Expired, Unknown };

struct ExpiryItem
{
    enum class Kind { ClientSecret, PrivateKey, Certificate };
    Kind kind = Kind::ClientSecret;
    QString registrationId;
    QString registrationName;
    QString field; // the form field that holds the date (or the certificate)
    QDate expires; // null when unknown
    qint64 daysLeft = 0;
    ExpiryLevel level = ExpiryLevel::Unknown;
    QString what;    // "Client secret", "Private key (registered certificate)", "Certificate CN=..." (translated)
    QString message; // "expires in 10 days (2026-12-12): create a new secret before then" (translated)

    bool operator==(const ExpiryItem &) const = default;
};

// A JWKS signing key of a registration as last seen, for the same view.
struct SigningKeyRow
{
    QString registrationId;
    QString registrationName;
    SigningKeySeen key;
    bool rotationDetected = false; // the last run that read the JWKS saw keys appear or disappear
    QString message;               // "current", "rotated out: not in the JWKS since ..." (translated)
};

struct ExpiryOverview
{
    Q_DECLARE_TR_FUNCTIONS(cmic::validation::ExpiryOverview)

public:
    // The level of a date against |today| and |warningDays|: Unknown for a null date.
    static ExpiryLevel levelOf(const QDate &expires, const QDate &today, int warningDays);
    // Every secret, key and certificate of |workspace|, the soonest first, unknown dates last.
    static QList<ExpiryItem> items(const Workspace &workspace, const QDate &today);
    // Every signing key |history| holds for the workspace's registrations, by registration then as signingKeys().
    static QList<SigningKeyRow> signingKeys(const Workspace &workspace, const ValidationHistory &history);
    // The worst level among |items| (Ok when none is a warning or expired).
    static ExpiryLevel worst(const QList<ExpiryItem> &items);
};

// "ok", "warning", "expired", "unknown".
QString toString(ExpiryLevel level);

} // namespace cmic::validation
