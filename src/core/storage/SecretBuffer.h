#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <cstddef>
#include <memory>

namespace cmic {

// A credential (client secret, PEM private key) in one buffer that nothing else shares: move-only (no implicit
// sharing, no copy constructor), and its bytes are overwritten with OPENSSL_cleanse on clear(), on assignment and on
// destruction. Holds UTF-8.
//
// The APIs that consume a credential take Qt types, so handing it over makes copies; each is named here:
//  - toString() makes a QString (TokenRequest::forRegistration, QLineEdit, QtKeychain's setTextData); that copy is
//    the caller's and is freed without wiping.
//  - rawView() makes no copy: a QByteArray over this buffer (QByteArray::fromRawData), for readers such as
//    JwtSigner::fromPem; it must not outlive this buffer nor be modified.
class SecretBuffer
{
public:
    SecretBuffer() = default;
    // Copies |utf8| in; the source stays the caller's to wipe.
    explicit SecretBuffer(QByteArrayView utf8);
    // Copies the UTF-8 of |text| in; the source stays the caller's.
    explicit SecretBuffer(QStringView text);
    ~SecretBuffer();

    SecretBuffer(SecretBuffer &&other) noexcept;
    SecretBuffer &operator=(SecretBuffer &&other) noexcept;
    SecretBuffer(const SecretBuffer &) = delete;
    SecretBuffer &operator=(const SecretBuffer &) = delete;

    // Copies |text| in and overwrites |text|'s characters, then empties it. Only |text|'s own storage is
    // overwritten: a copy it shares its data with is detached from first and stays as it is.
    static SecretBuffer takeFrom(QString &text);

    // Replaces the content with the UTF-8 of |text| (the old bytes are wiped first).
    SecretBuffer &operator=(QStringView text);

    // An explicit copy into a new buffer of its own (one of the named copies: a run keeps its own credential).
    SecretBuffer clone() const;

    // Wipes the bytes; the storage stays allocated (capacity()) until the buffer is destroyed or refilled.
    void clear();

    bool isEmpty() const { return m_size == 0; }
    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return m_capacity; }
    const char *data() const { return m_data.get(); }
    QByteArrayView view() const { return {m_data.get(), m_size}; }

    QString toString() const;
    QByteArray rawView() const;

    bool operator==(const SecretBuffer &other) const { return view() == other.view(); }
    bool operator==(QStringView text) const;

private:
    void assign(QByteArrayView utf8);
    void release();

    std::unique_ptr<char[]> m_data;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

} // namespace cmic
