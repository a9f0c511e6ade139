#include "Finding.h"

#include "core/util/Elide.h"

namespace cmic {

QString toString(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Error: return QStringLiteral("error");
    }
    return {};
}

QString toString(SubjectKind subjectKind)
{
    switch (subjectKind) {
    case SubjectKind::Workspace: return QStringLiteral("workspace");
    case SubjectKind::Environment: return QStringLiteral("environment");
    case SubjectKind::ServiceUser: return QStringLiteral("service-user");
    case SubjectKind::Registration: return QStringLiteral("registration");
    }
    return {};
}

QString subjectLabel(const Finding &f)
{
    // subjectName is cut where the finding is made; an id from a file is cut here.
    const QString name = f.subjectName.isEmpty() ? elide(f.subjectId) : f.subjectName;
    switch (f.subjectKind) {
    case SubjectKind::Environment: return QStringLiteral("environment \"%1\"").arg(name);
    case SubjectKind::ServiceUser: return QStringLiteral("service user \"%1\"").arg(name);
    case SubjectKind::Registration: return QStringLiteral("registration \"%1\"").arg(name);
    case SubjectKind::Workspace: break;
    }
    return QStringLiteral("workspace");
}

QJsonObject Finding::toJson() const
{
    return {{QStringLiteral("severity"), cmic::toString(severity)},
            {QStringLiteral("code"), code},
            {QStringLiteral("message"), message},
            {QStringLiteral("fix"), fix},
            {QStringLiteral("field"), field},
            {QStringLiteral("subjectKind"), cmic::toString(subjectKind)},
            {QStringLiteral("subjectId"), subjectId},
            {QStringLiteral("subjectName"), subjectName},
            {QStringLiteral("subject"), subjectLabel(*this)}};
}

} // namespace cmic
