#include "HttpResponseParser.h"

#include <QCoreApplication>
#include <QLocale>

#include <zlib.h>

namespace cmic::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net)
};

QString size(qint64 bytes) { return QLocale::c().formattedDataSize(bytes); }

// The first bytes of what a server sent instead of HTTP, printable, for a message.
QString sample(const QByteArray &line)
{
    QByteArray shown = line.left(40);
    for (char &c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
            c = '?';
    }
    return QString::fromLatin1(shown) + (line.size() > 40 ? QStringLiteral("...") : QString());
}

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isAsciiHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The tokens of a list-valued field, across all its field lines: "A: x" and "A: y" mean "A: x, y" (RFC 9110,
// section 5.3), so a second Content-Encoding or Transfer-Encoding line is not ignored.
QList<QByteArray> listTokens(const HeaderList &headers, const char *name)
{
    QList<QByteArray> tokens;
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &part : value.split(',')) {
            const QByteArray token = part.trimmed().toLower();
            if (!token.isEmpty())
                tokens << token;
        }
    }
    return tokens;
}

} // namespace

// gzip and zlib ("deflate") streams, told apart by their header (windowBits 15 + 32).
struct HttpResponseParser::Inflater
{
    z_stream stream{};
    bool ready = false;
    bool ended = false;

    Inflater() { ready = inflateInit2(&stream, 15 + 32) == Z_OK; }
    ~Inflater()
    {
        if (ready)
            inflateEnd(&stream);
    }
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;
};

HttpResponseParser::HttpResponseParser(const HttpLimits &limits, bool headRequest)
    : m_limits(limits), m_headRequest(headRequest)
{}

HttpResponseParser::~HttpResponseParser() = default;

QByteArray HttpResponseParser::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpResponseParser::State HttpResponseParser::fail(Failure failure, const QString &detail)
{
    m_state = State::Failed;
    m_failure = failure;
    m_detail = detail;
    m_pending.clear();
    m_pending.squeeze();
    return m_state;
}

HttpResponseParser::State HttpResponseParser::feed(QByteArrayView bytes)
{
    if (m_state == State::Done || m_state == State::Failed || bytes.isEmpty())
        return m_state;
    // Only the bytes up to the wire cap are read: an answer that ends before it is complete whatever follows in the
    // same read, and one that does not fails the same way in any split of the bytes.
    const bool overCap = bytes.size() > m_limits.maxWireBytes - m_wireBytes;
    if (overCap)
        bytes = bytes.first(qsizetype(qMax<qint64>(0, m_limits.maxWireBytes - m_wireBytes)));
    if (!bytes.isEmpty()) {
        m_wireBytes += bytes.size();
        m_pending.append(bytes);
        if (m_state == State::Head)
            parseHead(); // false only when it failed
        if (m_state == State::Body)
            readBody();
    }
    if (overCap && (m_state == State::Head || m_state == State::Body)) {
        return fail(Failure::TooLarge,
                    Tr::tr("more than %1 sent for one answer, framing included").arg(size(m_limits.maxWireBytes)));
    }
    return m_state;
}

bool HttpResponseParser::keepAlive() const
{
    if (m_state != State::Done || !m_http11 || m_extraBytes || m_framing == Framing::UntilClose)
        return false;
    const QList<QByteArray> connection = listTokens(m_headers, "Connection");
    return std::none_of(connection.cbegin(), connection.cend(),
                        [](const QByteArray &token) { return token.compare("close", Qt::CaseInsensitive) == 0; });
}

HttpResponseParser::State HttpResponseParser::endOfStream()
{
    switch (m_state) {
    case State::Done:
    case State::Failed: break;
    case State::Head:
        if (m_wireBytes == 0)
            return fail(Failure::NoAnswer, Tr::tr("the connection was closed without an answer"));
        return fail(Failure::Truncated, Tr::tr("the connection ended inside the headers"));
    case State::Body:
        if (m_framing == Framing::Length) {
            return fail(Failure::Truncated, Tr::tr("%1 of the %2 announced arrived")
                                                .arg(size(m_announcedLength - m_remaining), size(m_announcedLength)));
        }
        if (m_framing == Framing::Chunked)
            return fail(Failure::Truncated, Tr::tr("the connection ended before the last chunk"));
        if (finishDecoding())
            m_state = State::Done;
        break;
    }
    return m_state;
}

