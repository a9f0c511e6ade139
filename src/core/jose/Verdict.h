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
// message() is a translated sentence that says what was found and, when something is wrong, what to do.
// The sentence may be composed on first use from a plain function and a few stored arguments: verifying a valid
// token then formats (and allocates) nothing it is not asked for, which keeps the full verification path close
// to the cost of the signature alone.
class Check
{
public:
    struct Args
    {
        QString a = {};
        QString b = {};
        double x = 0;
        double y = 0;
    };
    using Compose = QString (*)(const Args &);

    Check(QString checkId, CheckStatus checkStatus, QString text)
        : id(std::move(checkId)), status(checkStatus), m_text(std::move(text))
    {}
    Check(QString checkId, CheckStatus checkStatus, Compose compose, Args args)
        : id(std::move(checkId)), status(checkStatus), m_args(std::move(args)), m_compose(compose)
    {}

    QString id;
    CheckStatus status = CheckStatus::Skip;

    QString message() const
    {
        if (m_compose) {
            m_text = m_compose(m_args);
            m_compose = nullptr;
        }
        return m_text;
    }

private:
    Args m_args;
    mutable QString m_text;
    mutable Compose m_compose = nullptr;
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
    void add(const QString &id, CheckStatus status, Check::Compose compose, Check::Args args = {})
    {
        m_checks.append(Check(id, status, compose, std::move(args)));
    }
    void pass(const QString &id, const QString &m) { add(id, CheckStatus::Pass, m); }
    void warn(const QString &id, const QString &m) { add(id, CheckStatus::Warn, m); }
    void fail(const QString &id, const QString &m) { add(id, CheckStatus::Fail, m); }
    void skip(const QString &id, const QString &m) { add(id, CheckStatus::Skip, m); }
    void pass(const QString &id, Check::Compose c, Check::Args a = {}) { add(id, CheckStatus::Pass, c, std::move(a)); }
    void skip(const QString &id, Check::Compose c, Check::Args a = {}) { add(id, CheckStatus::Skip, c, std::move(a)); }

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
