#include "seenids.h"

#include "chatmessage.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestSeenIds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dropsAnIdSeenBefore_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("second");
        QTest::addColumn<bool>("duplicate");
        QTest::newRow("the same number") << u"42"_s << u"42"_s << true;
        QTest::newRow("two numbers") << u"42"_s << u"43"_s << false;
        QTest::newRow("the same negative number") << u"-7"_s << u"-7"_s << true;
        QTest::newRow("a number and its negative") << u"7"_s << u"-7"_s << false;
        QTest::newRow("a number and the same digits with a leading zero") << u"7"_s << u"07"_s << false;
        QTest::newRow("a number and the same with a plus") << u"7"_s << u"+7"_s << false;
        QTest::newRow("zero and minus zero") << u"0"_s << u"-0"_s << false;
        QTest::newRow("the same text id") << u"a1b2"_s << u"a1b2"_s << true;
        QTest::newRow("two text ids") << u"a1b2"_s << u"a1b3"_s << false;
        QTest::newRow("a number too long to be one")
            << u"1234567890123456789"_s << u"1234567890123456789"_s << true;
        QTest::newRow("the largest number kept as one")
            << u"999999999999999999"_s << u"999999999999999999"_s << true;
        // Ids as WireCodec gives them for JSON numbers written other than as a 64-bit integer.
        QTest::newRow("1e300 and 2e300") << u"1e300"_s << u"2e300"_s << false;
        QTest::newRow("1.5 and 2.5") << u"1.5"_s << u"2.5"_s << false;
        QTest::newRow("two integers past 64 bits")
            << u"18446744073709551616"_s << u"18446744073709551617"_s << false;
        QTest::newRow("the same integer past 64 bits")
            << u"18446744073709551616"_s << u"18446744073709551616"_s << true;
        QTest::newRow("1000 and 1e3") << u"1000"_s << u"1e3"_s << false;
        QTest::newRow("the same exponent") << u"1e300"_s << u"1e300"_s << true;
    }

    void dropsAnIdSeenBefore()
    {
        QFETCH(QString, first);
        QFETCH(QString, second);
        QFETCH(bool, duplicate);
        SeenIds seen;
        QVERIFY(!seen.contains(first));
        QVERIFY(seen.insert(first));
        QVERIFY(seen.contains(first));
        QCOMPARE(seen.contains(second), duplicate);
        QCOMPARE(seen.insert(second), !duplicate);
        QCOMPARE(seen.size(), duplicate ? 1 : 2);
    }

    // Issue 13: frames whose number ids were one 64-bit integer or one double all pass now.
    void keepsMessagesWithLookalikeNumberIdsApart()
    {
        const QStringList ids{
            u"1e300"_s, u"2e300"_s, u"1.5"_s, u"2.5"_s, u"18446744073709551616"_s, u"18446744073709551617"_s,
            u"1000"_s,  u"1e3"_s,   u"7"_s,   u"7"_s};
        SeenIds seen;
        int passed = 0;
        for (const QString &id : ids) {
            const QString frame = u"{\"message\":\"m\",\"id\":%1}"_s.arg(id);
            for (const IncomingFrame &decoded : {WireCodec::decode(frame), WireCodec::decodeReference(frame)})
                QCOMPARE(decoded.message.id, id);
            passed += seen.insert(WireCodec::decode(frame).message.id) ? 1 : 0;
        }
        QCOMPARE(passed, 9); // the second 7 is the only duplicate
        // A string "7" is the number 7's id, as it always was: both are the text "7".
        QVERIFY(!seen.insert(WireCodec::decode(u"{\"message\":\"m\",\"id\":\"7\"}"_s).message.id));
    }

    // Issue 13: a flood of new ids must not grow the set without end; only the newest are kept.
    void keepsOnlyTheNewestIds_data()
    {
        QTest::addColumn<int>("window");
        QTest::addColumn<QStringList>("seen");
        QTest::addColumn<QString>("probe");
        QTest::addColumn<bool>("duplicate");
        const QStringList four{u"1"_s, u"2"_s, u"3"_s, u"4"_s};
        QTest::newRow("the oldest id is forgotten once the window is full") << 3 << four << u"1"_s << false;
        QTest::newRow("a recent id is still a duplicate") << 3 << four << u"2"_s << true;
        QTest::newRow("the newest id is a duplicate") << 3 << four << u"4"_s << true;
        QTest::newRow("nothing is forgotten before the window is full") << 4 << four << u"1"_s << true;
        QTest::newRow("text and number ids share one window, oldest first")
            << 2 << QStringList{u"a1"_s, u"1"_s, u"b2"_s} << u"a1"_s << false;
        QTest::newRow("a number id after a text id is still kept")
            << 2 << QStringList{u"a1"_s, u"1"_s, u"b2"_s} << u"1"_s << true;
        QTest::newRow("a duplicate takes no place in the window")
            << 2 << QStringList{u"1"_s, u"2"_s, u"2"_s, u"2"_s} << u"1"_s << true;
        QTest::newRow("a forgotten id seen again is kept again")
            << 2 << QStringList{u"1"_s, u"2"_s, u"3"_s, u"1"_s} << u"1"_s << true;
    }

    void keepsOnlyTheNewestIds()
    {
        QFETCH(int, window);
        QFETCH(QStringList, seen);
        QFETCH(QString, probe);
        QFETCH(bool, duplicate);
        SeenIds ids(window);
        for (const QString &id : seen)
            ids.insert(id);
        QVERIFY(ids.size() <= window);
        QCOMPARE(ids.contains(probe), duplicate);
        QCOMPARE(ids.insert(probe), !duplicate);
    }

    void aFloodOfNewIdsStaysInsideTheWindow()
    {
        constexpr int Window = 1000;
        SeenIds ids(Window);
        for (int n = 0; n < 200000; ++n)
            QVERIFY(ids.insert(n % 2 ? QString::number(n) : u"t%1"_s.arg(n)));
        QCOMPARE(ids.size(), Window);
        QVERIFY(ids.contains(u"199999"_s));
        QVERIFY(ids.contains(u"t199000"_s));
        QVERIFY(!ids.contains(u"t198998"_s));
        QCOMPARE(SeenIds().window(), SeenIds::DefaultWindow);
    }

    void neverDropsAMessageWithoutAnId()
    {
        SeenIds seen;
        QVERIFY(seen.insert(QString()));
        QVERIFY(seen.insert(QString()));
        QCOMPARE(seen.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSeenIds)
#include "tst_seenids.moc"
