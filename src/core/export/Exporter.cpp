#include "Exporter.h"

#include "core/model/Workspace.h"

namespace cmic {

namespace exporthelp {

QString serviceUsername(const Workspace &workspace, const AppRegistration &registration)
{
    const ServiceUser *user = workspace.serviceUser(registration.serviceUserId);
    return user ? user->username : QString();
}

QString orUnset(const QString &value) { return value.isEmpty() ? ExportText::tr("(not set)") : value; }

} // namespace exporthelp

ExporterRegistry::ExporterRegistry()
{
    addPortableExporters(m_exporters);
    addIntegrationExporters(m_exporters);
    addCmicServerExporters(m_exporters);
    addIdpExporters(m_exporters);
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
