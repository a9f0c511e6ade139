#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>

class QSslConfiguration;

namespace cmic::sandbox {

// What is wrong with a generated server certificate, for the TLS fault tests.
enum class LeafProblem { None, Expired, WrongHost };

// A CA and a server certificate for localhost / 127.0.0.1 / ::1, generated with OpenSSL (P-256 keys), so the
// console's "extra CA bundle" path is exercised exactly as with an organisation's internal CA.
struct TlsMaterial
{
    QByteArray caPem;
    QString caPemPath; // the CA certificate written to the given folder (empty when none was given)
    QSslCertificate caCertificate;
    QSslCertificate leafCertificate;
    QSslKey leafKey;

    QSslConfiguration serverConfiguration() const;

    // |folder| may be empty (then nothing is written). A fresh CA each call.
    static std::optional<TlsMaterial> generate(const QString &folder, LeafProblem problem = LeafProblem::None,
                                               QString *error = nullptr);
};

} // namespace cmic::sandbox
