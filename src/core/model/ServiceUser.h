#pragma once

#include <QJsonObject>
#include <QString>

namespace cmic {

// The CMiC user an API call runs as. Best practice: dedicated, no person signs in with it.
struct ServiceUser
{
    QString id;
    QString username;      // CMiC username, e.g. SVC_INTEGRATION
    QString emailUsername; // Cloud: unique username in e-mail form, optional
    QString displayName;
    bool dedicatedConfirmed = false; // the admin confirmed no person signs in with it
    QString notes;
    QJsonObject unknownMembers;

    bool operator==(const ServiceUser &) const = default;

    QJsonObject toJson() const;
    static ServiceUser fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace cmic
