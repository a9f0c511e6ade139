#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace cmic {

struct Workspace;
struct AppRegistration;

// Turns one registration (with its environment and service user) into a configuration file for a server or an
// IdP. Exports never contain secrets: where a secret belongs they hold a placeholder that names the keychain entry
// or an environment variable.
class Exporter
{
public:
    virtual ~Exporter() = default;
    virtual QString id() const = 0;          // stable, used by the CLI: "cmic-registration", "env", ...
    virtual QString displayName() const = 0; // for menus
    virtual QString fileSuffix() const = 0;  // e.g. "txt", "env", "properties", "json"
    virtual QByteArray render(const Workspace &workspace, const AppRegistration &registration) const = 0;
};

class ExporterRegistry
{
public:
    static const ExporterRegistry &instance();
    QList<const Exporter *> exporters() const;
    const Exporter *find(const QString &id) const;

private:
    ExporterRegistry();
    std::vector<std::unique_ptr<Exporter>> m_exporters;
};

} // namespace cmic
