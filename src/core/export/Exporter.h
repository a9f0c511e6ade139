#pragma once

// Exports: one registration (with its environment and service user) turned into a file for a server, for CMiC or for
// the IdP. Each format is an Exporter found by its id in the ExporterRegistry; the GUI's Export dialog and
// `cmic-oauth export` only show what render() returns. docs/export-format.md describes the portable config; the
// escaping every format needs lives once, in Escapers.h.

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace cmic {

struct Workspace;
struct AppRegistration;

// How the values a format holds are escaped (Escapers.h has one function set per kind).
enum class ExportEscaping { PlainText, Shell, EnvFile, JavaProperties, Yaml, Sql, Json, Html, Markdown };

struct ExportOptions
{
    // Only when the user ticked "include secret" and confirmed: the secret itself (client secret, or the PEM private
    // key for private_key_jwt). Exporters that do not support secrets ignore it; the others write it and set
    // ExportResult::containsSecret.
    bool includeSecret = false;
    QByteArray secret;
    // How a portable config or a script names where the secret comes from when it is not included:
    // "env:NAME", "file:PATH" or "keychain". Empty: the format's default (env:CMIC_CLIENT_SECRET).
    QString secretReference;
};

struct ExportResult
{
    QByteArray content;
    // Translated sentences the admin should read before using the file, e.g. "Cloud environment: these properties
    // apply to Enterprise app servers only."
    QStringList warnings;
    // The content holds a secret: write it with mode 0600 (its first lines say so).
    bool containsSecret = false;
};

class Exporter
{
public:
    virtual ~Exporter() = default;
    virtual QString id() const = 0;                    // stable, for the CLI (`export --format ID`) and tests
    virtual QString displayName() const = 0;           // translated, for the format list
    virtual QString description() const { return {}; } // translated: one sentence on who uses the file and where
    virtual QString fileSuffix() const = 0;            // e.g. "env", "properties", "json", "cmic-oauth.json"
    virtual ExportEscaping escaping() const = 0;
    virtual bool supportsSecret() const { return false; }
    virtual ExportResult render(const Workspace &workspace, const AppRegistration &registration,
                                const ExportOptions &options = {}) const = 0;
};

using ExporterList = std::vector<std::unique_ptr<Exporter>>;

class ExporterRegistry
{
public:
    static const ExporterRegistry &instance();
    QList<const Exporter *> exporters() const; // in the order the Export dialog lists them
    const Exporter *find(const QString &id) const;

private:
    ExporterRegistry();
    ExporterList m_exporters;
};

// Each group of formats lives in its own file and adds its exporters here (ExporterRegistry's constructor calls them
// in this order).
void addPortableExporters(ExporterList &list);    // PortableConfigExporter.cpp: portable config, server workspace
void addIntegrationExporters(ExporterList &list); // IntegrationExporters.cpp: .env, Spring Boot, curl script
void addCmicServerExporters(ExporterList &list);  // CmicServerExporters.cpp: registration sheet, properties, SQL
void addIdpExporters(ExporterList &list);         // IdpExporters.cpp: Keycloak client, Entra and Okta guides

// Shared helpers of the exporters.
// Every exporter's text is translated in the one context "cmic::Exporter": ExportText::tr("...") (lupdate files it
// there too).
struct ExportText
{
    Q_DECLARE_TR_FUNCTIONS(cmic::Exporter)
};

namespace exporthelp {
// The CMiC username the registration's service user has, empty when none.
QString serviceUsername(const Workspace &workspace, const AppRegistration &registration);
// "(not set)" for an empty value.
QString orUnset(const QString &value);
} // namespace exporthelp

} // namespace cmic
