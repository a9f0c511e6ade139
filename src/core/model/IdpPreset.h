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
    // With a placeholder ({app-id}, a parameter) the scope hint is a template the preset fills in; without one it is
    // only an example ("cmic.api": a scope the admin defines at the IdP) and never becomes a value (scopeIsExample).
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
    // The identity provider behind the preset, for messages ("Microsoft Entra ID"; the display name when not set),
    // and the hosts its URLs are on ("login.microsoftonline.com", "*.okta.com": any subdomain, "cognito-idp.*.
    // amazonaws.com": one label). customHosts: whether it can also be served from the customer's own host names.
    QString provider;
    QStringList hosts;
    bool customHosts = true;

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
    //
    // Switching from another preset (the registration's idpPreset differs), each field is decided on its own:
    // - a parameter of the same name is carried over unless |parameters| names it or its value is implausible here
    //   (an Okta domain is not an Auth0 domain);
    // - a URL or scope that came from the previous preset (it has the shape of the previous preset's template) is
    //   replaced by this preset's, or cleared when this preset's template cannot be filled yet;
    // - a value the admin typed is kept while it is plausible for this IdP (isPlausibleUrl, isPlausibleScope),
    //   otherwise replaced (or cleared) the same way; with no template for the field (generic) a plausible value
    //   stays;
    // - the assertion defaults that came from the previous preset are replaced by this preset's.
    // A scope hint that is only an example is never filled in.
    AppRegistration appliedTo(const AppRegistration &registration, const QMap<QString, QString> &parameters) const;
    // |registration| with |appId| as its App ID: a scope this preset derived from the old App ID (or an empty one)
    // follows the new App ID, so typing the App ID after choosing the preset fills the scope.
    AppRegistration withAppId(const AppRegistration &registration, const QString &appId) const;

    // A preset with no URL templates (generic): it has no opinion about hosts or scopes.
    bool isGeneric() const
    {
        return issuerTemplate.isEmpty() && jwksUriTemplate.isEmpty() && tokenEndpointTemplate.isEmpty()
               && discoveryUrlTemplate.isEmpty();
    }
    QString providerName() const { return provider.isEmpty() ? displayedName() : provider; }
    // The texts people read, in the user interface's language: displayName, notes and audienceHint translated in
    // the catalogue's context kTextContext ("cmic::IdpPresetText"). lupdate cannot read the JSON, so
    // src/core/model/IdpPresetTexts.cpp lists them, generated by scripts/idp-preset-texts.py (ctest
    // idp_preset_texts fails when it is behind the JSON). A text the catalogue lacks is shown as it is.
    QString displayedName() const { return translatedText(displayName); }
    QString displayedNotes() const { return translatedText(notes); }
    QString displayedAudienceHint() const { return translatedText(audienceHint); }
    // The notes and the audience hint as the registration form shows them, one paragraph each.
    QString displayedGuidance() const;
    static QString translatedText(const QString &english);
    static const char kTextContext[];
    bool scopeIsExample() const { return !scopeHint.isEmpty() && placeholders(scopeHint).isEmpty(); }
    // What an empty field shows in grey: the template with the parameters known so far filled in and the others as
    // "<tenant>", "<App ID>"; for an example scope "e.g. cmic.api". Fields: "issuer", "jwksUri", "tokenEndpoint",
    // "discoveryUrl", "scope". Empty when the preset has nothing to suggest.
    QString placeholderFor(const QString &field, const AppRegistration &registration) const;
    // Whether |host| is one of the provider's own hosts (hosts patterns).
    bool ownsHost(const QString &host) const;
    // Whether |url| can belong to this IdP: its host is the provider's, a loopback host (test servers), or, when
    // customHosts, any host no other known provider owns. Empty or unparsable URLs count as plausible (other rules
    // report them).
    bool isPlausibleUrl(const QString &url) const;
    // Whether |scope| has the form this IdP takes: Entra's ends in "/.default" (client credentials need it,
    // AADSTS1002012); for the others a "/.default" scope is Entra's. The generic preset takes any scope.
    bool isPlausibleScope(const QString &scope) const;
    // Whether |value| has the shape of |templ|: each {placeholder} stands for one or more characters other than '/'.
    static bool matchesTemplate(const QString &templ, const QString &value);
};

class IdpPresets
{
public:
    // The built-in presets (parsed once from the resource).
    static const QList<IdpPreset> &builtIn();
    static const IdpPreset *find(const QString &id);
    // The presets' texts listed for translation (IdpPresetTexts.cpp, generated from resources/idp-presets.json).
    static QStringList translatableTexts();
    // The built-in preset whose provider owns |host| (the first one, e.g. entra-v1 for login.microsoftonline.com),
    // or null.
    static const IdpPreset *owningHost(const QString &host);
    // Parses a presets document ({"format": "cmic-idp-presets", "version": 1, "presets": [...]}, see
    // docs/rules.md); returns an empty list and sets *error when malformed.
    static QList<IdpPreset> parse(const QByteArray &json, QString *error);
};

} // namespace cmic
