#include "CompactJws.h"

#include "Base64Url.h"
#include "StrictJson.h"

#include <QCoreApplication>

namespace cmic::jose {

namespace {
struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::jose::CompactJws)
};
} // namespace

CompactJws CompactJws::parse(QByteArrayView token, PayloadKind kind)
{
    CompactJws jws;
    const auto notParsed = [&jws](const QString &why) {
        jws.formatError = why;
        jws.headerError = Msg::tr("not read: the token's structure is broken");
        jws.payloadError = jws.headerError;
        return jws;
    };
    if (token.isEmpty())
        return notParsed(Msg::tr("The token is empty. Paste the whole access token (three parts separated by dots)."));
    if (token.size() > kMaxTokenBytes) {
        return notParsed(Msg::tr("The token is %1 bytes, over the %2-byte limit. Check that you pasted one access "
                                 "token and nothing else.")
                             .arg(token.size())
                             .arg(kMaxTokenBytes));
    }
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    const qsizetype thirdDot = secondDot < 0 ? -1 : token.indexOf('.', secondDot + 1);
    if (secondDot < 0 || thirdDot >= 0) {
        const qsizetype dots = token.count('.');
        return notParsed(Msg::tr("The token has %n part(s) separated by dots; a signed JWT has exactly 3. An "
                                 "encrypted token (5 parts) or a truncated copy cannot be verified: copy the "
                                 "complete access token again.",
                                 nullptr, int(dots + 1)));
    }
    const QByteArrayView headerSegment = token.first(firstDot);
    const QByteArrayView payloadSegment = token.sliced(firstDot + 1, secondDot - firstDot - 1);
    const QByteArrayView signatureSegment = token.sliced(secondDot + 1);

    QStringList problems;
    const auto header = Base64Url::decode(headerSegment);
    const auto payload = Base64Url::decode(payloadSegment);
    const auto signature = Base64Url::decode(signatureSegment);
    if (headerSegment.isEmpty())
        problems << Msg::tr("the header part is empty");
    else if (!header)
        problems << Msg::tr("the header part is not strict base64url");
    if (!payload)
        problems << Msg::tr("the payload part is not strict base64url");
    if (!signature)
        problems << Msg::tr("the signature part is not strict base64url");
    if (!problems.isEmpty()) {
        return notParsed(Msg::tr("The token is malformed: %1. Copy the complete token again; base64url uses "
                                 "A-Z a-z 0-9 - _ without '=' padding or spaces.")
                             .arg(problems.join(QStringLiteral("; "))));
    }

    jws.signingInput = token.first(secondDot).toByteArray();
    jws.headerBytes = *header;
    jws.payloadBytes = *payload;
    jws.signature = *signature;

    QString error;
    if (auto object = parseStrictJsonObject(jws.headerBytes, &error))
        jws.header = std::move(*object);
    else
        jws.headerError = Msg::tr("The header is not a valid JSON object: %1.").arg(error);

    if (kind == PayloadKind::JsonObject) {
        if (auto object = parseStrictJsonObject(jws.payloadBytes, &error))
            jws.claims = std::move(*object);
        else
            jws.payloadError = Msg::tr("The payload is not a valid JSON claims set: %1.").arg(error);
    }
    return jws;
}

} // namespace cmic::jose
