#include "Workspace.h"

#include "JsonFields.h"

#include <QCoreApplication>
#include <QUuid>

namespace cmic {

QJsonObject WorkspaceSettings::toJson() const
{
    return json::withUnknown(unknownMembers, {{QStringLiteral("clockSkewSeconds"), clockSkewSeconds},
                                              {QStringLiteral("caBundlePath"), caBundlePath},
                                              {QStringLiteral("proxyMode"), toString(proxyMode)},
                                              {QStringLiteral("proxyUrl"), proxyUrl}});
}

WorkspaceSettings WorkspaceSettings::fromJson(const QJsonObject &object, QString *error)
{
    WorkspaceSettings s;
    json::Reader r(object, QCoreApplication::translate("cmic::Model", "Settings"), error);
    s.clockSkewSeconds = r.integer("clockSkewSeconds", s.clockSkewSeconds);
    s.caBundlePath = r.string("caBundlePath");
    const QString mode = r.string("proxyMode", toString(s.proxyMode));
    if (auto m = proxyModeFromString(mode))
        s.proxyMode = *m;
    else
        r.fail("proxyMode", QStringLiteral("\"system\", \"none\" or \"manual\""));
    s.proxyUrl = r.string("proxyUrl");
    s.unknownMembers = r.unknown({"clockSkewSeconds", "caBundlePath", "proxyMode", "proxyUrl"});
    return s;
}

namespace {
template <typename T>
int indexOf(const QList<T> &list, const QString &id)
{
    for (int i = 0; i < list.size(); ++i) {
        if (list.at(i).id == id)
            return i;
    }
    return -1;
}
template <typename T>
const T *find(const QList<T> &list, const QString &id)
{
    const int i = indexOf(list, id);
    return i < 0 ? nullptr : &list.at(i);
}
} // namespace

const Environment *Workspace::environment(const QString &id) const { return find(environments, id); }
const ServiceUser *Workspace::serviceUser(const QString &id) const { return find(serviceUsers, id); }
const AppRegistration *Workspace::registration(const QString &id) const { return find(registrations, id); }
int Workspace::environmentIndex(const QString &id) const { return indexOf(environments, id); }
int Workspace::serviceUserIndex(const QString &id) const { return indexOf(serviceUsers, id); }
int Workspace::registrationIndex(const QString &id) const { return indexOf(registrations, id); }

QString Workspace::newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

} // namespace cmic
