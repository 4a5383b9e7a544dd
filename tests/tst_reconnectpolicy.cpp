// ReconnectPolicy is pure: every test drives it with seeds and made-up times, no timers.

#include "reconnectpolicy.h"

#include <QTest>

#include <algorithm>
#include <limits>
#include <vector>

class tst_ReconnectPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void windowDoublesUpToTheCap_data();
    void windowDoublesUpToTheCap();
    void delaysStayInsideTheWindow_data();
    void delaysStayInsideTheWindow();
    void floorRaisesShortDelays();
    void capHoldsForHugeAttemptNumbers();
    void sameSeedGivesTheSameSequence();
    void differentSeedsGiveDifferentSequences();
    void stableConnectionResetsTheBackoff_data();
    void stableConnectionResetsTheBackoff();
    void resetStartsOver();
    void restartedClientsSpreadTheirFirstRetry();
};

void tst_ReconnectPolicy::windowDoublesUpToTheCap_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("windowMs");
    QTest::newRow("the first retry waits up to the base") << 0 << qint64(1000);
    QTest::newRow("the second retry waits up to twice the base") << 1 << qint64(2000);
    QTest::newRow("the fifth retry waits up to 16 times the base") << 4 << qint64(16000);
    QTest::newRow("the sixth retry is held at the cap") << 5 << qint64(30000);
    QTest::newRow("retry 1000 is held at the cap") << 1000 << qint64(30000);
    QTest::newRow("the largest attempt number is held at the cap")
        << std::numeric_limits<int>::max() << qint64(30000);
}

void tst_ReconnectPolicy::windowDoublesUpToTheCap()
{
    QFETCH(int, attempt);
    QFETCH(qint64, windowMs);
    QCOMPARE(ReconnectPolicy::windowMs(attempt, {}), windowMs);
}

void tst_ReconnectPolicy::delaysStayInsideTheWindow_data()
{
    QTest::addColumn<qint64>("baseMs");
    QTest::addColumn<qint64>("capMs");
    QTest::newRow("default base and cap") << qint64(1000) << qint64(30000);
    QTest::newRow("a small base and a small cap") << qint64(10) << qint64(250);
    QTest::newRow("a base above the cap is cut to the cap") << qint64(5000) << qint64(2000);
}

void tst_ReconnectPolicy::delaysStayInsideTheWindow()
{
    QFETCH(qint64, baseMs);
    QFETCH(qint64, capMs);
    const ReconnectPolicy::Settings settings{baseMs, capMs, 10000};
    for (quint32 seed = 1; seed <= 50; ++seed) {
        ReconnectPolicy policy(seed, settings);
        for (int attempt = 0; attempt < 40; ++attempt) {
            const qint64 window = std::min(capMs, ReconnectPolicy::windowMs(attempt, settings));
            const qint64 delay = policy.nextDelayMs();
            QVERIFY2(
                delay >= 0 && delay <= window,
                qPrintable(
                    QStringLiteral("attempt %1: %2 outside [0, %3]").arg(attempt).arg(delay).arg(window)));
        }
    }
}

void tst_ReconnectPolicy::floorRaisesShortDelays()
{
    ReconnectPolicy policy(7);
    for (int i = 0; i < 200; ++i) {
        policy.reset();
        QVERIFY(policy.nextDelayMs(5000) >= 5000); // the first window is only 1 s wide
    }
    // A floor above the cap still wins: the server asked for it.
    ReconnectPolicy capped(7, {1000, 2000, 10000});
    QCOMPARE(capped.nextDelayMs(60000), qint64(60000));
}

void tst_ReconnectPolicy::capHoldsForHugeAttemptNumbers()
{
    ReconnectPolicy policy(42);
    qint64 largest = 0;
    for (int i = 0; i < 1000; ++i)
        largest = std::max(largest, policy.nextDelayMs());
    QCOMPARE(policy.attempt(), 1000);
    QVERIFY(largest <= 30000);
    QVERIFY(largest > 15000); // full jitter over the capped window, not stuck near zero
}

void tst_ReconnectPolicy::sameSeedGivesTheSameSequence()
{
    ReconnectPolicy first(1234);
    ReconnectPolicy second(1234);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(first.nextDelayMs(), second.nextDelayMs());
}

void tst_ReconnectPolicy::differentSeedsGiveDifferentSequences()
{
    ReconnectPolicy first(1);
    ReconnectPolicy second(2);
    std::vector<qint64> a, b;
    for (int i = 0; i < 10; ++i) {
        a.push_back(first.nextDelayMs());
        b.push_back(second.nextDelayMs());
    }
    QVERIFY(a != b);
}

void tst_ReconnectPolicy::stableConnectionResetsTheBackoff_data()
{
    QTest::addColumn<qint64>("openForMs");
    QTest::addColumn<int>("attemptAfterClose");
    QTest::newRow("a connection open for 10 s starts over") << qint64(10000) << 0;
    QTest::newRow("a connection open for an hour starts over") << qint64(3600000) << 0;
    QTest::newRow("a connection that flapped after 2 s keeps backing off") << qint64(2000) << 5;
    QTest::newRow("a connection closed the moment it opened keeps backing off") << qint64(0) << 5;
}

void tst_ReconnectPolicy::stableConnectionResetsTheBackoff()
{
    QFETCH(qint64, openForMs);
    QFETCH(int, attemptAfterClose);
    ReconnectPolicy policy(3);
    for (int i = 0; i < 5; ++i)
        policy.nextDelayMs();
    const qint64 openedAt = 1'000'000;
    policy.connectionOpened(openedAt);
    policy.connectionClosed(openedAt + openForMs);
    QCOMPARE(policy.attempt(), attemptAfterClose);
}

void tst_ReconnectPolicy::resetStartsOver()
{
    ReconnectPolicy policy(9);
    for (int i = 0; i < 8; ++i)
        policy.nextDelayMs();
    policy.reset();
    QCOMPARE(policy.attempt(), 0);
    QVERIFY(policy.nextDelayMs() <= 1000);
    // A close without an open before it (a handshake that failed) never counts as stable.
    policy.connectionClosed(1'000'000'000);
    QCOMPARE(policy.attempt(), 1);
}

// A server restart cuts 500 clients at the same instant. Full jitter must spread their first retries
// over the whole window rather than bunch them, or the restarted server is stampeded.
void tst_ReconnectPolicy::restartedClientsSpreadTheirFirstRetry()
{
    constexpr int clients = 500;
    constexpr qint64 window = 1000;
    constexpr int bucketMs = 100;
    std::vector<int> buckets(window / bucketMs + 1, 0);
    qint64 earliest = window;
    qint64 latest = 0;
    for (quint32 seed = 0; seed < clients; ++seed) {
        ReconnectPolicy policy(seed * 2654435761u + 17);
        const qint64 delay = policy.nextDelayMs();
        ++buckets[size_t(delay / bucketMs)];
        earliest = std::min(earliest, delay);
        latest = std::max(latest, delay);
    }
    const int busiest = *std::max_element(buckets.begin(), buckets.end());
    // Evenly spread, a 100 ms bucket holds 10% (50 clients); allow for chance, not for bunching.
    QVERIFY2(busiest <= clients * 15 / 100, qPrintable(QString::number(busiest)));
    QVERIFY2(latest - earliest >= window * 9 / 10,
             qPrintable(QStringLiteral("%1..%2").arg(earliest).arg(latest)));
}

QTEST_GUILESS_MAIN(tst_ReconnectPolicy)
#include "tst_reconnectpolicy.moc"
