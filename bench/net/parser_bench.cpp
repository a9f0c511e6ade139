// The HTTP read path's cost: HttpResponseParser reading a 1 MiB answer in 64 KiB reads, against a baseline of
// the same reads appended to a QByteArray (the least any reader does), and for a gzip body against zlib's own
// uncompress() of the same bytes. Prints the median of interleaved rounds and the ratios.
#include "core/net/HttpResponseParser.h"

#include <QByteArray>
#include <QElapsedTimer>

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using cmic::net::HttpLimits;
using cmic::net::HttpResponseParser;

namespace {

constexpr qsizetype kBody = 1024 * 1024 - 4096;
constexpr qsizetype kRead = 64 * 1024;
constexpr int kRounds = 31;

QByteArray sampleBody()
{
    QByteArray body;
    body.reserve(kBody);
    body += "{\"keys\":[";
    while (body.size() < kBody - 64)
        body += "{\"kty\":\"RSA\",\"kid\":\"k" + QByteArray::number(body.size()) + "\",\"n\":\"AQAB\"},";
    body += "{}]}";
    return body;
}

QByteArray gzip(const QByteArray &data)
{
    z_stream s{};
    deflateInit2(&s, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(qsizetype(deflateBound(&s, uLong(data.size()))) + 64, Qt::Uninitialized);
    s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    s.avail_in = uInt(data.size());
    s.next_out = reinterpret_cast<Bytef *>(out.data());
    s.avail_out = uInt(out.size());
    deflate(&s, Z_FINISH);
    out.resize(qsizetype(s.total_out));
    deflateEnd(&s);
    return out;
}

double medianMicros(const std::function<void()> &work)
{
    std::vector<double> times;
    for (int i = 0; i < kRounds; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        times.push_back(double(t.nsecsElapsed()) / 1000.0);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

void feed(const QByteArray &wire, bool *ok)
{
    HttpLimits limits;
    HttpResponseParser parser(limits);
    for (qsizetype at = 0; at < wire.size(); at += kRead)
        parser.feed(QByteArrayView(wire).sliced(at, qMin(kRead, wire.size() - at)));
    *ok = parser.endOfStream() == HttpResponseParser::State::Done;
}

} // namespace

int main()
{
    const QByteArray body = sampleBody();
    const QByteArray plain = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (qsizetype at = 0; at < body.size(); at += 8192) {
        const QByteArray piece = body.mid(at, 8192);
        chunked += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    const QByteArray compressed = gzip(body);
    const QByteArray gzipped = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                               + QByteArray::number(compressed.size()) + "\r\n\r\n" + compressed;

    bool ok = true;
    bool all = true;
    const auto baseline = [](const QByteArray &wire) {
        return [&wire] {
            QByteArray copy;
            for (qsizetype at = 0; at < wire.size(); at += kRead)
                copy.append(QByteArrayView(wire).sliced(at, qMin(kRead, wire.size() - at)));
            if (copy.size() != wire.size())
                std::abort();
        };
    };
    const double copyPlain = medianMicros(baseline(plain));
    const double parsePlain = medianMicros([&] { feed(plain, &ok), all = all && ok; });
    const double copyChunked = medianMicros(baseline(chunked));
    const double parseChunked = medianMicros([&] { feed(chunked, &ok), all = all && ok; });
    const double unzip = medianMicros([&] {
        QByteArray out(body.size() + 16, Qt::Uninitialized);
        z_stream s{};
        inflateInit2(&s, 15 + 16);
        s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.constData()));
        s.avail_in = uInt(compressed.size());
        s.next_out = reinterpret_cast<Bytef *>(out.data());
        s.avail_out = uInt(out.size());
        inflate(&s, Z_FINISH);
        inflateEnd(&s);
    });
    const double parseGzip = medianMicros([&] { feed(gzipped, &ok), all = all && ok; });

    std::printf("HttpResponseParser, 1 MiB answer in 64 KiB reads, median of %d rounds\n", kRounds);
    std::printf("  Content-Length: parser %8.0f us, append baseline %8.0f us, ratio %.2f\n", parsePlain, copyPlain,
                parsePlain / copyPlain);
    std::printf("  chunked 8 KiB:  parser %8.0f us, append baseline %8.0f us, ratio %.2f\n", parseChunked, copyChunked,
                parseChunked / copyChunked);
    std::printf("  gzip:           parser %8.0f us, zlib inflate     %8.0f us, ratio %.2f\n", parseGzip, unzip,
                parseGzip / unzip);
    std::printf("  every answer parsed whole: %s\n", all ? "yes" : "NO");
    return all ? 0 : 1;
}
