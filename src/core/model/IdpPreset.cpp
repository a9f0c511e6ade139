#include "IdpPreset.h"

#include "AppRegistration.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

Q_LOGGING_CATEGORY(lcPresets, "cmic.presets")

namespace cmic {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::IdpPresets)
};

const QLatin1String kFormat("cmic-idp-presets");
constexpr int kVersion = 1;
const QLatin1String kAppIdPlaceholder("app-id");

bool isNameChar(QChar c, bool first)
{
    const char16_t u = c.unicode();
    const bool letter = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z');
    if (first)
        return letter;
    return letter || (u >= u'0' && u <= u'9') || u == u'-' || u == u'_';
}

// Calls |visit(start, length, name)| for each well-formed "{name}" in |templ|.
template <typename Visit>
void forEachPlaceholder(const QString &templ, Visit visit)
{
    qsizetype i = 0;
    while (i < templ.size()) {
        if (templ.at(i) != QLatin1Char('{')) {
            ++i;
            continue;
        }
        qsizetype j = i + 1;
        while (j < templ.size() && isNameChar(templ.at(j), j == i + 1))
            ++j;
        if (j > i + 1 && j < templ.size() && templ.at(j) == QLatin1Char('}')) {
            visit(i, j - i + 1, templ.mid(i + 1, j - i - 1));
            i = j + 1;
        } else {
            ++i;
        }
    }
}

// Reads one preset, appending "preset N (id): ..." lines to |errors|.
class PresetReader
{
public:
    PresetReader(const QJsonObject &object, QString where, QStringList &errors)
        : m_object(object), m_where(std::move(where)), m_errors(errors)
    {}

    QString string(const char *key, bool required)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(Tr::tr("\"%1\" is missing; it is required").arg(QLatin1String(key)));
            return {};
        }
        if (!v.isString()) {
            fail(Tr::tr("\"%1\" must be a string").arg(QLatin1String(key)));
            return {};
        }
        if (required && v.toString().trimmed().isEmpty())
            fail(Tr::tr("\"%1\" is empty; it is required").arg(QLatin1String(key)));
        return v.toString();
    }

    bool boolean(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return false;
        if (!v.isBool())
            fail(Tr::tr("\"%1\" must be true or false").arg(QLatin1String(key)));
        return v.toBool();
    }

    QStringList stringList(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        QStringList out;
        bool allStrings = v.isArray();
        for (const QJsonValue &item : v.toArray()) {
            allStrings = allStrings && item.isString();
            out.append(item.toString());
        }
        if (!allStrings) {
            fail(Tr::tr("\"%1\" must be a list of strings").arg(QLatin1String(key)));
            return {};
        }
        return out;
    }

    void fail(const QString &what) { m_errors.append(m_where % QLatin1String(": ") % what); }

private:
    const QJsonObject &m_object;
    QString m_where;
    QStringList &m_errors;
};

void checkPlaceholders(PresetReader &reader, const char *key, const QString &templ, const QStringList &allowed)
{
    for (const QString &name : IdpPreset::placeholders(templ)) {
        if (!allowed.contains(name)) {
            reader.fail(Tr::tr("\"%1\" uses the placeholder {%2}, which is not listed in \"parameters\"")
                            .arg(QLatin1String(key), name));
        }
    }
}

