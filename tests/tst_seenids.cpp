#include "seenids.h"

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
