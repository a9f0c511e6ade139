#include "CmicStandIn.h"

#include "SandboxHttpServer.h"
#include "SandboxLog.h"

#include "core/jose/CompactJws.h"
#include "core/jose/JwkSet.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/net/JwksCache.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QUrlQuery>

#include <optional>

namespace cmic::sandbox {

namespace {

// The claims CMiC's filter matches a registration's App ID against (Entra v1 appid, v2 azp, Okta cid, RFC 9068
// client_id): the stand-in's own list.
const QLatin1String kAppIdClaims[] = {QLatin1String("appid"), QLatin1String("azp"), QLatin1String("cid"),
                                      QLatin1String("client_id")};

SandboxResponse unauthorized(const QString &error, const QString &description)
{
    SandboxResponse response =
        SandboxResponse::json(401, QJsonDocument(QJsonObject{{QStringLiteral("title"), QStringLiteral("Unauthorized")},
                                                             {QStringLiteral("status"), 401},
                                                             {QStringLiteral("detail"), description}})
                                       .toJson(QJsonDocument::Compact));
    response.setHeader("WWW-Authenticate", standInUnauthorizedHeader(error, description));
    return response;
}

QString callerAddress(const SandboxRequest &request)
{
    const QByteArray forwarded = request.header("x-forwarded-for");
    if (!forwarded.isEmpty())
        return QString::fromLatin1(forwarded.split(',').first().trimmed());
    bool isV4 = false;
    const quint32 v4 = request.peerAddress.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : request.peerAddress.toString();
}

} // namespace

QByteArray standInUnauthorizedHeader(const QString &error, const QString &description)
{
    QString escaped = description;
    escaped.replace(QLatin1Char('"'), QLatin1Char('\''));
    return QStringLiteral("Bearer realm=\"CMiC\", error=\"%1\", error_description=\"%2\"").arg(error, escaped).toUtf8();
}

CmicStandIn::CmicStandIn(const Clock &clock, const net::HttpPolicy &policy, QObject *parent)
    : QObject(parent), m_clock(clock), m_jwks(std::make_unique<net::JwksCache>(policy, clock)),
      m_server(std::make_unique<SandboxHttpServer>())
{
    m_server->setHandler(
        [this](const SandboxRequest &request, const SandboxHttpServer::Respond &respond) { handle(request, respond); });
}

CmicStandIn::~CmicStandIn() = default;

bool CmicStandIn::start(const QSslConfiguration *tls, QString *error) { return m_server->listen(0, tls, error); }

void CmicStandIn::stop() { m_server->close(); }

QString CmicStandIn::apiBaseUrl() const
{
    return m_server->baseUrl().toString() + QLatin1Char('/') + m_config.environmentPath;
}

SandboxResponse CmicStandIn::serverError(const QString &logMessage)
{
    m_lastErrorReference =
        QStringLiteral("OAUTH-%1-%2").arg(m_server->port()).arg(++m_references, 4, 10, QLatin1Char('0'));
    qCInfo(lcSandbox).noquote() << "cmic.oauth2.filter FINE" << m_lastErrorReference << logMessage;
    return SandboxResponse::text(500, "text/plain; charset=utf-8",
                                 QStringLiteral("An unexpected error occurred while processing the request. "
                                                "Error reference: %1")
                                     .arg(m_lastErrorReference)
                                     .toUtf8());
}

void CmicStandIn::handle(const SandboxRequest &request, const std::function<void(const SandboxResponse &)> &respond)
{
    ++m_requests;
    const QString prefix = QLatin1Char('/') + m_config.environmentPath + QLatin1Char('/');
    if (!request.path.startsWith(prefix) || !request.path.contains(QLatin1String("/rest/"))) {
        respond(SandboxResponse::json(404, R"({"title":"Not Found","status":404})"));
        return;
    }
    if (request.method != "GET") {
        respond(SandboxResponse::json(405, R"({"title":"Method Not Allowed","status":405})"));
        return;
    }
    const QByteArray authorization = request.header("authorization");
    if (!authorization.toLower().startsWith("bearer ") || authorization.mid(7).trimmed().isEmpty()) {
        respond(unauthorized(QStringLiteral("invalid_request"),
                             QStringLiteral("No bearer token in the Authorization header")));
        return;
    }
    const QByteArray token = authorization.mid(7).trimmed();
    const jose::CompactJws jws = jose::CompactJws::parse(token);
    if (!jws.ok()) {
        respond(unauthorized(QStringLiteral("invalid_token"), QStringLiteral("The bearer value is not a JWT")));
        return;
    }
    // Find the registration by issuer and app id, before trusting anything in the token.
    const QString issuer = jws.claims.value(QLatin1String("iss")).toString();
    const StandInRegistration *registration = nullptr;
    for (const StandInRegistration &candidate : m_config.registrations) {
        if (candidate.issuer != issuer)
            continue;
        for (const QLatin1String claim : kAppIdClaims) {
            if (jws.claims.value(claim).toString() == candidate.appId) {
                registration = &candidate;
                break;
            }
        }
        if (registration)
            break;
    }
    if (!registration) {
        respond(serverError(QStringLiteral("Application not registered: issuer '%1'").arg(issuer)));
        return;
    }
    const StandInRegistration found = *registration;
    const QString kid = jws.header.value(QLatin1String("kid")).toString();
    QPointer<CmicStandIn> self(this);
    m_jwks->get(found.jwksUri, kid, [self, request, respond, found, token, jws](const net::JwksResult &keys) {
        if (!self)
            return;
        if (!keys.ok && keys.json.isEmpty()) {
            respond(self->serverError(QStringLiteral("Could not load JWKS from %1").arg(found.jwksUri.toString())));
            return;
        }
        if (!keys.keySet) {
            respond(self->serverError(QStringLiteral("JWKS unreadable: %1").arg(keys.keySetError)));
            return;
        }
        const jose::Verdict verdict = jose::TokenVerifier(keys.keySet.get(), self->m_clock).verifyJws(token);
        if (!verdict.valid()) {
            respond(
                unauthorized(QStringLiteral("invalid_token"), QStringLiteral("Token signature verification failed")));
            return;
        }
        respond(self->afterSignature(request, jws.claims, found));
    });
}

SandboxResponse CmicStandIn::afterSignature(const SandboxRequest &request, const QJsonObject &claims,
                                            const StandInRegistration &registration)
{
    for (const char *required : {"sub", "exp", "aud", "iss"}) {
        if (!claims.contains(QLatin1String(required)))
            return unauthorized(QStringLiteral("invalid_token"),
                                QStringLiteral("Required claim %1 is missing").arg(QLatin1String(required)));
    }
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    if (claims.value(QLatin1String("exp")).toInteger() <= now)
        return unauthorized(QStringLiteral("invalid_token"), QStringLiteral("The token has expired"));
    if (claims.contains(QLatin1String("nbf")) && claims.value(QLatin1String("nbf")).toInteger() > now)
        return unauthorized(QStringLiteral("invalid_token"), QStringLiteral("The token is not valid yet (nbf)"));
    const StandInFilter &filter = m_config.filter;
    if (filter.ipCheck) {
        const QString ipaddr = claims.value(QLatin1String("ipaddr")).toString();
        if (ipaddr.isEmpty() && !filter.missingIpaddrPasses)
            return unauthorized(QStringLiteral("invalid_token"),
                                QStringLiteral("IP check failed: the token has no ipaddr claim"));
        if (!ipaddr.isEmpty() && ipaddr != callerAddress(request)) {
            return unauthorized(QStringLiteral("invalid_token"),
                                QStringLiteral("IP check failed: token ipaddr %1 does not match the caller %2")
                                    .arg(ipaddr, callerAddress(request)));
        }
    }
    // Who the call runs as: the registration's user after Patch 22 when set, otherwise the claim, read as CMiC's
    // filter reads it (its own reading, on purpose not the console's ServiceUserResolver).
    QString username;
    QString emailUsername;
    if (m_config.patchLevel > 22 && !registration.serviceUsername.isEmpty()) {
        username = registration.serviceUsername;
    } else {
        const QString claimName = filter.claimName.trimmed().isEmpty() ? QStringLiteral("cmicuser") : filter.claimName;
        const QJsonValue claim = claims.value(claimName);
        if (!claim.isString() || claim.toString().trimmed().isEmpty())
            return unauthorized(QStringLiteral("invalid_token"),
                                QStringLiteral("Required claim %1 is missing").arg(claimName));
        QString value = claim.toString().trimmed();
        if (filter.deployment == Deployment::Enterprise) {
            if (filter.removeDomainFromUser && value.contains(QLatin1Char('@')))
                value = value.section(QLatin1Char('@'), 0, 0);
            username = value;
        } else if (value.contains(QLatin1String("||"))) {
            const QString tenant = value.section(QLatin1String("||"), 0, 0);
            if (tenant.compare(filter.cloudTenant, Qt::CaseInsensitive) != 0)
                return unauthorized(
                    QStringLiteral("invalid_token"),
                    QStringLiteral("Tenant %1 in claim %2 is not this CMiC Cloud's").arg(tenant, claimName));
            username = value.section(QLatin1String("||"), 1);
        } else if (value.contains(QLatin1Char('@'))) {
            emailUsername = value;
        } else {
            return unauthorized(
                QStringLiteral("invalid_token"),
                QStringLiteral("Claim %1 must be tenant||username or an e-mail username on CMiC Cloud").arg(claimName));
        }
    }
    const StandInUser *user = nullptr;
    for (const StandInUser &candidate : m_config.users) {
        if ((!username.isEmpty() && candidate.username.compare(username, Qt::CaseInsensitive) == 0)
            || (!emailUsername.isEmpty() && !candidate.emailUsername.isEmpty()
                && candidate.emailUsername.compare(emailUsername, Qt::CaseInsensitive) == 0)) {
            user = &candidate;
            break;
        }
    }
    if (!user || !user->valid) {
        return unauthorized(QStringLiteral("invalid_token"),
                            QStringLiteral("User %1 does not exist or is not valid in CMiC")
                                .arg(username.isEmpty() ? emailUsername : username));
    }
    const QString resource = request.path.section(QLatin1Char('/'), -1);
    if (!m_config.endpointRoles.isEmpty()) {
        const QStringList granted = m_config.endpointRoles.value(resource);
        bool allowed = false;
        for (const QString &role : user->roles)
            allowed = allowed || granted.contains(role);
        if (!allowed) {
            const QJsonObject body{{QStringLiteral("title"), QStringLiteral("Forbidden")},
                                   {QStringLiteral("status"), 403},
                                   {QStringLiteral("securityMessage"),
                                    QStringLiteral("User %1 has no API Security role that grants GET on %2")
                                        .arg(user->username, resource)}};
            return SandboxResponse::json(403, QJsonDocument(body).toJson(QJsonDocument::Compact));
        }
    }
    return collection(request, resource);
}

SandboxResponse CmicStandIn::collection(const SandboxRequest &request, const QString &resource) const
{
    const QUrlQuery query(QString::fromLatin1(request.query));
    const int limit =
        query.hasQueryItem(QStringLiteral("limit")) ? query.queryItemValue(QStringLiteral("limit")).toInt() : 25;
    const int offset = query.queryItemValue(QStringLiteral("offset")).toInt();
    if (m_config.patchLevel >= 22 && limit > 1000)
        return SandboxResponse::json(400,
                                     R"({"title":"Bad Request","status":400,"detail":"limit must not exceed 1000"})");
    constexpr int kTotal = 3;
    QJsonArray items;
    for (int i = offset; i < qMin(kTotal, offset + qMax(limit, 0)); ++i) {
        items.append(QJsonObject{{QStringLiteral("Code"), QStringLiteral("%1").arg(i + 1, 2, 10, QLatin1Char('0'))},
                                 {QStringLiteral("Name"), QStringLiteral("Demo %1 %2").arg(resource).arg(i + 1)},
                                 {QStringLiteral("links"), QJsonArray()}});
    }
    const QString self = QStringLiteral("%1%2").arg(QString::fromLatin1(request.header("host")), request.path);
    const QJsonObject body{
        {QStringLiteral("items"), items},
        {QStringLiteral("count"), int(items.size())},
        {QStringLiteral("hasMore"), offset + int(items.size()) < kTotal},
        {QStringLiteral("limit"), limit},
        {QStringLiteral("offset"), offset},
        {QStringLiteral("links"),
         QJsonArray{QJsonObject{{QStringLiteral("rel"), QStringLiteral("self")}, {QStringLiteral("href"), self}}}}};
    SandboxResponse response = SandboxResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    response.setHeader("Content-Type", "application/vnd.oracle.adf.resourcecollection+json");
    return response;
}

namespace {

struct SettingMsg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::sandbox::CmicStandIn)
};