// One line from m_pending, without its line end. False when the line is too long (the parser has failed).
bool HttpResponseParser::takeLine(QByteArray *line, bool *complete, bool head)
{
    const qsizetype end = m_pending.indexOf('\n');
    if (end < 0) {
        *complete = false;
        if (m_pending.size() > m_limits.maxHeaderLineBytes) {
            fail(Failure::TooLarge, Tr::tr("a header line longer than %1").arg(size(m_limits.maxHeaderLineBytes)));
            return false;
        }
        return true;
    }
    if (end > m_limits.maxHeaderLineBytes) {
        fail(Failure::TooLarge, Tr::tr("a header line longer than %1").arg(size(m_limits.maxHeaderLineBytes)));
        return false;
    }
    *line = m_pending.left(end);
    if (line->endsWith('\r'))
        line->chop(1);
    m_pending.remove(0, end + 1);
    *complete = true;
    if (head)
        m_headBytes += end + 1;
    if (m_headBytes > m_limits.maxHeadBytes) {
        fail(Failure::TooLarge, Tr::tr("headers larger than %1").arg(size(m_limits.maxHeadBytes)));
        return false;
    }
    return true;
}

bool HttpResponseParser::parseHead()
{
    while (m_state == State::Head) {
        QByteArray line;
        bool complete = false;
        if (!takeLine(&line, &complete, true))
            return false;
        if (!complete)
            return true;
        if (!m_sawStatusLine) {
            if (line.isEmpty())
                continue; // an empty line before the status line is tolerated (RFC 9112, section 2.2)
            if (!parseStatusLine(line))
                return false;
            continue;
        }
        if (!line.isEmpty()) {
            if (!parseHeaderLine(line))
                return false;
            continue;
        }
        // The end of a head.
        if (m_status == 101) {
            fail(Failure::Protocol, Tr::tr("the server switched to another protocol"));
            return false;
        }
        if (m_status < 200) {
            if (++m_interim > m_limits.maxInterimAnswers) {
                fail(Failure::Protocol,
                     Tr::tr("more than %1 interim (1xx) answers before the answer").arg(m_limits.maxInterimAnswers));
                return false;
            }
            m_sawStatusLine = false;
            m_headers.clear();
            m_fieldCount = 0;
            m_headBytes = 0;
            continue;
        }
        m_headComplete = true;
        return startBody();
    }
    return m_state != State::Failed;
}

bool HttpResponseParser::parseStatusLine(const QByteArray &line)
{
    // HTTP-version SP 3DIGIT [SP reason-phrase]
    const bool shaped = line.size() >= 12 && line.startsWith("HTTP/1.") && line.at(7) >= '0' && line.at(7) <= '9'
                        && line.at(8) == ' ' && (line.size() == 12 || line.at(12) == ' ');
    bool ok = false;
    const int status = shaped ? line.mid(9, 3).toInt(&ok) : 0;
    if (!ok || status < 100 || status > 599) {
        fail(Failure::Protocol, Tr::tr("the answer is not HTTP/1.x (it starts with \"%1\")").arg(sample(line)));
        return false;
    }
    m_status = status;
    m_http11 = line.at(7) >= '1';
    m_sawStatusLine = true;
    return true;
}

bool HttpResponseParser::parseHeaderLine(const QByteArray &line)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        // obs-fold: a user agent replaces it with a space (RFC 9112, section 5.2).
        if (m_headers.isEmpty()) {
            fail(Failure::Protocol, Tr::tr("a folded header line with no header before it"));
            return false;
        }
        m_headers.last().second += ' ' + line.trimmed();
        return true;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
    if (name.isEmpty() || !std::all_of(name.cbegin(), name.cend(), isTokenChar)) {
        fail(Failure::Protocol, Tr::tr("a header line that is not \"Name: value\" (\"%1\")").arg(sample(line)));
        return false;
    }
    if (++m_fieldCount > m_limits.maxHeaderFields) {
        fail(Failure::TooLarge, Tr::tr("more than %1 header fields").arg(m_limits.maxHeaderFields));
        return false;
    }
    m_headers.append({name, line.mid(colon + 1).trimmed()});
    return true;
}

