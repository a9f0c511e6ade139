#include "Removal.h"

#include "Workspace.h"
#include "core/rules/Finding.h"
#include "core/util/Elide.h"

#include <QCoreApplication>

#include <algorithm>

namespace cmic {

namespace {

// The translation context of this file's messages.
class Removal
{
    Q_DECLARE_TR_FUNCTIONS(cmic::Removal)
};

// A name quoted inside a sentence, with the language's own quotation marks (French: « name »).
QString quoted(const QString &name) { return Removal::tr("“%1”", "a name quoted inside a sentence").arg(elide(name)); }

QString undoNote() { return Removal::tr("You can bring it back with Edit \u25B8 Undo."); }

} // namespace

int registrationsUsingEnvironment(const Workspace &workspace, const QString &environmentId)
{
    if (environmentId.isEmpty())
        return 0;
    return int(std::count_if(workspace.registrations.cbegin(), workspace.registrations.cend(),
                             [&](const AppRegistration &r) { return r.environmentId == environmentId; }));
}

int registrationsUsingServiceUser(const Workspace &workspace, const QString &serviceUserId)
{
    if (serviceUserId.isEmpty())
        return 0;
    return int(std::count_if(workspace.registrations.cbegin(), workspace.registrations.cend(),
                             [&](const AppRegistration &r) { return r.serviceUserId == serviceUserId; }));
}

RemovalQuestion removalQuestion(const Workspace &workspace, SubjectKind kind, const QString &id)
{
    RemovalQuestion q;
    switch (kind) {
    case SubjectKind::Environment: {
        const Environment *env = workspace.environment(id);
        const QString name = quoted(env ? env->name : QString());
        q.usageCount = registrationsUsingEnvironment(workspace, id);
        q.title = Removal::tr("Remove environment");
        q.text = q.usageCount > 0 ? Removal::tr("%n registration(s) use environment %1: they will have no environment.",
                                                nullptr, q.usageCount)
                                        .arg(name)
                                  : Removal::tr("Remove environment %1? No registration uses it.").arg(name);
        break;
    }
    case SubjectKind::ServiceUser: {
        const ServiceUser *user = workspace.serviceUser(id);
        const QString name = quoted(user ? user->username : QString());
        q.usageCount = registrationsUsingServiceUser(workspace, id);
        q.title = Removal::tr("Remove service user");
        q.text = q.usageCount > 0
                     ? Removal::tr("%n registration(s) use service user %1: they will have no service user.", nullptr,
                                   q.usageCount)
                           .arg(name)
                     : Removal::tr("Remove service user %1? No registration uses it.").arg(name);
        break;
    }
    case SubjectKind::Registration:
    case SubjectKind::Workspace: {
        const AppRegistration *reg = workspace.registration(id);
        q.title = Removal::tr("Remove registration");
        q.text = Removal::tr(
                     "Remove registration %1? Its client secret or private key is deleted from the keychain when you "
                     "save.")
                     .arg(quoted(reg ? reg->name : QString()));
        break;
    }
    }
    q.detail = undoNote();
    return q;
}

RemovalQuestion probeEndpointRemovalQuestion(const Environment &environment, const QString &path)
{
    RemovalQuestion q;
    q.title = Removal::tr("Remove probe endpoint");
    q.text = Removal::tr("Remove probe endpoint %1 from environment %2? Validate Setup will no longer call it.")
                 .arg(quoted(path), quoted(environment.name));
    q.detail = undoNote();
    return q;
}

} // namespace cmic
