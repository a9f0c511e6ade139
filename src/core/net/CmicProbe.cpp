#include "CmicProbe.h"

#include "HttpClient.h"
#include "NetFindings.h"

#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

namespace cmic::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net)
};

Finding hint(const QString &code, const QString &message, const QString &fix, const QString &subjectId,
             const QString &field = {})
{
    return makeNetFinding(Severity::Info, code, message, fix, subjectId, field);
}

QString extractErrorReference(const QByteArray &body)
{
    static const QRegularExpression reference(
        QStringLiteral("error\\s*reference\\W{0,5}([A-Za-z0-9][A-Za-z0-9._:-]{2,80})"),
        QRegularExpression::CaseInsensitiveOption);
    const auto match = reference.match(QString::fromUtf8(body.left(64 * 1024)));
    return match.hasMatch() ? match.captured(1) : QString();
}

} // namespace

QUrl CmicProbe::probeUrl(const QString &apiBaseUrl, const QString &path)
{
    QString base = apiBaseUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QString relative = path.trimmed();
    if (!relative.startsWith(QLatin1Char('/')))
        relative.prepend(QLatin1Char('/'));
    QUrl url(base + relative);
    QUrlQuery query(url);
    if (!query.hasQueryItem(QStringLiteral("limit")))
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    url.setQuery(query);
    return url;
}

HttpJob *CmicProbe::probe(const QUrl &url, const QString &accessToken, std::function<void(const ProbeResult &)> done,
                          const QString &subjectId, QObject *parent) const
{
    HttpRequestSpec spec;
    spec.method = "GET"; // never anything else
    spec.url = url;
    spec.expectJson = false; // a 401 or 500 from CMiC need not be JSON; evaluate() reads the body itself
    spec.headers = {{"Authorization", QByteArrayLiteral("Bearer ") + accessToken.toLatin1()},
                    {"Accept", "application/json"}};
    return HttpClient(m_policy).start(
        spec,
        [=](const HttpResult &http) {
            if (done)
                done(evaluate(http, subjectId));
        },
        parent);
}

ProbeResult CmicProbe::probeBlocking(const QUrl &url, const QString &accessToken, const QString &subjectId) const
{
    return waitForResult<ProbeResult>([&](auto callback) { probe(url, accessToken, callback, subjectId); });
}

AdfCollectionSummary CmicProbe::summarize(const QJsonObject &body)
{
    AdfCollectionSummary summary;
    const QJsonValue items = body.value(QLatin1String("items"));
    summary.isCollection = items.isArray();
    summary.itemCount = int(items.toArray().size());
    summary.count = body.value(QLatin1String("count")).toInt(-1);
    summary.hasMore = body.value(QLatin1String("hasMore")).toBool();
    summary.limit = body.value(QLatin1String("limit")).toInt(-1);
    summary.offset = body.value(QLatin1String("offset")).toInt(-1);
    if (summary.itemCount > 0) {
        const QJsonObject first = items.toArray().first().toObject();
        for (const QString &key : first.keys()) {
            if (key != QLatin1String("links"))
                summary.firstItemFields << key;
        }
    }
    return summary;
}

QString CmicProbe::accessMeaning(int status)
{
    switch (status) {
    case 0: return Tr::tr("no answer: CMiC was not reached");
    case 200: return Tr::tr("allowed: the service user may read this endpoint");
    case 400: return Tr::tr("request refused as malformed (path or query)");
    case 401: return Tr::tr("token refused: authentication failed");
    case 403: return Tr::tr("token accepted, access denied: no API Security role grants this endpoint");
    case 404: return Tr::tr("no such resource at this path");
    case 429: return Tr::tr("not judged: CMiC Cloud's rate limit");
    case 500: return Tr::tr("CMiC failed: often the application is not registered");
    default: break;
    }
    if (status >= 200 && status < 300)
        return Tr::tr("allowed");
    return Tr::tr("HTTP %1: see the findings").arg(status);
}

ProbeResult CmicProbe::evaluate(const HttpResult &http, const QString &subjectId)
{
    ProbeResult result = evaluateAnswer(http, subjectId);
    result.ecid = elide(QString::fromLatin1(http.exchange.responseHeader("x-oracle-dms-ecid")).trimmed(), 120);
    // CMiC support asks for the ECID of a failed call: every finding about this answer carries it.
    if (!result.ecid.isEmpty()) {
        for (Finding &f : result.findings) {
            if (f.code != QLatin1String("cmic.200"))
                f.message +=
                    QLatin1Char(' ') + Tr::tr("CMiC support reference (X-ORACLE-DMS-ECID): %1.").arg(result.ecid);
        }
    }
    return result;
}

