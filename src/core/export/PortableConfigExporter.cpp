#include "Exporter.h"

#include "core/model/Workspace.h"
#include "core/storage/PortableConfig.h"
#include "core/storage/WorkspaceFile.h"

namespace cmic {

namespace {

// One registration, its environment, service user and the settings a server needs, with the secret as a reference
// (docs/export-format.md). `cmic-oauth validate` reads it.
class PortableConfigExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("portable-config"); }
    QString displayName() const override { return ExportText::tr("Portable config (JSON, secret by reference)"); }
    QString description() const override
    {
        return ExportText::tr("One self-contained file for a server or a pipeline: cmic-oauth validate reads it and "
                              "takes the secret from the environment variable, file or keychain it names.");
    }
    QString fileSuffix() const override { return QStringLiteral("cmic-oauth-portable.json"); }
    ExportEscaping escaping() const override { return ExportEscaping::Json; }
    bool supportsSecret() const override { return false; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r,
                        const ExportOptions &options) const override
    {
        ExportResult result;
        SecretReference reference = SecretReference::parse(SecretReference::kDefault);
        if (!options.secretReference.isEmpty()) {
            QString error;
            const SecretReference given = SecretReference::parse(options.secretReference, &error);
            if (given.isValid())
                reference = given;
            else
                result.warnings << ExportText::tr("The secret reference was not used (%1) The file names %2 instead.")
                                       .arg(error, SecretReference::kDefault);
        }
        if (options.includeSecret)
            result.warnings << ExportText::tr("A portable config never holds the secret: it names where the server "
                                              "reads it from (%1). The secret was not written.")
                                   .arg(reference.toString());
        result.content = PortableConfig::serialize(workspace, r, reference);
        return result;
    }
};

// A workspace holding only this registration, its environment and service user: for `cmic-oauth` on a server.
class ServerWorkspaceExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("server-workspace"); }
    QString displayName() const override { return ExportText::tr("Workspace for a server (this registration only)"); }
    QString fileSuffix() const override { return QStringLiteral("cmic-oauth.json"); }
    ExportEscaping escaping() const override { return ExportEscaping::Json; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        Workspace out;
        out.id = workspace.id;
        out.settings = workspace.settings;
        out.registrations << r;
        if (const Environment *env = workspace.environment(r.environmentId))
            out.environments << *env;
        if (const ServiceUser *user = workspace.serviceUser(r.serviceUserId))
            out.serviceUsers << *user;
        return {WorkspaceFile::serialize(out), {}, false};
    }
};

} // namespace

void addPortableExporters(ExporterList &list)
{
    list.push_back(std::make_unique<PortableConfigExporter>());
    list.push_back(std::make_unique<ServerWorkspaceExporter>());
}

} // namespace cmic
