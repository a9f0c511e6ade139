#include "Exporter.h"

#include "core/identity/ServiceUserResolver.h"
#include "core/model/Workspace.h"
#include "core/storage/WorkspaceFile.h"

#include <QTextStream>

namespace cmic {

namespace {

using exporthelp::orUnset;
using exporthelp::serviceUsername;

// Names go into comment lines of shell and properties files: a line break there would start a new setting.
QString oneLine(QString text)
{
    text.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

// What to type into CMiC API Security > Application Registration, and the claim the IdP must emit.
class RegistrationSheetExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmic-registration"); }
    QString displayName() const override { return ExportText::tr("CMiC API Security registration sheet"); }
    QString fileSuffix() const override { return QStringLiteral("txt"); }
    ExportEscaping escaping() const override { return ExportEscaping::PlainText; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        QString text;
        QTextStream s(&text);
        const Environment *env = workspace.environment(r.environmentId);
        const ServiceUser *user = workspace.serviceUser(r.serviceUserId);
        s << ExportText::tr("CMiC API Security > Application Registration") << "\n"
          << ExportText::tr("Registration: ") << r.name << "\n";
        if (env)
            s << ExportText::tr("Environment: ") << env->name << " (" << cmic::displayName(env->deployment) << ")\n";
        s << "\n"
          << "App ID:            " << orUnset(r.appId) << "\n"
          << "Issuer:            " << orUnset(r.issuer) << "\n"
          << "JWKS URI:          " << orUnset(r.jwksUri) << "\n"
          << "Service username:  " << orUnset(serviceUsername(workspace, r)) << "\n\n";
        if (!env) {
            s << ExportText::tr(
                "Choose the registration's environment to see whether the token must carry a user claim.")
              << "\n";
        } else if (env->userSource == UserSource::TokenClaim || !user) {
            // After Patch 22 too: with no service user on the registration CMiC still reads the claim.
            if (env->userSource == UserSource::Registration)
                s << ExportText::tr(
                    "No service user is set on this registration, so CMiC reads the user from the token.")
                  << "\n";
            s << ExportText::tr("Identity provider: add the claim \"%1\" to the access token")
                     .arg(oneLine(ServiceUserResolver::claimName(*env)))
              << "\n";
            if (user) {
                s << ExportText::tr("with the value: ") << orUnset(ServiceUserResolver::expectedClaimValue(*env, *user))
                  << "\n";
            }
        } else {
            s << ExportText::tr("The service user is taken from the registration; the token needs no user claim.")
              << "\n";
        }
        s << "\n" << ExportText::tr("The client secret is not part of this sheet; it stays in the keychain.") << "\n";
        s.flush();
        return {text.toUtf8(), {}, false};
    }
};

// The Enterprise server's OAuth settings (cmicapp.properties).
class PropertiesExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmicapp-properties"); }
    QString displayName() const override { return ExportText::tr("cmicapp.properties settings (Enterprise)"); }
    QString fileSuffix() const override { return QStringLiteral("properties"); }
    ExportEscaping escaping() const override { return ExportEscaping::JavaProperties; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        QString text;
        QTextStream s(&text);
        const Environment *env = workspace.environment(r.environmentId);
        const Environment defaults;
        const Environment &e = env ? *env : defaults;
        s << "# " << ExportText::tr("CMiC OAuth filter settings for environment %1").arg(oneLine(orUnset(e.name)))
          << "\n"
          << "cmic.oauth2.ipcheck.enabled=" << (e.ipCheck ? "true" : "false") << "\n"
          << "cmic.oauth2.remove.domainFromUser=" << (e.removeDomainFromUser ? "true" : "false") << "\n"
          << "cmic.oauth2.user.claim.name=" << oneLine(ServiceUserResolver::claimName(e)) << "\n";
        s.flush();
        return {text.toUtf8(), {}, false};
    }
};

} // namespace

void addCmicServerExporters(ExporterList &list)
{
    list.push_back(std::make_unique<RegistrationSheetExporter>());
    list.push_back(std::make_unique<PropertiesExporter>());
}

} // namespace cmic
