#pragma once

#include "ModelEnums.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cmic {

// One CMiC environment (e.g. cmicprod) and how its OAuth filter is configured.
struct Environment
{
    static constexpr int kPatchUnknown = 0;
    static constexpr int kMaxPatchLevel = 999; // anything above is a typing mistake, refused on open

    QString id; // stable identifier (UUID without braces), never shown
    QString name;
    Deployment deployment = Deployment::Enterprise;
    QString cloudTenant; // Cloud only: the "tenant" of tenant||username
    QString apiBaseUrl;  // e.g. https://host/cmicprod
    UserSource userSource = UserSource::TokenClaim;
    QString userClaim = QStringLiteral("cmicuser"); // cmic.oauth2.user.claim.name
    bool removeDomainFromUser = false;              // cmic.oauth2.remove.domainFromUser
    bool ipCheck = true;                            // cmic.oauth2.ipcheck.enabled
    // The CMiC patch level (19, 20, 22, ...); 0 = unknown. 18 stands for "Patch 18 or earlier", 23 for "23 or
    // later" in the form. Decides the rules that changed between patches (see docs/rules.md, "Patch levels").
    int patchLevel = kPatchUnknown;
    QStringList probeEndpoints; // GET paths below apiBaseUrl
    QJsonObject unknownMembers; // kept verbatim on round trip

    bool operator==(const Environment &) const = default;

    bool patchKnown() const { return patchLevel > kPatchUnknown; }
    // "Patch 21", "Patch 18 or earlier", "an unknown patch level"
    static QString patchLevelText(int patchLevel);

    QJsonObject toJson() const;
    // Reads what it can; a member of the wrong type or an unknown enum word is reported in *error.
    static Environment fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace cmic
