#pragma once

#include "HttpExchange.h"

#include <QJsonDocument>

namespace cmic::net {

// What went wrong with an exchange, one kind per cause an admin fixes differently.
enum class NetErrorKind {
    None,
    InvalidUrl,
    InsecureUrl,
    ConnectionRefused,
    HostNotFound,
    Timeout,
    TlsUnknownCa,
    TlsExpired,
    TlsHostMismatch,
    TlsOther,
    Proxy,
    Network,
    HttpStatus,
    TooLarge,    // the body, the headers or the interim answers exceed what any IdP or CMiC answer needs
    Truncated,   // the connection ended before the body the server announced was complete
    Undecodable, // the body's content or transfer coding could not be decoded
    Protocol,    // not HTTP/1.x, or framing that cannot be read, or an endless run of interim (1xx) answers
    InsecureRedirect,
    TooManyRedirects,
    UnexpectedRedirect,
    BadJson,
    HtmlInsteadOfJson,
    Cancelled,
};

QString toString(NetErrorKind kind); // stable word, e.g. "tls-unknown-ca"

struct HttpRequestSpec
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    HeaderList headers;
    QByteArray body;
    bool followRedirects = true; // GET only; a POST is never redirected
    bool expectJson = true;
    QString basicClientId; // recorded in the trace for "copy as curl"
};

struct HttpResult
{
    bool ok = false;
    NetErrorKind error = NetErrorKind::None;
    QString message; // what happened
    QString fix;     // what to do next
    int status = 0;
    QByteArray body; // full body (up to the cap); callers must not log it
    QJsonDocument json;
    HttpExchange exchange;

    bool isHttpError() const { return error == NetErrorKind::HttpStatus; }
};

} // namespace cmic::net

Q_DECLARE_METATYPE(cmic::net::HttpResult)
