#include "Escapers.h"
#include "Exporter.h"
#include "PdfRendering.h"
#include "RegistrationFacts.h"

#include "core/identity/ServiceUserResolver.h"
#include "core/model/Workspace.h"

#include <QTextStream>

#include <algorithm>

namespace cmic {

namespace {

using exporthelp::orUnset;
using exporthelp::serviceUsername;

QString cloudWarning()
{
    return ExportText::tr("Cloud environment: these properties apply to Enterprise app servers only; CMiC Cloud is "
                          "configured by CMiC support.");
}

QString cloudSqlWarning()
{
    return ExportText::tr("Cloud environment: CMiC Cloud gives no database access; enter the registration in CMiC API "
                          "Security or ask CMiC support. This SQL applies to Enterprise databases only.");
}

// ---------------------------------------------------------------------------------------------------------------
// The registration sheet: one set of facts, written as text, HTML or (from the HTML) PDF.

struct Sheet
{
    struct Row
    {
        QString label; // CMiC API Security's field name, as its screen shows it
        QString value;
    };
    QString title;
    QString registrationName;
    QString environmentText; // "cmicprod (Enterprise)"; empty without an environment
    QList<Row> values;
    // The user claim: a sentence and, when the claim is needed, its name and value.
    QStringList claimNotes;
    bool claimNeeded = false;
    QString claimName;
    QString claimValue; // empty: no service user, or a value that cannot be formed
    QString claimValueMissing;
    QString appIdClaim;
    QStringList ipLines; // empty when the IP check is off or no environment is chosen
    QString ipOff;
    QString secretNote;
};

Sheet buildSheet(const Workspace &workspace, const AppRegistration &r)
{
    Sheet sheet;
    sheet.title = ExportText::tr("CMiC API Security > Application Registration");
    sheet.registrationName = r.name;
    const Environment *env = workspace.environment(r.environmentId);
    if (env)
        sheet.environmentText = env->name + QStringLiteral(", ") + cmic::displayName(env->deployment);
    sheet.values = {{QStringLiteral("App ID"), r.appId},
                    {QStringLiteral("Issuer"), r.issuer},
                    {QStringLiteral("JWKS URI"), r.jwksUri},
                    {QStringLiteral("Service username"), serviceUsername(workspace, r)}};

    const exportfacts::UserClaim claim = exportfacts::userClaim(workspace, r);
    switch (claim.need) {
    case exportfacts::UserClaim::Need::Unknown:
        sheet.claimNotes << ExportText::tr(
            "Choose the registration's environment to see whether the token must carry a user claim.");
        break;
    case exportfacts::UserClaim::Need::NotRequired:
        sheet.claimNotes << ExportText::tr(
            "The service user is taken from the registration; the token needs no user claim.");
        break;
    case exportfacts::UserClaim::Need::Required:
        if (!claim.whyClaimStillRead.isEmpty())
            sheet.claimNotes << claim.whyClaimStillRead;
        sheet.claimNeeded = true;
        sheet.claimName = claim.name;
        sheet.claimValue = claim.value;
        if (claim.value.isEmpty()) {
            sheet.claimValueMissing =
                claim.hasServiceUser
                    ? ExportText::tr("The service user's name cannot form a value CMiC accepts here; correct the "
                                     "service user (the workspace's findings say how).")
                    : ExportText::tr("Choose the registration's service user to see the value.");
        }
        break;
    }
    sheet.appIdClaim = exportfacts::appIdClaimSentence(r);
    if (env) {
        if (env->ipCheck)
            sheet.ipLines << exportfacts::ipAddrRequirement(*env) << exportfacts::ipAddrCaveat(*env);
        else
            sheet.ipOff = ExportText::tr("CMiC's IP check is off for this environment; the token needs no ipaddr "
                                         "claim.");
    }
    sheet.secretNote = ExportText::tr("The client secret is not part of this sheet; it stays in the keychain.");
    return sheet;
}

QString sheetText(const Sheet &sheet)
{
    using escape::commentText; // every value on its own line: a line break must not start another line
    QString text;
    QTextStream s(&text);
    s << sheet.title << "\n" << ExportText::tr("Registration: ") << commentText(sheet.registrationName) << "\n";
    if (!sheet.environmentText.isEmpty())
        s << ExportText::tr("Environment: ") << commentText(sheet.environmentText) << "\n";
    s << "\n";
    for (const Sheet::Row &row : sheet.values)
        s << QString(row.label + QLatin1Char(':')).leftJustified(19) << commentText(orUnset(row.value)) << "\n";
    s << "\n";
    for (const QString &note : sheet.claimNotes)
        s << note << "\n";
    if (sheet.claimNeeded) {
        s << ExportText::tr("Identity provider: add the claim \"%1\" to the access token")
                 .arg(commentText(sheet.claimName))
          << "\n";
        if (!sheet.claimValue.isEmpty())
            s << ExportText::tr("with the value: ") << commentText(sheet.claimValue) << "\n";
        else
            s << sheet.claimValueMissing << "\n";
    }
    s << "\n" << sheet.appIdClaim << "\n";
    if (!sheet.ipLines.isEmpty() || !sheet.ipOff.isEmpty()) {
        s << "\n";
        for (const QString &line : sheet.ipLines)
            s << line << "\n";
        if (!sheet.ipOff.isEmpty())
            s << sheet.ipOff << "\n";
    }
    s << "\n" << sheet.secretNote << "\n";
    s.flush();
    return text;
}

// Self-contained HTML that both a browser and QTextDocument (its HTML 4 subset, for the PDF) show alike.
QString sheetHtml(const Sheet &sheet)
{
    using escape::html;
    const auto code = [](const QString &value) {
        return value.isEmpty() ? html(orUnset(value))
                               : QStringLiteral("<code>") + html(value) + QStringLiteral("</code>");
    };
    QString out;
    QTextStream s(&out);
    s << "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" << html(sheet.title) << " - "
      << html(escape::commentText(sheet.registrationName)) << "</title>\n"
      << "<style>\nbody { font-family: sans-serif; }\ntable { border-collapse: collapse; }\n"
         "th, td { border: 1px solid #888; padding: 4px 8px; text-align: left; vertical-align: top; }\n"
         "code { font-family: monospace; }\n</style>\n</head>\n<body>\n"
      << "<h1>" << html(sheet.title) << "</h1>\n"
      << "<p>" << html(ExportText::tr("Registration: ")) << html(sheet.registrationName);
    if (!sheet.environmentText.isEmpty())
        s << "<br>\n" << html(ExportText::tr("Environment: ")) << html(sheet.environmentText);
    s << "</p>\n<h2>" << html(ExportText::tr("Values to enter")) << "</h2>\n<table>\n";
    for (const Sheet::Row &row : sheet.values)
        s << "<tr><th>" << html(row.label) << "</th><td>" << code(row.value) << "</td></tr>\n";
    s << "</table>\n<h2>" << html(ExportText::tr("What the access token must carry")) << "</h2>\n";
    for (const QString &note : sheet.claimNotes)
        s << "<p>" << html(note) << "</p>\n";
    if (sheet.claimNeeded) {
        s << "<table>\n<tr><th>" << html(ExportText::tr("User claim")) << "</th><td>" << code(sheet.claimName)
          << "</td></tr>\n<tr><th>" << html(ExportText::tr("Value")) << "</th><td>"
          << (sheet.claimValue.isEmpty() ? html(sheet.claimValueMissing) : code(sheet.claimValue))
          << "</td></tr>\n</table>\n";
    }
    s << "<p>" << html(sheet.appIdClaim) << "</p>\n";
    for (const QString &line : sheet.ipLines)
        s << "<p>" << html(line) << "</p>\n";
    if (!sheet.ipOff.isEmpty())
        s << "<p>" << html(sheet.ipOff) << "</p>\n";
    s << "<p>" << html(sheet.secretNote) << "</p>\n</body>\n</html>\n";
    s.flush();
    return out;
}

// What to type into CMiC API Security > Application Registration, and the claim the IdP must emit.
class RegistrationSheetExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmic-registration"); }
    QString displayName() const override { return ExportText::tr("CMiC API Security registration sheet"); }
    QString description() const override
    {
        return ExportText::tr("Plain text for the CMiC administrator: the values to enter in CMiC API Security and "
                              "what the token must carry.");
    }
    QString fileSuffix() const override { return QStringLiteral("txt"); }
    ExportEscaping escaping() const override { return ExportEscaping::PlainText; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        return {sheetText(buildSheet(workspace, r)).toUtf8(), {}, false};
    }
};

class RegistrationSheetHtmlExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmic-registration-html"); }
    QString displayName() const override { return ExportText::tr("CMiC API Security registration sheet (HTML)"); }
    QString description() const override
    {
        return ExportText::tr("A page to print or send to the CMiC administrator: the values to enter in CMiC API "
                              "Security and what the token must carry.");
    }
    QString fileSuffix() const override { return QStringLiteral("html"); }
    ExportEscaping escaping() const override { return ExportEscaping::Html; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        return {sheetHtml(buildSheet(workspace, r)).toUtf8(), {}, false};
    }
};