IdpPreset readPreset(const QJsonObject &object, const QString &where, QStringList &errors)
{
    PresetReader r(object, where, errors);
    IdpPreset p;
    p.id = r.string("id", true);
    static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
    if (!p.id.isEmpty() && !idPattern.match(p.id).hasMatch())
        r.fail(Tr::tr("\"id\" must be lower-case letters, digits and dashes, e.g. \"entra-v1\""));
    p.displayName = r.string("displayName", true);
    p.parameters = r.stringList("parameters");
    for (const QString &name : std::as_const(p.parameters)) {
        static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z][A-Za-z0-9_-]*$"));
        if (!namePattern.match(name).hasMatch())
            r.fail(Tr::tr("\"parameters\" holds \"%1\", which is not a valid placeholder name").arg(name));
    }
    p.issuerTemplate = r.string("issuer", false);
    p.jwksUriTemplate = r.string("jwksUri", false);
    p.tokenEndpointTemplate = r.string("tokenEndpoint", false);
    p.discoveryUrlTemplate = r.string("discoveryUrl", false);
    p.scopeHint = r.string("scopeHint", false);
    p.appIdClaim = r.string("appIdClaim", true);
    p.notes = r.string("notes", false);
    p.audienceRequired = r.boolean("audienceRequired");
    p.audienceHint = r.string("audienceHint", false);
    p.assertionAlgorithm = r.string("assertionAlgorithm", false);
    if (!p.assertionAlgorithm.isEmpty() && p.assertionAlgorithm != QLatin1String("RS256")
        && p.assertionAlgorithm != QLatin1String("PS256") && p.assertionAlgorithm != QLatin1String("ES256"))
        r.fail(Tr::tr("\"assertionAlgorithm\" must be RS256, PS256 or ES256"));
    p.assertionThumbprint = r.string("assertionThumbprint", false);
    if (!p.assertionThumbprint.isEmpty() && !assertionThumbprintFromString(p.assertionThumbprint))
        r.fail(Tr::tr("\"assertionThumbprint\" must be none, x5t or x5t#S256"));

    p.provider = r.string("provider", false);
    p.hosts = r.stringList("hosts");
    static const QRegularExpression hostPattern(QStringLiteral("^(\\*|[a-z0-9-]+)(\\.(\\*|[a-z0-9-]+))+$"));
    for (const QString &host : std::as_const(p.hosts)) {
        if (!hostPattern.match(host).hasMatch())
            r.fail(Tr::tr("\"hosts\" holds \"%1\", which is not a lower-case host name (\"*\" stands for one label)")
                       .arg(host));
    }
    const QJsonValue custom = object.value(QLatin1String("customHosts"));
    p.customHosts = custom.isUndefined() || custom.isNull() ? true : r.boolean("customHosts");

    checkPlaceholders(r, "issuer", p.issuerTemplate, p.parameters);
    checkPlaceholders(r, "jwksUri", p.jwksUriTemplate, p.parameters);
    checkPlaceholders(r, "tokenEndpoint", p.tokenEndpointTemplate, p.parameters);
    checkPlaceholders(r, "discoveryUrl", p.discoveryUrlTemplate, p.parameters);
    checkPlaceholders(r, "scopeHint", p.scopeHint, p.parameters + QStringList{kAppIdPlaceholder});
    return p;
}

} // namespace

QStringList IdpPreset::placeholders(const QString &templ)
{
    QStringList names;
    forEachPlaceholder(templ, [&names](qsizetype, qsizetype, const QString &name) {
        if (!names.contains(name))
            names.append(name);
    });
    return names;
}

QString IdpPreset::expand(const QString &templ, const QMap<QString, QString> &values)
{
    QString out;
    out.reserve(templ.size());
    qsizetype copied = 0;
    forEachPlaceholder(templ, [&](qsizetype start, qsizetype length, const QString &name) {
        const auto it = values.constFind(name);
        if (it == values.constEnd())
            return;
        out += QStringView(templ).mid(copied, start - copied);
        out += it.value();
        copied = start + length;
    });
    out += QStringView(templ).mid(copied);
    return out;
}

QString IdpPreset::expandComplete(const QString &templ, const QMap<QString, QString> &values)
{
    for (const QString &name : placeholders(templ)) {
        if (values.value(name).trimmed().isEmpty())
            return {};
    }
    return expand(templ, values);
}

