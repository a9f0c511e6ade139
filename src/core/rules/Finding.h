#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace cmic {

enum class Severity { Info, Warning, Error };

// What a finding is about: the kind of object and its id, so the GUI can select it.
enum class SubjectKind { Workspace, Environment, ServiceUser, Registration };

// One result of a check. `code` is stable (documented, used by tests and scripts, e.g. "issuer.entra-v2");
// `field` names the model member it points at (e.g. "issuer"), so the GUI can jump to and mark it.
struct Finding
{
    Severity severity = Severity::Error;
    SubjectKind subjectKind = SubjectKind::Workspace;
    QString subjectId;
    QString field;
    QString code;
    QString message;     // what is wrong, in a sentence
    QString fix;         // what to do next, in a sentence
    QString subjectName; // the subject's name as the admin knows it (registration or environment name, username),
                         // cut with elide() where the finding is made

    bool operator==(const Finding &) const = default;

    // The one JSON shape of a finding (cmic-oauth lint and the validation report): every member always present,
    // {"severity", "code", "message", "fix", "field", "subjectKind", "subjectId", "subjectName",
    //  "subject": subjectLabel()}.
    QJsonObject toJson() const;
};

using Findings = QList<Finding>;

QString toString(Severity severity);       // "info", "warning", "error"
QString toString(SubjectKind subjectKind); // "workspace", "environment", "service-user", "registration"
// What the finding is about, for people: `registration "Payroll sync"`, `environment "cmicprod"`, `workspace`.
QString subjectLabel(const Finding &finding);
// A finding's field as the detail form labels it, translated: "Token endpoint", "Client secret", "App ID" (the
// field name itself when no form shows it). For links and messages that send the admin to a field.
QString fieldLabel(SubjectKind kind, const QString &field);

} // namespace cmic

Q_DECLARE_METATYPE(cmic::Finding)
