#include "SetupRules.h"

#include "AssertionRules.h"
#include "SettingsRules.h"
#include "core/identity/ServiceUserResolver.h"
#include "core/model/IdpPreset.h"
#include "core/model/Workspace.h"
#include "core/net/HttpPolicy.h"
#include "core/util/Clock.h"
#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <limits>

// Every code below is listed in docs/rules.md with its severity, field, meaning and fix. A code never changes its
// meaning or severity; a new check gets a new code.

namespace cmic {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::SetupRules)
};

// A plural count for Tr::tr(): clamped to int (day counts are qint64).
int pluralCount(qint64 n) { return int(qBound(qint64(0), n, qint64(std::numeric_limits<int>::max()))); }

const QLatin1String kTenantSeparator("||");
const QLatin1String kWellKnown("/.well-known/openid-configuration");
constexpr int kMaxCmicLimit = 1000; // Patch 22 answers 400 above this
// Patch levels the rules depend on (docs/rules.md, "Patch levels"; ../shared/spec/cmic-api-facts.md).
constexpr int kPatchApiSecurity = 19;                 // fact: API Security (roles per endpoint) since Patch 19
constexpr int kPatchLimitRefused = 22;                // fact: limit above 1000 answers 400 since Patch 22
constexpr int kLastPatchWithoutRegistrationUser = 22; // fact: the service user on the registration after Patch 22

// The patch level as the findings say it: "Patch 21", "an unknown patch level".
QString patchText(const Environment &env) { return Environment::patchLevelText(env.patchLevel); }

// Whether CMiC reads the service user from the token's claim: always in TokenClaim mode, and in Registration mode
// while the patch level is known to be 22 or less (the registration's user does not exist there yet).
bool readsClaim(const Environment &env)
{
    return env.userSource == UserSource::TokenClaim
           || (env.patchKnown() && env.patchLevel <= kLastPatchWithoutRegistrationUser);
}

// Collects findings about one subject.
// Findings repeat the same field names, codes and often the same sentences thousands of times in a large
// workspace; sharing one copy of each string keeps the findings list small (10,000 registrations: ~12 MiB less).
// A pool lives for one check (PoolScope); outside one, strings are kept as they are.
class StringPool
{
public:
    QString intern(const QString &text)
    {
        const auto it = m_strings.constFind(text);
        if (it != m_strings.cend())
            return *it;
        m_strings.insert(text);
        return text;
    }

private:
    QSet<QString> m_strings;
};

thread_local StringPool *t_pool = nullptr;

class PoolScope
{
public:
    PoolScope() : m_previous(t_pool) { t_pool = &m_pool; }
    ~PoolScope() { t_pool = m_previous; }
    PoolScope(const PoolScope &) = delete;
    PoolScope &operator=(const PoolScope &) = delete;

private:
    StringPool m_pool;
    StringPool *m_previous;
};

QString interned(const QString &text) { return t_pool ? t_pool->intern(text) : text; }

class Sink
{
public:
    // |name| is cut here, once, for every finding about the subject (a 200 MiB name is not repeated per finding).
    Sink(Findings &out, SubjectKind kind, QString id, const QString &name)
        : m_out(out), m_kind(kind), m_id(std::move(id)), m_name(elide(name))
    {}

    void add(Severity severity, const char *field, const char *code, const QString &message, const QString &fix)
    {
        Finding f;
        f.severity = severity;
        f.subjectKind = m_kind;
        f.subjectId = m_id;
        f.subjectName = m_name;
        f.field = interned(QLatin1String(field));
        f.code = interned(QLatin1String(code));
        f.message = interned(message);
        f.fix = interned(fix);
        m_out.append(std::move(f));
    }
    void error(const char *field, const char *code, const QString &message, const QString &fix)
    {
        add(Severity::Error, field, code, message, fix);
    }
    void warning(const char *field, const char *code, const QString &message, const QString &fix)
    {
        add(Severity::Warning, field, code, message, fix);
    }
    void info(const char *field, const char *code, const QString &message, const QString &fix)
    {
        add(Severity::Info, field, code, message, fix);
    }

private:
    Findings &m_out;
    SubjectKind m_kind;
    QString m_id;
    QString m_name;
};

QString fieldLabel(const char *field)
{
    static const std::pair<const char *, const char *> labels[] = {
        {"issuer", QT_TRANSLATE_NOOP("cmic::SetupRules", "The issuer")},
        {"jwksUri", QT_TRANSLATE_NOOP("cmic::SetupRules", "The JWKS URI")},
        {"tokenEndpoint", QT_TRANSLATE_NOOP("cmic::SetupRules", "The token endpoint")},
        {"discoveryUrl", QT_TRANSLATE_NOOP("cmic::SetupRules", "The discovery URL")},
        {"apiBaseUrl", QT_TRANSLATE_NOOP("cmic::SetupRules", "The CMiC API base URL")},
        {"appId", QT_TRANSLATE_NOOP("cmic::SetupRules", "The App ID")},
        {"audience", QT_TRANSLATE_NOOP("cmic::SetupRules", "The audience")},
        {"scope", QT_TRANSLATE_NOOP("cmic::SetupRules", "The scope")},
        {"cloudTenant", QT_TRANSLATE_NOOP("cmic::SetupRules", "The Cloud tenant")},
        {"userClaim", QT_TRANSLATE_NOOP("cmic::SetupRules", "The user claim name")},
        {"username", QT_TRANSLATE_NOOP("cmic::SetupRules", "The username")},
        {"emailUsername", QT_TRANSLATE_NOOP("cmic::SetupRules", "The e-mail username")},
    };
    for (const auto &[name, label] : labels) {
        if (qstrcmp(name, field) == 0)
            return Tr::tr(label);
    }
    return QLatin1String(field);
}

QString chopSlash(QString value)
{
    while (value.endsWith(QLatin1Char('/')))
        value.chop(1);
    return value;
}

bool looksLikeEmail(const QString &value)
{
    const qsizetype at = value.indexOf(QLatin1Char('@'));
    return at > 0 && at == value.lastIndexOf(QLatin1Char('@')) && at < value.size() - 1
           && !value.contains(QLatin1Char(' '));
}