// The same page as PDF, through the renderer a face with QtGui installs (PdfRendering.h).
class RegistrationSheetPdfExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmic-registration-pdf"); }
    QString displayName() const override { return ExportText::tr("CMiC API Security registration sheet (PDF)"); }
    QString description() const override
    {
        return ExportText::tr("The registration sheet as a PDF document for the CMiC administrator.");
    }
    QString fileSuffix() const override { return QStringLiteral("pdf"); }
    ExportEscaping escaping() const override { return ExportEscaping::Html; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        const Sheet sheet = buildSheet(workspace, r);
        ExportResult result;
        const HtmlToPdfFunction toPdf = htmlToPdfRenderer();
        if (toPdf)
            result.content = toPdf(sheetHtml(sheet), sheet.title + QStringLiteral(" - ") + escape::commentText(r.name));
        if (result.content.isEmpty()) {
            result.warnings << ExportText::tr("The PDF could not be made here (it needs the console's graphics "
                                              "libraries); export the HTML sheet and print it to PDF instead.");
        }
        return result;
    }
};

// ---------------------------------------------------------------------------------------------------------------

// The Enterprise server's OAuth settings (cmicapp.properties), as java.util.Properties reads them.
class PropertiesExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmicapp-properties"); }
    QString displayName() const override { return ExportText::tr("cmicapp.properties settings (Enterprise)"); }
    QString description() const override
    {
        return ExportText::tr("The OAuth filter's lines for cmicapp.properties on the CMiC Enterprise app server.");
    }
    QString fileSuffix() const override { return QStringLiteral("properties"); }
    ExportEscaping escaping() const override { return ExportEscaping::JavaProperties; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        ExportResult result;
        QString text;
        QTextStream s(&text);
        const Environment *env = workspace.environment(r.environmentId);
        const Environment defaults;
        const Environment &e = env ? *env : defaults;
        const auto comment = [&s](const QString &line) { s << "# " << escape::commentText(line) << "\n"; };
        const auto property = [&s](const QString &key, const QString &value) {
            s << escape::javaPropertiesKey(key) << '=' << escape::javaPropertiesValue(value) << "\n";
        };
        if (e.deployment == Deployment::Cloud) {
            result.warnings << cloudWarning();
            comment(cloudWarning());
        }
        comment(ExportText::tr("CMiC OAuth filter settings for environment %1").arg(orUnset(e.name)));
        comment(ExportText::tr("Registration: %1").arg(orUnset(r.name)));
        if (!env) {
            result.warnings << ExportText::tr("The registration has no environment: these are CMiC's defaults.");
            comment(ExportText::tr("No environment chosen: CMiC's defaults."));
        }
        property(QStringLiteral("cmic.oauth2.ipcheck.enabled"),
                 e.ipCheck ? QStringLiteral("true") : QStringLiteral("false"));
        property(QStringLiteral("cmic.oauth2.remove.domainFromUser"),
                 e.removeDomainFromUser ? QStringLiteral("true") : QStringLiteral("false"));
        property(QStringLiteral("cmic.oauth2.user.claim.name"), ServiceUserResolver::claimName(e));
        s.flush();
        result.content = text.toUtf8();
        return result;
    }
};

