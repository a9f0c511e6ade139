// HttpResponseParser: the framing (Content-Length, chunked, until close), the same result for every split of the
// bytes, answers without a body, interim answers, every limit, the content codings and what a hostile server can
// make it hold, and each failure kind.
#include "core/net/HttpResponseParser.h"

#include <QTest>

#include <zlib.h>

using namespace cmic::net;
using State = HttpResponseParser::State;
using Failure = HttpResponseParser::Failure;

Q_DECLARE_METATYPE(HttpResponseParser::Failure)

namespace {

// What a parse ended with, comparable as a whole.
struct Outcome
{
    State state = State::Head;
    Failure failure = Failure::None;
    int status = 0;
    HeaderList headers;
    QByteArray body;
    QString detail;

    bool operator==(const Outcome &other) const
    {
        return state == other.state && failure == other.failure && status == other.status && headers == other.headers
               && body == other.body && detail == other.detail;
    }
};

Outcome outcomeOf(const HttpResponseParser &parser)
{
    return {parser.state(), parser.failure(), parser.status(), parser.headers(), parser.body(), parser.detail()};
}

// Feeds `wire` in pieces of `piece` bytes (0: whole), then ends the stream when asked.
Outcome parse(const QByteArray &wire, qsizetype piece = 0, bool endOfStream = true, const HttpLimits &limits = {},
              bool head = false)
{
    HttpResponseParser parser(limits, head);
    if (piece <= 0) {
        parser.feed(wire);
    } else {
        for (qsizetype at = 0; at < wire.size(); at += piece)
            parser.feed(QByteArrayView(wire).sliced(at, qMin(piece, wire.size() - at)));
    }
    if (endOfStream)
        parser.endOfStream();
    return outcomeOf(parser);
}

// Fed in two pieces cut at `cut`.
Outcome parseCut(const QByteArray &wire, qsizetype cut)
{
    HttpResponseParser parser;
    parser.feed(QByteArrayView(wire).first(cut));
    parser.feed(QByteArrayView(wire).sliced(cut));
    parser.endOfStream();
    return outcomeOf(parser);
}

// windowBits 15 + 16: a gzip member; 15: a zlib stream (what "deflate" means in HTTP).
QByteArray compress(const QByteArray &data, int windowBits)
{
    z_stream stream{};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        qFatal("deflateInit2 failed");
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), '\0');
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        qFatal("deflate did not finish");
    return out;
}

QByteArray gzip(const QByteArray &data) { return compress(data, 15 + 16); }

QByteArray zlibStream(const QByteArray &data)
{
    // compress2 writes exactly the zlib format; checked against deflateInit2 with windowBits 15.
    uLongf length = compressBound(uLong(data.size()));
    QByteArray out(qsizetype(length), '\0');
    if (compress2(reinterpret_cast<Bytef *>(out.data()), &length, reinterpret_cast<const Bytef *>(data.constData()),
                  uLong(data.size()), Z_BEST_COMPRESSION)
        != Z_OK)
        qFatal("compress2 failed");
    out.resize(qsizetype(length));
    return out;
}

QByteArray withLength(const QByteArray &headLines, const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\n" + headLines + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray chunked(const QByteArray &body, qsizetype chunkSize)
{
    QByteArray out;
    for (qsizetype at = 0; at < body.size(); at += chunkSize) {
        const QByteArray chunk = body.mid(at, chunkSize);
        out += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    }
    return out + "0\r\n\r\n";
}

QByteArray sampleText(qsizetype size)
{
    QByteArray text;
    for (int i = 0; text.size() < size; ++i)
        text += "{\"access_token\":\"" + QByteArray::number(i * 7919) + "\",\"expires_in\":" + QByteArray::number(i)
                + "}\n";
    return text.left(size);
}

const QByteArray kOk = "HTTP/1.1 200 OK\r\n";

} // namespace

class TestHttpResponseParser : public QObject
{
    Q_OBJECT

private slots:
    void bodies_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("untilClose"); // complete only at the end of the stream

