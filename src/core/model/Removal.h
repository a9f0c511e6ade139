#pragma once

#include <QString>

namespace cmic {

struct Environment;
struct Workspace;
enum class SubjectKind;

// Who uses an object: the registrations that name an environment or a service user.
int registrationsUsingEnvironment(const Workspace &workspace, const QString &environmentId);
int registrationsUsingServiceUser(const Workspace &workspace, const QString &serviceUserId);

// The question asked before an object is removed: the title, the sentence naming the object and what uses it
// ("2 registrations use environment “Prod”: they will have no environment."), and what happens next (undo).
struct RemovalQuestion
{
    QString title;
    QString text;
    QString detail;
    int usageCount = 0; // registrations left without the object
};

// For an environment, a service user or a registration of |workspace| (|kind| Environment, ServiceUser,
// Registration). An unknown id gives a question without a name.
RemovalQuestion removalQuestion(const Workspace &workspace, SubjectKind kind, const QString &id);
// For one probe endpoint (a GET path) of |environment|.
RemovalQuestion probeEndpointRemovalQuestion(const Environment &environment, const QString &path);

} // namespace cmic
