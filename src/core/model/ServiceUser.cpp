#include "ServiceUser.h"

#include "JsonFields.h"

#include <QCoreApplication>

namespace cmic {

QJsonObject ServiceUser::toJson() const
{
    return json::withUnknown(unknownMembers, {{QStringLiteral("id"), id},
                                              {QStringLiteral("username"), username},
                                              {QStringLiteral("emailUsername"), emailUsername},
                                              {QStringLiteral("displayName"), displayName},
                                              {QStringLiteral("dedicatedConfirmed"), dedicatedConfirmed},
                                              {QStringLiteral("notes"), notes}});
}

ServiceUser ServiceUser::fromJson(const QJsonObject &object, QString *error)
{
    ServiceUser u;
    json::Reader r(object, QCoreApplication::translate("cmic::Model", "Service user"), error);
    u.id = r.string("id");
    u.username = r.string("username");
    u.emailUsername = r.string("emailUsername");
    u.displayName = r.string("displayName");
    u.dedicatedConfirmed = r.boolean("dedicatedConfirmed", false);
    u.notes = r.string("notes");
    u.unknownMembers = r.unknown({"id", "username", "emailUsername", "displayName", "dedicatedConfirmed", "notes"});
    return u;
}

} // namespace cmic