bool HttpResponseParser::startBody()
{
    // No body follows, so its codings do not matter (a 304 repeats the 200's Content-Encoding).
    if (m_headRequest || m_status == 204 || m_status == 304) {
        m_extraBytes = !m_pending.isEmpty();
        m_state = State::Done;
        return true;
    }
    // Content coding first: it decides how the body is read into m_body.
    const QList<QByteArray> contentCodings = listTokens(m_headers, "Content-Encoding");
    QList<QByteArray> applied;
    for (const QByteArray &coding : contentCodings) {
        if (coding != "identity")
            applied << coding;
    }
    if (applied.size() > 1) {
        fail(Failure::Undecodable,
             Tr::tr("it is encoded more than once (%1)").arg(QString::fromLatin1(applied.join(", "))));
        return false;
    }
    if (applied.size() == 1) {
        const QByteArray &coding = applied.first();
        if (coding != "gzip" && coding != "x-gzip" && coding != "deflate") {
            fail(Failure::Undecodable,
                 Tr::tr("it is encoded as \"%1\", which this console does not read and did not ask for")
                     .arg(sample(coding)));
            return false;
        }
        m_inflater = std::make_unique<Inflater>();
        if (!m_inflater->ready) {
            fail(Failure::Undecodable, Tr::tr("the decompressor could not start"));
            return false;
        }
    }

    const QList<QByteArray> transferCodings = listTokens(m_headers, "Transfer-Encoding");
    if (!transferCodings.isEmpty()) {
        for (const QByteArray &coding : transferCodings) {
            if (coding != "chunked") {
                fail(Failure::Undecodable, Tr::tr("its transfer coding \"%1\" is not supported").arg(sample(coding)));
                return false;
            }
        }
        m_framing = transferCodings.last() == "chunked" ? Framing::Chunked : Framing::UntilClose;
    } else {
        QByteArray length;
        for (const auto &[name, value] : m_headers) {
            if (name.compare("Content-Length", Qt::CaseInsensitive) != 0)
                continue;
            for (const QByteArray &part : value.split(',')) {
                const QByteArray candidate = part.trimmed();
                const bool digits =
                    !candidate.isEmpty() && candidate.size() <= 18
                    && std::all_of(candidate.cbegin(), candidate.cend(), [](char c) { return c >= '0' && c <= '9'; });
                if (!digits || (!length.isEmpty() && candidate != length)) {
                    fail(Failure::Protocol, Tr::tr("its Content-Length is not one number (\"%1\")").arg(sample(value)));
                    return false;
                }
                length = candidate;
            }
        }
        if (length.isEmpty()) {
            m_framing = Framing::UntilClose;
        } else {
            m_announcedLength = length.toLongLong();
            if (m_announcedLength > m_limits.maxBodyBytes) {
                fail(Failure::TooLarge,
                     Tr::tr("%1 announced, more than %2").arg(size(m_announcedLength), size(m_limits.maxBodyBytes)));
                return false;
            }
            m_framing = Framing::Length;
            m_remaining = m_announcedLength;
            if (m_remaining == 0) {
                if (!finishDecoding())
                    return false;
                m_extraBytes = !m_pending.isEmpty();
                m_state = State::Done;
                return true;
            }
        }
    }
    m_state = State::Body;
    return true;
}

bool HttpResponseParser::readBody()
{
    switch (m_framing) {
    case Framing::None: break;
    case Framing::Length: {
        const qsizetype take = qsizetype(qMin<qint64>(m_remaining, m_pending.size()));
        if (!appendBody(QByteArrayView(m_pending).first(take)))
            return false;
        m_pending.remove(0, take);
        m_remaining -= take;
        if (m_remaining == 0) {
            m_extraBytes = !m_pending.isEmpty(); // anything after the body is not ours
            m_pending.clear();
            if (!finishDecoding())
                return false;
            m_state = State::Done;
        }
        return true;
    }
    case Framing::UntilClose: {
        const bool ok = appendBody(m_pending);
        m_pending.clear();
        return ok;
    }
    case Framing::Chunked: return readChunked();
    }
    return true;
}

