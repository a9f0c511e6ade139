#pragma once

#include "core/rules/Finding.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace cmic::jose {

// Which kind of Microsoft Entra access token arrived, decided once from the token's header and claims.
enum class EntraShape {
    NotEntra, // the issuer is no Entra issuer and aud is not Microsoft Graph: nothing is said
    V1,       // ver "1.0", iss https://sts.windows.net/{tenant}/, client in appid
    V2,       // ver "2.0", iss https://login.microsoftonline.com/{tenant}/v2.0, client in azp
    Graph,    // aud is Microsoft Graph: a token for Graph, not for the CMiC API
};

// "not-entra", "v1", "v2", "graph" (stable).
QString entraShapeName(EntraShape shape);

// What the registration says, to compare with the shape that arrived. Empty strings are not compared.
struct EntraShapeContext
{
    QString issuer;     // the registration's Issuer
    QString appId;      // the registration's App ID
    QString appIdClaim; // the claim the IdP preset reads the App ID from ("appid", "azp"); empty: not compared
    QString jwksUri;    // the registration's JWKS URI
    // Whether the registered JWKS holds the header's kid; nullopt when not looked up.
    std::optional<bool> kidInKeys;
    // The signature or the key selection failed.
    bool signatureFailed = false;
};

struct EntraShapeResult
{
    EntraShape shape = EntraShape::NotEntra;
    bool graphNonce = false; // a Graph token whose header carries a nonce: only Graph can verify it
    bool customSigningKey = false;
    // Codes (see docs/validation.md): entra.token-v1, entra.token-v2 (info); entra.issuer-mismatch,
    // entra.appid-claim-mismatch, entra.v2-no-appid, entra.graph-token, entra.graph-signature,
    // entra.custom-signing-key. |field| names the registration member to change; subjects are left to the caller.
    Findings findings;

    // The JWKS URI for a custom signing key: https://login.microsoftonline.com/{tenant}/discovery/keys?appid={id}.
    QString customKeysUri;
};

// A pure function: no network, no clock.
EntraShapeResult recogniseEntraToken(const QJsonObject &header, const QJsonObject &claims,
                                     const EntraShapeContext &context);

} // namespace cmic::jose
