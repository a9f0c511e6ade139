#include "WorkspaceInput.h"

#include "Command.h"

#include "core/net/HttpPolicy.h"
#include "core/storage/PortableConfig.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/BoundedFile.h"
#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace cmic::cli {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::WorkspaceInput)
};

} // namespace

namespace {

// The bytes a portable config holds, or a workspace's.
QString parseInput(const QByteArray &bytes, const QString &source, const QString &folder, Workspace *out,
                   SecretReference *portableSecret)
{
    if (PortableConfig::isPortableConfig(bytes)) {
        PortableConfig::Content content;
        const PortableConfig::Result parsed = PortableConfig::parse(bytes, &content, source);
        if (!parsed.ok)
            return parsed.message;
        *out = std::move(content.workspace);
        if (portableSecret) {
            *portableSecret = content.secret;
            // A relative file: path is relative to the portable config's folder, as its CA bundle path is.
            if (portableSecret->kind == SecretReference::Kind::File)
                portableSecret->value = QDir(folder).absoluteFilePath(portableSecret->value);
        }
        return {};
    }
    const WorkspaceFile::Result parsed = WorkspaceFile::parse(bytes, out, source);
    return parsed.ok() ? QString() : parsed.message;
}

} // namespace

void addWorkspaceArgument(CommandLine &parser)
{
    parser.addPositional(
        QStringLiteral("workspace"),
        Msg::tr("The *.cmic-oauth.json workspace or an exported *.cmic-oauth-portable.json (- for standard input)."),
        QStringLiteral("WORKSPACE"));
}

QCommandLineOption registrationOption(const QString &description)
{
    return QCommandLineOption(QStringList{QStringLiteral("r"), QStringLiteral("registration")}, description,
                              QStringLiteral("NAME|ID"));
}

QString loadWorkspace(const QString &path, Workspace *out, SecretReference *portableSecret)
{
    if (portableSecret)
        *portableSecret = {};
    if (path == QLatin1String("-")) {
        QFile in;
        if (!in.open(fileno(stdin), QIODevice::ReadOnly))
            return Msg::tr("could not read the workspace from standard input.");
        // In pieces, so the cap is never allocated up front.
        QByteArray bytes;
        while (bytes.size() <= WorkspaceFile::kMaxFileSize) {
            const QByteArray piece = in.read(64 * 1024);
            if (piece.isEmpty())
                break;
            bytes += piece;
        }
        if (bytes.size() > WorkspaceFile::kMaxFileSize)
            return Msg::tr("standard input holds more than %1 bytes; that is no workspace.")
                .arg(WorkspaceFile::kMaxFileSize);
        return parseInput(bytes, Msg::tr("standard input"), QDir::currentPath(), out, portableSecret);
    }
    // A portable config is small: read whole (bounded) and told apart; anything else is opened as a workspace,
    // with the workspace file's own checks and messages.
    QByteArray small;
    if (readRegularFile(path, PortableConfig::kMaxFileSize, &small).ok() && PortableConfig::isPortableConfig(small))
        return parseInput(small, path, QFileInfo(path).absolutePath(), out, portableSecret);
    WorkspaceFile file;
    const WorkspaceFile::Result opened = file.open(path, out);
    return opened.ok() ? QString() : opened.message;
}

const AppRegistration *findRegistration(const Workspace &workspace, const QString &wanted)
{
    for (const AppRegistration &r : workspace.registrations) {
        if (r.id == wanted || r.name == wanted)
            return &r;
    }
    const AppRegistration *match = nullptr;
    for (const AppRegistration &r : workspace.registrations) {
        if (r.name.compare(wanted, Qt::CaseInsensitive) == 0) {
            if (match)
                return nullptr; // ambiguous
            match = &r;
        }
    }
    return match;
}

QString registrationList(const Workspace &workspace)
{
    constexpr qsizetype kListed = 50;
    QStringList names;
    for (const AppRegistration &r : workspace.registrations.mid(0, kListed))
        names << QStringLiteral("  %1  (id %2)")
                     .arg(r.name.isEmpty() ? Msg::tr("(no name)") : oneLine(elide(r.name)), oneLine(elide(r.id)));
    if (workspace.registrations.size() > kListed)
        names << Msg::tr("  ... and %n more.", nullptr, int(workspace.registrations.size() - kListed));
    return names.join(QLatin1Char('\n'));
}

const AppRegistration *chooseRegistration(const Workspace &workspace, const QString &wanted, QString *error)
{
    if (!wanted.isNull()) {
        if (const AppRegistration *r = findRegistration(workspace, wanted))
            return r;
        *error = Msg::tr("the workspace has no single registration named '%1'. Its registrations:\n%2")
                     .arg(oneLine(elide(wanted)), registrationList(workspace));
        return nullptr;
    }
    if (workspace.registrations.size() == 1)
        return &workspace.registrations.first();
    if (workspace.registrations.isEmpty())
        *error = Msg::tr("the workspace has no registration; add one in the console.");
    else
        *error = Msg::tr("the workspace has %1 registrations; choose one with --registration NAME:\n%2")
                     .arg(workspace.registrations.size())
                     .arg(registrationList(workspace));
    return nullptr;
}

bool applyNetworkSettings(net::HttpPolicy &policy, const Workspace &workspace, const QString &workspacePath,
                          const QString &caBundle, const char *command, Io &io, QString *error)
{
    const QString base = workspacePath == QLatin1String("-") ? QString() : workspacePath;
    WorkspaceSettings settings = workspace.settings;
    if (!caBundle.isEmpty()) {
        settings.caBundlePath = caBundle;
    } else if (!settings.caBundlePath.isEmpty()) {
        const QString bundle = net::HttpPolicy::resolveCaBundlePath(settings.caBundlePath, base);
        if (!QFileInfo::exists(bundle)) {
            io.err << Msg::tr("cmic-oauth %1: note: the workspace's CA bundle %2 is not on this computer; only the "
                              "system's trusted CAs are used. Pass --ca-bundle FILE to add one.")
                          .arg(QLatin1String(command), oneLine(settings.caBundlePath))
                   << "\n";
            settings.caBundlePath.clear();
        }
    }
    // --ca-bundle is typed here, so relative to the working directory; the workspace's own against its folder.
    // The sentences quote the workspace's CA bundle path and proxy URL: on one line.
    if (!policy.applySettings(settings, caBundle.isEmpty() ? base : QString(), error)) {
        *error = oneLine(*error);
        return false;
    }
    return true;
}

} // namespace cmic::cli
