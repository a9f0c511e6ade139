#include "core/storage/SecretBuffer.h"

#include <QBuffer>
#include <QTest>

#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

using namespace cmic;

// What a SecretBuffer frees, seen from operator delete[]: this test program replaces the global array new and
// delete (std::malloc / std::free with the size in front), so while a check watches, every array freed is searched
// for the secret's marker before the memory goes back. SecretBuffer's storage is a std::unique_ptr<char[]>.
namespace {

struct alignas(std::max_align_t) ArrayHeader
{
    std::size_t size;
};

bool g_watching = false;
int g_arraysFreed = 0;
int g_arraysStillHoldingTheMarker = 0;
const char kMarker[] = "MARKER-7f3a9c";

void inspectFreedArray(const void *data, std::size_t size)
{
    if (!g_watching)
        return;
    ++g_arraysFreed;
    const std::size_t markerSize = sizeof(kMarker) - 1;
    const auto *bytes = static_cast<const char *>(data);
    for (std::size_t i = 0; i + markerSize <= size; ++i) {
        if (std::memcmp(bytes + i, kMarker, markerSize) == 0) {
            ++g_arraysStillHoldingTheMarker;
            return;
        }
    }
}

// Counts what is freed between its construction and watchedFreed().
class FreedArrays
{
public:
    FreedArrays()
    {
        g_arraysFreed = 0;
        g_arraysStillHoldingTheMarker = 0;
        g_watching = true;
    }
    ~FreedArrays() { g_watching = false; }
    FreedArrays(const FreedArrays &) = delete;
    FreedArrays &operator=(const FreedArrays &) = delete;
    int freed() const { return g_arraysFreed; }
    int holdingTheMarker() const { return g_arraysStillHoldingTheMarker; }
};

QByteArray markedSecret(int repeat = 1)
{
    QByteArray secret;
    for (int i = 0; i < repeat; ++i)
        secret += QByteArray(kMarker) + '-' + QByteArray::number(i) + ';';
    return secret;
}

} // namespace

void *operator new[](std::size_t size)
{
    auto *header = static_cast<ArrayHeader *>(std::malloc(sizeof(ArrayHeader) + size));
    if (!header)
        throw std::bad_alloc();
    header->size = size;
    return header + 1;
}

void operator delete[](void *data) noexcept
{
    if (!data)
        return;
    ArrayHeader *header = static_cast<ArrayHeader *>(data) - 1;
    inspectFreedArray(data, header->size);
    std::free(header);
}

void operator delete[](void *data, std::size_t) noexcept { operator delete[](data); }

class TestSecretBuffer : public QObject
{
    Q_OBJECT

private slots:
    void isMoveOnly()
    {
        static_assert(!std::is_copy_constructible_v<SecretBuffer>);
        static_assert(!std::is_copy_assignable_v<SecretBuffer>);
        static_assert(std::is_nothrow_move_constructible_v<SecretBuffer>);
        static_assert(std::is_nothrow_move_assignable_v<SecretBuffer>);
        // No implicit conversion from Qt's shared strings: a copy in is always spelled.
        static_assert(!std::is_convertible_v<QString, SecretBuffer>);
        static_assert(!std::is_convertible_v<QByteArray, SecretBuffer>);

        SecretBuffer a(QStringView(u"s3cret"));
        const char *storage = a.data();
        SecretBuffer b = std::move(a);
        QCOMPARE(b.data(), storage); // the bytes moved with their owner, no copy was made
        QVERIFY(a.isEmpty());        // NOLINT(bugprone-use-after-move): moved-from is empty by contract
        QCOMPARE(a.data(), nullptr);
        SecretBuffer c;
        c = std::move(b);
        QCOMPARE(c.data(), storage);
        QVERIFY(c == QStringLiteral("s3cret"));
    }

    void holdsUtf8AndGivesItBack()
    {
        const QString text = QStringLiteral("pässwörd-秘密-🔑");
        SecretBuffer buffer(text);
        QCOMPARE(buffer.view(), QByteArrayView(text.toUtf8()));
        QCOMPARE(buffer.toString(), text);
        QVERIFY(buffer == text);
        QVERIFY(!(buffer == QStringLiteral("other")));
        QVERIFY(SecretBuffer().isEmpty());
        QVERIFY(SecretBuffer(QStringView()).isEmpty());
    }

