// cmic-oauth lint: the setup rules over a workspace file, without network or keychain (see docs/cli.md).
#include "Commands.h"
#include "Output.h"

#include "core/model/Workspace.h"
#include "core/rules/SetupRules.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "core/util/Elide.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cmic::cli {

int runLint(const QStringList &args, Io &io);

const CommandSpec lintCommand{
    "lint", QT_TRANSLATE_NOOP("cmic::cli::Command", "check a workspace file for setup mistakes (no network)"),
    QT_TRANSLATE_NOOP("cmic::cli::Command", "Checks a workspace file for setup mistakes without touching the network."),
    &runLint};

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::Lint)
};

} // namespace

int runLint(const QStringList &args, Io &io)
{
    CommandLine parser(lintCommand, io);
    parser.addPositional(QStringLiteral("workspace"), Msg::tr("The *.cmic-oauth.json file to check."),
                         QStringLiteral("WORKSPACE"));
    const QCommandLineOption format(QStringLiteral("format"), Msg::tr("Output: text (default) or json."),
                                    QStringLiteral("text|json"), QStringLiteral("text"));
    const QCommandLineOption strict(QStringLiteral("strict"), Msg::tr("Treat warnings as failures."));
    parser.addOptions({format, strict});
    parser.addHelpNote(Msg::tr("Exit status: 0 no errors (and no warnings with --strict), 1 findings fail, 2 usage or "
                               "unreadable file."));
    if (const std::optional<int> done = parser.parse(args))
        return *done;
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json"))
        return parser.usageError(Msg::tr("--format must be text or json, not '%1'.").arg(oneLine(fmt)));
    if (parser.positionalArguments().size() != 1)
        return parser.usageError(Msg::tr("give exactly one workspace file, e.g. cmic-oauth lint prod.cmic-oauth.json"));

    Workspace workspace;
    WorkspaceFile file;
    const WorkspaceFile::Result opened = file.open(parser.positionalArguments().constFirst(), &workspace);
    if (!opened.ok())
        return parser.inputError(opened.message);

    const Findings findings = SetupRules(Clock::system()).check(workspace);
    int errors = 0;
    int warnings = 0;
    for (const Finding &f : findings) {
        errors += f.severity == Severity::Error;
        warnings += f.severity == Severity::Warning;
    }

    // The environments as the rules saw them: the patch level decides several of them (docs/rules.md).
    const auto patchWords = [](const Environment &e) {
        return e.patchKnown() ? Environment::patchLevelText(e.patchLevel) : Msg::tr("CMiC patch level unknown");
    };
    if (fmt == QLatin1String("json")) {
        QJsonArray list;
        for (const Finding &f : findings)
            list.append(f.toJson());
        QJsonArray environments;
        for (const Environment &e : workspace.environments)
            environments.append(QJsonObject{{QStringLiteral("id"), elide(e.id)},
                                            {QStringLiteral("name"), elide(e.name)},
                                            {QStringLiteral("deployment"), toString(e.deployment)},
                                            {QStringLiteral("patchLevel"), e.patchLevel},
                                            {QStringLiteral("patch"), patchWords(e)}});
        const QJsonObject doc{{QStringLiteral("schema"), QLatin1String(kSchemaLint)},
                              {QStringLiteral("file"), file.path()},
                              {QStringLiteral("errors"), errors},
                              {QStringLiteral("warnings"), warnings},
                              {QStringLiteral("environments"), environments},
                              {QStringLiteral("findings"), list}};
        io.out.json(QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Indented)));
    } else {
        // Names, URLs and messages quote the file: each stays on its line.
        for (const Environment &e : workspace.environments)
            io.out << Msg::tr("environment \"%1\": %2, %3")
                          .arg(oneLine(elide(e.name)), displayName(e.deployment), patchWords(e))
                   << "\n";
        for (const Finding &f : findings) {
            io.out << toString(f.severity) << ": " << oneLine(subjectLabel(f));
            if (!f.field.isEmpty())
                io.out << " [" << oneLine(f.field) << "]";
            io.out << ": " << oneLine(f.message) << " (" << f.code << ")\n";
            if (!f.fix.isEmpty())
                io.out << "    " << Msg::tr("fix: %1").arg(oneLine(f.fix)) << "\n";
        }
        io.out << Msg::tr("%1, %2 in %3")
                      .arg(Msg::tr("%n error(s)", nullptr, int(errors)),
                           Msg::tr("%n warning(s)", nullptr, int(warnings)), oneLine(file.path()))
               << "\n";
    }
    io.out.flush();
    return errors > 0 || (parser.isSet(strict) && warnings > 0) ? ExitInvalid : ExitOk;
}

} // namespace cmic::cli