ProbeResult CmicProbe::evaluateAnswer(const HttpResult &http, const QString &subjectId)
{
    ProbeResult result;
    result.http = http;
    result.status = http.status;
    result.wwwAuthenticate = QString::fromUtf8(http.exchange.responseHeader("www-authenticate"));
    const QString where = http.exchange.url.toDisplayString(QUrl::RemoveQuery);
    const QString field = QStringLiteral("probeEndpoints");

    if (http.status == 0 || (!http.ok && !http.isHttpError())) {
        result.findings << findingFromNetError(http, subjectId, QStringLiteral("apiBaseUrl"));
        return result;
    }
    switch (http.status) {
    case 200: {
        const QJsonDocument document = QJsonDocument::fromJson(http.body);
        result.summary = summarize(document.object());
        if (!result.summary.isCollection) {
            result.findings << makeNetFinding(
                Severity::Warning, QStringLiteral("cmic.200-not-adf"),
                Tr::tr("CMiC answered 200, but not with an ADF collection (no \"items\")."),
                Tr::tr("Check that the probe path is a collection resource, e.g. "
                       "/sys-rest-api/rest/1/sdcompanyaccess."),
                subjectId, field);
        } else {
            result.ok = true;
            result.findings << makeNetFinding(
                Severity::Info, QStringLiteral("cmic.200"),
                Tr::tr("CMiC accepted the token: %1 returned %n item(s)%2.", nullptr, int(result.summary.itemCount))
                    .arg(elide(where), result.summary.hasMore ? Tr::tr(", more available") : QString()),
                QString(), subjectId, field); // a note: nothing to fix
        }
        return result;
    }
    case 401: {
        result.findings << makeNetFinding(
            Severity::Error, QStringLiteral("cmic.401"),
            Tr::tr("CMiC refused the token (HTTP 401)%1.")
                .arg(result.wwwAuthenticate.isEmpty() ? QString() : QStringLiteral(": ") + result.wwwAuthenticate),
            Tr::tr(
                "Run the token checks (signature, claims, ipaddr) in the validation; the hints list what CMiC checks."),
            subjectId, field);
        // Only the server's words count, not the header's scheme ("Bearer realm=...").
        static const QRegularExpression description(QStringLiteral("error_description=\"([^\"]*)\""));
        const QString text = (description.match(result.wwwAuthenticate).captured(1) + QLatin1Char(' ')
                              + QString::fromUtf8(http.body.left(2048)))
                                 .toLower();
        struct Cause
        {
            const char *code;
            const char *keyword;
            QString message;
            QString fix;
        };
        const Cause causes[] = {
            {"cmic.401.expired", "expired", Tr::tr("The token may have expired (nbf/exp outside CMiC's clock)."),
             Tr::tr("Fetch a fresh token; compare the server's Date header with the token's exp.")},
            {"cmic.401.signature", "signature", Tr::tr("The signature may not verify against the registered JWKS URI."),
             Tr::tr("Check that the JWKS URI registered in CMiC is the IdP's and holds the token's kid.")},
            {"cmic.401.ip-check", "ip check",
             Tr::tr("The IP check may have failed: the token's ipaddr claim must equal your "
                    "address as CMiC sees it (through X-Forwarded-For)."),
             Tr::tr("Call from the address the IdP saw, avoid VPNs/proxies between the two, or ask for "
                    "cmic.oauth2.ipcheck.enabled=false.")},
            {"cmic.401.claim", "claim",
             Tr::tr("A required claim may be missing (sub, exp, aud, iss or the service-user "
                    "claim)."),
             Tr::tr(
                 "Decode the token and compare its claims with the registration; add the cmicuser claim in the IdP.")},
            {"cmic.401.user", "does not exist",
             Tr::tr("The service user named by the token may not exist or not be valid in CMiC."),
             Tr::tr("Check the claim value against the CMiC username (Cloud: tenant||username or the e-mail username), "
                    "and that the user is active.")},
            {"cmic.401.no-bearer", "no bearer", Tr::tr("CMiC may not have received the Authorization header."),
             Tr::tr("Check that no proxy strips the Authorization header.")},
        };
        bool matched = false;
        for (const Cause &cause : causes) {
            if (text.contains(QLatin1String(cause.keyword))) {
                result.hints << hint(QLatin1String(cause.code), cause.message, cause.fix, subjectId);
                matched = true;
            }
        }
        if (!matched) {
            for (const Cause &cause : causes)
                result.hints << hint(QLatin1String(cause.code), cause.message, cause.fix, subjectId);
        }
        return result;
    }
    case 403:
        result.findings << makeNetFinding(
            Severity::Error, QStringLiteral("cmic.403"),
            Tr::tr("CMiC authenticated the token but refused access to %1 (HTTP 403).").arg(elide(where)),
            Tr::tr("In CMiC API Security, grant this endpoint and the GET method to a role, "
                   "and give that role to the service user."),
            subjectId, field);
        result.hints << hint(
            QStringLiteral("cmic.403.role"),
            Tr::tr("Likely an API Security role denial: once any role exists, a service user with no "
                   "role reaches no endpoint (the status code for this is not documented; 403 is a guess)."),
            Tr::tr("Check the service user's roles in API Security."), subjectId);
        return result;
    case 500: {
        result.errorReference = extractErrorReference(http.body);
        const QString reference = result.errorReference.isEmpty()
                                      ? QString()
                                      : Tr::tr(" (error reference %1)").arg(elide(result.errorReference));
        result.findings << makeNetFinding(
            Severity::Error, QStringLiteral("cmic.500"),
            Tr::tr("CMiC failed while processing the token (HTTP 500)%1.").arg(reference),
            Tr::tr(
                "Ask the CMiC administrator to look the reference up in the server log (logger cmic.oauth2.filter at "
                "level FINE)."),
            subjectId, field);
        result.hints << hint(
            QStringLiteral("cmic.500.not-registered"),
            Tr::tr("Most often: the application is not registered — no API Security registration has "
                   "this token's Issuer (exact string) and App ID."),
            Tr::tr("Compare the token's iss and app id claim with the registration in CMiC API Security."), subjectId,
            QStringLiteral("issuer"));
        result.hints << hint(
            QStringLiteral("cmic.500.jwks"),
            Tr::tr("Or CMiC could not load the JWKS URI (network, proxy or TLS trust on the CMiC server)."),
            Tr::tr("Check that the CMiC server can reach the JWKS URI and trusts its certificate."), subjectId,
            QStringLiteral("jwksUri"));
        return result;
    }
    case 429:
        result.rateLimited = true;
        result.findings << makeNetFinding(
            Severity::Warning, QStringLiteral("cmic.429"),
            Tr::tr("CMiC answered 429 Too Many Requests at %1: more requests came from this address than CMiC Cloud "
                   "allows (5 at a time, 15 per second). This says nothing about the token: CMiC did not judge it.")
                .arg(elide(where)),
            Tr::tr("Run the validation again in a few seconds, when other integrations calling from this address are "
                   "quiet; CMiC sends no Retry-After."),
            subjectId, field);
        return result;
    case 400:
        result.findings << makeNetFinding(
            Severity::Error, QStringLiteral("cmic.400"),
            Tr::tr("CMiC rejected the probe request as malformed (HTTP 400)."),
            Tr::tr("Check the probe path and query; since Patch 22 a limit above 1000 answers 400."), subjectId, field);
        return result;
    case 404:
        result.findings << makeNetFinding(Severity::Error, QStringLiteral("cmic.404"),
                                          Tr::tr("CMiC has no resource at %1 (HTTP 404).").arg(elide(where)),
                                          Tr::tr("Check the API base URL (environment) and the probe path, e.g. "
                                                 "/sys-rest-api/rest/1/sdcompanyaccess."),
                                          subjectId, field);
        return result;
    default:
        result.findings << makeNetFinding(Severity::Error, QStringLiteral("cmic.http-%1").arg(http.status),
                                          Tr::tr("CMiC answered HTTP %1 at %2.").arg(http.status).arg(elide(where)),
                                          Tr::tr("See the exchange details for the server's message."), subjectId,
                                          field);
        return result;
    }
}

} // namespace cmic::net