    // clear() overwrites the bytes in place. The check reads through a pointer taken before clear(): the buffer
    // object still owns that storage (clear() keeps it allocated until destruction), so this reads live memory.
    void clearZeroesTheBytesInPlace()
    {
        SecretBuffer buffer(QStringView(u"zero-me-please"));
        const qsizetype capacity = buffer.capacity();
        const char *bytes = buffer.data();
        QCOMPARE(capacity, qsizetype(14));
        buffer.clear();
        QVERIFY(buffer.isEmpty());
        QCOMPARE(buffer.data(), bytes); // still owned
        QCOMPARE(buffer.capacity(), capacity);
        for (qsizetype i = 0; i < capacity; ++i)
            QCOMPARE(bytes[i], '\0');
    }

    // The storage travels with a move and its new owner wipes it. Destruction and assignment wipe through the same
    // clear() before they free (freed memory is not read here).
    void movedStorageIsWipedByItsNewOwner()
    {
        SecretBuffer buffer(QStringView(u"old-secret"));
        const char *bytes = buffer.data();
        SecretBuffer keeper = std::move(buffer);
        QCOMPARE(keeper.data(), bytes);
        keeper.clear();
        for (qsizetype i = 0; i < keeper.capacity(); ++i)
            QCOMPARE(bytes[i], '\0');
        keeper = QStringView(u"new");
        QVERIFY(keeper == QStringLiteral("new"));
    }

    void cloneIsAnIndependentBuffer()
    {
        SecretBuffer a(QStringView(u"shared?"));
        SecretBuffer b = a.clone();
        QVERIFY(a == b);
        QVERIFY(a.data() != b.data());
        a.clear();
        QVERIFY(b == QStringLiteral("shared?"));
    }

    // The hook above sees what is freed: an array freed with the marker in it is counted.
    void freedArraysAreInspected()
    {
        const FreedArrays watch;
        const QByteArray secret = markedSecret();
        static char *volatile escaped = nullptr; // keeps the compiler from leaving the allocation out
        escaped = new char[size_t(secret.size())];
        std::memcpy(escaped, secret.constData(), size_t(secret.size()));
        delete[] escaped;
        QCOMPARE(watch.freed(), 1);
        QCOMPARE(watch.holdingTheMarker(), 1);
    }

    // Destruction, assignment over a held secret and clear-and-refill all free storage that was wiped first.
    void storageIsWipedBeforeItIsFreed()
    {
        const QByteArray secret = markedSecret();
        {
            const FreedArrays watch;
            {
                const SecretBuffer buffer{QByteArrayView(secret)};
                QVERIFY(buffer.view() == QByteArrayView(secret));
            }
            QCOMPARE(watch.freed(), 1);
            QCOMPARE(watch.holdingTheMarker(), 0);
        }
        {
            SecretBuffer held{QByteArrayView(secret)};
            SecretBuffer other{QByteArrayView("other")};
            const FreedArrays watch;
            held = std::move(other);                // the marker's storage goes
            held = SecretBuffer(QStringView(u"x")); // and "other"'s
            QCOMPARE(watch.freed(), 2);
            QCOMPARE(watch.holdingTheMarker(), 0);
        }
        {
            SecretBuffer held{QByteArrayView(secret)};
            const FreedArrays watch;
            held = QStringView(u"replacement");
            QCOMPARE(watch.freed(), 1);
            QCOMPARE(watch.holdingTheMarker(), 0);
        }
    }

