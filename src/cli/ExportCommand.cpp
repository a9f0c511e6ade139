// cmic-oauth export: one registration as a file for a server, for CMiC or for the IdP, in any format the core's
// ExporterRegistry has (see docs/cli.md and docs/export-format.md). A new exporter shows up here by itself.
#include "Commands.h"
#include "Output.h"
#include "SecretSource.h"
#include "WorkspaceInput.h"

#include "core/export/Exporter.h"
#include "core/model/Workspace.h"
#include "core/storage/SecretBuffer.h"
#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace cmic::cli {

int runExport(const QStringList &args, Io &io);

const CommandSpec exportCommand{
    "export",
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "write a registration's config for a server, CMiC or the IdP (.env, properties, SQL, ...)"),
    QT_TRANSLATE_NOOP("cmic::cli::Command",
                      "Writes one registration, with its environment and service user, in one of the export "
                      "formats: the integration server's settings, CMiC's registration row and properties, the "
                      "IdP's client. The secret is left out unless --include-secret is given."),
    &runExport};

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::Export)
};

QStringList formatIds()
{
    QStringList ids;
    for (const Exporter *e : ExporterRegistry::instance().exporters())
        ids << e->id();
    return ids;
}

// One line per format: id, suffix, name and what it is for.
QString formatTable()
{
    QStringList lines;
    qsizetype width = 0;
    for (const Exporter *e : ExporterRegistry::instance().exporters())
        width = qMax(width, e->id().size());
    for (const Exporter *e : ExporterRegistry::instance().exporters()) {
        QString line = QStringLiteral("  ") + e->id().leftJustified(width + 2) + e->displayName();
        if (e->supportsSecret())
            line += Msg::tr(" (can include the secret)");
        if (!e->description().isEmpty())
            line += QStringLiteral("\n  ") + QString(width + 2, QLatin1Char(' ')) + e->description();
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

int runExport(const QStringList &args, Io &io)
{
    CommandLine parser(exportCommand, io);
    addWorkspaceArgument(parser);
    const QCommandLineOption formatOption(QStringList{QStringLiteral("f"), QStringLiteral("format")},
                                          Msg::tr("The export format's id (below), or list to print them."),
                                          QStringLiteral("ID"));
    const QCommandLineOption outputOption(
        QStringList{QStringLiteral("o"), QStringLiteral("output")},
        Msg::tr("Write to this file instead of standard output (- for standard output). A file holding the secret "
                "gets mode 0600."),
        QStringLiteral("FILE"));
    const QCommandLineOption registrationOption = cli::registrationOption(
        Msg::tr("The registration to export, by name or id (needed when the workspace has several)."));
    const QCommandLineOption includeSecretOption(
        QStringLiteral("include-secret"),
        Msg::tr("Put the secret itself into the file (formats that can hold one); it is read as validate reads it."));
    const SecretSource secrets(SecretSource::Use::One);
    parser.addOptions({formatOption, outputOption, registrationOption, includeSecretOption});
    parser.addOptions(secrets.options());
    parser.addHelpNote(Msg::tr("Formats:\n%1").arg(formatTable()));
    parser.addHelpNote(Msg::tr("Without --include-secret the file only says where the secret comes from: "
                               "--secret-env VAR names the variable (env:VAR), --secret-file PATH the file "
                               "(file:PATH); nothing is read. With it, the secret is read from those options, the "
                               "keychain or a hidden prompt. The warnings a format gives go to standard error."));
    parser.addHelpNote(Msg::tr("Exit status: 0 written, 2 usage error (an unknown format or registration: the "
                               "message lists the valid ones), unreadable workspace, no secret or a file that "
                               "cannot be written."));
    if (const std::optional<int> done = parser.parse(args))
        return *done;

    const ExporterRegistry &registry = ExporterRegistry::instance();
    const QString id = parser.value(formatOption);
    if (id == QLatin1String("list")) {
        io.out << formatTable() << "\n";
        io.out.flush();
        return ExitOk;
    }
    if (!parser.isSet(formatOption))
        return parser.usageError(
            Msg::tr("give the format with --format ID, one of: %1.").arg(formatIds().join(QLatin1String(", "))));
    const Exporter *exporter = registry.find(id);
    if (!exporter)
        return parser.usageError(Msg::tr("there is no export format '%1'; the formats are: %2.")
                                     .arg(oneLine(elide(id)), formatIds().join(QLatin1String(", "))));
    if (parser.positionalArguments().size() != 1)
        return parser.usageError(Msg::tr("give exactly one workspace file, e.g. cmic-oauth export --format %1 "
                                         "prod.cmic-oauth.json")
                                     .arg(exporter->id()));
    const QString workspacePath = parser.positionalArguments().constFirst();
    const bool workspaceFromStdin = workspacePath == QLatin1String("-");
    if (const QString problem = secrets.usageProblem(parser, workspaceFromStdin); !problem.isEmpty())
        return parser.usageError(problem);
    const bool includeSecret = parser.isSet(includeSecretOption);
    if (includeSecret && !exporter->supportsSecret()) {
        QStringList able;
        for (const Exporter *e : registry.exporters()) {
            if (e->supportsSecret())
                able << e->id();
        }
        return parser.usageError(
            Msg::tr("the format %1 never holds the secret; the formats that can: %2.")
                .arg(exporter->id(), able.isEmpty() ? Msg::tr("none") : able.join(QLatin1String(", "))));
    }
    const QString outputPath = parser.isSet(outputOption) ? parser.value(outputOption) : QStringLiteral("-");
    if (!workspaceFromStdin && outputPath != QLatin1String("-")
        && QFileInfo(outputPath).absoluteFilePath() == QFileInfo(workspacePath).absoluteFilePath())
        return parser.usageError(Msg::tr("the output would replace the workspace itself; name another file."));

    Workspace workspace;
    SecretReference portableSecret; // what a portable config names; invalid for a workspace
    if (const QString problem = loadWorkspace(workspacePath, &workspace, &portableSecret); !problem.isEmpty())
        return parser.inputError(problem);
    QString problem;
    const AppRegistration *registration = chooseRegistration(
        workspace, parser.isSet(registrationOption) ? parser.value(registrationOption) : QString(), &problem);
    if (!registration)
        return parser.inputError(problem);

    ExportOptions options;
    const QCommandLineOption &envOption = secrets.envOption();
    const QCommandLineOption &fileOption = secrets.fileOption();
    if (includeSecret) {
        SecretSource::Answer answer = secrets.read(parser, workspace, *registration, io, portableSecret);
        if (!answer.problem.isEmpty())
            return parser.inputError(answer.problem);
        options.includeSecret = true;
        options.secret = QByteArray(answer.secret.data(), answer.secret.size()); // the exporter's copy, wiped below
    } else if (parser.isSet(envOption)) {
        options.secretReference = QStringLiteral("env:") + parser.value(envOption);
    } else if (parser.isSet(fileOption)) {
        options.secretReference = QStringLiteral("file:") + QFileInfo(parser.value(fileOption)).absoluteFilePath();
    }

    ExportResult result = exporter->render(workspace, *registration, options);
    wipeInPlace(options.secret);
    for (const QString &warning : result.warnings)
        io.err << Msg::tr("cmic-oauth export: warning: %1").arg(oneLine(warning)) << "\n";
    io.err.flush();
    const QString writeProblem = writeOutput(outputPath, result.content, OutputKind::Exact,
                                             result.containsSecret ? FileAccess::OwnerOnly : FileAccess::Default, io);
    wipeInPlace(result.content);
    if (!writeProblem.isEmpty())
        return parser.inputError(writeProblem);
    if (outputPath != QLatin1String("-")) {
        io.err << (result.containsSecret ? Msg::tr("cmic-oauth export: %1 written (mode 0600: it holds the secret).")
                                         : Msg::tr("cmic-oauth export: %1 written."))
                      .arg(oneLine(QFileInfo(outputPath).absoluteFilePath()))
               << "\n";
        io.err.flush();
    }
    return ExitOk;
}

} // namespace cmic::cli
