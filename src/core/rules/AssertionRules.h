#pragma once

#include "Finding.h"

#include <QByteArray>
#include <QDateTime>

namespace cmic {

struct AppRegistration;

// Checks of a private_key_jwt registration's client-assertion settings: the algorithm against the key type, the
// certificate (readable, valid now, not expiring soon, same public key as the private key) and the header
// thumbprint (Entra's certificate credentials need one). Codes are listed in docs/rules.md.
namespace AssertionRules {

// Days before a certificate's expiry from which a warning is given.
constexpr int kCertificateExpiryWarningDays = 30;

// What the workspace alone tells (SetupRules runs this for every registration).
Findings check(const AppRegistration &registration, const QDateTime &now);
// What needs the private key too: whether the certificate belongs to it (|keyPem| as read from the keychain, read
// in place; nothing when it is empty or unreadable, or when the key cannot sign the algorithm: the token step
// reports those itself, as token.assertion-key / token.assertion-algorithm).
Findings checkKey(const AppRegistration &registration, const QByteArray &keyPem);

// One line about a certificate for the forms: subject, key type, validity and expiry (days left, or "expired"),
// and both thumbprints (x5t#S256 and x5t); or why it cannot be read. Empty for an empty |pem|.
QString certificateSummary(const QString &pem, const QDateTime &now);

// The algorithm the assertion is signed with: the registration's; else ES256 for an EC key; for an RSA key RS256,
// or PS256 when |idpAlgorithms| (discovery's token_endpoint_auth_signing_alg_values_supported) lists PS256 and not
// RS256.
QString effectiveAlgorithm(const QString &configured, const QStringList &idpAlgorithms, bool rsaKey);

} // namespace AssertionRules

} // namespace cmic