    // readFrom() grows its buffer by doubling: every smaller buffer it leaves behind is wiped too.
    void readFromReadsStraightIntoItsBuffer()
    {
        const QByteArray secret = markedSecret(1200); // about 21 KiB: three growth steps from 4 KiB
        QVERIFY(secret.size() > 4 * 4096);
        QBuffer device;
        device.setData(secret);
        QVERIFY(device.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        const FreedArrays watch;
        bool tooLong = true;
        {
            const SecretBuffer read = SecretBuffer::readFrom(device, 64 * 1024, &tooLong);
            QVERIFY(!tooLong);
            QVERIFY(read.view() == QByteArrayView(secret));
        }
        QVERIFY2(watch.freed() >= 3, qPrintable(QString::number(watch.freed())));
        QCOMPARE(watch.holdingTheMarker(), 0);
    }

    void readFromRefusesMoreThanItsLimit()
    {
        const QByteArray secret = markedSecret(10);
        QBuffer device;
        device.setData(secret);
        QVERIFY(device.open(QIODevice::ReadOnly));
        bool tooLong = false;
        const FreedArrays watch;
        QVERIFY(SecretBuffer::readFrom(device, secret.size() - 1, &tooLong).isEmpty());
        QVERIFY(tooLong);
        QCOMPARE(watch.holdingTheMarker(), 0);
        QVERIFY(device.seek(0));
        const SecretBuffer exact = SecretBuffer::readFrom(device, secret.size(), &tooLong);
        QVERIFY(!tooLong);
        QVERIFY(exact.view() == QByteArrayView(secret));
    }

    void chopLineEndsWipesWhatItDrops()
    {
        SecretBuffer buffer{QByteArrayView("s3cret\r\n\n")};
        const char *bytes = buffer.data();
        buffer.chopLineEnds();
        QVERIFY(buffer.view() == QByteArrayView("s3cret"));
        for (int i = 6; i < 9; ++i)
            QCOMPARE(bytes[i], '\0');
        QVERIFY(!buffer.isBlank());
        QVERIFY(SecretBuffer(QByteArrayView(" \t\r\n")).isBlank());
        QVERIFY(SecretBuffer().isBlank());
    }

    void trimDropsSurroundingWhitespaceAndWipesIt()
    {
        SecretBuffer buffer{QByteArrayView(" \t s3 cret\t\r\n")};
        const char *bytes = buffer.data();
        buffer.trim();
        QVERIFY(buffer.view() == QByteArrayView("s3 cret"));
        QCOMPARE(buffer.data(), bytes); // in place, no second buffer
        for (int i = 7; i < 13; ++i)
            QCOMPARE(bytes[i], '\0');
        SecretBuffer blank{QByteArrayView(" \n\n")};
        blank.trim();
        QVERIFY(blank.isEmpty());
        SecretBuffer untouched{QByteArrayView("abc")};
        untouched.trim();
        QVERIFY(untouched.view() == QByteArrayView("abc"));
    }

    void takeFromBytesEmptiesTheSource()
    {
        QByteArray value = QByteArray("env-") + "secret"; // its own storage, as qgetenv returns it
        const SecretBuffer buffer = SecretBuffer::takeFrom(value);
        QVERIFY(value.isEmpty());
        QVERIFY(buffer.view() == QByteArrayView("env-secret"));
        // A copy that shared the source is another owner's and stays as it was.
        QByteArray source = QByteArray("shared-") + "secret";
        const QByteArray sharer = source;
        const SecretBuffer again = SecretBuffer::takeFrom(source);
        QCOMPARE(sharer, QByteArray("shared-secret"));
        QVERIFY(again.view() == QByteArrayView("shared-secret"));
    }

    // wipeInPlace() overwrites the storage every sharer sees, a QLineEdit's or a library's: the sharer kept here
    // watches it happen. The whole allocation goes, including what a shorter value left behind its end.
    void wipeInPlaceReachesEverySharer()
    {
        QString owner = QString::fromLatin1("field-text-XY");
        owner.chop(2); // "XY" stays in the allocation, behind the end
        const QString handedOut = owner;
        const QChar *chars = owner.constData();
        QCOMPARE(chars[12], QLatin1Char('Y'));
        wipeInPlace(handedOut);
        QCOMPARE(owner.size(), 11);
        for (int i = 0; i < 13; ++i)
            QCOMPARE(chars[i].unicode(), char16_t(0));

        QByteArray bytes = QByteArray("keychain-") + "data-Z";
        bytes.chop(1);
        const QByteArray copy = bytes;
        const char *data = bytes.constData();
        wipeInPlace(copy);
        for (int i = 0; i < 15; ++i)
            QCOMPARE(data[i], '\0');
    }

    void wipeInPlaceLeavesStaticDataAlone()
    {
        const QString literal = QStringLiteral("literal");
        wipeInPlace(literal);
        QCOMPARE(literal, QStringLiteral("literal"));
        static const char raw[] = "raw-data";
        const QByteArray view = QByteArray::fromRawData(raw, 8);
        wipeInPlace(view);
        QCOMPARE(view, QByteArray("raw-data"));
        wipeInPlace(QString());
        wipeInPlace(QByteArray());
    }

    // The QString and QByteArray made from a buffer never share its storage: wiping the buffer leaves them
    // unchanged, and changing them leaves the buffer unchanged. rawView() is the one view that does share, by design.
    void noQtCopySharesTheStorage()
    {
        SecretBuffer buffer(QStringView(u"not-shared"));
        const QString text = buffer.toString();
        QByteArray bytes = buffer.view().toByteArray();
        QVERIFY(bytes.constData() != buffer.data());
        bytes[0] = 'X';
        QVERIFY(buffer == QStringLiteral("not-shared"));
        const QByteArray raw = buffer.rawView();
        QCOMPARE(raw.constData(), buffer.data()); // a view without a copy, for readers such as JwtSigner::fromPem
        buffer.clear();
        QCOMPARE(text, QStringLiteral("not-shared"));
        QCOMPARE(raw.at(0), '\0'); // the view sees the wipe: it is the buffer's own storage
    }
};

QTEST_GUILESS_MAIN(TestSecretBuffer)
#include "tst_secretbuffer.moc"
