#include "HttpExchange.h"

#include "FormEncoding.h"
#include "HttpPolicy.h"
#include "core/export/Escapers.h"
#include "core/model/Workspace.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrlQuery>

namespace cmic::net {

const QByteArray HttpExchange::kMask = QByteArrayLiteral("***");

namespace {

QByteArray headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString shellQuote(const QString &text) { return escape::shellWord(text); }

bool isSensitiveHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" || lower == "set-cookie";
}

QJsonArray headersToJson(const HeaderList &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QString(QString::fromLatin1(name) + QLatin1String(": ") + QString::fromLatin1(value)));
    return array;
}

} // namespace

bool HttpExchange::isSecretParameter(const QByteArray &name)
{
    return name == "client_secret" || name == "client_assertion" || name == "access_token" || name == "refresh_token"
           || name == "id_token" || name == "password";
}

HeaderList HttpExchange::maskHeaders(const HeaderList &headers)
{
    HeaderList masked;
    masked.reserve(headers.size());
    for (const auto &[name, value] : headers) {
        if (!isSensitiveHeader(name)) {
            masked.append({name, value});
            continue;
        }
        // Keep the scheme ("Basic", "Bearer") so the trace still says what kind of credential went out.
        const qsizetype space = value.indexOf(' ');
        const bool hasScheme = name.toLower().endsWith("authorization") && space > 0;
        masked.append({name, hasScheme ? value.left(space + 1) + kMask : kMask});
    }
    return masked;
}

QByteArray HttpExchange::maskFormBody(const QByteArray &body)
{
    QList<QByteArray> parts = body.split('&');
    for (QByteArray &part : parts) {
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            continue;
        if (isSecretParameter(formDecode(part.left(eq)).toUtf8()))
            part = part.left(eq + 1) + kMask;
    }
    return parts.join('&');
}

QUrl HttpExchange::maskUrl(const QUrl &url)
{
    QUrl masked = url;
    if (!masked.password().isEmpty())
        masked.setPassword(QString::fromLatin1(kMask));
    if (!url.hasQuery())
        return masked;
    QUrlQuery query(url);
    bool changed = false;
    QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
    for (auto &[name, value] : items) {
        if (isSecretParameter(QByteArray::fromPercentEncoding(name.toLatin1()))) {
            value = QString::fromLatin1(kMask);
            changed = true;
        }
    }
    if (changed) {
        query.setQueryItems(items);
        masked.setQuery(query);
    }
    return masked;
}

namespace {

// The end of the JSON string whose opening quote is at |open|: the index of its closing quote, or |text|'s size
// when the text ends inside it (a cut excerpt).
qsizetype stringEnd(const QByteArray &text, qsizetype open)
{
    for (qsizetype i = open + 1; i < text.size(); ++i) {
        if (text.at(i) == '\\')
            ++i;
        else if (text.at(i) == '"')
            return i;
    }
    return text.size();
}

// A JSON string's contents (between the quotes) decoded as a JSON parser would, for comparing member names:
// an IdP may write "access\u005ftoken". Only what a member name needs; malformed escapes decode to nothing.
QByteArray decodeJsonString(QByteArrayView raw)
{
    QString decoded;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw.at(i);
        if (c != '\\' || i + 1 >= raw.size()) {
            decoded.append(QLatin1Char(c));
            continue;
        }
        const char e = raw.at(++i);
        if (e == 'u' && i + 4 < raw.size()) {
            bool ok = false;
            const ushort unit = QByteArrayView(raw.data() + i + 1, 4).toUShort(&ok, 16);
            if (ok)
                decoded.append(QChar(unit));
            i += 4;
        } else if (e == '"' || e == '\\' || e == '/') {
            decoded.append(QLatin1Char(e));
        }
    }
    return decoded.toUtf8();
}

} // namespace

