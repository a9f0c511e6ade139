#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace cmic {

struct AppRegistration;

// An identity provider's URL shapes and claim names, loaded from resources/idp-presets.json (:/cmic/idp-presets.json).
struct IdpPreset
{
    QString id;             // stable, e.g. "entra-v1", "okta", "keycloak", "generic"
    QString displayName;    // e.g. "Microsoft Entra ID (v1 access tokens)"
    QStringList parameters; // placeholders the templates use: "tenant", "domain", "realm", "region", ...
    QString issuerTemplate;
    QString jwksUriTemplate;
    QString tokenEndpointTemplate;
    QString discoveryUrlTemplate;
    QString scopeHint;
    QString appIdClaim; // "appid", "azp", "cid", "client_id"
    QString notes;      // hints shown next to the form
    // Audience: true when the token request must carry an audience (Auth0 answers without one with an error or an
    // opaque token); audienceHint is shown when the registration has neither audience nor resource (Keycloak,
    // Cognito: their tokens carry no "aud" unless set up, and CMiC requires "aud").
    bool audienceRequired = false;
    QString audienceHint;
    // private_key_jwt defaults for certificate credentials: the assertion algorithm ("" / RS256 / PS256 / ES256) and
    // header thumbprint ("" / none / x5t / x5t#S256) a new registration with this preset starts with (Entra's
    // current documentation: PS256 with x5t#S256).
    QString assertionAlgorithm;
    QString assertionThumbprint;

    bool operator==(const IdpPreset &) const = default;

    // Replaces {name} placeholders with |values|; unknown placeholders are left as they are.
    // The scope hint may also use {app-id}, filled from the registration's App ID.
    static QString expand(const QString &templ, const QMap<QString, QString> &values);
    // The placeholder names in |templ|, in order of first appearance, e.g. {"tenant"}.
    static QStringList placeholders(const QString &templ);
    // Expands |templ| only when every placeholder has a non-empty value; otherwise returns a null QString.
    static QString expandComplete(const QString &templ, const QMap<QString, QString> &values);

    // |registration| with this preset chosen: the preset's id, the given |parameters| it uses (trimmed, empty ones
    // dropped), each URL whose template can be filled completely (the others keep their value), and the scope from
    // the scope hint when the registration has none (with {app-id} from its App ID), and the assertion algorithm and
    // thumbprint defaults when the registration has neither chosen. The console's form and any
    // other face apply a preset through this one function.
    AppRegistration appliedTo(const AppRegistration &registration, const QMap<QString, QString> &parameters) const;
};

class IdpPresets
{
public:
    // The built-in presets (parsed once from the resource).
    static const QList<IdpPreset> &builtIn();
    static const IdpPreset *find(const QString &id);
    // Parses a presets document ({"format": "cmic-idp-presets", "version": 1, "presets": [...]}, see
    // docs/rules.md); returns an empty list and sets *error when malformed.
    static QList<IdpPreset> parse(const QByteArray &json, QString *error);
};

} // namespace cmic
