#include "Escapers.h"
#include "Exporter.h"

#include "core/model/Workspace.h"
#include "core/net/CmicProbe.h"
#include "core/storage/CredentialKind.h"

#include <QUrl>

namespace cmic {

namespace {

using exporthelp::serviceUsername;

// The variable a server keeps the client secret in: the .env, the curl script and the Spring files agree on it.
const QString kSecretVariable = QStringLiteral("CMIC_CLIENT_SECRET");
// private_key_jwt: the path of the PEM private key (a multi-line key fits neither a .env nor docker --env-file).
const QString kKeyFileVariable = QStringLiteral("CMIC_PRIVATE_KEY_FILE");

QString comment(const QString &text) { return QStringLiteral("# ") + escape::commentText(text) + QLatin1Char('\n'); }

QString displayedName(const AppRegistration &r) { return r.name.isEmpty() ? r.appId : r.name; }

// A Spring registration id from the registration's name: lower-case ASCII letters, digits and "-", so it is one
// segment of a property name (no ".", "[", "]" or blanks) whatever the name holds.
QString springRegistrationId(const AppRegistration &r)
{
    QString id;
    for (const QChar c : r.name.toLower()) {
        const bool keep =
            (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        if (keep)
            id += c;
        else if (!id.isEmpty() && !id.endsWith(QLatin1Char('-')))
            id += QLatin1Char('-');
        if (id.size() >= 48)
            break;
    }
    while (id.endsWith(QLatin1Char('-')))
        id.chop(1);
    if (id.isEmpty())
        id = QStringLiteral("cmic");
    if (!id.startsWith(QLatin1String("cmic")))
        id.prepend(QLatin1String("cmic-"));
    return id;
}

QStringList scopeList(const QString &scope) { return scope.split(QLatin1Char(' '), Qt::SkipEmptyParts); }

QString warningSecretNotWritten(const QString &format)
{
    return ExportText::tr("%1 never holds the secret: it reads it from the environment variable %2 on the server. "
                          "The secret was not written.")
        .arg(format, kSecretVariable);
}

// Environment variables for a server: for `set -a; . ./file.env` and `docker --env-file file.env`.
class EnvFileExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("env"); }
    QString displayName() const override { return ExportText::tr("Environment variables for a server (.env)"); }
    QString description() const override
    {
        return ExportText::tr("The client settings as CMIC_* variables, for a shell (set -a; . ./file.env) or "
                              "docker --env-file; the secret stays in the server's own environment.");
    }
    QString fileSuffix() const override { return QStringLiteral("env"); }
    ExportEscaping escaping() const override { return ExportEscaping::EnvFile; }
    bool supportsSecret() const override { return true; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r,
                        const ExportOptions &options) const override
    {
        ExportResult result;
        const bool usesKey = credentialKindFor(r) == CredentialKind::PrivateKey;
        const bool writeSecret = options.includeSecret && !options.secret.isEmpty() && !usesKey;
        QString text;
        const auto line = [&](const QString &name, const QString &value) {
            bool portable = true;
            const QString written = escape::envFileValue(value, &portable);
            if (!portable)
                result.warnings << ExportText::tr("%1 holds characters that docker --env-file would keep literally, "
                                                  "so it is written in single quotes for sh and bash: docker reads "
                                                  "the quotes as part of the value. Set it by hand for docker.")
                                       .arg(name);
            text += name + QLatin1Char('=') + written + QLatin1Char('\n');
        };
        if (writeSecret)
            text += comment(ExportText::tr("This file holds the client secret: keep it mode 0600, only on the server, "
                                           "and out of version control."));
        text += comment(ExportText::tr("CMiC OAuth client settings for registration %1").arg(displayedName(r)));
        text += comment(ExportText::tr("Read by: set -a; . ./this.env; set +a (sh, bash) or docker --env-file "
                                       "this.env."));
        if (usesKey) {
            text += comment(ExportText::tr("private_key_jwt: the client signs an assertion with its PEM private key. "
                                           "%1 is not in this file: set it to the path of the key file (mode 0600), "
                                           "e.g. from your secret manager.")
                                .arg(kKeyFileVariable));
            if (options.includeSecret)
                result.warnings << ExportText::tr("A private key is not written into a .env (a multi-line PEM key "
                                                  "fits neither sh nor docker --env-file): keep it in its own file "
                                                  "with mode 0600 and set %1 to its path.")
                                       .arg(kKeyFileVariable);
        } else if (!writeSecret) {
            text += comment(ExportText::tr("%1 is not in this file: export it before sourcing, e.g. from your secret "
                                           "manager. Sourcing this file keeps a value already set.")
                                .arg(kSecretVariable));
        }
        if (r.authMethod == ClientAuthMethod::ClientSecretBasic)
            text += comment(ExportText::tr("client_secret_basic: the client form-encodes %1 and %2 "
                                           "(application/x-www-form-urlencoded, RFC 6749 section 2.3.1) before "
                                           "joining them with \":\" and Base64-encoding the Authorization header.")
                                .arg(QStringLiteral("CMIC_CLIENT_ID"), kSecretVariable));
        line(QStringLiteral("CMIC_TOKEN_ENDPOINT"), r.tokenEndpoint);
        line(QStringLiteral("CMIC_CLIENT_ID"), r.appId);
        line(QStringLiteral("CMIC_CLIENT_AUTH"), toString(r.authMethod));
        line(QStringLiteral("CMIC_SCOPE"), r.scope);
        line(QStringLiteral("CMIC_AUDIENCE"), r.audience);
        line(QStringLiteral("CMIC_RESOURCE"), r.resource);
        line(QStringLiteral("CMIC_ISSUER"), r.issuer);
        line(QStringLiteral("CMIC_JWKS_URI"), r.jwksUri);
        if (const Environment *env = workspace.environment(r.environmentId))
            line(QStringLiteral("CMIC_API_BASE_URL"), env->apiBaseUrl);
        line(QStringLiteral("CMIC_SERVICE_USER"), serviceUsername(workspace, r));
        if (!workspace.settings.caBundlePath.isEmpty())
            line(QStringLiteral("CMIC_CA_BUNDLE"), workspace.settings.caBundlePath);
        if (workspace.settings.proxyMode == ProxyMode::Manual && !workspace.settings.proxyUrl.isEmpty())
            line(QStringLiteral("CMIC_PROXY_URL"), workspace.settings.proxyUrl);
        if (writeSecret) {
            line(kSecretVariable, QString::fromUtf8(options.secret));
            result.containsSecret = true;
        }
        result.content = text.toUtf8();
        return result;
    }
};

// The warnings and comments both Spring formats share.
struct SpringNotes
{
    QStringList comments;
    QStringList warnings;
};

SpringNotes springNotes(const AppRegistration &r, const ExportOptions &options, const QString &format)
{
    SpringNotes notes;
    notes.comments << ExportText::tr("Spring Boot 3 / Spring Security 6 OAuth 2.0 client for CMiC registration %1")
                          .arg(displayedName(r));
    if (r.authMethod == ClientAuthMethod::PrivateKeyJwt) {
        notes.comments << ExportText::tr("private_key_jwt: Spring Security 6 signs the client assertion only when "
                                         "the application defines a JWK resolver bean (a "
                                         "NimbusJwtClientAuthenticationParametersConverter added to the client "
                                         "credentials token response client); without it the token request fails.");
        notes.warnings << ExportText::tr("Spring Security 6 supports private_key_jwt only with a JWK resolver bean "
                                         "in the application; these properties alone do not sign the assertion.");
    } else {
        notes.comments << ExportText::tr("The client secret is read from the environment variable %1 when the "
                                         "application starts.")
                              .arg(kSecretVariable);
    }
    notes.comments << ExportText::tr("issuer-uri is left out on purpose: with it Spring Boot fetches the issuer's "
                                     "discovery document at startup and does not start when it is unreachable. "
                                     "Issuer: %1")
                          .arg(r.issuer);
    if (!r.audience.isEmpty() || !r.resource.isEmpty()) {
        notes.comments << ExportText::tr("The token request also needs audience=%1 resource=%2: Spring sends them "
                                         "only through a custom token request parameters converter.")
                              .arg(r.audience, r.resource);
        notes.warnings << ExportText::tr("The registration sends an audience or resource parameter; Spring Boot "
                                         "properties cannot add it (a parameters converter in code can).");
    }
    // Spring resolves ${...} in every value; there is no escape for it before Spring 6.2.
    for (const QString &value : {r.appId, r.tokenEndpoint, r.scope}) {
        if (value.contains(QLatin1String("${"))) {
            notes.warnings << ExportText::tr("A value holds \"${\", which Spring reads as a placeholder: check "
                                             "client-id, token-uri and scope after the application starts.");
            break;
        }
    }
    if (options.includeSecret)
        notes.warnings << warningSecretNotWritten(format);
    return notes;
}

class SpringYamlExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("spring-yaml"); }
    QString displayName() const override { return ExportText::tr("Spring Boot application.yml"); }
    QString description() const override
    {
        return ExportText::tr("spring.security.oauth2.client settings for a Spring Boot service that calls CMiC "
                              "with client credentials.");
    }
    QString fileSuffix() const override { return QStringLiteral("yml"); }
    ExportEscaping escaping() const override { return ExportEscaping::Yaml; }

    ExportResult render(const Workspace &, const AppRegistration &r, const ExportOptions &options) const override
    {
        ExportResult result;
        const SpringNotes notes = springNotes(r, options, QStringLiteral("application.yml"));
        result.warnings = notes.warnings;
        const QString id = escape::yamlString(springRegistrationId(r));
        QString text;
        for (const QString &c : notes.comments)
            text += comment(c);
        const auto value = [&text](int indent, const char *key, const QString &v) {
            text += QString(indent, QLatin1Char(' ')) + QLatin1String(key) + QLatin1String(": ") + escape::yamlString(v)
                    + QLatin1Char('\n');
        };
        text += QLatin1String("spring:\n  security:\n    oauth2:\n      client:\n        registration:\n");
        text += QLatin1String("          ") + id + QLatin1String(":\n");
        value(12, "provider", springRegistrationId(r));
        value(12, "authorization-grant-type", QStringLiteral("client_credentials"));
        value(12, "client-id", r.appId);
        if (r.authMethod != ClientAuthMethod::PrivateKeyJwt)
            value(12, "client-secret", QStringLiteral("${%1}").arg(kSecretVariable));
        value(12, "client-authentication-method", toString(r.authMethod));
        const QStringList scopes = scopeList(r.scope);
        if (!scopes.isEmpty()) {
            text += QLatin1String("            scope:\n");
            for (const QString &s : scopes)
                text += QLatin1String("              - ") + escape::yamlString(s) + QLatin1Char('\n');
        }
        text += QLatin1String("        provider:\n");
        text += QLatin1String("          ") + id + QLatin1String(":\n");
        value(12, "token-uri", r.tokenEndpoint);
        text += QLatin1String("            # issuer-uri: ") + escape::commentText(escape::yamlString(r.issuer))
                + QLatin1Char('\n');
        result.content = text.toUtf8();
        return result;
    }
};

class SpringPropertiesExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("spring-properties"); }
    QString displayName() const override { return ExportText::tr("Spring Boot application.properties"); }
    QString description() const override
    {
        return ExportText::tr("The same Spring Boot client settings as application.properties lines.");
    }
    QString fileSuffix() const override { return QStringLiteral("properties"); }
    ExportEscaping escaping() const override { return ExportEscaping::JavaProperties; }

    ExportResult render(const Workspace &, const AppRegistration &r, const ExportOptions &options) const override
    {
        ExportResult result;
        const SpringNotes notes = springNotes(r, options, QStringLiteral("application.properties"));
        result.warnings = notes.warnings;
        const QString id = springRegistrationId(r);
        const QString registration = QStringLiteral("spring.security.oauth2.client.registration.%1.").arg(id);
        const QString provider = QStringLiteral("spring.security.oauth2.client.provider.%1.").arg(id);
        QString text;
        // Properties files are ISO 8859-1: the comments too are kept ASCII (\uXXXX), as the values are.
        for (const QString &c : notes.comments)
            text += QStringLiteral("# ") + escape::javaPropertiesValue(escape::commentText(c)) + QLatin1Char('\n');
        const auto line = [&text](const QString &key, const QString &value) {
            text += escape::javaPropertiesKey(key) + QLatin1Char('=') + escape::javaPropertiesValue(value)
                    + QLatin1Char('\n');
        };
        line(registration + QLatin1String("provider"), id);
        line(registration + QLatin1String("authorization-grant-type"), QStringLiteral("client_credentials"));
        line(registration + QLatin1String("client-id"), r.appId);
        if (r.authMethod != ClientAuthMethod::PrivateKeyJwt)
            line(registration + QLatin1String("client-secret"), QStringLiteral("${%1}").arg(kSecretVariable));
        line(registration + QLatin1String("client-authentication-method"), toString(r.authMethod));
        const QStringList scopes = scopeList(r.scope);
        for (qsizetype i = 0; i < scopes.size(); ++i)
            line(registration + QStringLiteral("scope[%1]").arg(i), scopes.at(i));
        line(provider + QLatin1String("token-uri"), r.tokenEndpoint);
        text += QLatin1String("# ") + escape::javaPropertiesKey(provider + QLatin1String("issuer-uri"))
                + QLatin1Char('=') + escape::commentText(escape::javaPropertiesValue(r.issuer)) + QLatin1Char('\n');
        result.content = text.toUtf8();
        return result;
    }
};

