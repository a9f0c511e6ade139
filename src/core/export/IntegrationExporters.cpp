#include "Exporter.h"

#include "core/model/Workspace.h"

#include <QTextStream>

namespace cmic {

namespace {

using exporthelp::serviceUsername;

// Names go into comment lines of shell files: a line break there would start a new setting.
QString oneLine(QString text)
{
    text.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

// Environment variables for running `cmic-oauth` on a server; the secret is read from the keychain or set by hand.
class EnvFileExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("env"); }
    QString displayName() const override { return ExportText::tr("Environment variables for a server (.env)"); }
    QString fileSuffix() const override { return QStringLiteral("env"); }
    ExportEscaping escaping() const override { return ExportEscaping::EnvFile; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        QString text;
        QTextStream s(&text);
        const auto line = [&s](const char *name, const QString &value) {
            QString quoted = value;
            quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
            s << name << "='" << quoted << "'\n";
        };
        s << "# " << ExportText::tr("CMiC OAuth client settings for registration %1").arg(oneLine(r.name)) << "\n"
          << "# "
          << ExportText::tr("Set CMIC_CLIENT_SECRET yourself (for example from your secret manager); it is never "
                            "exported.")
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
        return {text.toUtf8(), {}, false};
    }
};

} // namespace

void addIntegrationExporters(ExporterList &list) { list.push_back(std::make_unique<EnvFileExporter>()); }

} // namespace cmic
