#include "Commands.h"

#include "core/model/Workspace.h"
#include "core/rules/SetupRules.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace cmic::cli {

int runLint(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Checks a workspace file for setup mistakes without touching the network."));
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("The *.cmic-oauth.json file to check."));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("Output: text (default) or json."),
                                    QStringLiteral("text|json"), QStringLiteral("text"));
    const QCommandLineOption strict(QStringLiteral("strict"), QStringLiteral("Treat warnings as failures."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOptions({format, strict, help});
    if (!parser.parse(QStringList{QStringLiteral("cmic-oauth lint")} + args)) {
        io.err << "cmic-oauth lint: " << parser.errorText() << "\nRun 'cmic-oauth lint --help' for the options.\n";
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        io.out << parser.helpText().replace(QStringLiteral("cmic-oauth lint [options]"),
                                            QStringLiteral("cmic-oauth lint [options] <workspace>"));
        io.out << "\nExit status: 0 no errors (and no warnings with --strict), 1 findings fail, 2 usage or "
                  "unreadable file.\n";
        return ExitOk;
    }
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json")) {
        io.err << "cmic-oauth lint: --format must be text or json, not '" << fmt << "'.\n";
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 1) {
        io.err << "cmic-oauth lint: give exactly one workspace file, e.g. cmic-oauth lint prod.cmic-oauth.json\n";
        return ExitUsage;
    }

    Workspace workspace;
    WorkspaceFile file;
    const WorkspaceFile::Result opened = file.open(parser.positionalArguments().constFirst(), &workspace);
    if (!opened.ok()) {
        io.err << "cmic-oauth lint: " << opened.message << "\n";
        return ExitUsage;
    }

    const Findings findings = SetupRules(Clock::system()).check(workspace);
    int errors = 0;
    int warnings = 0;
    for (const Finding &f : findings) {
        errors += f.severity == Severity::Error;
        warnings += f.severity == Severity::Warning;
    }

    if (fmt == QLatin1String("json")) {
        QJsonArray list;
        for (const Finding &f : findings)
            list.append(f.toJson());
        const QJsonObject doc{{QStringLiteral("file"), file.path()},
                              {QStringLiteral("errors"), errors},
                              {QStringLiteral("warnings"), warnings},
                              {QStringLiteral("findings"), list}};
        io.out << QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Indented));
    } else {
        for (const Finding &f : findings) {
            io.out << toString(f.severity) << ": " << subjectLabel(f);
            if (!f.field.isEmpty())
                io.out << " [" << f.field << "]";
            io.out << ": " << f.message << " (" << f.code << ")\n";
            if (!f.fix.isEmpty())
                io.out << "    fix: " << f.fix << "\n";
        }
        io.out << errors << " error(s), " << warnings << " warning(s) in " << file.path() << "\n";
    }
    io.out.flush();
    return errors > 0 || (parser.isSet(strict) && warnings > 0) ? ExitInvalid : ExitOk;
}

} // namespace cmic::cli
