#include "AppRegistration.h"

#include "JsonFields.h"

#include <QCoreApplication>

namespace cmic {

QJsonObject AppRegistration::toJson() const
{
    QJsonObject params;
    for (auto it = presetParameters.begin(); it != presetParameters.end(); ++it)
        params.insert(it.key(), it.value());
    return json::withUnknown(unknownMembers,
                             {{QStringLiteral("id"), id},
                              {QStringLiteral("name"), name},
                              {QStringLiteral("environmentId"), environmentId},
                              {QStringLiteral("idpPreset"), idpPreset},
                              {QStringLiteral("presetParameters"), params},
                              {QStringLiteral("appId"), appId},
                              {QStringLiteral("issuer"), issuer},
                              {QStringLiteral("jwksUri"), jwksUri},
                              {QStringLiteral("tokenEndpoint"), tokenEndpoint},
                              {QStringLiteral("discoveryUrl"), discoveryUrl},
                              {QStringLiteral("scope"), scope},
                              {QStringLiteral("audience"), audience},
                              {QStringLiteral("resource"), resource},
                              {QStringLiteral("authMethod"), toString(authMethod)},
                              {QStringLiteral("serviceUserId"), serviceUserId},
                              {QStringLiteral("secretExpiry"),
                               secretExpiry.isValid() ? QJsonValue(secretExpiry.toString(Qt::ISODate)) : QJsonValue()},
                              {QStringLiteral("assertionAlgorithm"), assertionAlgorithm},
                              {QStringLiteral("assertionKeyId"), assertionKeyId},
                              {QStringLiteral("assertionCertificate"), assertionCertificate},
                              {QStringLiteral("assertionThumbprint"), toString(assertionThumbprint)},
                              {QStringLiteral("notes"), notes}});
}

AppRegistration AppRegistration::fromJson(const QJsonObject &object, QString *error)
{
    AppRegistration a;
    json::Reader r(object, QCoreApplication::translate("cmic::Model", "Registration"), error);
    a.id = r.string("id");
    a.name = r.string("name");
    a.environmentId = r.string("environmentId");
    a.idpPreset = r.string("idpPreset");
    const QJsonObject params = r.object("presetParameters");
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (!it.value().isString()) {
            r.fail("presetParameters", QStringLiteral("an object of strings"));
            continue;
        }
        a.presetParameters.insert(it.key(), it.value().toString());
    }
    a.appId = r.string("appId");
    a.issuer = r.string("issuer");
    a.jwksUri = r.string("jwksUri");
    a.tokenEndpoint = r.string("tokenEndpoint");
    a.discoveryUrl = r.string("discoveryUrl");
    a.scope = r.string("scope");
    a.audience = r.string("audience");
    a.resource = r.string("resource");
    const QString method = r.string("authMethod", toString(a.authMethod));
    if (auto m = clientAuthMethodFromString(method))
        a.authMethod = *m;
    else
        r.fail("authMethod", QStringLiteral("client_secret_basic, client_secret_post or private_key_jwt"));
    a.serviceUserId = r.string("serviceUserId");
    const QString expiry = r.string("secretExpiry");
    if (!expiry.isEmpty()) {
        a.secretExpiry = QDate::fromString(expiry, Qt::ISODate);
        if (!a.secretExpiry.isValid())
            r.fail("secretExpiry", QStringLiteral("a date as YYYY-MM-DD"));
    }
    a.assertionAlgorithm = r.string("assertionAlgorithm");
    if (!a.assertionAlgorithm.isEmpty() && a.assertionAlgorithm != QLatin1String("RS256")
        && a.assertionAlgorithm != QLatin1String("PS256") && a.assertionAlgorithm != QLatin1String("ES256"))
        r.fail("assertionAlgorithm", QStringLiteral("\"\", RS256, PS256 or ES256"));
    a.assertionKeyId = r.string("assertionKeyId");
    a.assertionCertificate = r.string("assertionCertificate");
    const QString thumbprint = r.string("assertionThumbprint", toString(a.assertionThumbprint));
    if (auto t = assertionThumbprintFromString(thumbprint))
        a.assertionThumbprint = *t;
    else
        r.fail("assertionThumbprint", QStringLiteral("none, x5t or x5t#S256"));
    a.notes = r.string("notes");
    a.unknownMembers = r.unknown({"id",
                                  "name",
                                  "environmentId",
                                  "idpPreset",
                                  "presetParameters",
                                  "appId",
                                  "issuer",
                                  "jwksUri",
                                  "tokenEndpoint",
                                  "discoveryUrl",
                                  "scope",
                                  "audience",
                                  "resource",
                                  "authMethod",
                                  "serviceUserId",
                                  "secretExpiry",
                                  "assertionAlgorithm",
                                  "assertionKeyId",
                                  "assertionCertificate",
                                  "assertionThumbprint",
                                  "notes"});
    return a;
}

} // namespace cmic
