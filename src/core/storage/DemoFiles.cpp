#include "DemoFiles.h"

#include "WorkspaceFile.h"
#include "core/util/BoundedFile.h"
#include "core/util/FileNames.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSslCertificate>

namespace cmic {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::DemoFiles)
};

// A certificate file is a few KiB; anything near this is not the sandbox's.
constexpr qint64 kMaxCaFileSize = 1024 * 1024;

// Why the sandbox may not write |path| whatever is in it (|what| names the file: "the demo workspace"), or empty.
QString nodeProblem(const QString &path, const QString &what)
{
    const QString name = pathInMessage(path);
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        return Tr::tr("Cannot write %1 to %2: its folder does not exist. Choose a path in an existing folder.")
            .arg(what, name);
    if (info.isDir())
        return Tr::tr("%1 is a folder. Choose a file name inside it for %2.").arg(name, what);
    QString kind;
    if (isSpecialFile(path, &kind))
        return Tr::tr(
                   "%1 is %2, not a file; %3 is only written to a file, which would replace it. Choose another path.")
            .arg(name, kind, what);
    return {};
}

bool isSandboxCa(const QByteArray &pem)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.size() != 1)
        return false;
    const QSslCertificate &ca = certificates.constFirst();
    return ca.subjectInfo(QSslCertificate::CommonName) == QStringList{kSandboxCaCommonName} && ca.isSelfSigned();
}

} // namespace

Workspace markedAsDemoWorkspace(Workspace workspace)
{
    workspace.unknownMembers.insert(
        kDemoWorkspaceMarker,
        QStringLiteral("Written by cmic-oauth sandbox for its demo servers; the next sandbox run with this path "
                       "replaces this file. Keep real settings in another file."));
    return workspace;
}

QString sessionOnlySecretsNotice(const Workspace &workspace, bool storePersistent)
{
    if (storePersistent)
        return {};
    if (workspace.id == kDemoWorkspaceId)
        return Tr::tr("Demo mode: the demo's secrets are kept for this session only.");
    return Tr::tr(
        "Demo mode: secrets typed into this workspace are kept for this session only, not in the keychain. "
        "After a restart, enter them again, or start the console without --demo to keep them in the keychain.");
}

bool isDemoWorkspace(const Workspace &workspace)
{
    return workspace.id == kDemoWorkspaceId && workspace.unknownMembers.value(kDemoWorkspaceMarker).isString();
}

QString demoWorkspaceTargetProblem(const QString &path)
{
    if (const QString problem = nodeProblem(path, Tr::tr("the demo workspace")); !problem.isEmpty())
        return problem;
    if (!QFileInfo::exists(path))
        return {};
    Workspace existing;
    const bool opened = WorkspaceFile().open(path, &existing).ok();
    if (opened && isDemoWorkspace(existing))
        return {};
    return Tr::tr(
               "%1 already exists and is not a demo workspace written by the sandbox (%2), so it was left as it was, "
               "and so was its .bak. Choose another path for the demo workspace, or move that file away first.")
        .arg(pathInMessage(path), opened ? Tr::tr("it is a workspace of its own")
                                         : Tr::tr("it is not a workspace file the console can read"));
}

QString sandboxCaTargetProblem(const QString &path)
{
    if (const QString problem = nodeProblem(path, Tr::tr("the sandbox CA certificate")); !problem.isEmpty())
        return problem;
    if (!QFileInfo::exists(path))
        return {};
    QByteArray pem;
    if (readRegularFile(path, kMaxCaFileSize, &pem).ok() && isSandboxCa(pem))
        return {};
    return Tr::tr("%1 already exists and is not the CA certificate of an earlier sandbox, so it was left as it was. "
                  "Choose another folder for the sandbox CA, or move that file away first.")
        .arg(pathInMessage(path));
}

} // namespace cmic