QByteArray HttpExchange::maskJsonTokens(const QByteArray &body)
{
    // Scans the text (a whole body, or a JSON document that was cut) for string members whose name, decoded, is a
    // secret parameter, and replaces their value. A value cut by the end of the text is masked to the end, so no
    // prefix of a token survives. Bodies that are not JSON pass through (they hold no member to mask).
    QByteArray masked;
    masked.reserve(body.size());
    qsizetype copied = 0;
    for (qsizetype i = 0; i < body.size(); ++i) {
        if (body.at(i) != '"')
            continue;
        const qsizetype nameEnd = stringEnd(body, i);
        if (nameEnd >= body.size())
            break;
        const QByteArrayView name(body.constData() + i + 1, nameEnd - i - 1);
        qsizetype j = nameEnd + 1;
        while (j < body.size() && (body.at(j) == ' ' || body.at(j) == '\t' || body.at(j) == '\r' || body.at(j) == '\n'))
            ++j;
        if (j >= body.size() || body.at(j) != ':') {
            i = nameEnd; // a string value, not a member name
            continue;
        }
        ++j;
        while (j < body.size() && (body.at(j) == ' ' || body.at(j) == '\t' || body.at(j) == '\r' || body.at(j) == '\n'))
            ++j;
        if (j >= body.size() || body.at(j) != '"' || !isSecretParameter(decodeJsonString(name))) {
            i = j - 1;
            continue;
        }
        const qsizetype valueEnd = stringEnd(body, j);
        masked.append(body.constData() + copied, j + 1 - copied);
        masked.append(kMask);
        masked.append('"');
        copied = qMin(valueEnd + 1, body.size());
        i = valueEnd;
    }
    masked.append(body.constData() + copied, body.size() - copied);
    return masked;
}

QByteArray HttpExchange::responseHeader(const QByteArray &name) const { return headerValue(responseHeaders, name); }

QByteArray HttpExchange::requestHeader(const QByteArray &name) const { return headerValue(requestHeaders, name); }

CurlOptions CurlOptions::fromSettings(const WorkspaceSettings &settings, const QString &workspaceFilePath)
{
    CurlOptions options;
    options.caBundlePath = HttpPolicy::resolveCaBundlePath(settings.caBundlePath.trimmed(), workspaceFilePath);
    options.proxyMode = settings.proxyMode;
    options.proxyUrl = settings.proxyMode == ProxyMode::Manual ? settings.proxyUrl.trimmed() : QString();
    return options;
}

QStringList CurlOptions::argumentsFor(const QUrl &url) const
{
    QStringList out;
    if (!caBundlePath.isEmpty())
        out << QStringLiteral("--cacert ") + shellQuote(caBundlePath);
    if (HttpPolicy::isLoopbackHost(url.host()) || proxyMode == ProxyMode::None) {
        // The console never sends these through a proxy; neither may curl (it would read $https_proxy).
        out << QStringLiteral("--noproxy '*'");
    } else if (proxyMode == ProxyMode::Manual && !proxyUrl.isEmpty()) {
        const QUrl proxy(proxyUrl);
        out << QStringLiteral("--proxy ") + shellQuote(proxy.toString(QUrl::RemoveUserInfo));
        if (!proxy.userName().isEmpty()) {
            out << QStringLiteral("--proxy-user ") + shellQuote(proxy.userName() + QLatin1Char(':'))
                       + QStringLiteral("\"$CMIC_PROXY_PASSWORD\"");
        }
    }
    return out;
}

