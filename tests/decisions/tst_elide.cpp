// elide(): how much of a value from outside a message quotes (core/util/Elide.h). Messages in the rules, the
// workspace loader, the validation and the CLI quote names, URLs and server answers through it.
#include "core/util/Elide.h"

#include <QLocale>
#include <QTest>

using namespace cmic;

namespace {

// U+1F511 (a key): two UTF-16 units. Built from its code point; escape sequences in literals confuse moc 6.4.
QString key()
{
    const char32_t codePoint = 0x1F511;
    return QString::fromUcs4(&codePoint, 1);
}

// The suffix elide() adds for a value of |characters| characters.
QString lengthSaid(qsizetype characters)
{
    return QChar(0x2026) + QStringLiteral(" (%1 characters)").arg(QLocale().toString(qlonglong(characters)));
}

} // namespace

class TestElide : public QObject
{
    Q_OBJECT

private slots:
    void keepsValuesUpToTheLimit()
    {
        QCOMPARE(kQuotedValueLimit, qsizetype(200));
        QCOMPARE(elide(QString()), QString());
        QCOMPARE(elide(QStringLiteral("Payroll sync")), QStringLiteral("Payroll sync"));
        const QString exactly(kQuotedValueLimit, QLatin1Char('x'));
        QCOMPARE(elide(exactly), exactly);
        // Nothing is copied for a short value.
        QCOMPARE(elide(exactly).constData(), exactly.constData());
    }

    void cutsLongValuesAndSaysTheirLength()
    {
        const QString value = QString(kQuotedValueLimit, QLatin1Char('a')) + QString(1000, QLatin1Char('b'));
        const QString shown = elide(value);
        QCOMPARE(shown, QString(kQuotedValueLimit, QLatin1Char('a')) + lengthSaid(value.size()));
        QVERIFY(shown.endsWith(QStringLiteral(" characters)")));
        QCOMPARE(elide(QStringLiteral("abcdef"), 3), QStringLiteral("abc") + lengthSaid(6));
    }

    // 3 MiB become a line a person can read.
    void boundsAMultiMegabyteValue()
    {
        const QString huge(3 * 1024 * 1024, QLatin1Char('N'));
        const QString shown = elide(huge);
        QVERIFY2(shown.size() < 2 * kQuotedValueLimit, qPrintable(QString::number(shown.size())));
        QVERIFY(shown.contains(QLocale().toString(qlonglong(huge.size()))));
    }

    // A cut between the two halves of a surrogate pair would leave a lone surrogate (invalid UTF-16, and "?" or
    // worse on a terminal): the cut moves before the pair, and the pair counts as one character.
    void neverSplitsASurrogatePair_data()
    {
        QTest::addColumn<int>("max");
        QTest::addColumn<int>("kept");
        // "ab", the key (two UTF-16 units), "cd"
        QTest::newRow("cut before the pair") << 2 << 2;
        QTest::newRow("cut inside the pair") << 3 << 2;
        QTest::newRow("cut after the pair") << 4 << 4;
    }
    void neverSplitsASurrogatePair()
    {
        QFETCH(int, max);
        QFETCH(int, kept);
        const QString value = QStringLiteral("ab") + key() + QStringLiteral("cd");
        QCOMPARE(value.size(), 6);
        const QString shown = elide(value, max);
        QCOMPARE(shown, value.left(kept) + lengthSaid(5)); // 5 characters: the key is one
        for (qsizetype i = 0; i < shown.size(); ++i) {
            const QChar c = shown.at(i);
            if (c.isHighSurrogate())
                QVERIFY(i + 1 < shown.size() && shown.at(i + 1).isLowSurrogate());
            if (c.isLowSurrogate())
                QVERIFY(i > 0 && shown.at(i - 1).isHighSurrogate());
        }
    }

    void countsCharactersNotUnits()
    {
        QString keys;
        for (int i = 0; i < 300; ++i)
            keys += key();
        QCOMPARE(keys.size(), 600);
        const QString shown = elide(keys);
        QVERIFY(shown.endsWith(lengthSaid(300)));
        QCOMPARE(shown.left(kQuotedValueLimit), keys.left(kQuotedValueLimit)); // 200 units: 100 whole keys
    }
};

QTEST_GUILESS_MAIN(TestElide)
#include "tst_elide.moc"
