#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace cmic::jose::Base64Url {

// RFC 7515 §2 base64url without padding.
QByteArray encode(QByteArrayView data);

// Strict decoding: only the URL-safe alphabet, no '=' padding, no whitespace, a length that is not 1 mod 4,
// and the unused low bits of the last character must be zero (one canonical spelling per byte string).
// std::nullopt when the text breaks any of these.
std::optional<QByteArray> decode(QByteArrayView text);

} // namespace cmic::jose::Base64Url
