#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <cstddef>
#include <memory>

class QIODevice;

namespace cmic {

// A credential (client secret, PEM private key) in one buffer that nothing else shares: move-only (no implicit
// sharing, no copy constructor), and its bytes are overwritten with OPENSSL_cleanse on clear(), on assignment and on
// destruction. Holds UTF-8 (or, read from standard input or an environment variable, the bytes as given).
//
// Every path a credential takes from the keychain, the GUI's field or cmic-oauth's --secret-env / --secret-stdin to
// the token request keeps it in a SecretBuffer; docs/security.md ("Secrets in memory") lists the copies that Qt and
// the libraries make on the way and that are not wiped. The APIs that consume a credential take Qt types, so
// handing it over makes copies; each is named here:
//  - toString() makes a QString, only where Qt forces one (a QLineEdit's text, QtKeychain's setTextData); that copy
//    is the caller's: wipe it with wipeInPlace() when done, where Qt lets go of it.
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
    // The same for bytes (an environment variable read with qgetenv): copied in, |bytes| overwritten and emptied.
    static SecretBuffer takeFrom(QByteArray &bytes);

    // Reads |device| to its end straight into a buffer of its own (grown by doubling, each old buffer wiped), so an
    // unbuffered device (QIODevice::Unbuffered: standard input, a key file) leaves no other copy. At most
    // |maxBytes|; *tooLong is set when there was more, and then the buffer is empty.
    static SecretBuffer readFrom(QIODevice &device, qsizetype maxBytes, bool *tooLong);

    // Replaces the content with the UTF-8 of |text| (the old bytes are wiped first).
    SecretBuffer &operator=(QStringView text);

    // An explicit copy into a new buffer of its own (one of the named copies: a run keeps its own credential).
    SecretBuffer clone() const;

    // Wipes the bytes; the storage stays allocated (capacity()) until the buffer is destroyed or refilled.
    void clear();
    // Drops trailing line feeds and carriage returns (a secret piped in with echo), wiping them.
    void chopLineEnds();
    // Drops the spaces, tabs, carriage returns and line feeds at both ends (a secret typed, pasted, piped or read
    // from a file, every source alike), wiping the bytes that moved or went.
    void trim();
    // Whether it holds nothing but spaces, tabs and line ends.
    bool isBlank() const;

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
    void reserve(qsizetype capacity);
    void release();

    std::unique_ptr<char[]> m_data;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

// Overwrites, in place, the characters |text| refers to, and so those of every QString that shares them with it:
// the only way to wipe a copy that Qt or a library owns (a QLineEdit's text through QLineEdit::text(), QtKeychain's
// data through ReadPasswordJob::binaryData()). For storage about to be let go of, that nothing reads meanwhile;
// static and raw data (QStringLiteral, fromRawData) is left alone.
void wipeInPlace(const QString &text);
void wipeInPlace(const QByteArray &bytes);

} // namespace cmic
