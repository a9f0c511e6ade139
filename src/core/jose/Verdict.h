#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace cmic::jose {

enum class CheckStatus { Pass, Warn, Fail, Skip };

// "pass", "warn", "fail", "skip" (stable; used in JSON output).
QString statusName(CheckStatus status);

// One named check. |id| is stable (e.g. "header.alg", "claims.exp") so scripts and tests can rely on it;
// message() is a translated sentence that says what was found and, when something is wrong, what to do.
// The sentence may be composed on first use: verifying a valid token then formats nothing it is not asked for,
// which keeps the full verification path close to the cost of the signature alone.
class Check
{
public:
    using MessageFn = std::function<QString()>;

    Check(QString checkId, CheckStatus checkStatus, QString text)
        : id(std::move(checkId)), status(checkStatus), m_text(std::move(text))
    {
    }
    Check(QString checkId, CheckStatus checkStatus, MessageFn compose)
        : id(std::move(checkId)), status(checkStatus), m_compose(std::move(compose))
    {
    }

    QString id;
    CheckStatus status = CheckStatus::Skip;

    QString message() const
    {
        if (m_compose) {
            m_text = m_compose();
            m_compose = nullptr;
        }
        return m_text;
    }

private:
    mutable QString m_text;
    mutable MessageFn m_compose; // captures values only, never references
};

// The outcome of verifying a token: every check that ran or was skipped, never only the first failure.
// A token is valid when its signature was verified and no check failed (warnings do not invalidate).
class Verdict
{
public:
    void add(const QString &id, CheckStatus status, const QString &message)
    {
        m_checks.append(Check(id, status, message));
    }
    void add(const QString &id, CheckStatus status, Check::MessageFn compose)
    {
        m_checks.append(Check(id, status, std::move(compose)));
    }
    template<typename Message> void pass(const QString &id, Message &&m) { add(id, CheckStatus::Pass, std::forward<Message>(m)); }
    template<typename Message> void warn(const QString &id, Message &&m) { add(id, CheckStatus::Warn, std::forward<Message>(m)); }
    template<typename Message> void fail(const QString &id, Message &&m) { add(id, CheckStatus::Fail, std::forward<Message>(m)); }
    template<typename Message> void skip(const QString &id, Message &&m) { add(id, CheckStatus::Skip, std::forward<Message>(m)); }

    const QList<Check> &checks() const { return m_checks; }
    void reserve(qsizetype count) { m_checks.reserve(count); }
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
