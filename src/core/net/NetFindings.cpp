#include "NetFindings.h"

namespace cmic::net {

Finding makeNetFinding(Severity severity, const QString &code, const QString &message, const QString &fix,
                       const QString &subjectId, const QString &field)
{
    Finding finding;
    finding.severity = severity;
    finding.subjectKind = subjectId.isEmpty() ? SubjectKind::Workspace : SubjectKind::Registration;
    finding.subjectId = subjectId;
    finding.field = field;
    finding.code = code;
    finding.message = message;
    finding.fix = fix;
    return finding;
}

Finding findingFromNetError(const HttpResult &result, const QString &subjectId, const QString &field)
{
    return makeNetFinding(Severity::Error, QStringLiteral("net.") + toString(result.error), result.message, result.fix,
                          subjectId, field);
}

} // namespace cmic::net
