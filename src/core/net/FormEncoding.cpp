#include "FormEncoding.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <memory>

namespace cmic::net {

namespace {

// RFC 6749 Appendix B over bytes, exactly as formEncode(QString) does it: ALPHA / DIGIT / "*-._" as they are, space
// as '+', every other byte %XX (upper-case hex).
bool keptAsIs(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' || c == '-'
           || c == '.' || c == '_';
}

qsizetype encodedSize(QByteArrayView bytes)
{
    qsizetype size = 0;
    for (char c : bytes)
        size += keptAsIs(static_cast<unsigned char>(c)) || c == ' ' ? 1 : 3;
    return size;
}

// Writes the encoding of |bytes| at |out| (encodedSize(bytes) characters); returns the end.
char *encodeInto(QByteArrayView bytes, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (keptAsIs(u)) {
            *out++ = c;
        } else if (c == ' ') {
            *out++ = '+';
        } else {
            *out++ = '%';
            *out++ = hex[u >> 4];
            *out++ = hex[u & 0xf];
        }
    }
    return out;
}

// Scratch bytes that hold a secret for a moment: wiped when they go.
class WipedScratch
{
public:
    explicit WipedScratch(qsizetype size)
        : m_data(std::make_unique<char[]>(size_t(qMax<qsizetype>(size, 1)))), m_size(size)
    {}
    ~WipedScratch() { OPENSSL_cleanse(m_data.get(), size_t(m_size)); }
    WipedScratch(const WipedScratch &) = delete;
    WipedScratch &operator=(const WipedScratch &) = delete;
    char *data() { return m_data.get(); }
    qsizetype size() const { return m_size; }

private:
    std::unique_ptr<char[]> m_data;
    qsizetype m_size;
};

} // namespace

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

QByteArray basicAuthorization(const QString &clientId, QByteArrayView clientSecretUtf8)
{
    const QByteArray id = formEncode(clientId);
    WipedScratch pair(id.size() + 1 + encodedSize(clientSecretUtf8));
    std::memcpy(pair.data(), id.constData(), size_t(id.size()));
    pair.data()[id.size()] = ':';
    encodeInto(clientSecretUtf8, pair.data() + id.size() + 1);
    const QByteArrayView prefix("Basic ");
    // EVP_EncodeBlock writes 4 characters per 3 bytes and a NUL, which QByteArray's terminator has room for.
    QByteArray header(prefix.size() + 4 * ((pair.size() + 2) / 3), Qt::Uninitialized);
    std::memcpy(header.data(), prefix.data(), size_t(prefix.size()));
    EVP_EncodeBlock(reinterpret_cast<unsigned char *>(header.data() + prefix.size()),
                    reinterpret_cast<const unsigned char *>(pair.data()), int(pair.size()));
    return header;
}

QByteArray formEncodeWithSecret(const FormFields &before, const QString &secretName, QByteArrayView secretUtf8,
                                const FormFields &after)
{
    const QByteArray head = formEncode(before);
    const QByteArray name = formEncode(secretName);
    const QByteArray tail = formEncode(after);
    const qsizetype size = head.size() + (head.isEmpty() ? 0 : 1) + name.size() + 1 + encodedSize(secretUtf8)
                           + (tail.isEmpty() ? 0 : 1) + tail.size();
    QByteArray body(size, Qt::Uninitialized);
    char *out = body.data();
    const auto put = [&out](QByteArrayView part) {
        std::memcpy(out, part.data(), size_t(part.size()));
        out += part.size();
    };
    put(head);
    if (!head.isEmpty())
        *out++ = '&';
    put(name);
    *out++ = '=';
    out = encodeInto(secretUtf8, out);
    if (!tail.isEmpty()) {
        *out++ = '&';
        put(tail);
    }
    Q_ASSERT(out == body.data() + body.size());
    return body;
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
