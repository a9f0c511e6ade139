#include "core/model/AppRegistration.h"
#include "core/model/IdpPreset.h"

#include <QFile>
#include <QTest>
#include <QUrl>

using namespace cmic;

Q_DECLARE_METATYPE(cmic::AppRegistration)

namespace {
using Values = QMap<QString, QString>;

QStringList urlTemplates(const IdpPreset &p)
{
    return {p.issuerTemplate, p.jwksUriTemplate, p.tokenEndpointTemplate, p.discoveryUrlTemplate};
}

// JSON written with single quotes so the tables stay readable.
QByteArray q(const char *singleQuoted) { return QByteArray(singleQuoted).replace('\'', '"'); }

QByteArray wrap(const QByteArray &presets)
{
    return q("{'format': 'cmic-idp-presets', 'version': 1, 'presets': ") + presets + "}";
}

const QByteArray kMinimalPreset = q("{'id': 'x', 'displayName': 'X', 'appIdClaim': 'client_id'}");
} // namespace

class TestIdpPresets : public QObject
{
    Q_OBJECT

private slots:
    void builtInPresetsParse()
    {
        QFile file(qEnvironmentVariable("CMIC_SOURCE_DIR") + QStringLiteral("/resources/idp-presets.json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), "CMIC_SOURCE_DIR must point at the source tree");
        QString error = QStringLiteral("not cleared");
        const QList<IdpPreset> fromSource = IdpPresets::parse(file.readAll(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(IdpPresets::builtIn(), fromSource); // the compiled-in resource is the file in the tree
        QStringList ids;
        for (const IdpPreset &p : IdpPresets::builtIn())
            ids.append(p.id);
        QCOMPARE(ids, (QStringList{QStringLiteral("entra-v1"), QStringLiteral("entra-v2"), QStringLiteral("okta"),
                                   QStringLiteral("auth0"), QStringLiteral("keycloak"), QStringLiteral("cognito"),
                                   QStringLiteral("generic")}));
    }

    void everyPresetIsComplete_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("appIdClaim");
        QTest::newRow("entra-v1") << QStringLiteral("entra-v1") << QStringLiteral("appid");
        QTest::newRow("entra-v2") << QStringLiteral("entra-v2") << QStringLiteral("azp");
        QTest::newRow("okta") << QStringLiteral("okta") << QStringLiteral("cid");
        QTest::newRow("auth0") << QStringLiteral("auth0") << QStringLiteral("azp");
        QTest::newRow("keycloak") << QStringLiteral("keycloak") << QStringLiteral("azp");
        QTest::newRow("cognito") << QStringLiteral("cognito") << QStringLiteral("client_id");
        QTest::newRow("generic") << QStringLiteral("generic") << QStringLiteral("client_id");
    }

    void everyPresetIsComplete()
    {
        QFETCH(QString, id);
        QFETCH(QString, appIdClaim);
        const IdpPreset *p = IdpPresets::find(id);
        QVERIFY(p);
        QCOMPARE(p->appIdClaim, appIdClaim);
        QVERIFY(!p->displayName.isEmpty());
        QVERIFY(!p->notes.isEmpty());

        // Every placeholder a template uses is listed, and every listed parameter is used somewhere.
        QStringList used;
        for (const QString &templ : urlTemplates(*p)) {
            for (const QString &name : IdpPreset::placeholders(templ)) {
                QVERIFY2(p->parameters.contains(name), qPrintable(name));
                used.append(name);
            }
        }
        for (const QString &name : IdpPreset::placeholders(p->scopeHint))
            QVERIFY2(p->parameters.contains(name) || name == QLatin1String("app-id"), qPrintable(name));
        for (const QString &name : p->parameters)
            QVERIFY2(used.contains(name), qPrintable(QStringLiteral("parameter %1 is never used").arg(name)));

        // Filled in, every URL template gives an absolute https URL with no placeholder left.
        Values values;
        for (const QString &name : p->parameters)
            values.insert(name, QStringLiteral("value-of-%1").arg(name));
        for (const QString &templ : urlTemplates(*p)) {
            if (templ.isEmpty())
                continue;
            const QString url = IdpPreset::expandComplete(templ, values);
            QVERIFY(!url.contains(QLatin1Char('{')));
            const QUrl parsed(url, QUrl::StrictMode);
            QVERIFY2(parsed.isValid() && parsed.scheme() == QLatin1String("https") && !parsed.host().isEmpty(),
                     qPrintable(url));
        }
    }

    void findUnknownIdGivesNull() { QVERIFY(!IdpPresets::find(QStringLiteral("no-such-idp"))); }

    void audienceDataPerIdp()
    {
        QVERIFY(IdpPresets::find(QStringLiteral("auth0"))->audienceRequired);
        QVERIFY(!IdpPresets::find(QStringLiteral("entra-v1"))->audienceRequired);
        QVERIFY(IdpPresets::find(QStringLiteral("keycloak"))->audienceHint.contains(QLatin1String("Audience mapper")));
        QVERIFY(IdpPresets::find(QStringLiteral("cognito"))->audienceHint.contains(QLatin1String("aud")));
        QVERIFY(IdpPresets::find(QStringLiteral("entra-v1"))->notes.contains(QLatin1String("acceptMappedClaims")));
    }

    void expandsTemplates_data()
    {
        QTest::addColumn<QString>("templ");
        QTest::addColumn<Values>("values");
        QTest::addColumn<QString>("expected");
        const Values tenant{{QStringLiteral("tenant"), QStringLiteral("9188040d-6c67-4c5b-b112-36a304b66dad")}};
        QTest::newRow("entraV1Issuer") << IdpPresets::find(QStringLiteral("entra-v1"))->issuerTemplate << tenant
                                       << QStringLiteral(
                                              "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/");
        QTest::newRow("entraScopeWithAppId")
            << IdpPresets::find(QStringLiteral("entra-v1"))->scopeHint
            << Values{{QStringLiteral("app-id"), QStringLiteral("1234")}} << QStringLiteral("api://1234/.default");
        QTest::newRow("oktaTwoParameters") << IdpPresets::find(QStringLiteral("okta"))->jwksUriTemplate
                                           << Values{{QStringLiteral("domain"), QStringLiteral("acme.okta.com")},
                                                     {QStringLiteral("authServerId"), QStringLiteral("default")}}
                                           << QStringLiteral("https://acme.okta.com/oauth2/default/v1/keys");
        QTest::newRow("cognitoIssuer") << IdpPresets::find(QStringLiteral("cognito"))->issuerTemplate
                                       << Values{{QStringLiteral("region"), QStringLiteral("us-east-1")},
                                                 {QStringLiteral("userPoolId"), QStringLiteral("us-east-1_AbC")}}
                                       << QStringLiteral("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC");
        QTest::newRow("repeatedPlaceholder")
            << QStringLiteral("{a}-{a}") << Values{{QStringLiteral("a"), QStringLiteral("x")}} << QStringLiteral("x-x");
        QTest::newRow("unknownPlaceholderKept")
            << QStringLiteral("https://{domain}/{realm}") << Values{{QStringLiteral("domain"), QStringLiteral("kc")}}
            << QStringLiteral("https://kc/{realm}");
        QTest::newRow("malformedBracesKept")
            << QStringLiteral("{ tenant}{}{tenant{1x}") << tenant << QStringLiteral("{ tenant}{}{tenant{1x}");
        QTest::newRow("valuesAreNotExpandedAgain")
            << QStringLiteral("{a}{b}")
            << Values{{QStringLiteral("a"), QStringLiteral("{b}")}, {QStringLiteral("b"), QStringLiteral("B")}}
            << QStringLiteral("{b}B");
        QTest::newRow("noPlaceholders") << QStringLiteral("https://x/") << Values() << QStringLiteral("https://x/");
    }

    void expandsTemplates()
    {
        QFETCH(QString, templ);
        QFETCH(Values, values);
        QFETCH(QString, expected);
        QCOMPARE(IdpPreset::expand(templ, values), expected);
    }

    void expandCompleteNeedsEveryValue()
    {
        const QString templ = QStringLiteral("https://{domain}/realms/{realm}");
        QVERIFY(IdpPreset::expandComplete(templ, {{QStringLiteral("domain"), QStringLiteral("kc")}}).isNull());
        QVERIFY(IdpPreset::expandComplete(templ, {{QStringLiteral("domain"), QStringLiteral("kc")},
                                                  {QStringLiteral("realm"), QStringLiteral(" ")}})
                    .isNull());
        QCOMPARE(IdpPreset::expandComplete(templ, {{QStringLiteral("domain"), QStringLiteral("kc")},
                                                   {QStringLiteral("realm"), QStringLiteral("cmic")}}),
                 QStringLiteral("https://kc/realms/cmic"));
        QCOMPARE(IdpPreset::placeholders(QStringLiteral("{b}{a}{b}")),
                 (QStringList{QStringLiteral("b"), QStringLiteral("a")}));
    }

    // Applying a preset is a core decision (the form's model only pushes the result as one undo step).
    void applyingAPresetFillsWhatItCanAndKeepsTheRest()
    {
        const IdpPreset *entra = IdpPresets::find(QStringLiteral("entra-v1"));
        QVERIFY(entra);
        AppRegistration reg;
        reg.name = QStringLiteral("Payroll");
        reg.appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
        reg.issuer = QStringLiteral("https://typed.example/");
        reg.presetParameters.insert(QStringLiteral("stale"), QStringLiteral("x"));

        // No tenant yet: a typed URL that cannot be Entra's (Entra has no custom hosts) is cleared, never kept as if
        // it were right; the JWKS URI needs no tenant; the scope needs only the App ID.
        AppRegistration a = entra->appliedTo(reg, {{QStringLiteral("tenant"), QStringLiteral("  ")}});
        QCOMPARE(a.idpPreset, QStringLiteral("entra-v1"));
        QVERIFY(a.presetParameters.isEmpty()); // blank values and names the preset does not use are dropped
        QVERIFY(a.issuer.isEmpty());
        QCOMPARE(a.jwksUri, entra->jwksUriTemplate);
        QCOMPARE(a.scope, QStringLiteral("api://11111111-2222-3333-4444-555555555555/.default"));
        QCOMPARE(a.name, reg.name);

        // With the tenant: every URL template is filled, the parameter kept trimmed.
        const QString tenant = QStringLiteral("contoso.onmicrosoft.com");
        a = entra->appliedTo(reg, {{QStringLiteral("tenant"), QStringLiteral(" ") + tenant}});
        QCOMPARE(a.presetParameters, (Values{{QStringLiteral("tenant"), tenant}}));
        QCOMPARE(a.issuer, IdpPreset::expand(entra->issuerTemplate, a.presetParameters));
        QVERIFY(a.issuer.contains(tenant));
        QCOMPARE(a.jwksUri, IdpPreset::expand(entra->jwksUriTemplate, a.presetParameters));
        QVERIFY(!a.jwksUri.contains(u'{'));
        QCOMPARE(a.tokenEndpoint, IdpPreset::expand(entra->tokenEndpointTemplate, a.presetParameters));

        // A scope already set is the admin's: it stays.
        reg.scope = QStringLiteral("custom/.default");
        QCOMPARE(entra->appliedTo(reg, {}).scope, QStringLiteral("custom/.default"));
        // Without an App ID the {app-id} hint cannot be filled: no scope is made up.
        reg.scope.clear();
        reg.appId.clear();
        QVERIFY(entra->appliedTo(reg, {}).scope.isEmpty());
    }

    void entraPresetsDefaultToCurrentCertificateCredentials()
    {
        // Entra's current documentation for certificate credentials: PS256 with x5t#S256.
        for (const char *id : {"entra-v1", "entra-v2"}) {
            const IdpPreset *preset = IdpPresets::find(QString::fromLatin1(id));
            QVERIFY(preset);
            QCOMPARE(preset->assertionAlgorithm, QStringLiteral("PS256"));
            QCOMPARE(preset->assertionThumbprint, QStringLiteral("x5t#S256"));
            cmic::AppRegistration fresh;
            fresh.authMethod = cmic::ClientAuthMethod::PrivateKeyJwt;
            const cmic::AppRegistration applied = preset->appliedTo(fresh, {});
            QCOMPARE(applied.assertionAlgorithm, QStringLiteral("PS256"));
            QVERIFY(applied.assertionThumbprint == cmic::AssertionThumbprint::X5tS256);
            // A choice already made is kept.
            cmic::AppRegistration chosen = fresh;
            chosen.assertionAlgorithm = QStringLiteral("RS256");
            chosen.assertionThumbprint = cmic::AssertionThumbprint::X5t;
            const cmic::AppRegistration kept = preset->appliedTo(chosen, {});
            QCOMPARE(kept.assertionAlgorithm, QStringLiteral("RS256"));
            QVERIFY(kept.assertionThumbprint == cmic::AssertionThumbprint::X5t);
        }
        // Other presets set nothing.
        const cmic::AppRegistration okta = IdpPresets::find(QStringLiteral("okta"))->appliedTo({}, {});
        QVERIFY(okta.assertionAlgorithm.isEmpty());
        QVERIFY(okta.assertionThumbprint == cmic::AssertionThumbprint::None);
    }

    // What a switch from one preset to another does to each field (IdpPreset::appliedTo), decided in core.
    void switchingPresetsDecidesEachField_data()
    {
        QTest::addColumn<AppRegistration>("before");
        QTest::addColumn<QString>("to");
        QTest::addColumn<AppRegistration>("expected");
        const QString tenant = QStringLiteral("9188040d-6c67-4c5b-b112-36a304b66dad");
        const QString appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
        const IdpPreset *v1 = IdpPresets::find(QStringLiteral("entra-v1"));
        const IdpPreset *v2 = IdpPresets::find(QStringLiteral("entra-v2"));
        AppRegistration fresh;
        fresh.appId = appId;
        const AppRegistration entraV1 = v1->appliedTo(fresh, {{QStringLiteral("tenant"), tenant}});

        AppRegistration toV2 = entraV1;
        toV2.idpPreset = QStringLiteral("entra-v2");
        toV2.issuer = QStringLiteral("https://login.microsoftonline.com/") + tenant + QStringLiteral("/v2.0");
        toV2.jwksUri =
            QStringLiteral("https://login.microsoftonline.com/") + tenant + QStringLiteral("/discovery/v2.0/keys");
        toV2.discoveryUrl = QStringLiteral("https://login.microsoftonline.com/") + tenant
                            + QStringLiteral("/v2.0/.well-known/openid-configuration");
        QTest::newRow("entraV1ToV2KeepsTenantReplacesUrls") << entraV1 << QStringLiteral("entra-v2") << toV2;

        AppRegistration toOkta = entraV1;
        toOkta.idpPreset = QStringLiteral("okta");
        toOkta.presetParameters.clear();
        toOkta.issuer.clear();
        toOkta.jwksUri.clear();
        toOkta.tokenEndpoint.clear();
        toOkta.discoveryUrl.clear();
        toOkta.scope.clear(); // Entra's scope is not Okta's, and Okta's "cmic.api" is only an example
        toOkta.assertionAlgorithm.clear();
        toOkta.assertionThumbprint = AssertionThumbprint::None;
        QTest::newRow("entraV1ToOktaClearsEntraValues") << entraV1 << QStringLiteral("okta") << toOkta;

        AppRegistration back = toV2;
        back.issuer = entraV1.issuer;
        back.jwksUri = entraV1.jwksUri;
        back.discoveryUrl = entraV1.discoveryUrl;
        back.idpPreset = QStringLiteral("entra-v1");
        QTest::newRow("entraV2BackToV1") << toV2 << QStringLiteral("entra-v1") << back;

        AppRegistration okta = IdpPresets::find(QStringLiteral("okta"))
                                   ->appliedTo(fresh, {{QStringLiteral("domain"), QStringLiteral("acme.okta.com")},
                                                       {QStringLiteral("authServerId"), QStringLiteral("default")}});
        AppRegistration oktaToAuth0 = okta;
        oktaToAuth0.idpPreset = QStringLiteral("auth0");
        oktaToAuth0.presetParameters.clear(); // acme.okta.com is no Auth0 domain
        oktaToAuth0.issuer.clear();
        oktaToAuth0.jwksUri.clear();
        oktaToAuth0.tokenEndpoint.clear();
        oktaToAuth0.discoveryUrl.clear();
        QTest::newRow("oktaToAuth0DropsTheOktaDomain") << okta << QStringLiteral("auth0") << oktaToAuth0;

        AppRegistration keycloak = IdpPresets::find(QStringLiteral("keycloak"))
                                       ->appliedTo(fresh, {{QStringLiteral("domain"), QStringLiteral("id.acme.com")},
                                                           {QStringLiteral("realm"), QStringLiteral("cmic")}});
        AppRegistration keycloakToOkta = keycloak;
        keycloakToOkta.idpPreset = QStringLiteral("okta");
        keycloakToOkta.presetParameters = {{QStringLiteral("domain"), QStringLiteral("id.acme.com")}}; // plausible
        keycloakToOkta.issuer.clear();
        keycloakToOkta.jwksUri.clear();
        keycloakToOkta.tokenEndpoint.clear();
        keycloakToOkta.discoveryUrl.clear();
        QTest::newRow("keycloakToOktaKeepsACustomDomain") << keycloak << QStringLiteral("okta") << keycloakToOkta;

        // Typed by the admin: kept while plausible for the new IdP, replaced otherwise.
        AppRegistration typed;
        typed.idpPreset = QStringLiteral("generic");
        typed.issuer = QStringLiteral("https://id.acme.com/oauth2/x");
        typed.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
        AppRegistration typedToOkta = typed;
        typedToOkta.idpPreset = QStringLiteral("okta");
        typedToOkta.jwksUri.clear();
        QTest::newRow("typedPlausibleKeptImplausibleCleared") << typed << QStringLiteral("okta") << typedToOkta;

        AppRegistration toGeneric = entraV1;
        toGeneric.idpPreset = QStringLiteral("generic");
        toGeneric.presetParameters.clear();
        QTest::newRow("toGenericKeepsWhatIsThere") << entraV1 << QStringLiteral("generic") << toGeneric;
        Q_UNUSED(v2);
    }

    void switchingPresetsDecidesEachField()
    {
        QFETCH(AppRegistration, before);
        QFETCH(QString, to);
        QFETCH(AppRegistration, expected);
        const IdpPreset *preset = IdpPresets::find(to);
        QVERIFY(preset);
        const AppRegistration after = preset->appliedTo(before, {});
        QCOMPARE(after.idpPreset, expected.idpPreset);
        QCOMPARE(after.presetParameters, expected.presetParameters);
        QCOMPARE(after.issuer, expected.issuer);
        QCOMPARE(after.jwksUri, expected.jwksUri);
        QCOMPARE(after.tokenEndpoint, expected.tokenEndpoint);
        QCOMPARE(after.discoveryUrl, expected.discoveryUrl);
        QCOMPARE(after.scope, expected.scope);
        QCOMPARE(after.assertionAlgorithm, expected.assertionAlgorithm);
        QVERIFY(after.assertionThumbprint == expected.assertionThumbprint);
        QVERIFY(after == expected);
    }

    void exampleScopeIsAPlaceholderNotAValue()
    {
        for (const char *id : {"okta", "cognito"}) {
            const IdpPreset *preset = IdpPresets::find(QString::fromLatin1(id));
            QVERIFY(preset->scopeIsExample());
            QVERIFY(preset->appliedTo({}, {}).scope.isEmpty());
            QVERIFY(preset->placeholderFor(QStringLiteral("scope"), {}).contains(preset->scopeHint));
        }
        const IdpPreset *entra = IdpPresets::find(QStringLiteral("entra-v1"));
        QVERIFY(!entra->scopeIsExample());
        QCOMPARE(entra->placeholderFor(QStringLiteral("scope"), {}), QStringLiteral("api://<App ID>/.default"));
        AppRegistration withTenant;
        withTenant.presetParameters.insert(QStringLiteral("tenant"), QStringLiteral("t1"));
        QCOMPARE(entra->placeholderFor(QStringLiteral("issuer"), withTenant),
                 QStringLiteral("https://sts.windows.net/t1/"));
        QCOMPARE(entra->placeholderFor(QStringLiteral("tokenEndpoint"), {}),
                 QStringLiteral("https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token"));
    }

    void scopeFollowsTheAppIdTypedAfterThePreset()
    {
        const IdpPreset *entra = IdpPresets::find(QStringLiteral("entra-v1"));
        AppRegistration reg = entra->appliedTo({}, {});
        QVERIFY(reg.scope.isEmpty());
        reg = entra->withAppId(reg, QStringLiteral("abc"));
        QCOMPARE(reg.appId, QStringLiteral("abc"));
        QCOMPARE(reg.scope, QStringLiteral("api://abc/.default"));
        reg = entra->withAppId(reg, QStringLiteral("abcd")); // typing on: the derived scope follows
        QCOMPARE(reg.scope, QStringLiteral("api://abcd/.default"));
        reg = entra->withAppId(reg, QString());
        QVERIFY(reg.scope.isEmpty());
        // The admin's own scope (an Application ID URI that is not the App ID) stays.
        reg.scope = QStringLiteral("api://cmic.acme.com/.default");
        reg = entra->withAppId(reg, QStringLiteral("xyz"));
        QCOMPARE(reg.scope, QStringLiteral("api://cmic.acme.com/.default"));
        // An example scope never follows.
        const IdpPreset *okta = IdpPresets::find(QStringLiteral("okta"));
        QVERIFY(okta->withAppId({}, QStringLiteral("abc")).scope.isEmpty());
    }

    void hostsBelongToTheirProvider_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("plausible");
        QTest::newRow("entraOwn") << QStringLiteral("entra-v1")
                                  << QStringLiteral("https://login.microsoftonline.com/x/oauth2/v2.0/token") << true;
        QTest::newRow("entraIssuerHost") << QStringLiteral("entra-v2") << QStringLiteral("https://sts.windows.net/x/")
                                         << true;
        QTest::newRow("entraCustomHost") << QStringLiteral("entra-v1") << QStringLiteral("https://idp.acme.com/token")
                                         << false;
        QTest::newRow("entraOkta") << QStringLiteral("entra-v1")
                                   << QStringLiteral("https://acme.okta.com/oauth2/default") << false;
        QTest::newRow("oktaSubdomain") << QStringLiteral("okta")
                                       << QStringLiteral("https://acme.okta.com/oauth2/default") << true;
        QTest::newRow("oktaBareDomainIsNotASubdomain")
            << QStringLiteral("okta") << QStringLiteral("https://okta.com.evil.example/x") << true;
        QTest::newRow("oktaCustomDomain")
            << QStringLiteral("okta") << QStringLiteral("https://login.acme.com/oauth2/default") << true;
        QTest::newRow("oktaEntra") << QStringLiteral("okta")
                                   << QStringLiteral("https://login.microsoftonline.com/common/discovery/keys")
                                   << false;
        QTest::newRow("cognitoOneLabel") << QStringLiteral("cognito")
                                         << QStringLiteral("https://cognito-idp.eu-west-1.amazonaws.com/p") << true;
        QTest::newRow("auth0Cognito") << QStringLiteral("auth0")
                                      << QStringLiteral("https://cognito-idp.eu-west-1.amazonaws.com/p") << false;
        QTest::newRow("genericAnything") << QStringLiteral("generic")
                                         << QStringLiteral("https://login.microsoftonline.com/x") << true;
        QTest::newRow("loopbackEverywhere")
            << QStringLiteral("entra-v1") << QStringLiteral("http://127.0.0.1:8443/token") << true;
        QTest::newRow("localhost") << QStringLiteral("okta") << QStringLiteral("https://localhost/keys") << true;
    }

    void hostsBelongToTheirProvider()
    {
        QFETCH(QString, preset);
        QFETCH(QString, url);
        QFETCH(bool, plausible);
        QCOMPARE(IdpPresets::find(preset)->isPlausibleUrl(url), plausible);
    }

    void parsesAMinimalDocument()
    {
        QString error;
        const QList<IdpPreset> presets = IdpPresets::parse(wrap("[" + kMinimalPreset + "]"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(presets.size(), 1);
        QCOMPARE(presets.first().id, QStringLiteral("x"));
        QVERIFY(presets.first().parameters.isEmpty());
        QVERIFY(!presets.first().audienceRequired);
    }

    void malformedDocumentsGiveClearError_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("errorContains");
        QTest::newRow("notJson") << QByteArray("{\"format\": ") << QStringLiteral("not valid JSON");
        QTest::newRow("arrayRoot") << QByteArray("[]") << QStringLiteral("must be a JSON object");
        QTest::newRow("wrongFormat") << QByteArray(q("{'format': 'cmic-oauth-workspace', 'version': 1, 'presets': []}"))
                                     << QStringLiteral("not a presets file");
        QTest::newRow("newerVersion") << QByteArray(q("{'format': 'cmic-idp-presets', 'version': 2, 'presets': []}"))
                                      << QStringLiteral("Update the console");
        QTest::newRow("versionMissing") << QByteArray(q("{'format': 'cmic-idp-presets', 'presets': []}"))
                                        << QStringLiteral("\"version\": 1");
        QTest::newRow("presetsMissing") << QByteArray(q("{'format': 'cmic-idp-presets', 'version': 1}"))
                                        << QStringLiteral("\"presets\" list");
        QTest::newRow("presetNotObject") << wrap("[42]") << QStringLiteral("Preset 1: must be a JSON object");
        QTest::newRow("idMissing") << wrap(q("[{'displayName': 'X', 'appIdClaim': 'azp'}]"))
                                   << QStringLiteral("\"id\" is missing");
        QTest::newRow("idWithCapitals") << wrap(q("[{'id': 'Entra', 'displayName': 'X', 'appIdClaim': 'azp'}]"))
                                        << QStringLiteral("lower-case");
        QTest::newRow("appIdClaimMissing") << wrap(q("[{'id': 'x', 'displayName': 'X'}]"))
                                           << QStringLiteral("Preset 1 (\"x\"): \"appIdClaim\" is missing");
        QTest::newRow("displayNameEmpty") << wrap(q("[{'id': 'x', 'displayName': ' ', 'appIdClaim': 'azp'}]"))
                                          << QStringLiteral("\"displayName\" is empty");
        QTest::newRow("issuerNotString") << wrap(
            q("[{'id': 'x', 'displayName': 'X', 'appIdClaim': 'azp', 'issuer': 1}]"))
                                         << QStringLiteral("\"issuer\" must be a string");
        QTest::newRow("parametersNotStrings")
            << wrap(q("[{'id': 'x', 'displayName': 'X', 'appIdClaim': 'azp', 'parameters': [1]}]"))
            << QStringLiteral("\"parameters\" must be a list of strings");
        QTest::newRow("parameterBadName")
            << wrap(q("[{'id': 'x', 'displayName': 'X', 'appIdClaim': 'azp', 'parameters': ['a b']}]"))
            << QStringLiteral("not a valid placeholder name");
        QTest::newRow("audienceRequiredNotBool")
            << wrap(q("[{'id': 'x', 'displayName': 'X', 'appIdClaim': 'azp', 'audienceRequired': 'yes'}]"))
            << QStringLiteral("\"audienceRequired\" must be true or false");
        QTest::newRow("unlistedPlaceholder")
            << wrap(q("[{'id': 'x', 'displayName': 'X', 'appIdClaim': 'azp', 'parameters': ['domain'], 'jwksUri': "
                      "'https://{domain}/realms/{realm}/certs'}]"))
            << QStringLiteral("\"jwksUri\" uses the placeholder {realm}");
        QTest::newRow("appIdOnlyInScopeHint")
            << wrap(q("[{'id': 'x', 'displayName': 'X', 'appIdClaim': 'azp', 'issuer': 'https://{app-id}/'}]"))
            << QStringLiteral("\"issuer\" uses the placeholder {app-id}");
        QTest::newRow("assertionAlgorithmUnknown")
            << wrap(q("[{'id': 'x', 'displayName': 'X', 'appIdClaim': 'azp', 'assertionAlgorithm': 'HS256'}]"))
            << QStringLiteral("\"assertionAlgorithm\" must be RS256, PS256 or ES256");
        QTest::newRow("assertionThumbprintUnknown")
            << wrap(q("[{'id': 'x', 'displayName': 'X', 'appIdClaim': 'azp', 'assertionThumbprint': 'sha1'}]"))
            << QStringLiteral("\"assertionThumbprint\" must be none, x5t or x5t#S256");
        QTest::newRow("duplicateId") << wrap("[" + kMinimalPreset + "," + kMinimalPreset + "]")
                                     << QStringLiteral("Preset 2 (\"x\"): the id \"x\" is used twice");
    }

    void malformedDocumentsGiveClearError()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, errorContains);
        QString error;
        const QList<IdpPreset> presets = IdpPresets::parse(json, &error);
        QVERIFY(presets.isEmpty());
        QVERIFY2(error.contains(errorContains), qPrintable(error));
    }

    void everyErrorIsReportedAtOnce()
    {
        QString error;
        IdpPresets::parse(wrap(q("[{'id': 'a'}, {'id': 'b', 'displayName': 'B', 'appIdClaim': 5}]")), &error);
        QVERIFY2(error.contains(QLatin1String("Preset 1 (\"a\"): \"displayName\" is missing")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("Preset 2 (\"b\"): \"appIdClaim\" must be a string")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestIdpPresets)
#include "tst_idppresets.moc"
