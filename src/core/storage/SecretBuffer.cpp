#include "SecretBuffer.h"

#include <openssl/crypto.h>

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

} // namespace cmic
