#pragma once

// The setup checklist of one registration: the five steps of CMiC's "OAuth - Client Credential Flow" document
// (1 service user, 2 IdP app with the user claim, 3 CMiC API Security registration, 4 API Security permissions,
// 5 validation), each ticked from what is entered, whether the secret store holds the credential, and the last
// validation run's per-step outcome. Decided here; the console's checklist only shows it.

#include "ValidationHistory.h"
#include "core/model/Workspace.h"
#include "core/rules/Finding.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace cmic::validation {

enum class ChecklistStep { ServiceUser, IdpApplication, CmicRegistration, ApiPermissions, Validation };
inline constexpr int kChecklistStepCount = 5;

enum class ChecklistState {
    Todo,       // something is missing: |target| says where to add it
    Done,       // entered (and not contradicted by the last run), or proven by it
    Failed,     // the last run failed at a step that belongs here, or the secret store cannot be read
    Unverified, // nothing is missing here, but only a validation run can prove it (or the store is still asked)
};

// Where the item's button takes the admin.
enum class ChecklistTarget {
    None,
    AddEnvironment,
    AddServiceUser,
    AddRegistration,
    Field,      // subjectKind / subjectId / field: the form field to fill
    Credential, // the registration's client secret or private key field (field: formField(kind))
    Validate,   // Tools ▸ Validate Setup for the registration
};

// Whether the secret store holds the registration's credential (CredentialSlot's answer).
enum class CredentialPresence { Unknown, Present, Absent, Unavailable };

struct ChecklistItem
{
    ChecklistStep step = ChecklistStep::ServiceUser;
    ChecklistState state = ChecklistState::Todo;
    QString title;  // "1. Create a dedicated service user" (translated)
    QString detail; // what is done or what to do next, one or two sentences (translated)
    ChecklistTarget target = ChecklistTarget::None;
    SubjectKind subjectKind = SubjectKind::Registration;
    QString subjectId;
    QString field;
    QString actionText; // the button's text, empty for none (translated)

    bool operator==(const ChecklistItem &) const = default;
};

struct SetupChecklist
{
    Q_DECLARE_TR_FUNCTIONS(cmic::validation::SetupChecklist)

public:
    // The five items in order. |registrationId| empty (or unknown): the workspace's guide from nothing, environment
    // -> service user -> registration. |last|: the registration's last validation run, if any.
    static QList<ChecklistItem> compute(const Workspace &workspace, const QString &registrationId,
                                        CredentialPresence credential, const std::optional<ValidationRecord> &last);
    // How many of |items| are Done.
    static int doneCount(const QList<ChecklistItem> &items);
};

// Stable words for tests and logs: "todo", "done", "failed", "unverified".
QString toString(ChecklistState state);

} // namespace cmic::validation