std::optional<bool> onOff(const QString &value, const char *on, const char *off)
{
    if (value.compare(QLatin1String(on), Qt::CaseInsensitive) == 0)
        return true;
    if (value.compare(QLatin1String(off), Qt::CaseInsensitive) == 0)
        return false;
    return std::nullopt;
}

} // namespace

QStringList standInSettingKeys()
{
    return {QStringLiteral("patch"),  QStringLiteral("ip-check"),      QStringLiteral("missing-ipaddr"),
            QStringLiteral("claim"),  QStringLiteral("remove-domain"), QStringLiteral("deployment"),
            QStringLiteral("tenant"), QStringLiteral("issuer"),        QStringLiteral("jwks-uri"),
            QStringLiteral("user"),   QStringLiteral("roles")};
}

bool applyStandInSetting(StandInConfig &config, const QString &keyValue, QString *error)
{
    const qsizetype equals = keyValue.indexOf(QLatin1Char('='));
    const QString key = (equals < 0 ? keyValue : keyValue.left(equals)).trimmed().toLower();
    const QString value = equals < 0 ? QString() : keyValue.mid(equals + 1).trimmed();
    const auto bad = [&](const QString &what) {
        if (error)
            *error = SettingMsg::tr("--cmic %1: %2").arg(key, what);
        return false;
    };
    if (equals < 0 || !standInSettingKeys().contains(key))
        return bad(SettingMsg::tr("give KEY=VALUE with one of the keys %1.")
                       .arg(standInSettingKeys().join(QLatin1String(", "))));
    StandInConfig changed = config;
    if (key == QLatin1String("patch")) {
        bool ok = false;
        const int patch = value.toInt(&ok);
        if (!ok || patch < 1 || patch > 999)
            return bad(SettingMsg::tr("give the patch level as a number, e.g. patch=20."));
        changed.patchLevel = patch;
    } else if (key == QLatin1String("ip-check") || key == QLatin1String("remove-domain")) {
        const std::optional<bool> on = onOff(value, "on", "off");
        if (!on)
            return bad(SettingMsg::tr("give on or off."));
        (key == QLatin1String("ip-check") ? changed.filter.ipCheck : changed.filter.removeDomainFromUser) = *on;
    } else if (key == QLatin1String("missing-ipaddr")) {
        const std::optional<bool> pass = onOff(value, "pass", "refuse");
        if (!pass)
            return bad(SettingMsg::tr("give pass or refuse."));
        changed.filter.missingIpaddrPasses = *pass;
    } else if (key == QLatin1String("deployment")) {
        const std::optional<bool> cloud = onOff(value, "cloud", "enterprise");
        if (!cloud)
            return bad(SettingMsg::tr("give enterprise or cloud."));
        changed.filter.deployment = *cloud ? Deployment::Cloud : Deployment::Enterprise;
    } else if (value.isEmpty()) {
        return bad(SettingMsg::tr("give a value after the =."));
    } else if (key == QLatin1String("claim")) {
        changed.filter.claimName = value;
    } else if (key == QLatin1String("tenant")) {
        changed.filter.cloudTenant = value;
    } else if (key == QLatin1String("issuer")) {
        for (StandInRegistration &r : changed.registrations)
            r.issuer = value;
    } else if (key == QLatin1String("jwks-uri")) {
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || url.scheme().isEmpty())
            return bad(SettingMsg::tr("give an absolute URL, e.g. jwks-uri=https://idp.example/jwks."));
        for (StandInRegistration &r : changed.registrations)
            r.jwksUri = url;
    } else if (key == QLatin1String("user")) {
        const QStringList roles = changed.users.isEmpty() ? QStringList() : changed.users.constFirst().roles;
        changed.users = {{value, {}, true, roles}};
    } else if (key == QLatin1String("roles")) {
        if (value.compare(QLatin1String("open"), Qt::CaseInsensitive) != 0)
            return bad(SettingMsg::tr("the only value is open (no API Security role exists)."));
        changed.endpointRoles.clear();
    }
    config = changed;
    return true;
}

} // namespace cmic::sandbox
