#pragma once

#include "AppRegistration.h"
#include "Environment.h"
#include "ServiceUser.h"

#include <QList>

namespace cmic {

struct WorkspaceSettings
{
    int clockSkewSeconds = 60;
    QString caBundlePath; // extra PEM bundle added to the system roots
    ProxyMode proxyMode = ProxyMode::System;
    QString proxyUrl; // for ProxyMode::Manual, e.g. http://proxy:3128
    QJsonObject unknownMembers;

    bool operator==(const WorkspaceSettings &) const = default;
    QJsonObject toJson() const;
    static WorkspaceSettings fromJson(const QJsonObject &object, QString *error = nullptr);
};

// The whole document an admin edits: no secrets, safe to keep in git.
struct Workspace
{
    QString id; // namespaces keychain entries
    QList<Environment> environments;
    QList<ServiceUser> serviceUsers;
    QList<AppRegistration> registrations;
    WorkspaceSettings settings;
    QJsonObject unknownMembers; // top-level members this version does not know

    bool operator==(const Workspace &) const = default;

    const Environment *environment(const QString &id) const;
    const ServiceUser *serviceUser(const QString &id) const;
    const AppRegistration *registration(const QString &id) const;
    int environmentIndex(const QString &id) const;
    int serviceUserIndex(const QString &id) const;
    int registrationIndex(const QString &id) const;

    // A fresh identifier for a new object (UUID without braces).
    static QString newId();
};

} // namespace cmic