// text.whitespace: leading or trailing spaces make CMiC's exact comparisons fail.
void checkWhitespace(Sink &sink, const char *field, const QString &value)
{
    if (value.isEmpty() || value == value.trimmed())
        return;
    sink.error(field, "text.whitespace",
               Tr::tr("%1 \"%2\" has leading or trailing spaces; CMiC compares it character by character, so it will "
                      "not match.")
                   .arg(fieldLabel(field), elide(value)),
               Tr::tr("Remove the spaces: \"%1\".").arg(elide(value.trimmed())));
}

// url.malformed / url.not-https. Empty values are the required-field checks' business.
void checkUrl(Sink &sink, const char *field, const QString &raw)
{
    const QString value = raw.trimmed();
    if (value.isEmpty())
        return;
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty() || url.isRelative()) {
        sink.error(field, "url.malformed",
                   Tr::tr("%1 \"%2\" is not a valid absolute URL%3.")
                       .arg(fieldLabel(field), elide(value),
                            url.isValid()
                                ? QString()
                                : QString(QStringLiteral(" (") + elide(url.errorString()) + QLatin1Char(')'))),
                   Tr::tr("Enter the full URL, starting with https://, as the identity provider or CMiC shows it."));
        return;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return;
    if (scheme == QLatin1String("http") && net::HttpPolicy::isLoopbackHost(url.host()))
        return;
    QUrl secure = url;
    secure.setScheme(QStringLiteral("https"));
    if (url.port() == 80)
        secure.setPort(-1);
    sink.error(field, "url.not-https",
               Tr::tr("%1 \"%2\" does not use https; the console and CMiC only trust https outside this machine "
                      "(plain http is allowed for localhost, 127.0.0.0/8 and ::1).")
                   .arg(fieldLabel(field), elide(value)),
               scheme == QLatin1String("http") ? Tr::tr("Use \"%1\".").arg(elide(secure.toString()))
                                               : Tr::tr("Use an https:// URL."));
}

// ---------------------------------------------------------------------------------------------- environments

void checkProbe(Sink &sink, const Environment &env, const QString &path)
{
    const QString p = path.trimmed();
    if (p.isEmpty())
        return;
    const QUrl url(p);
    if (!url.scheme().isEmpty() || p.startsWith(QLatin1String("//")) || p.contains(QLatin1Char(' '))) {
        sink.error(
            "probeEndpoints", "environment.probe.not-relative",
            Tr::tr("The probe endpoint \"%1\" is not a path below the CMiC API base URL.").arg(elide(p)),
            Tr::tr("Enter only the path after the base URL, e.g. \"sys-rest-api/rest/1/sdcompanyaccess?limit=1\"."));
        return;
    }
    const QUrlQuery query(url);
    for (const QString &value : query.allQueryItemValues(QStringLiteral("limit"))) {
        bool ok = false;
        const qlonglong limit = value.toLongLong(&ok);
        if (!ok || limit <= kMaxCmicLimit)
            continue;
        const QString fix = Tr::tr("Use limit=1: a probe needs one row.");
        if (!env.patchKnown()) {
            sink.warning(
                "probeEndpoints", "environment.probe.limit-may-be-too-high",
                Tr::tr("The probe endpoint \"%1\" asks for limit=%2. Since Patch 22 CMiC answers 400 to a limit "
                       "above %3 (documented); the environment's patch level is unknown, so this may fail.")
                    .arg(elide(p))
                    .arg(limit)
                    .arg(kMaxCmicLimit),
                fix);
        } else if (env.patchLevel >= kPatchLimitRefused) {
            sink.error("probeEndpoints", "environment.probe.limit-too-high",
                       Tr::tr("The probe endpoint \"%1\" asks for limit=%2; since Patch 22 CMiC answers 400 to a "
                              "limit above %3, and this environment is at %4.")
                           .arg(elide(p))
                           .arg(limit)
                           .arg(kMaxCmicLimit)
                           .arg(patchText(env)),
                       fix);
        } else {
            sink.info("probeEndpoints", "environment.probe.limit-before-patch-22",
                      Tr::tr("The probe endpoint \"%1\" asks for limit=%2. At %3 CMiC is not documented to refuse it, "
                             "but from Patch 22 it answers 400 to a limit above %4.")
                          .arg(elide(p))
                          .arg(limit)
                          .arg(patchText(env))
                          .arg(kMaxCmicLimit),
                      fix);
        }
    }
}

