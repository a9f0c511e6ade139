#include "SecretBuffer.h"

#include <openssl/crypto.h>

#include <QIODevice>

#include <cstring>
#include <utility>

namespace cmic {

SecretBuffer::SecretBuffer(QByteArrayView utf8) { assign(utf8); }

SecretBuffer::SecretBuffer(QStringView text)
{
    // QStringView::toUtf8 makes a temporary QByteArray; it is overwritten before it is released.
    QByteArray utf8 = text.toUtf8();
    assign(utf8);
    OPENSSL_cleanse(utf8.data(), size_t(utf8.size()));
}

SecretBuffer SecretBuffer::takeFrom(QString &text)
{
    SecretBuffer buffer{QStringView(text)};
    if (!text.isEmpty()) {
        QChar *chars = text.data(); // detaches when shared
        OPENSSL_cleanse(chars, size_t(text.size()) * sizeof(QChar));
    }
    text.clear();
    return buffer;
}

SecretBuffer SecretBuffer::takeFrom(QByteArray &bytes)
{
    SecretBuffer buffer{QByteArrayView(bytes)};
    if (!bytes.isEmpty()) {
        char *data = bytes.data(); // detaches when shared
        OPENSSL_cleanse(data, size_t(bytes.size()));
    }
    bytes.clear();
    return buffer;
}

SecretBuffer SecretBuffer::readFrom(QIODevice &device, qsizetype maxBytes, bool *tooLong)
{
    constexpr qsizetype kFirstChunk = 4096;
    SecretBuffer buffer;
    if (tooLong)
        *tooLong = false;
    buffer.reserve(qMin(kFirstChunk, maxBytes + 1));
    for (;;) {
        if (buffer.m_size == buffer.m_capacity) {
            if (buffer.m_size > maxBytes)
                break;
            buffer.reserve(qMin(buffer.m_capacity * 2, maxBytes + 1));
        }
        const qint64 got = device.read(buffer.m_data.get() + buffer.m_size, buffer.m_capacity - buffer.m_size);
        if (got <= 0)
            break;
        buffer.m_size += got;
    }
    if (buffer.m_size > maxBytes) {
        if (tooLong)
            *tooLong = true;
        buffer.release();
    }
    return buffer;
}

SecretBuffer::~SecretBuffer() { release(); }

SecretBuffer::SecretBuffer(SecretBuffer &&other) noexcept
    : m_data(std::move(other.m_data)), m_size(std::exchange(other.m_size, 0)),
      m_capacity(std::exchange(other.m_capacity, 0))
{}

SecretBuffer &SecretBuffer::operator=(SecretBuffer &&other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::move(other.m_data);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
    }
    return *this;
}

SecretBuffer &SecretBuffer::operator=(QStringView text)
{
    *this = SecretBuffer(text);
    return *this;
}

SecretBuffer SecretBuffer::clone() const { return SecretBuffer(view()); }

void SecretBuffer::assign(QByteArrayView utf8)
{
    release();
    if (utf8.isEmpty())
        return;
    m_data = std::make_unique<char[]>(size_t(utf8.size()));
    std::memcpy(m_data.get(), utf8.data(), size_t(utf8.size()));
    m_size = utf8.size();
    m_capacity = utf8.size();
}

// Grows the storage to |capacity|, keeping the content; the old storage is wiped before it is freed.
void SecretBuffer::reserve(qsizetype capacity)
{
    if (capacity <= m_capacity)
        return;
    auto grown = std::make_unique<char[]>(size_t(capacity));
    if (m_size > 0)
        std::memcpy(grown.get(), m_data.get(), size_t(m_size));
    const qsizetype size = m_size;
    release();
    m_data = std::move(grown);
    m_size = size;
    m_capacity = capacity;
}

void SecretBuffer::chopLineEnds()
{
    while (m_size > 0 && (m_data[size_t(m_size - 1)] == '\n' || m_data[size_t(m_size - 1)] == '\r')) {
        --m_size;
        m_data[size_t(m_size)] = '\0';
    }
}

void SecretBuffer::trim()
{
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    qsizetype end = m_size;
    while (end > 0 && space(m_data[size_t(end - 1)]))
        --end;
    qsizetype begin = 0;
    while (begin < end && space(m_data[size_t(begin)]))
        ++begin;
    if (begin > 0)
        std::memmove(m_data.get(), m_data.get() + begin, size_t(end - begin));
    const qsizetype kept = end - begin;
    if (m_size > kept)
        OPENSSL_cleanse(m_data.get() + kept, size_t(m_size - kept));
    m_size = kept;
}

bool SecretBuffer::isBlank() const
{
    for (char c : view()) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return false;
    }
    return true;
}

void SecretBuffer::clear()
{
    if (m_data)
        OPENSSL_cleanse(m_data.get(), size_t(m_capacity));
    m_size = 0;
}

void SecretBuffer::release()
{
    clear();
    m_data.reset();
    m_capacity = 0;
}

QString SecretBuffer::toString() const { return QString::fromUtf8(view()); }

QByteArray SecretBuffer::rawView() const
{
    if (isEmpty())
        return {};
    return QByteArray::fromRawData(m_data.get(), m_size);
}

bool SecretBuffer::operator==(QStringView text) const
{
    QByteArray utf8 = text.toUtf8();
    const bool same = view() == QByteArrayView(utf8);
    OPENSSL_cleanse(utf8.data(), size_t(utf8.size()));
    return same;
}

namespace {

// The whole allocation a shared array points into: the free space before and after the content may still hold
// characters a shorter value left behind (a QLineEdit after Backspace).
// A shared QString or QByteArray gives out its storage only as const (writing detaches); here it is written on
// purpose, for every sharer. data_ptr() itself never detaches.
template <typename T>
void wipeAllocation(QArrayDataPointer<T> &pointer)
{
    if (!pointer.d_ptr() || pointer.isNull())
        return; // static or raw data: not storage of ours to write
    T *begin = pointer.data() - pointer.freeSpaceAtBegin();
    const qsizetype count = pointer.freeSpaceAtBegin() + pointer.size + pointer.freeSpaceAtEnd();
    OPENSSL_cleanse(begin, size_t(count) * sizeof(T));
}

} // namespace

void wipeInPlace(const QString &text) { wipeAllocation(const_cast<QString &>(text).data_ptr()); }

void wipeInPlace(const QByteArray &bytes) { wipeAllocation(const_cast<QByteArray &>(bytes).data_ptr()); }

} // namespace cmic