bool HttpResponseParser::readChunked()
{
    while (m_state == State::Body) {
        if (m_chunkStep == ChunkStep::Data) {
            const qsizetype take = qsizetype(qMin<qint64>(m_remaining, m_pending.size()));
            if (take == 0)
                return true;
            if (!appendBody(QByteArrayView(m_pending).first(take)))
                return false;
            m_pending.remove(0, take);
            m_remaining -= take;
            if (m_remaining == 0)
                m_chunkStep = ChunkStep::DataEnd;
            continue;
        }
        QByteArray line;
        bool complete = false;
        if (!takeLine(&line, &complete, m_chunkStep == ChunkStep::Trailers))
            return false;
        if (!complete)
            return true;
        switch (m_chunkStep) {
        case ChunkStep::Size: {
            const qsizetype semicolon = line.indexOf(';');
            const QByteArray digits = (semicolon >= 0 ? line.left(semicolon) : line).trimmed();
            // 1*HEXDIG (RFC 9112, section 7.1): toLongLong alone would also take "0x1f", "+5" and "-0".
            bool ok = !digits.isEmpty() && digits.size() <= 15
                      && std::all_of(digits.cbegin(), digits.cend(), isAsciiHexDigit);
            const qint64 chunk = ok ? digits.toLongLong(&ok, 16) : 0;
            if (!ok || chunk < 0) {
                fail(Failure::Protocol, Tr::tr("a chunk size that is not a number (\"%1\")").arg(sample(line)));
                return false;
            }
            if (chunk == 0) {
                m_chunkStep = ChunkStep::Trailers;
            } else {
                m_remaining = chunk;
                m_chunkStep = ChunkStep::Data;
            }
            break;
        }
        case ChunkStep::DataEnd:
            if (!line.isEmpty()) {
                fail(Failure::Protocol, Tr::tr("a chunk longer than its announced size"));
                return false;
            }
            m_chunkStep = ChunkStep::Size;
            break;
        case ChunkStep::Trailers:
            if (!line.isEmpty()) {
                if (++m_fieldCount > m_limits.maxHeaderFields) {
                    fail(Failure::TooLarge, Tr::tr("more than %1 header fields").arg(m_limits.maxHeaderFields));
                    return false;
                }
                break; // trailer fields are read and dropped
            }
            m_extraBytes = !m_pending.isEmpty();
            m_pending.clear();
            if (!finishDecoding())
                return false;
            m_state = State::Done;
            break;
        case ChunkStep::Data: break;
        }
    }
    return true;
}

bool HttpResponseParser::appendBody(QByteArrayView data)
{
    const QString tooLarge = Tr::tr("a body larger than %1").arg(size(m_limits.maxBodyBytes));
    if (!m_inflater) {
        if (m_body.size() + data.size() > m_limits.maxBodyBytes) {
            fail(Failure::TooLarge, tooLarge);
            return false;
        }
        m_body.append(data);
        return true;
    }
    Inflater &inflater = *m_inflater;
    if (inflater.ended)
        return true; // bytes after the end of the compressed stream are ignored
    z_stream &stream = inflater.stream;
    // zlib does not write through next_in; the cast only satisfies its C signature.
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    char out[16 * 1024];
    while (true) {
        stream.next_out = reinterpret_cast<Bytef *>(out);
        stream.avail_out = sizeof out;
        const int result = inflate(&stream, Z_NO_FLUSH);
        const qsizetype produced = qsizetype(sizeof out - stream.avail_out);
        if (m_body.size() + produced > m_limits.maxBodyBytes) {
            fail(Failure::TooLarge, tooLarge);
            return false;
        }
        m_body.append(out, produced);
        if (result == Z_STREAM_END) {
            inflater.ended = true;
            return true;
        }
        if (result != Z_OK && result != Z_BUF_ERROR) {
            fail(Failure::Undecodable,
                 Tr::tr("its compressed body is damaged (%1)")
                     .arg(stream.msg ? QString::fromLatin1(stream.msg) : QStringLiteral("zlib %1").arg(result)));
            return false;
        }
        if (stream.avail_in == 0 && stream.avail_out != 0)
            return true;
        if (result == Z_BUF_ERROR && produced == 0)
            return true;
    }
}

bool HttpResponseParser::finishDecoding()
{
    // An empty body labelled gzip or deflate is an empty body: nothing was compressed.
    if (m_inflater && !m_inflater->ended && m_inflater->stream.total_in > 0) {
        fail(Failure::Truncated, Tr::tr("its compressed body ended early"));
        return false;
    }
    return true;
}

} // namespace cmic::net