// The registration row of an Enterprise database (da.sdapi_app_registration_tn). Plain SQL that SQLite, Oracle's
// SQL*Plus / SQLcl and other clients read alike: one INSERT, values as standard literals, comments on lines of their
// own. SQL*Plus substitutes "&" and ends a statement at a blank line unless told otherwise, which the leading
// comment says (SET DEFINE OFF / SET SQLBLANKLINES ON are SQL*Plus commands, not SQL, so they cannot be in the file).
class RegistrationSqlExporter final : public Exporter
{
public:
    QString id() const override { return QStringLiteral("cmic-registration-sql"); }
    QString displayName() const override { return ExportText::tr("CMiC registration row (SQL, Enterprise)"); }
    QString description() const override
    {
        return ExportText::tr("An INSERT into da.sdapi_app_registration_tn for the DBA of a CMiC Enterprise "
                              "database.");
    }
    QString fileSuffix() const override { return QStringLiteral("sql"); }
    ExportEscaping escaping() const override { return ExportEscaping::Sql; }

    ExportResult render(const Workspace &workspace, const AppRegistration &r, const ExportOptions &) const override
    {
        ExportResult result;
        QString text;
        QTextStream s(&text);
        const Environment *env = workspace.environment(r.environmentId);
        // SQL*Plus substitutes "&" in comments too: a name's "&" is written as "+" there.
        const auto comment = [&s](const QString &line) {
            s << "-- " << escape::commentText(line).replace(QLatin1Char('&'), QLatin1Char('+')) << "\n";
        };
        if (env && env->deployment == Deployment::Cloud) {
            result.warnings << cloudSqlWarning();
            comment(cloudSqlWarning());
        }
        comment(ExportText::tr("CMiC API Security registration %1 for environment %2")
                    .arg(orUnset(r.name), env ? orUnset(env->name) : ExportText::tr("(none)")));
        comment(ExportText::tr("SQL*Plus or SQLcl: run SET DEFINE OFF and SET SQLBLANKLINES ON first, so the values "
                               "reach the table as written. The file is UTF-8 (NLS_LANG=.AL32UTF8)."));
        comment(ExportText::tr("Run COMMIT afterwards."));
        s << "INSERT INTO da.sdapi_app_registration_tn (APIIA_APPLICATION_ID, APIIA_ISSUER_URI, APIIA_JWKS_URI)\n"
          << "VALUES (" << escape::sqlString(r.appId) << ", " << escape::sqlString(r.issuer) << ", "
          << escape::sqlString(r.jwksUri) << ");\n";
        s.flush();

        const QStringList values{r.appId, r.issuer, r.jwksUri};
        const auto any = [&values](auto test) { return std::any_of(values.cbegin(), values.cend(), test); };
        if (any([](const QString &v) { return v.contains(QLatin1Char('&')); }))
            result.warnings << ExportText::tr("A value contains \"&\": in SQL*Plus or SQLcl run SET DEFINE OFF "
                                              "first, or it asks for a substitution variable.");
        if (any([](const QString &v) { return v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\r')); }))
            result.warnings << ExportText::tr("A value contains a line break: CMiC compares the values exactly, so "
                                              "tokens will not match this row. Correct the registration first.");
        if (any([](const QString &v) { return v.isEmpty(); }))
            result.warnings << ExportText::tr("App ID, Issuer or JWKS URI is empty: complete the registration "
                                              "first.");
        result.content = text.toUtf8();
        return result;
    }
};

} // namespace

void addCmicServerExporters(ExporterList &list)
{
    list.push_back(std::make_unique<RegistrationSheetExporter>());
    list.push_back(std::make_unique<RegistrationSheetHtmlExporter>());
    list.push_back(std::make_unique<RegistrationSheetPdfExporter>());
    list.push_back(std::make_unique<PropertiesExporter>());
    list.push_back(std::make_unique<RegistrationSqlExporter>());
}

} // namespace cmic
