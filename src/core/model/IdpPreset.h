#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace cmic {

// An identity provider's URL shapes and claim names, loaded from resources/idp-presets.json (:/cmic/idp-presets.json).
struct IdpPreset
{
    QString id;          // stable, e.g. "entra-v1", "okta", "keycloak", "generic"
    QString displayName; // e.g. "Microsoft Entra ID (v1 access tokens)"
    QStringList parameters; // placeholders the templates use: "tenant", "domain", "realm", "region", ...
    QString issuerTemplate;
    QString jwksUriTemplate;
    QString tokenEndpointTemplate;
    QString discoveryUrlTemplate;
    QString scopeHint;
    QString appIdClaim; // "appid", "azp", "cid", "client_id"
    QString notes;      // hints shown next to the form

    bool operator==(const IdpPreset &) const = default;

    // Replaces {name} placeholders with |values|; unknown placeholders are left as they are.
    static QString expand(const QString &templ, const QMap<QString, QString> &values);
};

class IdpPresets
{
public:
    // The built-in presets (parsed once from the resource).
    static const QList<IdpPreset> &builtIn();
    static const IdpPreset *find(const QString &id);
    // Parses a presets document; returns an empty list and sets *error when malformed.
    static QList<IdpPreset> parse(const QByteArray &json, QString *error);
};

} // namespace cmic