QList<IdpPreset> IdpPresets::parse(const QByteArray &json, QString *error)
{
    auto failed = [error](const QString &message) {
        if (error)
            *error = message;
        return QList<IdpPreset>();
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return failed(Tr::tr("The IdP presets are not valid JSON (%1 at byte %2). Fix the file or restore it from the "
                             "installation.")
                          .arg(parseError.errorString())
                          .arg(parseError.offset));
    }
    if (!doc.isObject())
        return failed(Tr::tr("The IdP presets must be a JSON object with \"format\", \"version\" and \"presets\"."));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != kFormat) {
        return failed(
            Tr::tr("The IdP presets document has no \"format\": \"%1\"; it is not a presets file.").arg(kFormat));
    }
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != version.toInt() || version.toInt() < 1)
        return failed(Tr::tr("The IdP presets document needs \"version\": %1.").arg(kVersion));
    if (version.toInt() > kVersion) {
        return failed(Tr::tr("The IdP presets document has version %1; this console reads version %2. Update the "
                             "console.")
                          .arg(version.toInt())
                          .arg(kVersion));
    }
    const QJsonValue presets = root.value(QLatin1String("presets"));
    if (!presets.isArray())
        return failed(Tr::tr("The IdP presets document needs a \"presets\" list."));

    QList<IdpPreset> out;
    QStringList errors;
    QSet<QString> ids;
    const QJsonArray array = presets.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString id = array.at(i).toObject().value(QLatin1String("id")).toString();
        const QString where =
            id.isEmpty() ? Tr::tr("Preset %1").arg(i + 1) : Tr::tr("Preset %1 (\"%2\")").arg(i + 1).arg(id);
        if (!array.at(i).isObject()) {
            errors.append(where % QLatin1String(": ") % Tr::tr("must be a JSON object"));
            continue;
        }
        IdpPreset p = readPreset(array.at(i).toObject(), where, errors);
        if (!p.id.isEmpty() && ids.contains(p.id))
            errors.append(where % QLatin1String(": ") % Tr::tr("the id \"%1\" is used twice").arg(p.id));
        ids.insert(p.id);
        out.append(std::move(p));
    }
    if (!errors.isEmpty())
        return failed(Tr::tr("The IdP presets document is malformed:") % QLatin1Char('\n')
                      % errors.join(QLatin1Char('\n')));
    if (error)
        error->clear();
    return out;
}

const QList<IdpPreset> &IdpPresets::builtIn()
{
    static const QList<IdpPreset> presets = [] {
        QFile file(QStringLiteral(":/cmic/idp-presets.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            qCCritical(lcPresets) << "the built-in IdP presets resource is missing:" << file.errorString();
            return QList<IdpPreset>();
        }
        QString error;
        QList<IdpPreset> parsed = parse(file.readAll(), &error);
        if (!error.isEmpty())
            qCCritical(lcPresets).noquote() << error;
        return parsed;
    }();
    return presets;
}

const IdpPreset *IdpPresets::find(const QString &id)
{
    const QList<IdpPreset> &presets = builtIn();
    for (const IdpPreset &p : presets) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

namespace {

const QLatin1String kDefaultScopeSuffix("/.default");

bool hostMatches(const QString &pattern, const QString &host)
{
    const QStringList want = pattern.split(QLatin1Char('.'));
    const QStringList have = host.toLower().split(QLatin1Char('.'));
    if (want.constFirst() == QLatin1String("*") && pattern.count(QLatin1Char('*')) == 1) {
        // "*.okta.com": any subdomain, one label or more.
        if (have.size() < want.size())
            return false;
        return std::equal(want.cbegin() + 1, want.cend(), have.cend() - (want.size() - 1));
    }
    if (want.size() != have.size())
        return false;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i) != QLatin1String("*") && want.at(i) != have.at(i))
            return false;
    }
    return true;
}

bool isLoopback(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// The parameters with {app-id} added from the App ID, for the scope hint.
QMap<QString, QString> withAppIdValue(QMap<QString, QString> values, const QString &appId)
{
    if (!appId.trimmed().isEmpty())
        values.insert(kAppIdPlaceholder, appId.trimmed());
    return values;
}

} // namespace

bool IdpPreset::matchesTemplate(const QString &templ, const QString &value)
{
    if (templ.isEmpty() || value.isEmpty())
        return false;
    QString pattern = QStringLiteral("^");
    qsizetype copied = 0;
    forEachPlaceholder(templ, [&](qsizetype start, qsizetype length, const QString &) {
        pattern += QRegularExpression::escape(templ.mid(copied, start - copied));
        pattern += QStringLiteral("[^/]+");
        copied = start + length;
    });
    pattern += QRegularExpression::escape(templ.mid(copied)) + QLatin1Char('$');
    const QRegularExpression re(pattern, QRegularExpression::CaseInsensitiveOption);
    return re.match(value.trimmed()).hasMatch();
}

