#include "core/storage/SecretBuffer.h"

#include <QTest>

#include <type_traits>
#include <utility>

using namespace cmic;

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
