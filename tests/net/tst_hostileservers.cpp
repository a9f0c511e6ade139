// Servers that misbehave on purpose cost the console a bounded amount of memory and time, are told apart from
// each other in what the admin reads, and never spoil the next, healthy exchange of the same run (issue 9,
// items 10-14). Peak memory is read from /proc/self/status (VmHWM), reset before each case through
// /proc/self/clear_refs, so each case measures itself.
#include "FaultServer.h"
#include "PeakMemory.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"

#include <QElapsedTimer>
#include <QTest>

using namespace cmic::net;
using namespace cmic::testing;

namespace {

HttpRequestSpec get(const QUrl &url)
{
    HttpRequestSpec spec;
    spec.url = url;
    return spec;
}

constexpr qint64 kMemoryBudgetKiB = 64 * 1024;
constexpr int kTimeoutMs = 4000;

} // namespace

class TestHostileServers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(resetPeak(), "/proc/self/clear_refs must accept \"5\" (Linux 4.0 or later)"); }

    void floodsCostBoundedMemoryAndSpoilNothing_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("expected");
        QTest::newRow("endless chunked body") << int(Fault::EndlessChunked) << toString(NetErrorKind::TooLarge);
        QTest::newRow("1-byte chunks") << int(Fault::OneByteChunks) << toString(NetErrorKind::TooLarge);
        QTest::newRow("endless unframed body") << int(Fault::EndlessUnframed) << toString(NetErrorKind::TooLarge);
        QTest::newRow("header flood") << int(Fault::HeaderFlood) << toString(NetErrorKind::TooLarge);
        QTest::newRow("100 Continue flood") << int(Fault::ContinueFlood) << toString(NetErrorKind::Protocol);
    }

    void floodsCostBoundedMemoryAndSpoilNothing()
    {
        QFETCH(int, fault);
        QFETCH(QString, expected);
        FaultServer hostile{Fault(fault)};
        FaultServer healthy(Fault::Healthy);
        QVERIFY(hostile.isListening() && healthy.isListening());

        HttpPolicy policy;
        policy.setTimeoutMs(kTimeoutMs);
        QVERIFY(resetPeak());
        const qint64 baseline = statusKiB("VmRSS");
        QElapsedTimer clock;
        clock.start();
        const HttpResult flooded = HttpClient(policy).run(get(hostile.url(QStringLiteral("/jwks"))));
        const qint64 floodMs = clock.elapsed();
        const qint64 peak = statusKiB("VmHWM");
        qInfo("%s: %s after %lld ms, peak %lld KiB above baseline", QTest::currentDataTag(),
              qPrintable(toString(flooded.error)), floodMs, peak - baseline);
        QCOMPARE(toString(flooded.error), expected);
        QVERIFY(!flooded.message.isEmpty() && !flooded.fix.isEmpty());
        QVERIFY2(peak - baseline < kMemoryBudgetKiB,
                 qPrintable(QStringLiteral("peak %1 KiB above baseline").arg(peak - baseline)));
        // The exchange's deadline holds (a watchdog against a flood that starves the timer, not a speed target).
        QVERIFY2(floodMs < 3 * kTimeoutMs, qPrintable(QString::number(floodMs)));
        QVERIFY(flooded.body.size() <= policy.maxResponseBytes());

        // The next exchange of the same run, on another server, is judged on its own.
        clock.restart();
        const HttpResult next = HttpClient(policy).run(get(healthy.url(QStringLiteral("/keys"))));
        QVERIFY2(next.ok, qPrintable(next.message));
        QCOMPARE(next.json.object().value(QLatin1String("ok")).toBool(), true);
        QVERIFY2(clock.elapsed() < kTimeoutMs, qPrintable(QString::number(clock.elapsed())));

        // And the hostile connection is closed, not left streaming into a buffer nobody reads.
        QTRY_COMPARE_WITH_TIMEOUT(hostile.disconnections(), hostile.connections(), 5000);
    }

    void cancelClosesTheConnection()
    {
        FaultServer hostile(Fault::EndlessChunked);
        QVERIFY(hostile.isListening());
        HttpPolicy policy;
        policy.setMaxResponseBytes(qint64(1) << 40); // only the cancel stops it
        policy.setTimeoutMs(60000);
        bool finished = false;
        NetErrorKind kind = NetErrorKind::None;
        HttpJob *job = HttpClient(policy).start(get(hostile.url()), [&](const HttpResult &result) {
            finished = true;
            kind = result.error;
        });
        QTRY_COMPARE_WITH_TIMEOUT(hostile.connections(), 1, 5000);
        QTest::qWait(200); // streaming
        QVERIFY(resetPeak());
        const qint64 baseline = statusKiB("VmRSS");
        job->cancel();
        QVERIFY(finished);
        QCOMPARE(toString(kind), toString(NetErrorKind::Cancelled));
        QTRY_COMPARE_WITH_TIMEOUT(hostile.disconnections(), 1, 5000);
        QTest::qWait(500); // nothing keeps reading after the cancel
        const qint64 peak = statusKiB("VmHWM");
        QVERIFY2(peak - baseline < kMemoryBudgetKiB, qPrintable(QString::number(peak - baseline)));
    }

    void brokenBodiesAreNamedForWhatTheyAre_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("wording");
        QTest::newRow("cut short") << int(Fault::Truncated) << toString(NetErrorKind::Truncated)
                                   << QStringLiteral("cut short");
        QTest::newRow("undecodable") << int(Fault::Undecodable) << toString(NetErrorKind::Undecodable)
                                     << QStringLiteral("could not be decoded");
    }

    void brokenBodiesAreNamedForWhatTheyAre()
    {
        QFETCH(int, fault);
        QFETCH(QString, expected);
        QFETCH(QString, wording);
        FaultServer server{Fault(fault)};
        QVERIFY(server.isListening());
        HttpPolicy policy;
        policy.setTimeoutMs(kTimeoutMs);
        const HttpResult result = HttpClient(policy).run(get(server.url(QStringLiteral("/jwks"))));
        QCOMPARE(toString(result.error), expected);
        QVERIFY2(result.message.contains(wording), qPrintable(result.message));
        QVERIFY(!result.message.contains(QLatin1String("JSON")));
        QVERIFY(!result.fix.isEmpty());
        QCOMPARE(result.status, 200);
    }

    void silentServerTimesOutOnItsOwn()
    {
        FaultServer silent(Fault::SilentHold);
        FaultServer healthy(Fault::Healthy);
        HttpPolicy policy;
        policy.setTimeoutMs(1000);
        const HttpResult held = HttpClient(policy).run(get(silent.url()));
        QCOMPARE(toString(held.error), toString(NetErrorKind::Timeout));
        const HttpResult next = HttpClient(policy).run(get(healthy.url()));
        QVERIFY2(next.ok, qPrintable(next.message));
    }
};

QTEST_GUILESS_MAIN(TestHostileServers)
#include "tst_hostileservers.moc"
