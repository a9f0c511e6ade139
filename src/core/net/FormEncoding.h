#pragma once

#include <QByteArray>
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
// Reverses basicAuthorization(); false when the header is not Basic or malformed.
bool parseBasicAuthorization(const QByteArray &header, QString *clientId, QString *clientSecret);

} // namespace cmic::net
