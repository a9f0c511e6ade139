#include "Exporter.h"

#include "core/identity/ServiceUserResolver.h"
#include "core/model/Workspace.h"
#include "core/storage/WorkspaceFile.h"

#include <QCoreApplication>
#include <QTextStream>

namespace cmic {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("cmic::Exporter", text); }

// The name CMiC will run calls as, as the admin must type it into API Security (post-Patch 22).
QString serviceUsername(const Workspace &workspace, const AppRegistration &registration)
{
    const ServiceUser *user = workspace.serviceUser(registration.serviceUserId);
    return user ? user->username : QString();
}

// Names go into comment lines of shell and properties files: a line break there would start a new setting.
QString oneLine(QString text)
{
    text.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

QString orUnset(const QString &value) { return value.isEmpty() ? tr("(not set)") : value; }

// What to type into CMiC API Security > Application Registration, and the claim the IdP must emit.
class RegistrationSheetExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmic-registration"); }
    QString displayName() const override { return tr("CMiC API Security registration sheet"); }
    QString fileSuffix() const override { return QStringLiteral("txt"); }

    QByteArray render(const Workspace &workspace, const AppRegistration &r) const override
    {
        QString text;
        QTextStream s(&text);
        const Environment *env = workspace.environment(r.environmentId);
        const ServiceUser *user = workspace.serviceUser(r.serviceUserId);
        s << tr("CMiC API Security > Application Registration") << "\n" << tr("Registration: ") << r.name << "\n";
        if (env)
            s << tr("Environment: ") << env->name << " (" << cmic::displayName(env->deployment) << ")\n";
        s << "\n"
          << "App ID:            " << orUnset(r.appId) << "\n"
          << "Issuer:            " << orUnset(r.issuer) << "\n"
          << "JWKS URI:          " << orUnset(r.jwksUri) << "\n"
          << "Service username:  " << orUnset(serviceUsername(workspace, r)) << "\n\n";
        if (!env) {
            s << tr("Choose the registration's environment to see whether the token must carry a user claim.") << "\n";
        } else if (env->userSource == UserSource::TokenClaim || !user) {
            // After Patch 22 too: with no service user on the registration CMiC still reads the claim.
            if (env->userSource == UserSource::Registration)
                s << tr("No service user is set on this registration, so CMiC reads the user from the token.") << "\n";
            s << tr("Identity provider: add the claim \"%1\" to the access token")
                     .arg(oneLine(ServiceUserResolver::claimName(*env)))
              << "\n";
            if (user) {
                s << tr("with the value: ") << orUnset(ServiceUserResolver::expectedClaimValue(*env, *user)) << "\n";
            }
        } else {
            s << tr("The service user is taken from the registration; the token needs no user claim.") << "\n";
        }
        s << "\n" << tr("The client secret is not part of this sheet; it stays in the keychain.") << "\n";
        s.flush();
        return text.toUtf8();
    }
};

// The Enterprise server's OAuth settings (cmicapp.properties).
class PropertiesExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmicapp-properties"); }
    QString displayName() const override { return tr("cmicapp.properties settings (Enterprise)"); }
    QString fileSuffix() const override { return QStringLiteral("properties"); }

    QByteArray render(const Workspace &workspace, const AppRegistration &r) const override
    {
        QString text;
        QTextStream s(&text);
        const Environment *env = workspace.environment(r.environmentId);
        const Environment defaults;
        const Environment &e = env ? *env : defaults;
        s << "# " << tr("CMiC OAuth filter settings for environment %1").arg(oneLine(orUnset(e.name))) << "\n"
          << "cmic.oauth2.ipcheck.enabled=" << (e.ipCheck ? "true" : "false") << "\n"
          << "cmic.oauth2.remove.domainFromUser=" << (e.removeDomainFromUser ? "true" : "false") << "\n"
          << "cmic.oauth2.user.claim.name=" << oneLine(ServiceUserResolver::claimName(e)) << "\n";
        s.flush();
        return text.toUtf8();
    }
};

// Environment variables for running `cmic-oauth` on a server; the secret is read from the keychain or set by hand.
class EnvFileExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("env"); }
    QString displayName() const override { return tr("Environment variables for a server (.env)"); }
    QString fileSuffix() const override { return QStringLiteral("env"); }

    QByteArray render(const Workspace &workspace, const AppRegistration &r) const override
    {
        QString text;
        QTextStream s(&text);
        const auto line = [&s](const char *name, const QString &value) {
            QString quoted = value;
            quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
            s << name << "='" << quoted << "'\n";
        };
        s << "# " << tr("CMiC OAuth client settings for registration %1").arg(oneLine(r.name)) << "\n"
          << "# " << tr("Set CMIC_CLIENT_SECRET yourself (for example from your secret manager); it is never exported.")
          << "\n";
        line("CMIC_TOKEN_ENDPOINT", r.tokenEndpoint);
        line("CMIC_CLIENT_ID", r.appId);
        line("CMIC_CLIENT_AUTH", toString(r.authMethod));
        line("CMIC_SCOPE", r.scope);
        line("CMIC_AUDIENCE", r.audience);
        line("CMIC_RESOURCE", r.resource);
        line("CMIC_ISSUER", r.issuer);
        line("CMIC_JWKS_URI", r.jwksUri);
        if (const Environment *env = workspace.environment(r.environmentId))
            line("CMIC_API_BASE_URL", env->apiBaseUrl);
        line("CMIC_SERVICE_USER", serviceUsername(workspace, r));
        s << "CMIC_CLIENT_SECRET=\n";
        s.flush();
        return text.toUtf8();
    }
};

// A workspace holding only this registration, its environment and service user: for `cmic-oauth` on a server.
class ServerWorkspaceExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("server-workspace"); }
    QString displayName() const override { return tr("Workspace for a server (this registration only)"); }
    QString fileSuffix() const override { return QStringLiteral("cmic-oauth.json"); }

    QByteArray render(const Workspace &workspace, const AppRegistration &r) const override
    {
        Workspace out;
        out.id = workspace.id;
        out.settings = workspace.settings;
        out.registrations << r;
        if (const Environment *env = workspace.environment(r.environmentId))
            out.environments << *env;
        if (const ServiceUser *user = workspace.serviceUser(r.serviceUserId))
            out.serviceUsers << *user;
        return WorkspaceFile::serialize(out);
    }
};

} // namespace

ExporterRegistry::ExporterRegistry()
{
    m_exporters.push_back(std::make_unique<RegistrationSheetExporter>());
    m_exporters.push_back(std::make_unique<PropertiesExporter>());
    m_exporters.push_back(std::make_unique<EnvFileExporter>());
    m_exporters.push_back(std::make_unique<ServerWorkspaceExporter>());
}

const ExporterRegistry &ExporterRegistry::instance()
{
    static const ExporterRegistry registry;
    return registry;
}

QList<const Exporter *> ExporterRegistry::exporters() const
{
    QList<const Exporter *> out;
    for (const auto &e : m_exporters)
        out << e.get();
    return out;
}

const Exporter *ExporterRegistry::find(const QString &id) const
{
    for (const auto &e : m_exporters) {
        if (e->id() == id)
            return e.get();
    }
    return nullptr;
}

} // namespace cmic
