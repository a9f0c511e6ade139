// Fuzzes what the console reads from IdPs and CMiC over the network, and the masking of what it records:
// discovery documents, token and CMiC answers (with their WWW-Authenticate and error references), form bodies
// and Basic credentials (the sandbox's token endpoint reads them), and the trace masking.
// Besides crashes, it checks the masking promise: a secret member of a JSON body, or a secret form parameter,
// never survives in the masked text.
//
// Input: "<status byte><header lines>\n\n<body>"; header lines are "Name: value".
#include "core/net/CmicProbe.h"
#include "core/net/FormEncoding.h"
#include "core/net/HttpExchange.h"
#include "core/net/HttpResult.h"
#include "core/net/OidcDiscovery.h"
#include "core/net/TokenClient.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

using namespace cmic::net;

namespace {

void checkJsonMasking(const QByteArray &body)
{
    const QByteArray masked = HttpExchange::maskJsonTokens(body);
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return;
    const QJsonObject object = document.object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!HttpExchange::isSecretParameter(it.key().toUtf8()) || !it.value().isString())
            continue;
        // Only values that are long, plain and unique in the body, so finding them again means a leak.
        const QByteArray value = it.value().toString().toUtf8();
        if (value.size() < 8 || value.contains('\\') || value.contains('"') || body.count(value) != 1)
            continue;
        if (masked.contains(value))
            std::abort();
    }
}

void checkFormMasking(const QByteArray &body)
{
    for (const auto &[name, value] : formDecodeFields(HttpExchange::maskFormBody(body))) {
        if (HttpExchange::isSecretParameter(name.toUtf8()) && !value.isEmpty()
            && value != QString::fromLatin1(HttpExchange::kMask))
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, static_cast<qsizetype>(size - 1));
    const int statuses[] = {200, 201, 304, 400, 401, 403, 404, 500, 502, 503};
    const int status = statuses[data[0] % 10];

    const qsizetype split = input.indexOf("\n\n");
    const QByteArray head = split < 0 ? QByteArray() : input.left(split);
    const QByteArray body = split < 0 ? input : input.mid(split + 2);

    HttpResult http;
    http.status = status;
    http.ok = status < 300;
    http.error = http.ok ? NetErrorKind::None : NetErrorKind::HttpStatus;
    http.body = body;
    http.json = QJsonDocument::fromJson(body);
    http.exchange.status = status;
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            http.exchange.responseHeaders.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    http.exchange.responseHeaders = HttpExchange::maskHeaders(http.exchange.responseHeaders);
    http.exchange.responseBodyExcerpt = HttpExchange::maskJsonTokens(body).left(HttpExchange::kBodyExcerptBytes);

    const QString issuer = QStringLiteral("https://idp.example/tenant/");
    const DiscoveryResult discovery =
        OidcDiscovery::evaluate(http, issuer, QStringLiteral("https://idp.example/keys"), QStringLiteral("r1"));
    (void)discovery.findings.size();
    const ProbeResult probe = CmicProbe::evaluate(http, QStringLiteral("r1"));
    (void)probe.hints.size();
    if (http.json.isObject()) {
        const QJsonObject object = http.json.object();
        (void)CmicProbe::summarize(object);
        (void)TokenClient::findingsForOAuthError(object.value(QLatin1String("error")).toString(),
                                                 object.value(QLatin1String("error_description")).toString(), status,
                                                 TokenRequest{});
    }

    (void)formDecodeFields(body);
    QString clientId;
    QString secret;
    if (parseBasicAuthorization(head, &clientId, &secret)) {
        // What was parsed encodes back to credentials that parse to the same values.
        QString againId;
        QString againSecret;
        if (!parseBasicAuthorization(basicAuthorization(clientId, secret), &againId, &againSecret)
            || againId != clientId || againSecret != secret)
            std::abort();
    }
    (void)HttpExchange::maskUrl(QUrl(QString::fromUtf8(head)));
    (void)http.exchange.toJson();
    (void)http.exchange.toCurl();

    checkJsonMasking(body);
    checkFormMasking(body);
    return 0;
}
