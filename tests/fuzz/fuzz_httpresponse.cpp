// Fuzzes the HTTP read path: HttpResponseParser fed as HttpJob feeds it, in reads cut where the input says, then the
// end of the stream. Besides crashes, it checks what the parser promises whatever a server sends:
//  - the decoded body never exceeds maxBodyBytes, the header fields never exceed maxHeaderFields, the wire count
//    never exceeds maxWireBytes;
//  - failure() is None exactly when the state is not Failed, and after endOfStream() the state is Done or Failed;
//  - a Done answer has its head, a final status, and no body for HEAD, 204 and 304;
//  - the outcome (state, failure, detail, status, headers, and the body when Done) is the same when the same bytes
//    are fed in one read: the split of the bytes never changes the answer.
//
// Input: <flags> <n> <n read sizes> <bytes of the connection>
//   flags bit 0: the request was HEAD; bit 1: tight limits (else roomy ones, still small enough to be reached)
//   n % 16 read sizes, each byte b: b + 1 bytes when b < 128, else (b - 127) * 512 bytes, used in turn; none: 1 byte
#include "core/net/HttpResponseParser.h"

#include <cstdint>
#include <cstdlib>

using namespace cmic::net;
using State = HttpResponseParser::State;
using Failure = HttpResponseParser::Failure;

namespace {

HttpLimits limitsFor(bool tight)
{
    HttpLimits limits;
    if (tight) {
        limits.maxBodyBytes = 1024;
        limits.maxHeadBytes = 2048;
        limits.maxHeaderLineBytes = 256;
        limits.maxHeaderFields = 12;
        limits.maxInterimAnswers = 2;
        limits.maxWireBytes = 8 * 1024;
    } else {
        limits.maxBodyBytes = 64 * 1024;
        limits.maxHeadBytes = 16 * 1024;
        limits.maxHeaderLineBytes = 2048;
        limits.maxHeaderFields = 40;
        limits.maxInterimAnswers = 8;
        limits.maxWireBytes = 48 * 1024;
    }
    return limits;
}

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void checkAlways(const HttpResponseParser &parser, const HttpLimits &limits)
{
    check(parser.body().size() <= limits.maxBodyBytes);
    check(parser.headers().size() <= limits.maxHeaderFields);
    check(parser.wireBytes() <= limits.maxWireBytes);
    check(parser.interimAnswers() <= limits.maxInterimAnswers + 1);
    check((parser.failure() == Failure::None) == (parser.state() != State::Failed));
    if (parser.state() == State::Failed)
        check(!parser.detail().isEmpty());
    if (parser.state() == State::Done) {
        check(parser.headComplete());
        check(parser.status() >= 200 && parser.status() <= 599);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const bool head = data[0] & 1;
    const HttpLimits limits = limitsFor(data[0] & 2);
    const size_t count = data[1] % 16;
    if (size < 2 + count)
        return 0;
    QList<qsizetype> reads;
    for (size_t i = 0; i < count; ++i) {
        const int b = data[2 + i];
        reads << (b < 128 ? b + 1 : (b - 127) * 512);
    }
    if (reads.isEmpty())
        reads << 1;
    const QByteArrayView wire(reinterpret_cast<const char *>(data) + 2 + count, qsizetype(size - 2 - count));

    HttpResponseParser split(limits, head);
    qsizetype at = 0;
    for (int i = 0; at < wire.size(); ++i) {
        const qsizetype piece = qMin(reads.at(i % reads.size()), wire.size() - at);
        const State before = split.state();
        const qint64 wireBefore = split.wireBytes();
        const QByteArray bodyBefore = split.body();
        split.feed(wire.sliced(at, piece));
        at += piece;
        checkAlways(split, limits);
        // A finished parse reads nothing more.
        if (before == State::Done || before == State::Failed) {
            check(split.state() == before && split.wireBytes() == wireBefore && split.body() == bodyBefore);
        }
    }
    split.endOfStream();
    checkAlways(split, limits);
    check(split.state() == State::Done || split.state() == State::Failed);
    if (split.state() == State::Done && (head || split.status() == 204 || split.status() == 304))
        check(split.body().isEmpty());

    HttpResponseParser whole(limits, head);
    whole.feed(wire);
    whole.endOfStream();
    checkAlways(whole, limits);
    check(whole.state() == split.state());
    check(whole.failure() == split.failure());
    check(whole.detail() == split.detail());
    check(whole.status() == split.status());
    check(whole.headers() == split.headers());
    check(whole.interimAnswers() == split.interimAnswers());
    if (whole.state() == State::Done)
        check(whole.body() == split.body());
    return 0;
}
