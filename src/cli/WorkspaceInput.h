#pragma once

// The workspace a command was given and the registration it names: one place that opens the file (so another input
// format is accepted by every command at once) and one reading of --registration NAME|ID.

#include "core/model/Workspace.h"
#include "core/storage/SecretReference.h"

#include <QCommandLineOption>
#include <QString>

namespace cmic::net {
class HttpPolicy;
}

namespace cmic::cli {

struct Io;
class CommandLine;

// The WORKSPACE argument of the commands that read one (a workspace or a portable config, "-" for standard input).
void addWorkspaceArgument(CommandLine &parser);
// -r/--registration NAME|ID, described by |description|.
QCommandLineOption registrationOption(const QString &description);

// Opens |path| ("-": standard input) into |*out|: a workspace, or a portable config (docs/export-format.md), told
// apart by the portable config's "format". For a portable config, |*portableSecret| (when given) receives the
// reference it names ("secret": env:NAME, file:PATH — made absolute against the config's folder — or keychain);
// otherwise it is left invalid. Empty on success, else the sentence to print (exit 2).
QString loadWorkspace(const QString &path, Workspace *out, SecretReference *portableSecret = nullptr);

// The registration named by |wanted| (id, exact name, or the one name that matches ignoring case); nullptr when
// none or several match.
const AppRegistration *findRegistration(const Workspace &workspace, const QString &wanted);

// The registrations to choose from, one a line, at most 50, each name and id cut (elide()).
QString registrationList(const Workspace &workspace);

// The registration a command works on: |wanted| when given, else the workspace's only one. nullptr and *error (a
// sentence naming the registrations there are) otherwise.
const AppRegistration *chooseRegistration(const Workspace &workspace, const QString &wanted, QString *error);

// The workspace's network settings (proxy, CA bundle) on |policy|, the way every command that goes on the network
// applies them: |caBundle| (--ca-bundle, relative to the working directory) replaces the workspace's bundle; a
// workspace bundle that is not on this computer (an exported workspace names the admin's file) is dropped with a
// note on standard error from |command|. False and *error (one line) when the settings cannot be used.
bool applyNetworkSettings(net::HttpPolicy &policy, const Workspace &workspace, const QString &workspacePath,
                          const QString &caBundle, const char *command, Io &io, QString *error);

} // namespace cmic::cli
