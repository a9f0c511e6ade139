#include "FormEncoding.h"

namespace cmic::net {

QByteArray formEncode(const QString &value)
{
    QByteArray encoded = value.toUtf8().toPercentEncoding(QByteArrayLiteral(" *"), QByteArrayLiteral("~"));
    encoded.replace(' ', '+');
    return encoded;
}

QString formDecode(const QByteArray &value)
{
    QByteArray spaced = value;
    spaced.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(spaced));
}

QByteArray formEncode(const FormFields &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += formEncode(name) + '=' + formEncode(value);
    }
    return body;
}

FormFields formDecodeFields(const QByteArray &body)
{
    FormFields fields;
    for (const QByteArray &pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0)
            fields.append({formDecode(pair), QString()});
        else
            fields.append({formDecode(pair.left(eq)), formDecode(pair.mid(eq + 1))});
    }
    return fields;
}

QString formValue(const FormFields &fields, const QString &name)
{
    for (const auto &[key, value] : fields) {
        if (key == name)
            return value;
    }
    return {};
}

QByteArray basicAuthorization(const QString &clientId, const QString &clientSecret)
{
    const QByteArray pair = formEncode(clientId) + ':' + formEncode(clientSecret);
    return QByteArrayLiteral("Basic ") + pair.toBase64();
}

bool parseBasicAuthorization(const QByteArray &header, QString *clientId, QString *clientSecret)
{
    const QByteArray trimmed = header.trimmed();
    if (!trimmed.left(6).toLower().startsWith("basic "))
        return false;
    const auto decoded =
        QByteArray::fromBase64Encoding(trimmed.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (colon < 0)
        return false;
    if (clientId)
        *clientId = formDecode(decoded.decoded.left(colon));
    if (clientSecret)
        *clientSecret = formDecode(decoded.decoded.mid(colon + 1));
    return true;
}

} // namespace cmic::net
