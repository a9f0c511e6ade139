#pragma once

#include "ModelEnums.h"

#include <QDate>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace cmic {

// An OAuth client as registered both in the IdP and in CMiC API Security.
struct AppRegistration
{
    QString id;
    QString name;
    QString environmentId;
    QString idpPreset;                       // id from resources/idp-presets.json, e.g. "entra-v1"
    QMap<QString, QString> presetParameters; // values for {tenant}, {domain}, {realm}, {region}
    QString appId;                           // client id; CMiC's "App ID"
    QString issuer;                          // CMiC's "Issuer", compared as an exact string
    QString jwksUri;                         // CMiC's "JWKS URI"
    QString tokenEndpoint;
    QString discoveryUrl; // optional; defaults to issuer + /.well-known/openid-configuration
    QString scope;
    QString audience;
    QString resource;
    ClientAuthMethod authMethod = ClientAuthMethod::ClientSecretBasic;
    QString serviceUserId;
    QDate secretExpiry; // null when unknown
    // private_key_jwt: the assertion's "alg" (RS256 / PS256 / ES256; empty: as the IdP's discovery lists, else the
    // key's default), its "kid" (optional), the public certificate (PEM, optional; public, so it may sit in the
    // workspace) and which of its thumbprints the header carries.
    QString assertionAlgorithm;
    QString assertionKeyId;
    QString assertionCertificate;
    AssertionThumbprint assertionThumbprint = AssertionThumbprint::None;
    QString notes;
    QJsonObject unknownMembers;

    bool operator==(const AppRegistration &) const = default;

    QJsonObject toJson() const;
    static AppRegistration fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace cmic