// A POSIX shell script for the server: a token with client credentials, then each probe endpoint with limit=1.
class CurlScriptExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("curl-script"); }
    QString displayName() const override { return ExportText::tr("curl script (POSIX sh)"); }
    QString description() const override
    {
        return ExportText::tr("Gets a token and calls the probe endpoints with curl from the server's own network; "
                              "the secret comes from %1.")
            .arg(kSecretVariable);
    }
    QString fileSuffix() const override { return QStringLiteral("sh"); }
    ExportEscaping escaping() const override { return ExportEscaping::Shell; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r,
                        const ExportOptions &options) const override
    {
        using escape::shellWord;
        ExportResult result;
        QString s = QStringLiteral("#!/bin/sh\n");
        s += comment(ExportText::tr("CMiC OAuth: a token for registration %1, then a GET of each probe endpoint.")
                         .arg(displayedName(r)));
        if (r.authMethod == ClientAuthMethod::PrivateKeyJwt) {
            const QString message = ExportText::tr("This script does not support private_key_jwt (it cannot sign the "
                                                   "client assertion). Run cmic-oauth validate on this server "
                                                   "instead.");
            result.warnings << message;
            s += QStringLiteral("echo %1 >&2\nexit 2\n").arg(shellWord(message));
            result.content = s.toUtf8();
            return result;
        }
        if (options.includeSecret)
            result.warnings << warningSecretNotWritten(ExportText::tr("The curl script"));
        s += comment(ExportText::tr("Run: CMIC_CLIENT_SECRET=... sh ./this.sh (or after set -a; . ./x.env). "
                                    "CMIC_TOKEN_ENDPOINT and CMIC_CA_BUNDLE, when set, replace the values below."));
        s += comment(ExportText::tr("It never prints the secret or the token, and passes neither on a command line. "
                                    "Exit status: 0 every call answered 2xx, 1 a call failed, 2 no secret."));
        s += QLatin1String("set -eu\n\n");
        s += QStringLiteral("token_endpoint=%1\n").arg(shellWord(r.tokenEndpoint));
        s += QLatin1String("if [ -n \"${CMIC_TOKEN_ENDPOINT:-}\" ]; then token_endpoint=$CMIC_TOKEN_ENDPOINT; fi\n");
        s += QStringLiteral("ca_bundle=%1\n").arg(shellWord(workspace.settings.caBundlePath));
        s += QLatin1String("if [ -n \"${CMIC_CA_BUNDLE:-}\" ]; then ca_bundle=$CMIC_CA_BUNDLE; fi\n");
        s += QStringLiteral("client_id=%1\n").arg(shellWord(r.appId));
        s += QStringLiteral("scope=%1\naudience=%2\nresource=%3\n\n")
                 .arg(shellWord(r.scope), shellWord(r.audience), shellWord(r.resource));
        s += QStringLiteral("if [ -z \"${CMIC_CLIENT_SECRET:-}\" ]; then\n  echo %1 >&2\n  exit 2\nfi\n\n")
                 .arg(shellWord(ExportText::tr("CMIC_CLIENT_SECRET is not set: export the client secret in it "
                                               "first, e.g. from your secret manager.")));
        s += QLatin1String(
            "# application/x-www-form-urlencoded (RFC 6749 appendix B): UTF-8 bytes, space as +, everything but\n"
            "# A-Z a-z 0-9 * - . _ as %XX. Only shell built-ins and od see the value, never a command line.\n"
            "form_encode() {\n"
            "  printf %s \"$1\" | od -An -v -tx1 | tr 'abcdef ' 'ABCDEF\\n' | while read -r byte; do\n"
            "    case $byte in\n"
            "      '') ;;\n"
            "      20) printf + ;;\n"
            "      2A | 2D | 2E | 3[0-9] | 4[1-9A-F] | 5[0-9A] | 5F | 6[1-9A-F] | 7[0-9A])\n"
            "        printf \"\\\\$(printf %03o \"0x$byte\")\" ;;\n"
            "      *) printf %%%s \"$byte\" ;;\n"
            "    esac\n"
            "  done\n"
            "}\n\n");
        // curl reads the secret-bearing options from its standard input (-K -), never from its argument list.
        s += QLatin1String("# One curl call: the URL in $1, the options that carry a secret on standard input (-K -).\n"
                           "# Prints the body, a line feed and the HTTP status.\n"
                           "request() {\n"
                           "  if [ -n \"$ca_bundle\" ]; then\n"
                           "    set -- \"$1\" --cacert \"$ca_bundle\"\n"
                           "  fi\n"
                           "  curl --silent --show-error --max-time 60 ");
        switch (workspace.settings.proxyMode) {
        case ProxyMode::Manual:
            if (!workspace.settings.proxyUrl.isEmpty())
                s += QStringLiteral("--proxy %1 ").arg(shellWord(workspace.settings.proxyUrl));
            break;
        case ProxyMode::None: s += QLatin1String("--noproxy '*' "); break;
        case ProxyMode::System: break;
        }
        s += QLatin1String("--write-out '\\n%{http_code}' -K - \"$@\"\n"
                           "}\n\n");
        s += QLatin1String("secret=$(form_encode \"$CMIC_CLIENT_SECRET\")\n"
                           "id=$(form_encode \"$client_id\")\n"
                           "body=grant_type=client_credentials\n"
                           "if [ -n \"$scope\" ]; then body=\"$body&scope=$(form_encode \"$scope\")\"; fi\n"
                           "if [ -n \"$audience\" ]; then body=\"$body&audience=$(form_encode \"$audience\")\"; fi\n"
                           "if [ -n \"$resource\" ]; then body=\"$body&resource=$(form_encode \"$resource\")\"; fi\n");
        if (r.authMethod == ClientAuthMethod::ClientSecretPost)
            s += QLatin1String("config=$(printf 'data = \"%s&client_id=%s&client_secret=%s\"\\n' \"$body\" \"$id\" "
                               "\"$secret\")\n");
        else // client_secret_basic: curl Base64-encodes "user" into the Authorization header
            s +=
                QLatin1String("config=$(printf 'data = \"%s\"\\nuser = \"%s:%s\"\\n' \"$body\" \"$id\" \"$secret\")\n");
        s += QStringLiteral("if ! answer=$(printf '%s\\n' \"$config\" | request \"$token_endpoint\"); then\n"
                            "  echo %1 >&2\n"
                            "  exit 1\n"
                            "fi\n")
                 .arg(shellWord(ExportText::tr("The token request got no answer (see curl's message above).")));
        s += QLatin1String("unset secret config\n"
                           "status=$(printf '%s\\n' \"$answer\" | tail -n 1)\n"
                           "json=$(printf '%s\\n' \"$answer\" | sed '$d' | tr -d '\\r\\n')\n"
                           "unset answer\n"
                           "token=$(printf '%s' \"$json\" | sed -n "
                           "'s/.*\"access_token\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p')\n"
                           "if [ \"$status\" != 200 ] || [ -z \"$token\" ]; then\n"
                           "  error=$(printf '%s' \"$json\" | sed -n "
                           "'s/.*\"error\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p')\n");
        s += QStringLiteral("  printf %1 \"$status\" \"$error\" >&2\n  exit 1\nfi\n")
                 .arg(shellWord(ExportText::tr("Token request failed: HTTP %s %s") + QLatin1String("\\n")));
        s += QStringLiteral("printf %1 \"$status\"\n\n")
                 .arg(shellWord(ExportText::tr("%s token request (client credentials)") + QLatin1String("\\n")));
        s += QLatin1String(
            "failed=0\n"
            "probe() {\n"
            "  if ! answer=$(printf 'header = \"Authorization: Bearer %s\"\\n' \"$token\" | request \"$1\"); then\n"
            "    printf '%s GET %s\\n' '---' \"$1\"\n"
            "    failed=1\n"
            "    return 0\n"
            "  fi\n"
            "  status=$(printf '%s\\n' \"$answer\" | tail -n 1)\n"
            "  printf '%s GET %s\\n' \"$status\" \"$1\"\n"
            "  case $status in 2?\?) ;; *) failed=1 ;; esac\n"
            "}\n");
        const Environment *env = workspace.environment(r.environmentId);
        const QStringList paths = env ? env->probeEndpoints : QStringList();
        if (!env || env->apiBaseUrl.isEmpty() || paths.isEmpty()) {
            s += comment(ExportText::tr("The registration's environment names no probe endpoint: only the token is "
                                        "requested."));
            result.warnings << ExportText::tr("No probe endpoint: the script only requests a token. Add probe "
                                              "endpoints to the environment to call CMiC too.");
        } else {
            for (const QString &path : paths)
                s += QStringLiteral("probe %1\n")
                         .arg(shellWord(net::CmicProbe::probeUrl(env->apiBaseUrl, path).toString(QUrl::FullyEncoded)));
        }
        s += QLatin1String("unset token\n"
                           "if [ \"$failed\" -ne 0 ]; then exit 1; fi\n");
        result.content = s.toUtf8();
        return result;
    }
};

} // namespace

void addIntegrationExporters(ExporterList &list)
{
    list.push_back(std::make_unique<EnvFileExporter>());
    list.push_back(std::make_unique<SpringYamlExporter>());
    list.push_back(std::make_unique<SpringPropertiesExporter>());
    list.push_back(std::make_unique<CurlScriptExporter>());
}

} // namespace cmic