QString HttpExchange::toCurl(const CurlOptions &options) const
{
    QStringList parts{QStringLiteral("curl -sS")};
    parts << options.argumentsFor(url);
    if (method != QLatin1String("GET"))
        parts << QStringLiteral("-X ") + method;
    parts << shellQuote(url.toString(QUrl::FullyEncoded));
    bool needsFormSecretNote = false;
    for (const auto &[name, value] : requestHeaders) {
        const QByteArray lower = name.toLower();
        if (lower == "content-length" || lower == "host" || lower == "connection" || lower == "accept-encoding"
            || lower == "accept-language" || lower == "user-agent")
            continue;
        if (lower == "authorization") {
            if (value.toLower().startsWith("basic") && !basicClientId.isEmpty()) {
                parts << QStringLiteral("-u ")
                             + shellQuote(QString::fromLatin1(formEncode(basicClientId)) + QLatin1Char(':'))
                             + QStringLiteral("\"$CMIC_CLIENT_SECRET\"");
                needsFormSecretNote = true;
            } else if (value.toLower().startsWith("bearer")) {
                parts << QStringLiteral("-H \"Authorization: Bearer $CMIC_ACCESS_TOKEN\"");
            }
            continue;
        }
        parts << QStringLiteral("-H ")
                     + shellQuote(QString::fromLatin1(name) + QLatin1String(": ") + QString::fromLatin1(value));
    }
    const bool isForm = requestHeader("content-type").toLower().startsWith("application/x-www-form-urlencoded");
    if (isForm) {
        for (const auto &[name, value] : formDecodeFields(requestBody)) {
            if (isSecretParameter(name.toUtf8())) {
                const QString variable = name == QLatin1String("client_assertion")
                                             ? QStringLiteral("CMIC_CLIENT_ASSERTION")
                                         : name == QLatin1String("client_secret") ? QStringLiteral("CMIC_CLIENT_SECRET")
                                                                                  : QStringLiteral("CMIC_ACCESS_TOKEN");
                parts << QStringLiteral("--data-urlencode \"") + name + QStringLiteral("=$") + variable
                             + QLatin1Char('"');
            } else {
                parts << QStringLiteral("--data-urlencode ") + shellQuote(name + QLatin1Char('=') + value);
            }
        }
    } else if (!requestBody.isEmpty()) {
        parts << QStringLiteral("--data-binary ") + shellQuote(QString::fromUtf8(requestBody));
    }
    QString command = parts.join(QLatin1Char(' '));
    if (needsFormSecretNote) {
        command = QStringLiteral("# $CMIC_CLIENT_SECRET must hold the client secret form-encoded "
                                 "(RFC 6749 section 2.3.1), e.g. '+' as %2B\n")
                  + command;
    }
    return command;
}

QJsonObject HttpExchange::toJson() const
{
    QJsonObject object{
        {QStringLiteral("method"), method},
        {QStringLiteral("url"), url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("requestHeaders"), headersToJson(requestHeaders)},
        {QStringLiteral("requestBody"), QString::fromUtf8(requestBody)},
        {QStringLiteral("status"), status},
        {QStringLiteral("responseHeaders"), headersToJson(responseHeaders)},
        {QStringLiteral("responseBodyExcerpt"), QString::fromUtf8(responseBodyExcerpt)},
        {QStringLiteral("responseBytes"), responseBytes},
        {QStringLiteral("elapsedMs"), elapsedMs},
    };
    if (!redirects.isEmpty()) {
        QJsonArray chain;
        for (const QUrl &hop : redirects)
            chain.append(hop.toString(QUrl::FullyEncoded));
        object.insert(QStringLiteral("redirects"), chain);
    }
    if (startedAt.isValid())
        object.insert(QStringLiteral("startedAt"), startedAt.toUTC().toString(Qt::ISODate));
    if (serverDate.isValid())
        object.insert(QStringLiteral("serverDate"), serverDate.toUTC().toString(Qt::ISODate));
    if (!peerSubject.isEmpty()) {
        object.insert(QStringLiteral("tlsPeer"),
                      QJsonObject{{QStringLiteral("subject"), peerSubject},
                                  {QStringLiteral("issuer"), peerIssuer},
                                  {QStringLiteral("expiry"), peerExpiry.toUTC().toString(Qt::ISODate)}});
    }
    if (!errorString.isEmpty())
        object.insert(QStringLiteral("error"), errorString);
    return object;
}

} // namespace cmic::net
