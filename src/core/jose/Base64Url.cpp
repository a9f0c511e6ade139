#include "Base64Url.h"

#include <array>

namespace cmic::jose::Base64Url {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<signed char, 256> makeDecodeTable()
{
    std::array<signed char, 256> table{};
    for (auto &v : table)
        v = -1;
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
    return table;
}

constexpr std::array<signed char, 256> kDecode = makeDecodeTable();

} // namespace

QByteArray encode(QByteArrayView data)
{
    const auto *in = reinterpret_cast<const unsigned char *>(data.data());
    const qsizetype n = data.size();
    QByteArray out;
    out.resize((n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1));
    char *o = out.data();
    qsizetype i = 0;
    for (; i + 3 <= n; i += 3) {
        const unsigned v = (unsigned(in[i]) << 16) | (unsigned(in[i + 1]) << 8) | unsigned(in[i + 2]);
        *o++ = kAlphabet[(v >> 18) & 63];
        *o++ = kAlphabet[(v >> 12) & 63];
        *o++ = kAlphabet[(v >> 6) & 63];
        *o++ = kAlphabet[v & 63];
    }
    if (n - i == 1) {
        const unsigned v = unsigned(in[i]) << 16;
        *o++ = kAlphabet[(v >> 18) & 63];
        *o++ = kAlphabet[(v >> 12) & 63];
    } else if (n - i == 2) {
        const unsigned v = (unsigned(in[i]) << 16) | (unsigned(in[i + 1]) << 8);
        *o++ = kAlphabet[(v >> 18) & 63];
        *o++ = kAlphabet[(v >> 12) & 63];
        *o++ = kAlphabet[(v >> 6) & 63];
    }
    return out;
}

std::optional<QByteArray> decode(QByteArrayView text)
{
    const qsizetype n = text.size();
    const qsizetype tail = n % 4;
    if (tail == 1)
        return std::nullopt;
    const auto *in = reinterpret_cast<const unsigned char *>(text.data());
    QByteArray out;
    out.resize((n / 4) * 3 + (tail == 0 ? 0 : tail - 1));
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    qsizetype i = 0;
    for (; i + 4 <= n; i += 4) {
        const int a = kDecode[in[i]], b = kDecode[in[i + 1]], c = kDecode[in[i + 2]], d = kDecode[in[i + 3]];
        if ((a | b | c | d) < 0)
            return std::nullopt;
        const unsigned v = (unsigned(a) << 18) | (unsigned(b) << 12) | (unsigned(c) << 6) | unsigned(d);
        *o++ = static_cast<unsigned char>(v >> 16);
        *o++ = static_cast<unsigned char>(v >> 8);
        *o++ = static_cast<unsigned char>(v);
    }
    if (tail == 2) {
        const int a = kDecode[in[i]], b = kDecode[in[i + 1]];
        if ((a | b) < 0 || (b & 0x0f) != 0) // 4 unused bits must be zero
            return std::nullopt;
        *o++ = static_cast<unsigned char>((a << 2) | (b >> 4));
    } else if (tail == 3) {
        const int a = kDecode[in[i]], b = kDecode[in[i + 1]], c = kDecode[in[i + 2]];
        if ((a | b | c) < 0 || (c & 0x03) != 0) // 2 unused bits must be zero
            return std::nullopt;
        const unsigned v = (unsigned(a) << 10) | (unsigned(b) << 4) | (unsigned(c) >> 2);
        *o++ = static_cast<unsigned char>(v >> 8);
        *o++ = static_cast<unsigned char>(v);
    }
    return out;
}

} // namespace cmic::jose::Base64Url
