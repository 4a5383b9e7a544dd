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
