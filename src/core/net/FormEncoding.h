#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace cmic::net {

using FormFields = QList<QPair<QString, QString>>;

// application/x-www-form-urlencoded as RFC 6749 uses it (Appendix B): UTF-8, space as '+', everything but
// ALPHA / DIGIT / "*-._" percent-encoded. Also the encoding of client id and secret before Basic (§2.3.1).
QByteArray formEncode(const QString &value);
QString formDecode(const QByteArray &value);
QByteArray formEncode(const FormFields &fields);
FormFields formDecodeFields(const QByteArray &body);
QString formValue(const FormFields &fields, const QString &name); // first match, empty when absent

// "Basic base64(formEncode(id) ':' formEncode(secret))"
QByteArray basicAuthorization(const QString &clientId, const QString &clientSecret);
// The same from the secret's UTF-8 bytes (a SecretBuffer's view): the encoded pair is built in a buffer of its own
// that is wiped, and the header is allocated once at its final size, so the one copy of the secret this leaves is
// the returned header.
QByteArray basicAuthorization(const QString &clientId, QByteArrayView clientSecretUtf8);
// |before| & |secretName|=formEncode(|secretUtf8|) & |after|, allocated once at its final size (no reallocation
// leaves a partial copy of the secret behind): the one copy of the secret is the returned body.
QByteArray formEncodeWithSecret(const FormFields &before, const QString &secretName, QByteArrayView secretUtf8,
                                const FormFields &after);
// Reverses basicAuthorization(); false when the header is not Basic or malformed.
bool parseBasicAuthorization(const QByteArray &header, QString *clientId, QString *clientSecret);

} // namespace cmic::net
