#include "JwkSet.h"

#include "JoseLog.h"
#include "StrictJson.h"

#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QJsonArray>

Q_LOGGING_CATEGORY(lcJose, "cmic.jose", QtInfoMsg)

namespace cmic::jose {

namespace {
struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::jose::JwkSet)
};

constexpr qsizetype kMaxKeys = 100;

// A kid from the token as shown in a message: a token may carry a kid of any length (up to the token size cap),
// and the sentence must stay readable.
QString shownKid(const QString &kid)
{
    constexpr qsizetype kMaxShown = 64;
    return kid.size() <= kMaxShown ? kid : kid.left(kMaxShown) + QStringLiteral("...");
}

QString quotedList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &s : items)
        quoted.append(QLatin1Char('\'') + s + QLatin1Char('\''));
    return quoted.join(QStringLiteral(", "));
}
} // namespace

std::optional<JwkSet> JwkSet::parse(QByteArrayView json, QString *error)
{
    const auto setError = [error](const QString &e) {
        if (error)
            *error = e;
        return std::nullopt;
    };
    QString jsonError;
    const auto object = parseStrictJsonObject(json, &jsonError);
    if (!object)
        return setError(Msg::tr("The JWKS is not a valid JSON object: %1. Check that the JWKS URI returns the key "
                                "set itself (not an HTML page or the discovery document).")
                            .arg(jsonError));
    JwkSet set;
    if (!object->contains(QLatin1String("keys")) && object->contains(QLatin1String("kty"))) {
        set.m_keys.append(Jwk::fromJson(*object));
        set.collectProblems();
        return set;
    }
    const QJsonValue keys = object->value(QLatin1String("keys"));
    if (!keys.isArray())
        return setError(Msg::tr("The JWKS has no \"keys\" array. Check that the JWKS URI points at the key set "
                                "(for example .../discovery/keys or .../jwks), not at the discovery document."));
    const QJsonArray array = keys.toArray();
    if (array.size() > kMaxKeys)
        return setError(
            Msg::tr("The JWKS holds %1 keys, more than the %2 the console reads.").arg(array.size()).arg(kMaxKeys));
    for (const QJsonValue &k : array) {
        if (!k.isObject())
            return setError(Msg::tr("An entry of the JWKS \"keys\" array is not a JSON object."));
        set.m_keys.append(Jwk::fromJson(k.toObject()));
    }
    set.collectProblems();
    qCDebug(lcJose) << "JWKS read: keys" << set.m_keys.size() << "problems" << set.m_problems.size();
    for (const QString &problem : std::as_const(set.m_problems))
        qCDebug(lcJose) << "JWKS problem:" << problem;
    return set;
}

JwkSet JwkSet::fromKeys(const QList<Jwk> &keys)
{
    JwkSet set;
    set.m_keys = keys;
    set.collectProblems();
    return set;
}

QStringList JwkSet::kids() const
{
    QStringList list;
    for (const Jwk &k : m_keys) {
        if (k.hasKid())
            list.append(k.kid());
    }
    return list;
}

void JwkSet::collectProblems()
{
    QStringList lines;
    QStringList seen;
    for (const Jwk &k : m_keys) {
        for (const QString &p : k.problems())
            lines.append(Msg::tr("%1: %2").arg(k.describe(), p));
        for (const QString &w : k.warnings())
            lines.append(Msg::tr("%1: %2").arg(k.describe(), w));
        if (k.hasKid()) {
            if (seen.contains(k.kid()))
                lines.append(Msg::tr("kid '%1' appears on more than one key").arg(elide(k.kid())));
            seen.append(k.kid());
        }
    }
    m_problems = lines;
}

QString JwkSet::selectedMessage(const QString &kid, const QString &keyDescription)
{
    return Msg::tr("kid '%1' selects the %2.").arg(elide(kid), keyDescription);
}

JwkSet::Selection JwkSet::select(const QString &kid, bool hasKid, Algorithm algorithm) const
{
    Selection selection;
    const QLatin1String alg(info(algorithm).name); // only quoted in messages
    if (m_keys.isEmpty()) {
        selection.message = Msg::tr("The JWKS has no keys. Check the JWKS URI of the registration.");
        return selection;
    }
    qsizetype named = 0;
    QStringList reasons;
    for (const Jwk &k : m_keys) {
        if (hasKid && (!k.hasKid() || k.kid() != kid))
            continue;
        ++named;
        QString why;
        if (k.fits(algorithm, &why))
            selection.candidates.append(&k);
        else
            reasons.append(Msg::tr("%1: %2").arg(k.describe(), why));
    }
    if (hasKid) {
        if (named == 0) {
            const QStringList available = kids();
            selection.message =
                available.isEmpty()
                    ? Msg::tr("kid '%1' is not in the JWKS, and its keys have no kid. Check that the registration's "
                              "JWKS URI belongs to the token's issuer.")
                          .arg(shownKid(kid))
                    : Msg::tr("kid '%1' is not in the JWKS; it has %2: the IdP may have rotated keys. Fetch the "
                              "JWKS again, and check that the registration's JWKS URI belongs to the token's "
                              "issuer.")
                          .arg(shownKid(kid), quotedList(available));
            return selection;
        }
        if (selection.candidates.isEmpty()) {
            selection.message = Msg::tr("kid '%1' is in the JWKS but cannot verify %2: %3.")
                                    .arg(elide(kid), elide(alg), reasons.join(QStringLiteral("; ")));
            return selection;
        }
        if (selection.candidates.size() > 1) {
            selection.message = Msg::tr("kid '%1' names %2 keys that fit %3, so which one verifies is ambiguous. "
                                        "Ask the IdP admin to give every key its own kid.")
                                    .arg(elide(kid))
                                    .arg(selection.candidates.size())
                                    .arg(elide(alg));
            selection.candidates.clear();
            return selection;
        }
        selection.status = CheckStatus::Pass;

        return selection;
    }
    if (selection.candidates.isEmpty()) {
        selection.message = Msg::tr("The token has no kid and no key in the JWKS can verify %1 (%2).")
                                .arg(elide(alg), reasons.join(QStringLiteral("; ")));
        return selection;
    }
    selection.status = CheckStatus::Warn;
    selection.message =
        selection.candidates.size() == 1
            ? Msg::tr("The token has no kid; the only key that fits %1 was used (%2). IdPs normally set kid so "
                      "that verifiers can follow key rotation.")
                  .arg(elide(alg), selection.candidates.first()->describe())
            : Msg::tr("The token has no kid; %1 keys fit %2 and each is tried in turn. IdPs normally set kid so "
                      "that verifiers can follow key rotation.")
                  .arg(selection.candidates.size())
                  .arg(elide(alg));
    return selection;
}

} // namespace cmic::jose
