#pragma once

// The files the demo sandbox writes (`cmic-oauth sandbox`: a workspace pointing at its servers and the CA they
// serve with), how an earlier one is recognised, and what may be replaced. The sandbox writes to a path a user
// names, often in a folder with real workspaces; it replaces only its own earlier files and nothing else.

#include "core/model/Workspace.h"

#include <QString>

namespace cmic {

// The demo workspace's id (the keychain keys of its secrets are made from it).
inline const QString kDemoWorkspaceId = QStringLiteral("cmic-demo-workspace");
// The top-level member only the sandbox writes: with kDemoWorkspaceId, what makes a file its own demo workspace.
// Its value says so to whoever opens the file.
inline const QString kDemoWorkspaceMarker = QStringLiteral("demoSandbox");
// The common name of the CA the sandbox generates, and the file it writes it to.
inline const QString kSandboxCaCommonName = QStringLiteral("CMiC OAuth Console sandbox CA");
inline const QString kSandboxCaFileName = QStringLiteral("sandbox-ca.pem");

// |workspace| as the sandbox writes it: with the marker member. A copy saved from the console's own --demo has no
// marker, so it counts as the user's file.
Workspace markedAsDemoWorkspace(Workspace workspace);
// Whether |workspace| is one the sandbox wrote: the demo id and the marker.
bool isDemoWorkspace(const Workspace &workspace);

// What the console says while its secret store keeps secrets for this session only (--demo): empty when
// |storePersistent|. For the demo's own workspace (kDemoWorkspaceId) that is expected; for any other workspace the
// admin is told that secrets typed into it are gone after a restart, and how to keep them in the keychain.
QString sessionOnlySecretsNotice(const Workspace &workspace, bool storePersistent);
// Empty when the sandbox may write its workspace to |path|: nothing is there, or the sandbox's own earlier demo
// workspace (read through the bounded reader, so a pipe cannot block). Otherwise why not and what to do, as a
// sentence (translated): a folder, a named pipe, a device, a folder that does not exist, or any other file — a
// real workspace, a damaged one, anything — which is left as it is, and so is its .bak.
QString demoWorkspaceTargetProblem(const QString &path);
// The same for the sandbox's CA certificate: nothing there, or a single certificate named kSandboxCaCommonName
// and issued by itself (an earlier sandbox's CA).
QString sandboxCaTargetProblem(const QString &path);

} // namespace cmic
