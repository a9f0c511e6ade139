#pragma once

#include "Algorithm.h"
#include "Jwk.h"
#include "Verdict.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace cmic::jose {

// A JSON Web Key Set. Parsing is strict JSON (duplicate member names rejected); keys that cannot verify are
// kept and reported, never used.
//
// Key selection (the stated rule):
//  - The header has a kid: only keys with that exact kid are considered. Of those, the ones that fit the
//    token's alg (see Jwk::fits) are candidates. None: fail, naming the kids the set has. More than one
//    (a duplicate kid with the same type): fail as ambiguous -- CMiC's pick would be unpredictable.
//  - The header has no kid: every key that fits the alg is a candidate, tried in document order; a warning
//    says the token should carry a kid.
class JwkSet
{
public:
    // Accepts {"keys": [...]} or a single JWK object. std::nullopt (and *error) when the text is not strict JSON
    // of that shape.
    static std::optional<JwkSet> parse(QByteArrayView json, QString *error);
    static JwkSet fromKeys(const QList<Jwk> &keys);

    const QList<Jwk> &keys() const { return m_keys; }
    QStringList kids() const;
    bool isEmpty() const { return m_keys.isEmpty(); }

    // One line per key problem and per duplicated kid, for a "jwks" check.
    QStringList problems() const { return m_problems; }

    struct Selection
    {
        QList<const Jwk *> candidates; // in document order; empty when status is Fail
        CheckStatus status = CheckStatus::Fail;
        QString message; // why (for Fail and Warn); for Pass see selectedMessage()
    };
    // The sentence for a successful selection (composed only when someone reads it).
    static QString selectedMessage(const QString &kid, const QString &keyDescription);
    Selection select(const QString &kid, bool hasKid, Algorithm algorithm) const;

private:
    void collectProblems();

    QList<Jwk> m_keys;
    QStringList m_problems; // computed once: the set is immutable
};

} // namespace cmic::jose
