#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace cmic::jose {

// A JWS in compact serialization (RFC 7515 §7.1), split and decoded but not verified.
// Parsing never stops at the first problem it can report separately: the structure (three base64url segments,
// size cap), the header (a strict JSON object) and the payload (a strict JSON object, for JWTs) each carry their
// own error so the verdict can list them all.
struct CompactJws
{
    static constexpr qsizetype kMaxTokenBytes = 64 * 1024;

    enum class PayloadKind {
        JsonObject, // a JWT claims set
        Bytes,      // any octets (plain JWS, as in the Wycheproof vectors)
    };

    static CompactJws parse(QByteArrayView token, PayloadKind kind = PayloadKind::JsonObject);

    // Empty when the token has exactly three segments, is under the size cap, and each segment is strict
    // base64url. An empty signature passes here so that the verdict can name the real problem (alg none, or a
    // signature of the wrong length).
    QString formatError;
    QString headerError;  // empty when the header is a strict JSON object
    QString payloadError; // empty when the payload is acceptable for the PayloadKind

    QByteArray signingInput; // ASCII(BASE64URL(header) '.' BASE64URL(payload))
    QByteArray headerBytes;
    QByteArray payloadBytes;
    QByteArray signature;
    QJsonObject header;
    QJsonObject claims; // the payload as an object, for PayloadKind::JsonObject

    bool formatOk() const { return formatError.isEmpty(); }
    bool headerOk() const { return formatOk() && headerError.isEmpty(); }
    bool payloadOk() const { return formatOk() && payloadError.isEmpty(); }
    bool ok() const { return headerOk() && payloadOk(); }
};

} // namespace cmic::jose
