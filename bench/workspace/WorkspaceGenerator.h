#pragma once

#include "core/model/Workspace.h"

// A large, realistic workspace for benchmarks: several environments, |users| service users and |registrations|
// registrations spread over IdP presets, with varied names so filters have work to do.
inline cmic::Workspace generateWorkspace(int registrations, int users)
{
    using namespace cmic;
    Workspace w;
    w.id = QStringLiteral("bench-workspace");
    const char *envNames[] = {"cmicprod", "cmictest", "cmictestrti", "cmicprtn"};
    for (int i = 0; i < 4; ++i) {
        Environment e;
        e.id = QStringLiteral("env-%1").arg(i);
        e.name = QString::fromLatin1(envNames[i]);
        e.deployment = i % 2 ? Deployment::Cloud : Deployment::Enterprise;
        e.cloudTenant = i % 2 ? QStringLiteral("ACME") : QString();
        e.apiBaseUrl = QStringLiteral("https://erp.example.com/") + e.name;
        e.probeEndpoints = {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess?limit=1")};
        w.environments << e;
    }
    for (int i = 0; i < users; ++i) {
        ServiceUser u;
        u.id = QStringLiteral("su-%1").arg(i);
        u.username = QStringLiteral("SVC_INTEGRATION_%1").arg(i, 5, 10, QLatin1Char('0'));
        u.emailUsername = QStringLiteral("svc.integration%1@acme.example").arg(i);
        u.displayName = QStringLiteral("Integration service %1").arg(i);
        u.dedicatedConfirmed = i % 7 != 0;
        w.serviceUsers << u;
    }
    const char *presets[] = {"entra-v1", "okta", "keycloak", "auth0", "generic"};
    for (int i = 0; i < registrations; ++i) {
        AppRegistration r;
        r.id = QStringLiteral("reg-%1").arg(i);
        r.name = QStringLiteral("Integration %1 (%2)").arg(i).arg(QString::fromLatin1(presets[i % 5]));
        r.environmentId = w.environments.at(i % 4).id;
        r.idpPreset = QString::fromLatin1(presets[i % 5]);
        r.appId = QStringLiteral("%1-2222-3333-4444-555555555555").arg(i, 8, 16, QLatin1Char('0'));
        r.issuer = QStringLiteral("https://sts.windows.net/tenant-%1/").arg(i % 50);
        r.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
        r.tokenEndpoint = QStringLiteral("https://login.microsoftonline.com/tenant-%1/oauth2/v2.0/token").arg(i % 50);
        r.scope = QStringLiteral("api://cmic-%1/.default").arg(i % 50);
        r.serviceUserId = w.serviceUsers.at(i % users).id;
        r.secretExpiry = QDate(2027, 1 + i % 12, 1 + i % 28);
        r.notes = QStringLiteral("Generated for the benchmark");
        w.registrations << r;
    }
    return w;
}

// A findings-heavy workspace: |registrations| registrations that are all incomplete (no App ID, issuer, JWKS URI,
// token endpoint nor service user), each with several findings, over the same environments as generateWorkspace().
inline cmic::Workspace generateIncompleteWorkspace(int registrations)
{
    using namespace cmic;
    Workspace w = generateWorkspace(0, 1);
    w.id = QStringLiteral("bench-incomplete-workspace");
    w.registrations.reserve(registrations);
    for (int i = 0; i < registrations; ++i) {
        AppRegistration r;
        r.id = QStringLiteral("reg-%1").arg(i);
        r.name = QStringLiteral("Draft integration %1").arg(i);
        r.environmentId = w.environments.at(i % 4).id;
        r.idpPreset = QStringLiteral("entra-v1");
        w.registrations << r;
    }
    return w;
}
