#pragma once

#include "HttpExchange.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace cmic::net {

// What one HTTP/1.1 answer may cost. Every IdP and CMiC answer the console reads is a small JSON document; these
// bound what a hostile or broken server (or proxy) can make it hold, whatever it sends.
struct HttpLimits
{
    qint64 maxBodyBytes = 1024 * 1024;                 // the decoded body
    qint64 maxHeadBytes = 64 * 1024;                   // status line, headers and trailers together
    int maxHeaderLineBytes = 8 * 1024;                 // one line of them
    int maxHeaderFields = 100;                         // header fields (and trailer fields) together
    int maxInterimAnswers = 8;                         // "100 Continue" and other 1xx answers before the real one
    qint64 maxWireBytes = 4 * 1024 * 1024 + 64 * 1024; // everything read, framing included (1-byte chunks)
};

// Reads one HTTP/1.1 response from the bytes of a connection, incrementally: feed() what arrives, in any split,
// endOfStream() when the connection ends. Holds at most the limits above (plus one read), never more, and decodes
// the chunked transfer coding and the gzip/deflate content codings itself, the decoded size counted as it grows.
// Not a QObject and without I/O, so the fuzz target drives it exactly as HttpJob does.
class HttpResponseParser
{
public:
    enum class State {
        Head,   // before the end of the final answer's headers
        Body,   // reading the body
        Done,   // a complete answer
        Failed, // see failure() and detail()
    };
    enum class Failure {
        None,
        TooLarge,    // a limit above was reached
        Protocol,    // not HTTP/1.x, or framing that cannot be read (bad chunk size, conflicting lengths, ...)
        Truncated,   // the connection ended before the announced end of the answer
        Undecodable, // a content coding that is unknown or broken
        NoAnswer,    // the connection ended before a single byte of an answer
    };

    explicit HttpResponseParser(const HttpLimits &limits = {}, bool headRequest = false);
    ~HttpResponseParser();
    HttpResponseParser(const HttpResponseParser &) = delete;
    HttpResponseParser &operator=(const HttpResponseParser &) = delete;

    State feed(QByteArrayView bytes);
    State endOfStream();

    State state() const { return m_state; }
    Failure failure() const { return m_failure; }
    QString detail() const { return m_detail; } // for the admin, e.g. "headers over 64 KiB"
    bool headComplete() const { return m_headComplete; }
    int status() const { return m_status; }
    const HeaderList &headers() const { return m_headers; }
    QByteArray header(const QByteArray &name) const;  // first match, case-insensitive
    const QByteArray &body() const { return m_body; } // decoded; what arrived so far when not Done
    qint64 wireBytes() const { return m_wireBytes; }
    int interimAnswers() const { return m_interim; }
    // Done, over HTTP/1.1 without "Connection: close", framed by its length or chunks (not by the connection's end),
    // and nothing read beyond its end: the connection may carry the next request.
    bool keepAlive() const;

private:
    enum class Framing { None, Length, Chunked, UntilClose };
    enum class ChunkStep { Size, Data, DataEnd, Trailers };

    State fail(Failure failure, const QString &detail);
    bool takeLine(QByteArray *line, bool *complete, bool head);
    bool parseHead();
    bool parseStatusLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    bool startBody();
    bool readBody();
    bool readChunked();
    bool appendBody(QByteArrayView data);
    bool finishDecoding();

    HttpLimits m_limits;
    bool m_headRequest = false;
    State m_state = State::Head;
    Failure m_failure = Failure::None;
    QString m_detail;
    QByteArray m_pending; // bytes read and not yet consumed: at most one line or one read
    qint64 m_wireBytes = 0;
    qint64 m_headBytes = 0;
    int m_fieldCount = 0;
    int m_interim = 0;
    bool m_sawStatusLine = false;
    bool m_http11 = false;
    bool m_extraBytes = false; // bytes read after the end of the answer
    bool m_headComplete = false;
    int m_status = 0;
    HeaderList m_headers;
    Framing m_framing = Framing::None;
    ChunkStep m_chunkStep = ChunkStep::Size;
    qint64 m_remaining = 0; // of the Content-Length, or of the current chunk
    qint64 m_announcedLength = -1;
    QByteArray m_body;
    struct Inflater;
    std::unique_ptr<Inflater> m_inflater;
};

} // namespace cmic::net