// CMiC Cloud takes OAuth calls on its own hosts (documented: atlas-api-oauth.cmiccloud.com beside
// atlas-api.cmiccloud.com for Basic); the same "-api-oauth" pattern for the other Cloud hosts is a guess.
void checkCloudOAuthHost(Sink &sink, const QString &apiBaseUrl)
{
    const QUrl url(apiBaseUrl.trimmed());
    static const QRegularExpression basicHost(QStringLiteral("^([a-z0-9-]+)-api\\.cmiccloud\\.com$"),
                                              QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = basicHost.match(url.host());
    if (!match.hasMatch())
        return;
    QUrl oauth = url;
    oauth.setHost(match.captured(1).toLower() + QStringLiteral("-api-oauth.cmiccloud.com"));
    const bool documented = match.captured(1).compare(QLatin1String("atlas"), Qt::CaseInsensitive) == 0;
    sink.warning("apiBaseUrl", "environment.cloud-basic-host",
                 Tr::tr("The API base URL names %1, CMiC Cloud's host for Basic authentication; CMiC Cloud takes OAuth "
                        "(bearer token) calls on its OAuth host, e.g. atlas-api-oauth.cmiccloud.com beside "
                        "atlas-api.cmiccloud.com.%2")
                     .arg(elide(url.host()), documented
                                                 ? QString()
                                                 : QLatin1Char(' ')
                                                       + Tr::tr("That other Cloud hosts follow the same pattern is a "
                                                                "guess.")),
                 Tr::tr("Use %1 as the API base URL (confirm the host with CMiC if the call fails).")
                     .arg(elide(oauth.toDisplayString())));
}

void checkEnvironment(Findings &out, const Environment &env)
{
    Sink sink(out, SubjectKind::Environment, env.id, env.name);
    if (env.name.trimmed().isEmpty()) {
        sink.error("name", "environment.name.missing", Tr::tr("The environment has no name."),
                   Tr::tr("Name it after the CMiC environment, e.g. \"cmicprod\"."));
    }
    if (env.apiBaseUrl.trimmed().isEmpty()) {
        sink.warning("apiBaseUrl", "environment.api-base-url.missing",
                     Tr::tr("The environment has no CMiC API base URL, so the console cannot call CMiC to prove the "
                            "setup."),
                     Tr::tr("Enter the base URL, e.g. \"https://host/cmicprod\"."));
    }
    checkWhitespace(sink, "apiBaseUrl", env.apiBaseUrl);
    checkUrl(sink, "apiBaseUrl", env.apiBaseUrl);
    checkCloudOAuthHost(sink, env.apiBaseUrl);

    const QString tenant = env.cloudTenant.trimmed();
    checkWhitespace(sink, "cloudTenant", env.cloudTenant);
    if (env.deployment == Deployment::Cloud) {
        if (tenant.isEmpty()) {
            sink.warning(
                "cloudTenant", "environment.cloud-tenant.missing",
                Tr::tr("This Cloud environment has no tenant, so the console cannot add the tenant to usernames "
                       "or check the tenant a token's claim names; only usernames typed whole as "
                       "TENANT||USERNAME and e-mail usernames form a claim value."),
                Tr::tr("Enter your CMiC Cloud tenant code, as CMiC shows it."));
        } else if (tenant.contains(kTenantSeparator) || tenant.contains(QLatin1Char('@'))
                   || tenant.contains(QLatin1Char(' '))) {
            sink.error("cloudTenant", "environment.cloud-tenant.invalid",
                       Tr::tr("The Cloud tenant \"%1\" contains \"||\", \"@\" or a space; it cannot be the tenant part "
                              "of tenant||username.")
                           .arg(elide(tenant)),
                       Tr::tr("Enter only the tenant code, e.g. \"ACME\"."));
        }
    } else if (!tenant.isEmpty()) {
        sink.info("cloudTenant", "environment.cloud-tenant.unused",
                  Tr::tr("The environment is Enterprise, so its Cloud tenant \"%1\" is not used.").arg(elide(tenant)),
                  Tr::tr("Clear the tenant, or set the deployment to Cloud if this is CMiC Cloud."));
    }

    if (env.userSource == UserSource::Registration && env.patchKnown()
        && env.patchLevel <= kLastPatchWithoutRegistrationUser) {
        sink.error("userSource", "environment.user-source.before-patch-23",
                   Tr::tr("Environment \"%1\" takes the service user from the app registration, but it is at %2 and "
                          "that setting comes after Patch 22 (documented in the source document): CMiC reads the user "
                          "from the token's \"%3\" claim and refuses calls without it.")
                       .arg(elide(env.name.trimmed()), patchText(env), elide(ServiceUserResolver::claimName(env))),
                   Tr::tr("Set \"Service user from\" to the token claim and make the IdP send the \"%1\" claim, or set "
                          "the patch level to 23 or later if CMiC is past Patch 22.")
                       .arg(elide(ServiceUserResolver::claimName(env))));
    } else if (env.userSource == UserSource::Registration && !env.patchKnown()) {
        sink.warning(
            "userSource", "environment.user-source.patch-unknown",
            Tr::tr("Environment \"%1\" takes the service user from the app registration, which CMiC offers "
                   "only after Patch 22 (documented); the environment's patch level is unknown. Up to Patch 22 "
                   "CMiC reads the user from the token's \"%2\" claim and refuses calls without it.")
                .arg(elide(env.name.trimmed()), elide(ServiceUserResolver::claimName(env))),
            Tr::tr("Set the environment's patch level (23 or later for this setting), or set \"Service user "
                   "from\" to the token claim."));
    }

    if (readsClaim(env)) {
        if (env.userClaim.trimmed().isEmpty()) {
            sink.error("userClaim", "environment.user-claim.missing",
                       Tr::tr("The environment reads the service user from a token claim but names no claim."),
                       Tr::tr("Enter the value of cmic.oauth2.user.claim.name, \"cmicuser\" unless it was changed."));
        }
        checkWhitespace(sink, "userClaim", env.userClaim);
    }

    bool anyProbe = false;
    for (const QString &path : env.probeEndpoints) {
        anyProbe = anyProbe || !path.trimmed().isEmpty();
        checkProbe(sink, env, path);
    }
    if (!anyProbe) {
        sink.info("probeEndpoints", "environment.probes.none",
                  Tr::tr("The environment has no probe endpoint, so validation stops before calling CMiC."),
                  Tr::tr("Add a cheap GET the service user may call, e.g. "
                         "\"sys-rest-api/rest/1/sdcompanyaccess?limit=1\"."));
    }
}

// ---------------------------------------------------------------------------------------------- service users

void checkServiceUser(Findings &out, const ServiceUser &user)
{
    Sink sink(out, SubjectKind::ServiceUser, user.id, user.username.trimmed());
    if (user.username.trimmed().isEmpty()) {
        sink.error("username", "service-user.username.missing", Tr::tr("The service user has no username."),
                   Tr::tr("Enter the CMiC username, e.g. \"SVC_INTEGRATION\"."));
    }
    checkWhitespace(sink, "username", user.username);
    checkWhitespace(sink, "emailUsername", user.emailUsername);
    const QString email = user.emailUsername.trimmed();
    if (!email.isEmpty() && !looksLikeEmail(email)) {
        sink.warning("emailUsername", "service-user.email.malformed",
                     Tr::tr("The e-mail username \"%1\" is not in e-mail form (name@domain).").arg(elide(email)),
                     Tr::tr("Enter the user's unique e-mail username as CMiC Cloud shows it, or leave it empty."));
    }
    if (!user.dedicatedConfirmed) {
        sink.warning("dedicatedConfirmed", "service-user.not-dedicated",
                     Tr::tr("Nobody has confirmed that %1 is dedicated to integrations; if a person also signs in with "
                            "it, every API call runs with that person's rights and their password changes break it.")
                         .arg(elide(user.username.trimmed().isEmpty() ? Tr::tr("this user") : user.username.trimmed())),
                     Tr::tr("Use a service user no person signs in with, then tick \"dedicated\"."));
    }
}

// The claim value CMiC will read for this registration's service user (Patch 22 and earlier), and the usernames
// CMiC cannot find whatever the IdP sends.
void checkClaimFormat(Findings &out, const Environment &env, const ServiceUser &user)
{
    Sink sink(out, SubjectKind::ServiceUser, user.id, user.username.trimmed());
    const QString username = user.username.trimmed();
    if (username.isEmpty())
        return;
    const QString envName = env.name.trimmed();

    if (env.deployment == Deployment::Enterprise) {
        if (username.contains(kTenantSeparator)) {
            const QString bare = username.mid(username.indexOf(kTenantSeparator) + 2);
            sink.error("username", "claim.enterprise-tenant-form",
                       Tr::tr("\"%1\" has the Cloud form tenant||username, but environment \"%2\" is Enterprise: CMiC "
                              "looks for a user named exactly that and finds none.")
                           .arg(elide(username), elide(envName)),
                       Tr::tr("Enter the plain CMiC username, e.g. \"%1\", or set the environment to Cloud.")
                           .arg(elide(bare)));
            return;
        }
    }
    if (!readsClaim(env))
        return;

    if (env.removeDomainFromUser && username.contains(QLatin1Char('@'))) {
        sink.error("username", "claim.remove-domain-strips-username",
                   Tr::tr("Environment \"%1\" removes \"@domain\" from the claim value, so CMiC can never read the "
                          "username \"%2\" from a token; it looks for \"%3\" instead.")
                       .arg(elide(envName), elide(username), elide(username.left(username.indexOf(QLatin1Char('@'))))),
                   Tr::tr("Turn remove-domain off for the environment, or use a username without \"@\"."));
        return;
    }
    if (env.deployment != Deployment::Cloud)
        return;
    const bool hasTenant = !env.cloudTenant.trimmed().isEmpty();
    if (hasTenant && username.contains(kTenantSeparator)) {
        sink.error("username", "claim.cloud-username-has-tenant",
                   Tr::tr("The username \"%1\" already contains \"||\"; the console adds the tenant of environment "
                          "\"%2\" itself, so the claim would carry the tenant twice.")
                       .arg(elide(username), elide(envName)),
                   Tr::tr("Enter only the username, e.g. \"%1\".")
                       .arg(elide(username.mid(username.lastIndexOf(kTenantSeparator) + 2))));
        return;
    }
    // Without a tenant the username alone may form the claim (typed whole as TENANT||USERNAME, or in e-mail
    // form), and so may the e-mail username; only when none of them does is there no valid value.
    if (ServiceUserResolver::expectedClaimValue(env, user).isEmpty()) {
        const bool emailCut = env.removeDomainFromUser && looksLikeEmail(user.emailUsername.trimmed());
        QString message;
        if (username.contains(kTenantSeparator))
            message = Tr::tr("In Cloud environment \"%1\" the username \"%2\" is not a valid tenant||username (exactly "
                             "one tenant and one username around \"||\"%3), the environment has no tenant and the user "
                             "has no usable e-mail username, so no valid claim value can be formed.")
                          .arg(elide(envName), elide(username),
                               env.removeDomainFromUser ? Tr::tr(", no \"@\" while remove-domain is on") : QString());
        else if (emailCut)
            message = Tr::tr("In Cloud environment \"%1\" the claim for %2 must be tenant||username or the e-mail "
                             "username, but the environment has no tenant and remove-domain would cut the e-mail "
                             "username.")
                          .arg(elide(envName), elide(username));
        else
            message =
                Tr::tr("In Cloud environment \"%1\" the claim for %2 must be tenant||username or the e-mail "
                       "username, but the environment has no tenant, the username is neither of them and the user "
                       "has no e-mail username, so no valid value can be formed.")
                    .arg(elide(envName), elide(username));
        const qsizetype sep = username.lastIndexOf(kTenantSeparator);
        const QString bare = sep < 0 ? username : username.mid(sep + 2);
        sink.error("emailUsername", "claim.cloud-unformable", message,
                   Tr::tr("Enter the Cloud tenant on environment \"%1\" (the claim is then TENANT||%2), the user's "
                          "e-mail username, or the username typed whole as TENANT||%2.")
                       .arg(elide(envName), elide(bare)));
    }
}

// ---------------------------------------------------------------------------------------------- registrations

const QRegularExpression &entraV2IssuerPattern()
{
    static const QRegularExpression re(QStringLiteral("^https://login\\.microsoftonline\\.com/([^/]+)/v2\\.0/?$"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &entraV1IssuerPattern()
{
    static const QRegularExpression re(QStringLiteral("^https://sts\\.windows\\.net/([^/]+)(/?)$"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

bool isGuid(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(text).hasMatch();
}

// Returns true when an Entra-specific issuer finding was made (the generic preset comparison then stays quiet).
bool checkEntraIssuer(Sink &sink, const AppRegistration &reg, const QString &issuer)
{
    if (const QRegularExpressionMatch v2 = entraV2IssuerPattern().match(issuer); v2.hasMatch()) {
        const QString tenant = v2.captured(1);
        if (reg.idpPreset == QLatin1String("entra-v2")) {
            // v2 tokens carry ".../v2.0" with no slash; the preset comparison is skipped below, so check it here.
            if (issuer.endsWith(QLatin1Char('/'))) {
                sink.error("issuer", "issuer.trailing-slash",
                           Tr::tr("The issuer \"%1\" ends with a slash, but Entra ID v2 tokens carry the issuer "
                                  "without one; CMiC compares the issuer exactly, so the token would not match.")
                               .arg(elide(issuer)),
                           Tr::tr("Use \"%1\".").arg(elide(chopSlash(issuer))));
            }
            sink.info("issuer", "issuer.entra-v2-tokens",
                      Tr::tr("The issuer is in the Entra v2 form; Entra only issues v2 access tokens to APIs whose "
                             "manifest asks for them, and v2 tokens carry the client in azp instead of appid."),
                      Tr::tr("Make sure the API's manifest sets the access token version to 2, or switch to the v1 "
                             "issuer https://sts.windows.net/%1/.")
                          .arg(elide(tenant)));
            return true;
        }
        const QString fix =
            isGuid(tenant) ? Tr::tr("Register the issuer \"https://sts.windows.net/%1/\" (with the trailing slash).")
                                 .arg(elide(tenant.toLower()))
                           : Tr::tr("Register the issuer \"https://sts.windows.net/<directory (tenant) ID>/\": the "
                                    "token's issuer carries the tenant ID GUID, not \"%1\".")
                                 .arg(elide(tenant));
        sink.error("issuer", "issuer.entra-v2",
                   Tr::tr("The issuer \"%1\" is the Entra ID v2 form, but Entra issues access tokens for APIs as v1 "
                          "tokens whose issuer is https://sts.windows.net/{tenant}/, so CMiC would not find the "
                          "registration (500).")
                       .arg(elide(issuer)),
                   fix);
        return true;
    }
    if (const QRegularExpressionMatch v1 = entraV1IssuerPattern().match(issuer); v1.hasMatch()) {
        const QString tenant = v1.captured(1);
        if (!isGuid(tenant)) {
            sink.warning("issuer", "issuer.entra-tenant-name",
                         Tr::tr("The issuer names the tenant \"%1\", but Entra tokens carry the directory (tenant) ID, "
                                "a GUID, in the issuer.")
                             .arg(elide(tenant)),
                         Tr::tr("Use \"https://sts.windows.net/<directory (tenant) ID>/\"; the ID is on the tenant's "
                                "overview page."));
            return true;
        }
        if (v1.captured(2).isEmpty()) {
            sink.error("issuer", "issuer.trailing-slash",
                       Tr::tr("The issuer \"%1\" lacks the trailing slash Entra puts in the token's iss; CMiC compares "
                              "the issuer exactly.")
                           .arg(elide(issuer)),
                       Tr::tr("Use \"%1/\".").arg(elide(issuer)));
            return true;
        }
    }
    return false;
}

// Discovery URL vs the one the issuer (or the preset) implies, differing only in slashes.
void checkDiscoverySlash(Sink &sink, const QString &discovery, const QString &expected)
{
    if (discovery.isEmpty() || expected.isEmpty() || discovery == expected)
        return;
    auto normalise = [](QString url) {
        url = chopSlash(url);
        url.replace(QLatin1String("//.well-known/"), QLatin1String("/.well-known/"));
        return url;
    };
    if (normalise(discovery) != normalise(expected))
        return;
    sink.warning("discoveryUrl", "discovery-url.trailing-slash",
                 Tr::tr("The discovery URL \"%1\" differs from \"%2\", the one the issuer implies, only in a slash; "
                        "most providers answer 404 to it.")
                     .arg(elide(discovery), elide(expected)),
                 Tr::tr("Use \"%1\".").arg(elide(expected)));
}

// registration.preset.other-idp: a URL on another identity provider's host than the preset's (an Okta preset with
// Microsoft URLs). registration.scope.entra-missing / entra-not-default: Entra's client credentials need one scope
// ending in /.default (AADSTS1002012).
void checkPresetProvider(Sink &sink, const AppRegistration &reg, const IdpPreset &preset)
{
    const std::pair<const char *, const QString *> urls[] = {{"issuer", &reg.issuer},
                                                             {"jwksUri", &reg.jwksUri},
                                                             {"tokenEndpoint", &reg.tokenEndpoint},
                                                             {"discoveryUrl", &reg.discoveryUrl}};
    for (const auto &[field, value] : urls) {
        const QString url = value->trimmed();
        if (preset.isPlausibleUrl(url))
            continue;
        const QString host = QUrl(url).host();
        const IdpPreset *owner = IdpPresets::owningHost(host);
        const QString expected = preset.placeholderFor(QLatin1String(field), reg);
        const QString message =
            owner ? Tr::tr("%1 \"%2\" is on %3 (%4), but the registration's preset is %5: the token, its keys and this "
                           "URL would come from different identity providers.")
                        .arg(fieldLabel(field), elide(url), owner->providerName(), elide(host), preset.displayedName())
                  : Tr::tr("%1 \"%2\" is not on a host of %3 (%4), the registration's preset.")
                        .arg(fieldLabel(field), elide(url), preset.providerName(),
                             preset.hosts.join(QStringLiteral(", ")));
        const QString fix =
            owner ? (expected.isEmpty()
                         ? Tr::tr("Choose the %1 preset if the tokens come from %1, or enter %2's URL.")
                               .arg(owner->providerName(), preset.providerName())
                         : Tr::tr("Choose the %1 preset if the tokens come from %1, or enter %2's URL: %3.")
                               .arg(owner->providerName(), preset.providerName(), elide(expected)))
                  : (expected.isEmpty()
                         ? Tr::tr("Enter %1's URL, or choose the preset of the provider that issues the tokens.")
                               .arg(preset.providerName())
                         : Tr::tr("Enter %1's URL (%2), or choose the preset of the provider that issues "
                                  "the tokens.")
                               .arg(preset.providerName(), elide(expected)));
        sink.warning(field, "registration.preset.other-idp", message, fix);
    }

    if (!preset.scopeHint.endsWith(QLatin1String("/.default")))
        return;
    const QString scope = reg.scope.trimmed();
    const QString appId = reg.appId.trimmed();
    const QString suggested = appId.isEmpty() ? QStringLiteral("api://<App ID>/.default")
                                              : QStringLiteral("api://%1/.default").arg(elide(appId));
    if (scope.isEmpty()) {
        sink.error(
            "scope", "registration.scope.entra-missing",
            Tr::tr("The scope is empty; %1 refuses a client-credentials request without a scope ending in "
                   "/.default (AADSTS1002012).")
                .arg(preset.providerName()),
            Tr::tr("Enter \"%1\": the API's Application ID URI (under Expose an API) plus /.default.").arg(suggested));
    } else if (!scope.endsWith(QLatin1String("/.default"))) {
        sink.error(
            "scope", "registration.scope.entra-not-default",
            Tr::tr("The scope \"%1\" does not end in /.default; %2 answers AADSTS1002012 to a client-credentials "
                   "request with it.")
                .arg(elide(scope), preset.providerName()),
            Tr::tr("Enter \"%1\": the API's Application ID URI (under Expose an API) plus /.default.").arg(suggested));
    }
}

void checkPreset(Sink &sink, const AppRegistration &reg, const QString &issuer, bool entraFinding)
{
    const QString presetId = reg.idpPreset.trimmed();
    const QString discovery = reg.discoveryUrl.trimmed();
    const QString derivedDiscovery = issuer.isEmpty() ? QString() : chopSlash(issuer) + kWellKnown;
    if (presetId.isEmpty()) {
        checkDiscoverySlash(sink, discovery, derivedDiscovery);
        return;
    }
    const IdpPreset *preset = IdpPresets::find(presetId);
    if (!preset) {
        sink.warning("idpPreset", "registration.preset.unknown",
                     Tr::tr("The IdP preset \"%1\" is not one this console knows.").arg(elide(presetId)),
                     Tr::tr("Choose a preset from the list, or \"generic\" for any OpenID Connect provider."));
        checkDiscoverySlash(sink, discovery, derivedDiscovery);
        return;
    }

    QStringList missing;
    for (const QString &name : preset->parameters) {
        if (reg.presetParameters.value(name).trimmed().isEmpty())
            missing.append(name);
    }
    if (!missing.isEmpty()) {
        sink.info("presetParameters", "registration.preset-parameter.missing",
                  Tr::tr("The %1 preset's %2 is not filled in, so the console cannot compare the URLs with the "
                         "provider's usual ones.")
                      .arg(preset->displayedName(), missing.join(QLatin1String(", "))),
                  Tr::tr("Fill in the preset's parameters."));
    }

    // Entra's token endpoint takes a tenant domain name, its issuer always the tenant ID; with a name as the
    // parameter the preset's issuer says nothing about the registered one (issuer.entra-tenant-name covers it).
    const bool entraTenantName = preset->id.startsWith(QLatin1String("entra"))
                                 && !isGuid(reg.presetParameters.value(QStringLiteral("tenant")).trimmed());
    const QString expectedIssuer = IdpPreset::expandComplete(preset->issuerTemplate, reg.presetParameters);
    if (!entraFinding && !entraTenantName && !issuer.isEmpty() && !expectedIssuer.isEmpty()
        && issuer != expectedIssuer) {
        if (chopSlash(issuer) == chopSlash(expectedIssuer)) {
            sink.error("issuer", "issuer.trailing-slash",
                       Tr::tr("The issuer \"%1\" differs from the %2 issuer \"%3\" only in the trailing slash; CMiC "
                              "compares the issuer exactly, so the token would not match.")
                           .arg(elide(issuer), preset->displayedName(), elide(expectedIssuer)),
                       Tr::tr("Use \"%1\".").arg(elide(expectedIssuer)));
        } else {
            sink.warning("issuer", "issuer.preset-mismatch",
                         Tr::tr("The issuer \"%1\" is not \"%2\", the issuer %3 uses for these parameters.")
                             .arg(elide(issuer), elide(expectedIssuer), preset->displayedName()),
                         Tr::tr("Copy the issuer from the provider's discovery document, or correct the preset's "
                                "parameters."));
        }
    }

    const QString presetDiscovery = IdpPreset::expandComplete(preset->discoveryUrlTemplate, reg.presetParameters);
    checkDiscoverySlash(sink, discovery, presetDiscovery.isEmpty() ? derivedDiscovery : presetDiscovery);

    checkPresetProvider(sink, reg, *preset);

    if (preset->audienceRequired && reg.audience.trimmed().isEmpty()) {
        sink.warning("audience", "audience.required",
                     Tr::tr("%1 needs an audience in the token request; without one it refuses the request or issues "
                            "a token CMiC cannot verify.")
                         .arg(preset->displayedName()),
                     Tr::tr("Enter the API's identifier as the audience."));
    }
    if (!preset->audienceHint.isEmpty() && reg.audience.trimmed().isEmpty() && reg.resource.trimmed().isEmpty()) {
        sink.info("audience", "audience.hint", preset->displayedAudienceHint(),
                  Tr::tr("Set the audience up at %1 and enter it here.").arg(preset->displayedName()));
    }
}

void checkSecretExpiry(Sink &sink, const AppRegistration &reg, const QDate &today)
{
    const bool key = reg.authMethod == ClientAuthMethod::PrivateKeyJwt;
    if (!reg.secretExpiry.isValid()) {
        sink.info("secretExpiry", "secret.expiry-unknown",
                  key ? Tr::tr("The expiry of the key (certificate) registered for private_key_jwt is not recorded.")
                      : Tr::tr("The client secret's expiry date is not recorded."),
                  Tr::tr("Enter the expiry date shown by the identity provider so the console can warn %1 days ahead.")
                      .arg(SetupRules::kSecretExpiryWarningDays));
        return;
    }
    const qint64 days = today.daysTo(reg.secretExpiry);
    const QString date = reg.secretExpiry.toString(Qt::ISODate);
    if (days < 0) {
        sink.error("secretExpiry", "secret.expired",
                   key ? Tr::tr("The key (certificate) registered for private_key_jwt expired on %1, %n day(s) ago; "
                                "the identity provider refuses its assertions.",
                                nullptr, pluralCount(-days))
                             .arg(date)
                       : Tr::tr("The client secret expired on %1, %n day(s) ago; the identity provider refuses it.",
                                nullptr, pluralCount(-days))
                             .arg(date),
                   key ? Tr::tr("Upload a new certificate at the identity provider, update the key here and the "
                                "expiry date.")
                       : Tr::tr("Create a new secret at the identity provider, store it here and update the expiry "
                                "date."));
    } else if (days <= SetupRules::kSecretExpiryWarningDays) {
        const QString when = days == 0 ? Tr::tr("today (%1)").arg(date)
                                       : Tr::tr("in %n day(s), on %1", nullptr, pluralCount(days)).arg(date);
        sink.warning("secretExpiry", "secret.expiring",
                     key ? Tr::tr("The key (certificate) registered for private_key_jwt expires %1.").arg(when)
                         : Tr::tr("The client secret expires %1.").arg(when),
                     key ? Tr::tr("Upload a new certificate before then and switch over.")
                         : Tr::tr("Create a new secret before then, store it here and update the expiry date."));
    }
}

// |env| and |user| are the registration's environment and service user, null when missing or unknown.
// |now| for what changes within a day (a certificate made an hour ago is valid already); |today| for dates.
void checkRegistrationItself(Findings &out, const AppRegistration &reg, const Environment *env, const ServiceUser *user,
                             const QDate &today, const QDateTime &now)
{
    Sink sink(out, SubjectKind::Registration, reg.id, reg.name.trimmed());
    if (reg.name.trimmed().isEmpty()) {
        sink.error("name", "registration.name.missing", Tr::tr("The registration has no name."),
                   Tr::tr("Name it after the integration, e.g. \"Payroll sync\"."));
    }

    if (reg.environmentId.isEmpty()) {
        sink.error("environmentId", "registration.environment.missing",
                   Tr::tr("The registration belongs to no environment."),
                   Tr::tr("Choose the CMiC environment this registration is made in."));
    } else if (!env) {
        sink.error("environmentId", "registration.environment.unknown",
                   Tr::tr("The registration points at an environment that no longer exists."),
                   Tr::tr("Choose an existing environment."));
    }

    const struct
    {
        const char *field;
        const char *code;
        const QString &value;
        const char *what;
    } required[] = {
        {"appId", "registration.app-id.missing", reg.appId,
         QT_TRANSLATE_NOOP("cmic::SetupRules", "the client ID the IdP issued")},
        {"issuer", "registration.issuer.missing", reg.issuer,
         QT_TRANSLATE_NOOP("cmic::SetupRules", "the exact iss value of the tokens")},
        {"jwksUri", "registration.jwks-uri.missing", reg.jwksUri,
         QT_TRANSLATE_NOOP("cmic::SetupRules", "where CMiC fetches the signing keys")},
    };
    for (const auto &r : required) {
        if (r.value.trimmed().isEmpty()) {
            sink.error(r.field, r.code,
                       Tr::tr("%1 is empty; CMiC API Security needs it to accept tokens.").arg(fieldLabel(r.field)),
                       Tr::tr("Enter %1.").arg(Tr::tr(r.what)));
        }
    }
    if (reg.tokenEndpoint.trimmed().isEmpty()) {
        sink.warning("tokenEndpoint", "registration.token-endpoint.missing",
                     Tr::tr("The token endpoint is empty, so the console cannot request a test token (CMiC itself does "
                            "not need it)."),
                     Tr::tr("Enter the token endpoint, or choose an IdP preset to fill it in."));
    }

    const std::pair<const char *, const QString *> spacedFields[] = {{"appId", &reg.appId},
                                                                     {"issuer", &reg.issuer},
                                                                     {"jwksUri", &reg.jwksUri},
                                                                     {"tokenEndpoint", &reg.tokenEndpoint},
                                                                     {"discoveryUrl", &reg.discoveryUrl},
                                                                     {"audience", &reg.audience}};
    for (const auto &[field, value] : spacedFields)
        checkWhitespace(sink, field, *value);
    checkUrl(sink, "issuer", reg.issuer);
    checkUrl(sink, "jwksUri", reg.jwksUri);
    checkUrl(sink, "tokenEndpoint", reg.tokenEndpoint);
    checkUrl(sink, "discoveryUrl", reg.discoveryUrl);

    const QString issuer = reg.issuer.trimmed();
    const QUrl issuerUrl(issuer, QUrl::StrictMode);
    if (!issuer.isEmpty() && issuerUrl.isValid() && (issuerUrl.hasQuery() || issuerUrl.hasFragment())) {
        sink.error("issuer", "issuer.query-or-fragment",
                   Tr::tr("The issuer \"%1\" has a query or fragment; an OpenID issuer never does, so it cannot match "
                          "a token's iss.")
                       .arg(elide(issuer)),
                   Tr::tr("Use the issuer exactly as the discovery document's \"issuer\" shows it."));
    }
    const bool entraFinding = !issuer.isEmpty() && checkEntraIssuer(sink, reg, issuer);
    checkPreset(sink, reg, issuer, entraFinding);

    // The service user.
    if (reg.serviceUserId.isEmpty()) {
        if (env && env->userSource == UserSource::Registration) {
            // After Patch 22 the registration's user overrides the claim; without one CMiC still reads the claim.
            sink.warning("serviceUserId", "registration.service-user.claim-fallback",
                         Tr::tr("Environment \"%1\" can take the service user from the registration (after Patch 22), "
                                "but this registration has none, so CMiC still reads the user from the token's \"%2\" "
                                "claim and rejects calls whose token lacks it.")
                             .arg(elide(env->name), elide(ServiceUserResolver::claimName(*env))),
                         Tr::tr("Choose the service user, here and on the registration in CMiC API Security, so the "
                                "claim is no longer needed."));
        } else {
            sink.warning("serviceUserId", "registration.service-user.unset",
                         Tr::tr("The registration names no service user, so the console cannot check the value the "
                                "token's claim must carry."),
                         Tr::tr("Choose the service user the IdP puts in the claim."));
        }
    } else if (!user) {
        sink.error("serviceUserId", "registration.service-user.unknown",
                   Tr::tr("The registration points at a service user that no longer exists."),
                   Tr::tr("Choose an existing service user."));
    }

    checkSecretExpiry(sink, reg, today);
    out << AssertionRules::check(reg, now);
}

// What CMiC finds a registration by: environment, issuer (exact, once trimmed) and App ID (case-insensitive).
// Empty when one of them is missing (the required-field checks report that).
QString registrationKey(const AppRegistration &r)
{
    const QString issuer = r.issuer.trimmed();
    const QString appId = r.appId.trimmed();
    if (r.environmentId.isEmpty() || issuer.isEmpty() || appId.isEmpty())
        return {};
    return r.environmentId % QChar(0x1f) % issuer % QChar(0x1f) % appId.toCaseFolded();
}

void checkDuplicates(Findings &out, const AppRegistration &reg, const QList<const AppRegistration *> &sameKey)
{
    // At most kShownNames names, each cut: a workspace with thousands of copies of one registration says how many.
    constexpr qsizetype kShownNames = 5;
    QStringList others;
    qsizetype more = 0;
    for (const AppRegistration *other : sameKey) {
        if (other->id == reg.id)
            continue;
        if (others.size() < kShownNames)
            others.append(QLatin1Char('"') + elide(other->name) + QLatin1Char('"'));
        else
            ++more;
    }
    if (others.isEmpty())
        return;
    // The count is computed apart: lupdate 6.4 never returns from a template argument list inside translate().
    const int moreCount = int(qMin<qsizetype>(more, std::numeric_limits<int>::max()));
    if (more > 0)
        others.append(QCoreApplication::translate("cmic::SetupRules", "and %n more", nullptr, moreCount));
    Sink sink(out, SubjectKind::Registration, reg.id, reg.name.trimmed());
    sink.error("appId", "registration.duplicate",
               Tr::tr("%1 has the same Issuer and App ID in this environment; CMiC finds a registration by that pair "
                      "and could not tell them apart.")
                   .arg(others.join(QLatin1String(", "))),
               Tr::tr("Keep one registration per client, or give each integration its own app registration at the "
                      "IdP."));
}

// |sameKey|: every registration of the workspace with reg's registrationKey() (reg itself may be among them).
void checkRegistrationFull(Findings &out, const AppRegistration &reg, const Environment *env, const ServiceUser *user,
                           const QDate &today, const QDateTime &now, const QList<const AppRegistration *> &sameKey)
{
    checkRegistrationItself(out, reg, env, user, today, now);
    checkDuplicates(out, reg, sameKey);
    if (env && user)
        checkClaimFormat(out, *env, *user);
}

// Keeps the first of identical findings, in order. Hashed by subject, code and field so a large workspace is not
// compared pairwise.
Findings deduplicated(const Findings &in)
{
    Findings out;
    out.reserve(in.size());
    QHash<QString, QList<qsizetype>> seen;
    seen.reserve(in.size());
    for (const Finding &f : in) {
        QList<qsizetype> &same = seen[f.subjectId % QChar(0x1f) % f.code % QChar(0x1f) % f.field];
        if (std::any_of(same.cbegin(), same.cend(), [&](qsizetype i) { return out.at(i) == f; }))
            continue;
        same.append(out.size());
        out.append(f);
    }
    return out;
}

} // namespace

SetupRules::SetupRules(const Clock &clock) : m_clock(clock) {}

void SetupRules::checkCredential(Findings &out, const Workspace &workspace, const AppRegistration &reg) const
{
    if (!m_credentials.stored)
        return;
    const CredentialKind kind = credentialKindFor(reg);
    const std::optional<bool> stored = m_credentials.stored(credentialKey(workspace.id, reg.id, kind));
    if (!stored || *stored)
        return;
    Sink sink(out, SubjectKind::Registration, reg.id, reg.name.trimmed());
    const bool key = kind == CredentialKind::PrivateKey;
    QString message = key ? Tr::tr("No private key is stored for this registration in %1, so the console cannot sign "
                                   "the client assertion or request a test token.")
                                .arg(m_credentials.storeName)
                          : Tr::tr("No client secret is stored for this registration in %1, so the console cannot "
                                   "request a test token.")
                                .arg(m_credentials.storeName);
    if (!m_credentials.persistent)
        message += QLatin1Char(' ') + Tr::tr("Secrets typed in this session are kept for this session only.");
    sink.warning(
        key ? "privateKey" : "clientSecret", "credential.missing", message,
        key ? Tr::tr("Import the private key (PEM) with \"Import PEM…\" in the registration's Private key field, "
                     "or a PKCS#12 file with \"Certificate file…\".")
            : Tr::tr("Enter the client secret in the registration's Client secret field, as the identity "
                     "provider showed it when it was created."));
}

Findings SetupRules::check(const Workspace &workspace) const { return check(workspace, {}); }

Findings SetupRules::check(const Workspace &workspace, const std::function<bool()> &cancelled) const
{
    constexpr qsizetype kCancelCheckEvery = 256;
    const PoolScope pool;
    const QDateTime now = m_clock.now().toUTC();
    const QDate today = now.date();
    Findings out;
    for (const Environment &env : workspace.environments)
        checkEnvironment(out, env);
    for (const ServiceUser &user : workspace.serviceUsers)
        checkServiceUser(out, user);
    // Indexes by id so a large workspace is not searched once per registration.
    QHash<QString, const Environment *> environments;
    environments.reserve(workspace.environments.size());
    for (const Environment &env : workspace.environments)
        environments.insert(env.id, &env);
    QHash<QString, const ServiceUser *> users;
    users.reserve(workspace.serviceUsers.size());
    for (const ServiceUser &user : workspace.serviceUsers)
        users.insert(user.id, &user);
    QHash<QString, QList<const AppRegistration *>> byKey;
    for (const AppRegistration &reg : workspace.registrations) {
        if (const QString key = registrationKey(reg); !key.isEmpty())
            byKey[key].append(&reg);
    }
    for (qsizetype i = 0; i < workspace.registrations.size(); ++i) {
        if (cancelled && i % kCancelCheckEvery == 0 && cancelled())
            return {};
        const AppRegistration &reg = workspace.registrations.at(i);
        const QString key = registrationKey(reg);
        checkRegistrationFull(out, reg, environments.value(reg.environmentId), users.value(reg.serviceUserId), today,
                              now, key.isEmpty() ? QList<const AppRegistration *>() : byKey.value(key));
        checkCredential(out, workspace, reg);
    }
    out << checkWorkspaceSettings(workspace.settings);
    return deduplicated(out);
}

Findings SetupRules::checkRegistration(const Workspace &workspace, const AppRegistration &registration) const
{
    const PoolScope pool;
    const QDateTime now = m_clock.now().toUTC();
    const QDate today = now.date();
    Findings out;
    const Environment *env = workspace.environment(registration.environmentId);
    const ServiceUser *user = workspace.serviceUser(registration.serviceUserId);
    if (env)
        checkEnvironment(out, *env);
    if (user)
        checkServiceUser(out, *user);
    QList<const AppRegistration *> sameKey;
    if (const QString key = registrationKey(registration); !key.isEmpty()) {
        for (const AppRegistration &other : workspace.registrations) {
            if (registrationKey(other) == key)
                sameKey.append(&other);
        }
    }
    checkRegistrationFull(out, registration, env, user, today, now, sameKey);
    checkCredential(out, workspace, registration);
    return deduplicated(out);
}

} // namespace cmic
