#pragma once

#include "HttpResult.h"

#include "core/rules/Finding.h"

namespace cmic::net {

// A finding about a registration, for the network steps of the validation.
Finding makeNetFinding(Severity severity, const QString &code, const QString &message, const QString &fix,
                       const QString &subjectId = {}, const QString &field = {});
// The finding for a transport-level failure ("net.<kind>"), e.g. net.tls-unknown-ca. Failures whose fix is a
// workspace setting (settingFieldFor) are about that setting (SubjectKind::Workspace), not about |subjectId|.
QString settingFieldFor(NetErrorKind kind);
Finding findingFromNetError(const HttpResult &result, const QString &subjectId = {}, const QString &field = {});

// Runs |start| (which must call its callback exactly once, possibly later) in a local event loop.
template <typename Result, typename Start>
Result waitForResult(Start start);

} // namespace cmic::net

#include <QEventLoop>
#include <optional>

template <typename Result, typename Start>
Result cmic::net::waitForResult(Start start)
{
    QEventLoop loop;
    std::optional<Result> out;
    start([&](const Result &result) {
        out = result;
        loop.quit();
    });
    if (!out)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return *out;
}
