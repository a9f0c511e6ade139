#include "Verdict.h"

namespace cmic::jose {

QString statusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass: return QStringLiteral("pass");
    case CheckStatus::Warn: return QStringLiteral("warn");
    case CheckStatus::Fail: return QStringLiteral("fail");
    case CheckStatus::Skip: break;
    }
    return QStringLiteral("skip");
}

const Check *Verdict::find(const QString &id) const
{
    for (const Check &c : m_checks) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

CheckStatus Verdict::status(const QString &id) const
{
    const Check *c = find(id);
    return c ? c->status : CheckStatus::Skip;
}

QStringList Verdict::failedIds() const
{
    QStringList ids;
    for (const Check &c : m_checks) {
        if (c.status == CheckStatus::Fail)
            ids.append(c.id);
    }
    return ids;
}

bool Verdict::valid() const
{
    bool signatureVerified = false;
    for (const Check &c : m_checks) {
        if (c.status == CheckStatus::Fail)
            return false;
        if (c.id == QLatin1String("signature") && c.status == CheckStatus::Pass)
            signatureVerified = true;
    }
    return signatureVerified;
}

QJsonArray Verdict::checksToJson() const
{
    QJsonArray array;
    for (const Check &c : m_checks) {
        array.append(QJsonObject{{QStringLiteral("id"), c.id},
                                 {QStringLiteral("status"), statusName(c.status)},
                                 {QStringLiteral("message"), c.message()}});
    }
    return array;
}

QJsonObject Verdict::toJson() const
{
    return QJsonObject{{QStringLiteral("valid"), valid()},
                       {QStringLiteral("checks"), checksToJson()},
                       {QStringLiteral("header"), header},
                       {QStringLiteral("claims"), claims},
                       {QStringLiteral("serviceUser"),
                        serviceUser.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(serviceUser)}};
}

} // namespace cmic::jose
