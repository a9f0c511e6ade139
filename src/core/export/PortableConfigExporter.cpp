#include "Exporter.h"

#include "core/model/Workspace.h"
#include "core/storage/WorkspaceFile.h"

namespace cmic {

namespace {

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

void addPortableExporters(ExporterList &list) { list.push_back(std::make_unique<ServerWorkspaceExporter>()); }

} // namespace cmic
