#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace cmic::jose {

enum class CheckStatus { Pass, Warn, Fail, Skip };

// "pass", "warn", "fail", "skip" (stable; used in JSON output).
QString statusName(CheckStatus status);

// One named check. |id| is stable (e.g. "header.alg", "claims.exp") so scripts and tests can rely on it;
// |message| is a translated sentence that says what was found and, when something is wrong, what to do.
struct Check
{
    QString id;
    CheckStatus status = CheckStatus::Skip;
    QString message;
};

// The outcome of verifying a token: every check that ran or was skipped, never only the first failure.
// A token is valid when its signature was verified and no check failed (warnings do not invalidate).
class Verdict
{
public:
    void add(const QString &id, CheckStatus status, const QString &message);
    void pass(const QString &id, const QString &message) { add(id, CheckStatus::Pass, message); }
    void warn(const QString &id, const QString &message) { add(id, CheckStatus::Warn, message); }
    void fail(const QString &id, const QString &message) { add(id, CheckStatus::Fail, message); }
    void skip(const QString &id, const QString &message) { add(id, CheckStatus::Skip, message); }

    const QList<Check> &checks() const { return m_checks; }
    // The first check with |id|, or nullptr.
    const Check *find(const QString &id) const;
    // The status of the first check with |id|; Skip when there is none.
    CheckStatus status(const QString &id) const;
    // Ids of the failed checks, in order.
    QStringList failedIds() const;

    bool valid() const;

    // What the token said (empty objects when it could not be read).
    QJsonObject header;
    QJsonObject claims;
    // The CMiC user the call would run as; empty when it could not be resolved.
    QString serviceUser;

    // {"valid", "checks": [{"id","status","message"}], "header", "claims", "serviceUser": string|null}
    QJsonObject toJson() const;
    QJsonArray checksToJson() const;

private:
    QList<Check> m_checks;
};

} // namespace cmic::jose