        // Labelled compressed but empty: nothing was compressed, the body is empty (not "ended early").
        QTest::newRow("gzip label, content-length 0")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n") << 200
            << QByteArray() << false;
        QTest::newRow("deflate label, only the last chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << 200 << QByteArray() << false;
        QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << 200
                                        << QByteArray("hello") << false;
        QTest::newRow("content-length 0")
            << QByteArray("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n") << 201 << QByteArray() << false;
        QTest::newRow("content-length repeated, same value")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\ncontent-length: 5\r\n\r\nhello") << 200
            << QByteArray("hello") << false;
        QTest::newRow("HTTP/1.0, LF only, no reason")
            << QByteArray("HTTP/1.0 404\nContent-Length: 3\n\nnot") << 404 << QByteArray("not") << false;
        QTest::newRow("empty lines before the status line")
            << QByteArray("\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") << 200 << QByteArray("ok") << false;
        QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                               "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n")
                                 << 200 << QByteArray("hello world") << false;
        QTest::newRow("chunked, extensions and trailers")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
                          "A;name=value\r\n0123456789\r\n"
                          "1a ; a=\"quoted;\" ; b\r\nabcdefghijklmnopqrstuvwxyz\r\n"
                          "0;last\r\nX-Trailer: one\r\nX-Other: two\r\n\r\n")
            << 200 << QByteArray("0123456789abcdefghijklmnopqrstuvwxyz") << false;
        QTest::newRow("chunked wins over content-length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "3\r\nabc\r\n0\r\n\r\n")
            << 200 << QByteArray("abc") << false;
        QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end\r\n")
                                     << 200 << QByteArray("until the end\r\n") << true;
        QTest::newRow("until close, empty") << QByteArray("HTTP/1.1 500 Oops\r\n\r\n") << 500 << QByteArray() << true;
    }

    void bodies()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, untilClose);

        HttpResponseParser parser;
        QCOMPARE(parser.feed(wire), untilClose ? State::Body : State::Done);
        QVERIFY(parser.headComplete());
        QCOMPARE(parser.status(), status);
        QCOMPARE(parser.endOfStream(), State::Done);
        QCOMPARE(parser.failure(), Failure::None);
        QCOMPARE(parser.body(), body);
        QCOMPARE(parser.wireBytes(), qint64(wire.size()));
    }

    void headersAreKeptInOrderAndFoundWithoutCase()
    {
        HttpResponseParser parser;
        parser.feed("HTTP/1.1 200 OK\r\nContent-Type:application/json \r\nSet-Cookie: a=1\r\n"
                    "set-cookie: b=2\r\nX-Empty:\r\nContent-Length: 2\r\n\r\n{}");
        QCOMPARE(parser.state(), State::Done);
        const HeaderList expected{{"Content-Type", "application/json"},
                                  {"Set-Cookie", "a=1"},
                                  {"set-cookie", "b=2"},
                                  {"X-Empty", ""},
                                  {"Content-Length", "2"}};
        QCOMPARE(parser.headers(), expected);
        QCOMPARE(parser.header("content-type"), QByteArray("application/json"));
        QCOMPARE(parser.header("SET-COOKIE"), QByteArray("a=1"));
        QVERIFY(parser.header("Missing").isNull());
    }

    void everySplitGivesTheSameResult_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<Failure>("failure");

        QTest::newRow("content-length") << withLength("Server: test\r\n", "{\"a\":1}") << Failure::None;
        QTest::newRow("chunked with extensions and trailers")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n"
                          "4;x=y\r\nwiki\r\n5\r\npedia\r\n0\r\nTrailer: t\r\n\r\n")
            << Failure::None;
        QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n  folded\r\n\r\nthe rest")
                                     << Failure::None;
        QTest::newRow("interim then final")
            << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                          "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")
            << Failure::None;
        QTest::newRow("gzip, chunked") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
            + chunked(gzip(sampleText(300)), 17))
                                       << Failure::None;
        QTest::newRow("deflate, content-length")
            << withLength("Content-Encoding: deflate\r\n", zlibStream(sampleText(200))) << Failure::None;
        QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                      "3\r\nabc\r\nxyz\r\n")
                                        << Failure::Protocol;
        QTest::newRow("truncated") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\nnot all of it")
                                   << Failure::Truncated;
        QTest::newRow("bad header") << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\nno colon\r\n\r\n") << Failure::Protocol;
    }

    void everySplitGivesTheSameResult()
    {
        QFETCH(QByteArray, wire);
        QFETCH(Failure, failure);

        const Outcome whole = parse(wire);
        QCOMPARE(whole.failure, failure);
        QCOMPARE(whole.state, failure == Failure::None ? State::Done : State::Failed);
        if (failure == Failure::None)
            QVERIFY(!whole.headers.isEmpty() || !whole.body.isEmpty());

        const Outcome byteByByte = parse(wire, 1);
        QVERIFY(byteByByte == whole);
        for (qsizetype cut = 0; cut <= wire.size(); ++cut) {
            if (!(parseCut(wire, cut) == whole))
                QFAIL(qPrintable(QStringLiteral("cut at %1 differs").arg(cut)));
        }
        for (qsizetype piece : {2, 3, 7, 64})
            QVERIFY(parse(wire, piece) == whole);
    }

    void noBody_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("head");
        QTest::addColumn<int>("status");

        QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n") << false << 204;
        QTest::newRow("304") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 500\r\n"
                                           "Transfer-Encoding: chunked\r\n\r\n")
                             << false << 304;
        QTest::newRow("HEAD, content-length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 123456\r\n\r\n") << true << 200;
        QTest::newRow("HEAD, chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") << true
                                       << 200;
        QTest::newRow("HEAD, no framing") << QByteArray("HTTP/1.1 404 Not Found\r\n\r\n") << true << 404;
        // No body follows, so its content coding is never decoded: a 304 repeats the 200's Content-Encoding.
        QTest::newRow("304, unknown coding")
            << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Encoding: br\r\n\r\n") << false << 304;
        QTest::newRow("HEAD, gzip") << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n") << true << 200;
        QTest::newRow("HEAD, length above the body cap")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n") << true << 200;
    }

    void noBody()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, head);
        QFETCH(int, status);

        HttpResponseParser parser({}, head);
        // Done at the end of the head, without waiting for the connection to end; what follows is not read.
        QCOMPARE(parser.feed(QByteArray(wire + "would be a body")), State::Done);
        QCOMPARE(parser.status(), status);
        QCOMPARE(parser.failure(), Failure::None);
        QVERIFY(parser.body().isEmpty());
        QCOMPARE(parser.endOfStream(), State::Done);
        QVERIFY(parser.body().isEmpty());
    }

    void interimAnswersAreSkipped_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<Failure>("failure");
        QTest::newRow("1") << 1 << Failure::None;
        QTest::newRow("8 (the limit)") << 8 << Failure::None;
        QTest::newRow("9") << 9 << Failure::Protocol;
        QTest::newRow("50") << 50 << Failure::Protocol;
    }

    void interimAnswersAreSkipped()
    {
        QFETCH(int, count);
        QFETCH(Failure, failure);

        QByteArray wire;
        for (int i = 0; i < count; ++i)
            wire += i % 2 ? "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n" : "HTTP/1.1 100 Continue\r\n\r\n";
        wire += "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\nok";
        for (qsizetype piece : {0, 1}) {
            const Outcome outcome = parse(wire, piece);
            QCOMPARE(outcome.failure, failure);
            if (failure == Failure::None) {
                QCOMPARE(outcome.state, State::Done);
                QCOMPARE(outcome.status, 200);
                QCOMPARE(outcome.body, QByteArray("ok"));
                // Only the final answer's headers.
                const HeaderList expected{{"Content-Length", "2"}, {"X-Final", "yes"}};
                QCOMPARE(outcome.headers, expected);
            } else {
                QCOMPARE(outcome.state, State::Failed);
                QVERIFY(outcome.body.isEmpty());
            }
        }
        HttpResponseParser parser;
        parser.feed(wire);
        QCOMPARE(parser.interimAnswers(), qMin(count, 9));
    }

    void limitsOfTheHead_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<Failure>("failure");

        const QByteArray end = "Content-Length: 0\r\n\r\n";
        // The line limit counts the line without its LF (the CR included).
        const QByteArray prefix = "X-Long: ";
        QTest::newRow("line of 8 KiB") << QByteArray(kOk + prefix + QByteArray(8192 - prefix.size() - 1, 'a') + "\r\n"
                                                     + end)
                                       << Failure::None;
        QTest::newRow("line of 8 KiB + 1")
            << QByteArray(kOk + prefix + QByteArray(8192 - prefix.size(), 'a') + "\r\n" + end) << Failure::TooLarge;
        QTest::newRow("status line over 8 KiB")
            << QByteArray("HTTP/1.1 200 " + QByteArray(9000, 'r') + "\r\n" + end) << Failure::TooLarge;
        QTest::newRow("line over 8 KiB, no line end yet")
            << QByteArray(kOk + "X-Long: " + QByteArray(9000, 'a')) << Failure::TooLarge;
        QTest::newRow("folded line over 8 KiB")
            << QByteArray(kOk + "X-A: b\r\n " + QByteArray(9000, 'a') + "\r\n" + end) << Failure::TooLarge;

        QByteArray bigHead = kOk;
        for (int i = 0; i < 20; ++i)
            bigHead += "X-Field-" + QByteArray::number(i) + ": " + QByteArray(4000, 'v') + "\r\n";
        QTest::newRow("head over 64 KiB") << QByteArray(bigHead + end) << Failure::TooLarge;
        QByteArray blankLines = QByteArray(70 * 1024, '\n');
        QTest::newRow("64 KiB of empty lines") << QByteArray(blankLines + kOk + end) << Failure::TooLarge;

        QByteArray fields;
        for (int i = 0; i < 99; ++i)
            fields += "X-" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("100 fields") << QByteArray(kOk + fields + end) << Failure::None;
        QTest::newRow("101 fields") << QByteArray(kOk + fields + "X-Last: v\r\n" + end) << Failure::TooLarge;
        QTest::newRow("100 fields with a trailer") << QByteArray(
            kOk + fields.left(fields.lastIndexOf("X-98")) + "Transfer-Encoding: chunked\r\n\r\n0\r\nA: b\r\n\r\n")
                                                   << Failure::None;
        QTest::newRow("101 fields with trailers")
            << QByteArray(kOk + fields.left(fields.lastIndexOf("X-98"))
                          + "Transfer-Encoding: chunked\r\n\r\n0\r\nA: b\r\nC: d\r\n\r\n")
            << Failure::TooLarge;
        QTest::newRow("trailers over 64 KiB in all")
            << QByteArray(kOk + "Transfer-Encoding: chunked\r\n" + bigHead.mid(kOk.size(), 40000) + "\r\n\r\n0\r\n"
                          + bigHead.mid(kOk.size(), 40000) + "\r\n\r\n")
            << Failure::TooLarge;
    }

    void limitsOfTheHead()
    {
        QFETCH(QByteArray, wire);
        QFETCH(Failure, failure);
        for (qsizetype piece : {0, 1, 1000}) {
            const Outcome outcome = parse(wire, piece);
            QCOMPARE(outcome.failure, failure);
            QCOMPARE(outcome.state, failure == Failure::None ? State::Done : State::Failed);
        }
        if (failure == Failure::TooLarge) {
            // It stops as soon as a limit is passed, without waiting for the end of the stream.
            HttpResponseParser parser;
            QCOMPARE(parser.feed(wire), State::Failed);
            QCOMPARE(parser.failure(), Failure::TooLarge);
            QVERIFY(!parser.detail().isEmpty());
        }
    }

    void obsFoldIsJoinedWithASpace()
    {
        const Outcome outcome = parse("HTTP/1.1 200 OK\r\nX-Folded: one\r\n   two\r\n\tthree  \r\nX-Next: n\r\n"
                                      "Content-Length: 0\r\n\r\n");
        QCOMPARE(outcome.state, State::Done);
        const HeaderList expected{{"X-Folded", "one two three"}, {"X-Next", "n"}, {"Content-Length", "0"}};
        QCOMPARE(outcome.headers, expected);
    }

    void protocolErrors_data()
    {
        QTest::addColumn<QByteArray>("wire");

        const QByteArray chunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        QTest::newRow("header without name") << QByteArray("HTTP/1.1 200 OK\r\n: value\r\n\r\n");
        QTest::newRow("header without colon") << QByteArray("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n");
        QTest::newRow("space before colon") << QByteArray("HTTP/1.1 200 OK\r\nName : value\r\n\r\n");
        QTest::newRow("control char in name") << QByteArray("HTTP/1.1 200 OK\r\nNa\x01me: value\r\n\r\n");
        QTest::newRow("fold before any header") << QByteArray("HTTP/1.1 200 OK\r\n folded\r\n\r\n");
        QTest::newRow("status of 2 digits") << QByteArray("HTTP/1.1 20 OK\r\n\r\n");
        QTest::newRow("status of 4 digits") << QByteArray("HTTP/1.1 2000 OK\r\n\r\n");
        QTest::newRow("status 600") << QByteArray("HTTP/1.1 600 Odd\r\n\r\n");
        QTest::newRow("status 099") << QByteArray("HTTP/1.1 099 Odd\r\n\r\n");
        QTest::newRow("status not a number") << QByteArray("HTTP/1.1 abc OK\r\n\r\n");
        QTest::newRow("no space after version") << QByteArray("HTTP/1.1200 OK\r\n\r\n");
        QTest::newRow("lower-case http") << QByteArray("http/1.1 200 OK\r\n\r\n");
        QTest::newRow("HTTP/2 status line") << QByteArray("HTTP/2 200\r\n\r\n");
        QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        QTest::newRow("HTML instead of HTTP") << QByteArray("<html><body>hello</body></html>\r\n");
        QTest::newRow("101 switching protocols")
            << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        QTest::newRow("bad chunk size") << QByteArray(chunkedHead + "zz\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("empty chunk size") << QByteArray(chunkedHead + "\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("negative chunk size") << QByteArray(chunkedHead + "-5\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("chunk size with 0x") << QByteArray(chunkedHead + "0x3\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("chunk size with a sign") << QByteArray(chunkedHead + "+3\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("last chunk as -0") << QByteArray(chunkedHead + "-0\r\n\r\n");
        QTest::newRow("chunk size of 16 hex digits")
            << QByteArray(chunkedHead + "1000000000000000\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("chunk longer than announced") << QByteArray(chunkedHead + "3\r\nhello\r\n0\r\n\r\n");
        QTest::newRow("chunk without its CRLF") << QByteArray(chunkedHead + "3\r\nabc0\r\n\r\n");
        QTest::newRow("conflicting content-length in one field")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!");
        QTest::newRow("conflicting content-length fields")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
        QTest::newRow("content-length not a number")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello");
        QTest::newRow("content-length negative") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
        QTest::newRow("content-length empty") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n");
        QTest::newRow("content-length of 19 digits")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000000\r\n\r\n");
    }

    void protocolErrors()
    {
        QFETCH(QByteArray, wire);
        for (qsizetype piece : {0, 1}) {
            HttpResponseParser parser;
            parser.feed(wire);
            // Known from the bytes alone: no need to wait for the end of the stream.
            QCOMPARE(parser.state(), State::Failed);
            QCOMPARE(parser.failure(), Failure::Protocol);
            QVERIFY(!parser.detail().isEmpty());
            QCOMPARE(parser.endOfStream(), State::Failed);
            QCOMPARE(parse(wire, piece).failure, Failure::Protocol);
        }
    }

    void contentLengthAboveTheBodyCapFailsBeforeTheBody()
    {
        const qint64 cap = HttpLimits().maxBodyBytes;
        {
            HttpResponseParser parser;
            QCOMPARE(parser.feed(
                         QByteArray("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(cap + 1) + "\r\n\r\n")),
                     State::Failed);
            QCOMPARE(parser.failure(), Failure::TooLarge);
            QVERIFY(parser.body().isEmpty());
        }
        {
            HttpResponseParser parser;
            QCOMPARE(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 999999999999999999\r\n\r\n"), State::Failed);
            QCOMPARE(parser.failure(), Failure::TooLarge);
        }
        // The cap itself is allowed.
        const QByteArray body(cap, 'b');
        HttpResponseParser parser;
        QCOMPARE(parser.feed(QByteArray("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(cap) + "\r\n\r\n")),
                 State::Body);
        for (qsizetype at = 0; at < body.size(); at += 64 * 1024)
            parser.feed(QByteArrayView(body).sliced(at, 64 * 1024));
        QCOMPARE(parser.state(), State::Done);
        QCOMPARE(qint64(parser.body().size()), cap);
    }

    void bodyOverTheCapWithoutLength_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("isChunked");
        QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\n\r\n") << false;
        QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") << true;
    }

    void bodyOverTheCapWithoutLength()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, isChunked);
        HttpLimits limits;
        limits.maxBodyBytes = 1000;
        const QByteArray exact(1000, 'x');
        const Outcome atCap = parse(QByteArray(head + (isChunked ? chunked(exact, 300) : exact)), 7, true, limits);
        QCOMPARE(atCap.state, State::Done);
        QCOMPARE(atCap.body, exact);

        const QByteArray over(1001, 'x');
        HttpResponseParser parser(limits);
        parser.feed(QByteArray(head + (isChunked ? chunked(over, 300) : over)));
        QCOMPARE(parser.state(), State::Failed);
        QCOMPARE(parser.failure(), Failure::TooLarge);
        QVERIFY(parser.body().size() <= 1000);
    }

    void truncated_data()
    {
        QTest::addColumn<QByteArray>("wire");

        QTest::newRow("content-length body cut") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        QTest::newRow("content-length, no body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        QTest::newRow("missing last chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        QTest::newRow("cut inside a chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
        QTest::newRow("cut inside the trailers")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: x\r\n");
        QTest::newRow("headers cut") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/pl");
        QTest::newRow("headers without their empty line") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n");
        QTest::newRow("status line cut") << QByteArray("HTTP/1.1 2");
        QTest::newRow("only an empty line") << QByteArray("\r\n");
        QTest::newRow("interim answer only") << QByteArray("HTTP/1.1 100 Continue\r\n\r\n");
        const QByteArray compressed = gzip(sampleText(2000));
        QTest::newRow("gzip stream cut, until close")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + compressed.left(compressed.size() / 2));
        QTest::newRow("gzip stream cut, content-length matches")
            << withLength("Content-Encoding: gzip\r\n", compressed.left(compressed.size() - 4));
    }

    void truncated()
    {
        QFETCH(QByteArray, wire);
        for (qsizetype piece : {0, 1}) {
            HttpResponseParser parser;
            if (piece == 0) {
                parser.feed(wire);
            } else {
                for (char c : wire)
                    parser.feed(QByteArrayView(&c, 1));
            }
            // Known before the end of the stream only when the announced length is all there.
            if (parser.state() == State::Failed)
                QCOMPARE(parser.failure(), Failure::Truncated);
            QCOMPARE(parser.endOfStream(), State::Failed);
            QCOMPARE(parser.failure(), Failure::Truncated);
            QVERIFY(!parser.detail().isEmpty());
        }
    }

    void noAnswer()
    {
        HttpResponseParser parser;
        QCOMPARE(parser.feed(QByteArrayView()), State::Head);
        QCOMPARE(parser.endOfStream(), State::Failed);
        QCOMPARE(parser.failure(), Failure::NoAnswer);
        QCOMPARE(parser.wireBytes(), qint64(0));

        HttpResponseParser oneByte;
        oneByte.feed("H");
        oneByte.endOfStream();
        QCOMPARE(oneByte.failure(), Failure::Truncated);
    }

    void contentCodingsAreDecoded_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QByteArray>("body");

        const QByteArray text = sampleText(200 * 1024);
        QTest::newRow("gzip, content-length") << withLength("Content-Encoding: gzip\r\n", gzip(text)) << text;
        QTest::newRow("x-gzip, upper case") << withLength("Content-Encoding: X-GZIP\r\n", gzip(text)) << text;
        QTest::newRow("deflate (zlib), content-length")
            << withLength("Content-Encoding: deflate\r\n", zlibStream(text)) << text;
        QTest::newRow("deflate from deflateInit2")
            << withLength("Content-Encoding: deflate\r\n", compress(text, 15)) << text;
        QTest::newRow("identity and gzip") << withLength("Content-Encoding: identity, gzip\r\n", gzip(text)) << text;
        QTest::newRow("identity") << withLength("Content-Encoding: identity\r\n", "plain") << QByteArray("plain");
        QTest::newRow("gzip, chunked in small chunks") << QByteArray(
            "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(gzip(text), 5))
                                                       << text;
        QTest::newRow("gzip, until close")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gzip(text)) << text;
        QTest::newRow("gzip, bytes after the stream are ignored")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gzip("short") + "garbage after")
            << QByteArray("short");
        QTest::newRow("gzip of nothing") << withLength("Content-Encoding: gzip\r\n", gzip({})) << QByteArray();
    }

    void contentCodingsAreDecoded()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QByteArray, body);
        for (qsizetype piece : {0, 1, 1000, 64 * 1024}) {
            const Outcome outcome = parse(wire, piece);
            if (outcome.state != State::Done)
                QFAIL(qPrintable(outcome.detail));
            QCOMPARE(outcome.body.size(), body.size());
            QVERIFY(outcome.body == body);
        }
    }

    void compressionBombStopsAtTheCap_data()
    {
        QTest::addColumn<QByteArray>("coding");
        QTest::addColumn<bool>("isChunked");
        QTest::newRow("gzip, content-length") << QByteArray("gzip") << false;
        QTest::newRow("deflate, chunked") << QByteArray("deflate") << true;
    }

    void compressionBombStopsAtTheCap()
    {
        QFETCH(QByteArray, coding);
        QFETCH(bool, isChunked);
        const qint64 cap = HttpLimits().maxBodyBytes;
        const QByteArray zeros(50 * 1024 * 1024, '\0');
        const QByteArray compressed = coding == "gzip" ? gzip(zeros) : zlibStream(zeros);
        QVERIFY(compressed.size() < 200 * 1024);
        const QByteArray wire = isChunked
                                    ? QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: "
                                                 + coding + "\r\n\r\n" + chunked(compressed, 4096))
                                    : withLength("Content-Encoding: " + coding + "\r\n", compressed);

        HttpResponseParser parser;
        qsizetype fed = 0;
        while (fed < wire.size() && parser.state() != State::Failed) {
            const qsizetype piece = qMin<qsizetype>(1024, wire.size() - fed);
            parser.feed(QByteArrayView(wire).sliced(fed, piece));
            fed += piece;
            QVERIFY(parser.body().size() <= cap);
        }
        QCOMPARE(parser.state(), State::Failed);
        QCOMPARE(parser.failure(), Failure::TooLarge);
        QVERIFY(parser.body().size() <= cap);
        // It stopped after about the first MiB of output, long before the 50 MiB: about 1/50 of the input was read.
        QVERIFY2(fed < wire.size() / 10, qPrintable(QString::number(fed)));

        // Decoding to exactly the cap is allowed.
        const auto encode = [&coding](const QByteArray &data) {
            return coding == "gzip" ? gzip(data) : zlibStream(data);
        };
        const Outcome atCap = parse(withLength("Content-Encoding: " + coding + "\r\n", encode(zeros.left(cap))));
        QCOMPARE(atCap.state, State::Done);
        QCOMPARE(qint64(atCap.body.size()), cap);
        const Outcome overCap = parse(withLength("Content-Encoding: " + coding + "\r\n", encode(zeros.left(cap + 1))));
        QCOMPARE(overCap.failure, Failure::TooLarge);
        QVERIFY(overCap.body.size() <= cap);
    }

    void undecodable_data()
    {
        QTest::addColumn<QByteArray>("wire");

        const QByteArray text = sampleText(5000);
        QByteArray damaged = gzip(text);
        for (qsizetype i = damaged.size() / 3; i < damaged.size() / 3 + 16; ++i)
            damaged[i] = char(damaged[i] ^ 0x5a);
        QTest::newRow("damaged gzip") << withLength("Content-Encoding: gzip\r\n", damaged);
        QByteArray badCrc = gzip(text);
        badCrc[badCrc.size() - 8] = char(badCrc[badCrc.size() - 8] ^ 1);
        QTest::newRow("gzip with a wrong CRC") << withLength("Content-Encoding: gzip\r\n", badCrc);
        QByteArray badAdler = zlibStream(text);
        badAdler[badAdler.size() - 1] = char(badAdler[badAdler.size() - 1] ^ 1);
        QTest::newRow("zlib with a wrong Adler-32") << withLength("Content-Encoding: deflate\r\n", badAdler);
        QTest::newRow("not compressed at all")
            << withLength("Content-Encoding: gzip\r\n", "{\"this\":\"is plain JSON\"}");
        QTest::newRow("damaged gzip, chunked") << QByteArray(
            "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(damaged, 100));
        QTest::newRow("br") << withLength("Content-Encoding: br\r\n", "abc");
        QTest::newRow("compress") << withLength("Content-Encoding: compress\r\n", "abc");
        QTest::newRow("gzip, gzip") << withLength("Content-Encoding: gzip, gzip\r\n", gzip(gzip(text)));
        QTest::newRow("gzip then deflate in two fields")
            << withLength("Content-Encoding: gzip\r\nContent-Encoding: deflate\r\n", gzip(text));
        QTest::newRow("gzip then br in two fields")
            << withLength("Content-Encoding: gzip\r\ncontent-encoding: br\r\n", gzip(text));
        QTest::newRow("chunked then gzip in two fields")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n");
        QTest::newRow("transfer coding gzip")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
    }

    void undecodable()
    {
        QFETCH(QByteArray, wire);
        for (qsizetype piece : {0, 1}) {
            const Outcome outcome = parse(wire, piece);
            QCOMPARE(outcome.state, State::Failed);
            QCOMPARE(outcome.failure, Failure::Undecodable);
            QVERIFY(!outcome.detail.isEmpty());
        }
    }

    void wireCapStopsOneByteChunks()
    {
        const HttpLimits limits;
        // Each body byte costs 6 bytes on the wire: the wire cap comes long before the 1 MiB body cap.
        QByteArray wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        while (wire.size() <= limits.maxWireBytes + 6)
            wire += "1\r\nx\r\n";
        wire += "0\r\n\r\n";
        HttpResponseParser parser(limits);
        qsizetype fed = 0;
        while (fed < wire.size() && parser.state() != State::Failed && parser.state() != State::Done) {
            const qsizetype piece = qMin<qsizetype>(64 * 1024, wire.size() - fed);
            parser.feed(QByteArrayView(wire).sliced(fed, piece));
            fed += piece;
        }
        QCOMPARE(parser.state(), State::Failed);
        QCOMPARE(parser.failure(), Failure::TooLarge);
        QVERIFY(parser.wireBytes() <= limits.maxWireBytes + 64 * 1024);
        QVERIFY(parser.body().size() < limits.maxBodyBytes);
        QVERIFY(parser.body().size() >= limits.maxWireBytes / 6 - 64 * 1024);

        // Byte by byte it stops at the cap exactly.
        HttpLimits small;
        small.maxWireBytes = 1000;
        HttpResponseParser bytewise(small);
        qsizetype at = 0;
        for (; at < wire.size() && bytewise.state() != State::Failed; ++at)
            bytewise.feed(QByteArrayView(wire).sliced(at, 1));
        QCOMPARE(bytewise.failure(), Failure::TooLarge);
        QCOMPARE(at, qsizetype(1001));
    }

    void bytesAfterDoneAreIgnored_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << 200
                                        << QByteArray("hello");
        QTest::newRow("chunked") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n")
                                 << 200 << QByteArray("hi");
        QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << 204 << QByteArray();
    }

    void bytesAfterDoneAreIgnored()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        const QByteArray after = "HTTP/1.1 500 Second answer\r\nContent-Length: 3\r\n\r\nbad";

        HttpResponseParser parser;
        QCOMPARE(parser.feed(QByteArray(wire + after)), State::Done); // in the same read
        QCOMPARE(parser.body(), body);
        const qint64 wire1 = parser.wireBytes();
        QCOMPARE(parser.feed(after), State::Done); // in a later read
        QCOMPARE(parser.feed(QByteArray(10 * 1024 * 1024, 'z')), State::Done);
        QCOMPARE(parser.endOfStream(), State::Done);
        QCOMPARE(parser.status(), status);
        QCOMPARE(parser.body(), body);
        QCOMPARE(parser.wireBytes(), wire1);
        QCOMPARE(parser.failure(), Failure::None);
    }

    // A complete answer is complete, whatever arrives after it in the same read: the wire cap only stops an answer
    // that is not over yet (it used to fail a whole read that crossed the cap, though the answer ended before it).
    void wireCapDoesNotDependOnTheSplit()
    {
        HttpLimits limits;
        limits.maxWireBytes = 100;
        const QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        const QByteArray wire = answer + QByteArray(200, 'z');
        for (qsizetype piece : {0, 1, 10, 60}) {
            const Outcome outcome = parse(wire, piece, true, limits);
            QCOMPARE(outcome.state, State::Done);
            QCOMPARE(outcome.body, QByteArray("hello"));
        }
        // An answer that needs more than the cap fails the same way in any split.
        const QByteArray tooLong = "HTTP/1.1 200 OK\r\nContent-Length: 90\r\n\r\n" + QByteArray(90, 'b');
        const Outcome whole = parse(tooLong, 0, true, limits);
        QCOMPARE(whole.failure, Failure::TooLarge);
        QCOMPARE(whole.status, 200);
        for (qsizetype piece : {1, 10, 60})
            QVERIFY(parse(tooLong, piece, true, limits) == whole);
    }
};

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"
