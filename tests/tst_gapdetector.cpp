// GapDetector: when the first message of a join says that its history missed some.
#include "gapdetector.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestGapDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theFirstMessageOfAJoinDecides_data()
    {
        QTest::addColumn<QStringList>("known");   // ids the room had before the join
        QTest::addColumn<QStringList>("history"); // ids of the join, "+" before the ones already known
        QTest::addColumn<qint64>("firstAfterMs"); // when the first one came, after the join
        QTest::addColumn<QString>("gapBefore");   // empty: no gap
        QTest::newRow("history that overlaps what we had: no gap")
            << QStringList{u"5"_s, u"6"_s} << QStringList{u"+5"_s, u"+6"_s, u"7"_s} << qint64(10)
            << QString();
        QTest::newRow("history that starts after our newest: a gap before its first")
            << QStringList{u"5"_s, u"6"_s} << QStringList{u"9"_s, u"10"_s} << qint64(10) << u"9"_s;
        QTest::newRow("the very next id is still no proof: a gap") // ids may be shared by rooms
            << QStringList{u"6"_s} << QStringList{u"7"_s} << qint64(10) << u"7"_s;
        QTest::newRow("new messages older than our newest reach back past it: no gap")
            << QStringList{u"50"_s} << QStringList{u"40"_s, u"+50"_s, u"51"_s} << qint64(10) << QString();
        QTest::newRow("nothing known before: nothing can be missing")
            << QStringList{} << QStringList{u"9"_s} << qint64(10) << QString();
        QTest::newRow("a first message long after the join is live, not history")
            << QStringList{u"5"_s} << QStringList{u"9"_s} << qint64(GapDetector::HistoryWindowMs + 1)
            << QString();
        QTest::newRow("string ids: a new one first is a gap")
            << QStringList{u"a1"_s} << QStringList{u"b7"_s} << qint64(10) << u"b7"_s;
        QTest::newRow("a first message without an id cannot place a gap")
            << QStringList{u"5"_s} << QStringList{u""_s, u"9"_s} << qint64(10) << QString();
    }

    void theFirstMessageOfAJoinDecides()
    {
        QFETCH(QStringList, known);
        QFETCH(QStringList, history);
        QFETCH(qint64, firstAfterMs);
        QFETCH(QString, gapBefore);
        GapDetector gaps;
        for (const QString &id : known)
            gaps.noteKnown(id);
        gaps.joined(1000);
        QStringList found;
        for (const QString &entry : history) {
            const bool knownAlready = entry.startsWith(u'+');
            if (const auto gap =
                    gaps.onMessage(knownAlready ? entry.mid(1) : entry, knownAlready, 1000 + firstAfterMs))
                found << *gap;
        }
        QCOMPARE(found, gapBefore.isEmpty() ? QStringList() : QStringList{gapBefore});
    }

    void eachJoinIsCheckedAgainstWhatCameBeforeIt()
    {
        GapDetector gaps;
        gaps.noteKnown(u"3"_s);
        gaps.joined(0);
        QCOMPARE(gaps.onMessage(u"3"_s, true, 1), std::nullopt);
        QCOMPARE(gaps.onMessage(u"4"_s, false, 2), std::nullopt); // only the first decides
        QCOMPARE(gaps.newestKnown(), u"4"_s);
        gaps.joined(100); // a rejoin that missed 5..8
        QCOMPARE(gaps.onMessage(u"9"_s, false, 101), std::optional(u"9"_s));
        QCOMPARE(gaps.onMessage(u"10"_s, false, 102), std::nullopt);
        gaps.noteKnown(u"7"_s); // an older page (scroll-back) does not move the newest
        QCOMPARE(gaps.newestKnown(), u"10"_s);
    }
};

QTEST_GUILESS_MAIN(TestGapDetector)
#include "tst_gapdetector.moc"