bool IdpPreset::ownsHost(const QString &host) const
{
    return std::any_of(hosts.cbegin(), hosts.cend(),
                       [&](const QString &pattern) { return hostMatches(pattern, host); });
}

const IdpPreset *IdpPresets::owningHost(const QString &host)
{
    for (const IdpPreset &p : builtIn()) {
        if (p.ownsHost(host))
            return &p;
    }
    return nullptr;
}

bool IdpPreset::isPlausibleUrl(const QString &url) const
{
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    const QString host = parsed.host();
    if (url.trimmed().isEmpty() || !parsed.isValid() || host.isEmpty() || isLoopback(host) || ownsHost(host))
        return true;
    if (isGeneric())
        return true; // any OpenID Connect provider, Microsoft's included
    const IdpPreset *owner = IdpPresets::owningHost(host);
    if (owner && owner->providerName() != providerName())
        return false;
    return customHosts;
}

bool IdpPreset::isPlausibleScope(const QString &scope) const
{
    const QString s = scope.trimmed();
    if (s.isEmpty() || isGeneric())
        return true;
    // Several scopes are separated by spaces; client credentials at Entra take exactly one /.default scope.
    return s.endsWith(kDefaultScopeSuffix) == scopeHint.endsWith(kDefaultScopeSuffix);
}

QString IdpPreset::translatedText(const QString &english)
{
    if (english.isEmpty())
        return english;
    return QCoreApplication::translate(kTextContext, english.toUtf8().constData());
}

QString IdpPreset::displayedGuidance() const
{
    QStringList parts;
    if (!notes.isEmpty())
        parts.append(displayedNotes());
    if (!audienceHint.isEmpty())
        parts.append(displayedAudienceHint());
    return parts.join(QLatin1Char('\n'));
}

QString IdpPreset::placeholderFor(const QString &field, const AppRegistration &registration) const
{
    QString templ;
    if (field == QLatin1String("issuer"))
        templ = issuerTemplate;
    else if (field == QLatin1String("jwksUri"))
        templ = jwksUriTemplate;
    else if (field == QLatin1String("tokenEndpoint"))
        templ = tokenEndpointTemplate;
    else if (field == QLatin1String("discoveryUrl"))
        templ = discoveryUrlTemplate;
    else if (field == QLatin1String("scope")) {
        if (scopeIsExample())
            return Tr::tr("e.g. %1 (a scope you define at %2)").arg(scopeHint, providerName());
        templ = scopeHint;
    }
    if (templ.isEmpty())
        return {};
    QMap<QString, QString> known = withAppIdValue(registration.presetParameters, registration.appId);
    for (const QString &name : placeholders(templ)) {
        if (known.value(name).trimmed().isEmpty())
            known.insert(name,
                         name == kAppIdPlaceholder ? Tr::tr("<App ID>") : QLatin1Char('<') + name + QLatin1Char('>'));
    }
    return expand(templ, known);
}

AppRegistration IdpPreset::withAppId(const AppRegistration &registration, const QString &appId) const
{
    AppRegistration after = registration;
    after.appId = appId;
    if (scopeHint.isEmpty() || scopeIsExample())
        return after;
    const QString before = expandComplete(scopeHint, withAppIdValue(registration.presetParameters, registration.appId));
    const QString scope = registration.scope.trimmed();
    if (!scope.isEmpty() && (before.isNull() || scope != before))
        return after; // the admin's own scope
    const QString next = expandComplete(scopeHint, withAppIdValue(after.presetParameters, appId));
    after.scope = next.isNull() ? QString() : next;
    return after;
}

