#include "Environment.h"

#include "JsonFields.h"

#include <QCoreApplication>

namespace cmic {

QJsonObject Environment::toJson() const
{
    return json::withUnknown(unknownMembers,
                             {{QStringLiteral("id"), id},
                              {QStringLiteral("name"), name},
                              {QStringLiteral("deployment"), toString(deployment)},
                              {QStringLiteral("cloudTenant"), cloudTenant},
                              {QStringLiteral("apiBaseUrl"), apiBaseUrl},
                              {QStringLiteral("userSource"), toString(userSource)},
                              {QStringLiteral("userClaim"), userClaim},
                              {QStringLiteral("removeDomainFromUser"), removeDomainFromUser},
                              {QStringLiteral("ipCheck"), ipCheck},
                              {QStringLiteral("patchLevel"), patchLevel},
                              {QStringLiteral("probeEndpoints"), QJsonArray::fromStringList(probeEndpoints)}});
}

Environment Environment::fromJson(const QJsonObject &object, QString *error)
{
    Environment e;
    json::Reader r(object, QCoreApplication::translate("cmic::Model", "Environment"), error);
    e.id = r.string("id");
    e.name = r.string("name");
    const QString deployment = r.string("deployment", toString(e.deployment));
    if (auto d = deploymentFromString(deployment))
        e.deployment = *d;
    else
        r.fail("deployment", QStringLiteral("\"enterprise\" or \"cloud\""));
    e.cloudTenant = r.string("cloudTenant");
    e.apiBaseUrl = r.string("apiBaseUrl");
    const QString source = r.string("userSource", toString(e.userSource));
    if (auto s = userSourceFromString(source))
        e.userSource = *s;
    else
        r.fail("userSource", QStringLiteral("\"token-claim\" or \"registration\""));
    e.userClaim = r.string("userClaim", e.userClaim);
    e.removeDomainFromUser = r.boolean("removeDomainFromUser", e.removeDomainFromUser);
    e.ipCheck = r.boolean("ipCheck", e.ipCheck);
    const int patch = r.integer("patchLevel", e.patchLevel);
    if (patch < kPatchUnknown || patch > kMaxPatchLevel)
        r.fail(
            "patchLevel",
            QCoreApplication::translate("cmic::Model", "0 (unknown) or a patch number up to %1").arg(kMaxPatchLevel));
    else
        e.patchLevel = patch;
    e.probeEndpoints = r.stringList("probeEndpoints");
    e.unknownMembers = r.unknown({"id", "name", "deployment", "cloudTenant", "apiBaseUrl", "userSource", "userClaim",
                                  "removeDomainFromUser", "ipCheck", "patchLevel", "probeEndpoints"});
    return e;
}

QString Environment::patchLevelText(int patchLevel)
{
    if (patchLevel <= kPatchUnknown)
        return QCoreApplication::translate("cmic::Model", "an unknown patch level");
    if (patchLevel == 18)
        return QCoreApplication::translate("cmic::Model", "Patch 18 or earlier");
    if (patchLevel == 23)
        return QCoreApplication::translate("cmic::Model", "Patch 23 or later");
    return QCoreApplication::translate("cmic::Model", "Patch %1").arg(patchLevel);
}

} // namespace cmic