AppRegistration IdpPreset::appliedTo(const AppRegistration &registration, const QMap<QString, QString> &values) const
{
    const bool switching = registration.idpPreset != id;
    const IdpPreset *previous = switching ? IdpPresets::find(registration.idpPreset) : this;
    AppRegistration after = registration;
    after.idpPreset = id;
    after.presetParameters.clear();
    for (const QString &name : parameters) {
        QString value;
        if (values.contains(name)) {
            value = values.value(name).trimmed();
        } else {
            value = registration.presetParameters.value(name).trimmed();
            if (switching && !value.isEmpty()) {
                // Carried over only when every URL it would form here is plausible for this IdP.
                QMap<QString, QString> probe{{name, value}};
                for (const QString &other : parameters) {
                    if (other != name)
                        probe.insert(other, QStringLiteral("x"));
                }
                for (const QString *templ :
                     {&issuerTemplate, &jwksUriTemplate, &tokenEndpointTemplate, &discoveryUrlTemplate}) {
                    if (placeholders(*templ).contains(name) && !isPlausibleUrl(expand(*templ, probe)))
                        value.clear();
                }
            }
        }
        if (!value.isEmpty())
            after.presetParameters.insert(name, value);
    }

    // One URL field: see the header for the rules.
    auto settle = [&](QString &target, const QString &templ, const QString *previousTempl) {
        const QString current = target.trimmed();
        const QString expanded = templ.isEmpty() ? QString() : expandComplete(templ, after.presetParameters);
        if (current.isEmpty()) {
            if (!expanded.isNull())
                target = expanded;
            return;
        }
        if (templ.isEmpty()) { // no opinion about the field (generic): a plausible value stays
            if (!isPlausibleUrl(current))
                target.clear();
            return;
        }
        const bool fromThis = matchesTemplate(templ, current);
        const bool fromPrevious = previousTempl && matchesTemplate(*previousTempl, current);
        if (fromThis || fromPrevious || !isPlausibleUrl(current)) {
            if (!expanded.isNull())
                target = expanded;
            else if (!fromThis) // another IdP's URL (or an implausible one): this preset's cannot be formed yet
                target.clear();
        }
    };
    settle(after.issuer, issuerTemplate, previous ? &previous->issuerTemplate : nullptr);
    settle(after.jwksUri, jwksUriTemplate, previous ? &previous->jwksUriTemplate : nullptr);
    settle(after.tokenEndpoint, tokenEndpointTemplate, previous ? &previous->tokenEndpointTemplate : nullptr);
    settle(after.discoveryUrl, discoveryUrlTemplate, previous ? &previous->discoveryUrlTemplate : nullptr);

    // The scope: derived from the App ID when the hint is a template; an example hint is never a value.
    const QString scope = after.scope.trimmed();
    const QString derived = scopeHint.isEmpty() || scopeIsExample()
                                ? QString()
                                : expandComplete(scopeHint, withAppIdValue(after.presetParameters, after.appId));
    const auto cameFrom = [&scope](const IdpPreset *preset) {
        return preset && !preset->scopeHint.isEmpty()
               && (preset->scopeIsExample() ? scope == preset->scopeHint : matchesTemplate(preset->scopeHint, scope));
    };
    if (scope.isEmpty()) {
        if (!derived.isNull())
            after.scope = derived;
    } else if ((switching && !isGeneric() && cameFrom(previous) && !cameFrom(this)) || !isPlausibleScope(scope)) {
        after.scope = derived.isNull() ? QString() : derived;
    }
    // A scope of this preset's shape is kept: an Application ID URI may differ from the App ID (api://acme.com/cmic).

    const auto thumbprint = assertionThumbprintFromString(assertionThumbprint);
    const bool noAssertionChoice =
        after.assertionAlgorithm.isEmpty() && after.assertionThumbprint == AssertionThumbprint::None;
    const bool previousDefaults =
        switching && !isGeneric() && previous && after.assertionAlgorithm == previous->assertionAlgorithm
        && toString(after.assertionThumbprint)
               == (previous->assertionThumbprint.isEmpty() ? toString(AssertionThumbprint::None)
                                                           : previous->assertionThumbprint);
    if (noAssertionChoice || previousDefaults) {
        after.assertionAlgorithm = assertionAlgorithm;
        after.assertionThumbprint = thumbprint ? *thumbprint : AssertionThumbprint::None;
    }
    return after;
}

} // namespace cmic
