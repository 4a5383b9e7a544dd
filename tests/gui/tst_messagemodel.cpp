#include "chatview.h"
#include "messagemodel.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
ChatMessage message(const QString &id, const QString &clientId, const QString &user, const QString &text)
{
    ChatMessage m;
    m.id = id;
    m.clientId = clientId;
    m.user = user;
    m.text = text;
    m.createdAtText = u"2026-11-23T10:00:00Z"_s;
    m.createdAt = QDateTime::fromString(m.createdAtText, Qt::ISODate);
    return m;
}
} // namespace

class TestMessageModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ownMessageIsSettledInPlaceByItsEcho()
    {
        MessageModel model(u"alice"_s);
        model.addPending(u"c1"_s, u"hi"_s);
        QVERIFY(model.index(0).data(MessageModel::PendingRole).toBool());
        QCOMPARE(model.index(0).data(MessageModel::TimeRole).toString(), u"sending…"_s);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.addReceived(message(u"7"_s, u"c1"_s, u"alice"_s, u"hi"_s));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(inserted.size(), 0);
        QVERIFY(!model.index(0).data(MessageModel::PendingRole).toBool());
        QVERIFY(model.index(0).data(MessageModel::OwnRole).toBool());
    }

    void aMessageTooLargeToShowIsAPlaceholder()
    {
        // The size is written the user's way; this test reads it the English way.
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        const auto restore = qScopeGuard([before] { QLocale::setDefault(before); });
        MessageModel model(u"alice"_s);
        ChatMessage huge = message(u"1"_s, {}, u"bob"_s, {});
        huge.omittedBytes = 2 * 1024 * 1024;
        model.addReceived(huge);
        model.addReceived(message(u"2"_s, {}, u"bob"_s, u"hi"_s));
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex placeholder = model.index(0);
        QCOMPARE(placeholder.data().toString(), u"a message too large to show (2.0 MiB)"_s);
        QVERIFY(placeholder.data(MessageModel::OmittedRole).toBool());
        QCOMPARE(placeholder.data(MessageModel::UserRole).toString(), u"bob"_s);
        QCOMPARE(placeholder.data(MessageModel::CreatedAtRole).toDateTime(), huge.createdAt);
        QVERIFY(!placeholder.data(MessageModel::DaySeparatorRole).toString().isEmpty());
        QCOMPARE(model.index(1).data().toString(), u"hi"_s);
        QVERIFY(!model.index(1).data(MessageModel::OmittedRole).toBool());
    }

    void failedMessageCanBeRetriedOrDeleted()
    {
        MessageModel model(u"alice"_s);
        model.addPending(u"c1"_s, u"too big"_s);
        model.addPending(u"c2"_s, u"fine"_s);
        model.markFailed(u"c1"_s, u"a message was too large for the server (close code 1009)"_s);
        QVERIFY(model.index(0).data(MessageModel::FailedRole).toBool());
        QVERIFY(model.index(0).data(MessageModel::TimeRole).toString().contains(u"1009"_s));
        model.markPending(u"c1"_s);
        QVERIFY(!model.index(0).data(MessageModel::FailedRole).toBool());
        model.markFailed(u"c1"_s, u"again"_s);
        model.removeMessage(u"c1"_s);
        QCOMPARE(model.rowCount(), 1);
        model.addReceived(message(u"9"_s, u"c2"_s, u"alice"_s, u"fine"_s)); // the index survived the removal
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.index(0).data(MessageModel::PendingRole).toBool());
    }

    void aSettledMessageCannotBeFailedOrDeleted()
    {
        MessageModel model(u"alice"_s);
        model.addPending(u"c1"_s, u"hi"_s);
        model.addReceived(message(u"1"_s, u"c1"_s, u"alice"_s, u"hi"_s));
        model.markFailed(u"c1"_s, u"late"_s);
        model.removeMessage(u"c1"_s);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.index(0).data(MessageModel::FailedRole).toBool());
    }

    // Issue 13 item 3: the mark of a message the outbox file refused goes when the file takes it,
    // when the server's echo settles it, or with the message; a settled message is never marked.
    void aMessageNotSavedIsMarkedUntilSavedSettledOrDeleted()
    {
        MessageModel model(u"alice"_s);
        model.addPending(u"c1"_s, u"saved later"_s);
        model.addPending(u"c2"_s, u"echoed first"_s);
        model.addPending(u"c3"_s, u"deleted"_s);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (const QString &id : {u"c1"_s, u"c2"_s, u"c3"_s})
            model.markNotSaved(id);
        model.markNotSaved(u"c1"_s); // reported once, marked once
        QCOMPARE(changed.size(), 3);
        QCOMPARE(model.notSavedCount(), 3);
        for (int row = 0; row < 3; ++row)
            QVERIFY(!model.index(row).data(MessageModel::NotSavedRole).toString().isEmpty());

        model.markSaved(u"c1"_s);
        QCOMPARE(model.index(0).data(MessageModel::NotSavedRole).toString(), QString());
        model.addReceived(message(u"2"_s, u"c2"_s, u"alice"_s, u"echoed first"_s));
        QCOMPARE(model.index(1).data(MessageModel::NotSavedRole).toString(), QString());
        model.markFailed(u"c3"_s, u"refused"_s);
        QVERIFY(
            !model.index(2).data(MessageModel::NotSavedRole).toString().isEmpty()); // failed, still unsaved
        model.removeMessage(u"c3"_s);
        QCOMPARE(model.notSavedCount(), 0);

        model.markNotSaved(u"c2"_s); // settled: the server has it
        model.markNotSaved(u"unknown"_s);
        QCOMPARE(model.notSavedCount(), 0);
        QCOMPARE(model.index(1).data(MessageModel::NotSavedRole).toString(), QString());
    }

    void burstsAreInsertedInBatches()
    {
        constexpr int Bursts = 100;
        constexpr int PerBurst = 1000;
        MessageModel model(u"alice"_s);
        model.setMaxRows(1 + Bursts * PerBurst); // all of them: this is about batches, not the cap
        model.addPending(u"mine"_s, u"mine"_s);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (int burst = 0; burst < Bursts; ++burst) {
            for (int i = 0; i < PerBurst; ++i) {
                const int n = burst * PerBurst + i;
                model.queueReceived(message(QString::number(n), {}, u"bob"_s, u"message %1"_s.arg(n)));
                if (n == 500) // the echo of our own message, in the middle of a burst
                    model.queueReceived(message(u"echo"_s, u"mine"_s, u"alice"_s, u"mine"_s));
            }
            QVERIFY(inserted.wait()); // one event-loop pass later
        }
        QCOMPARE(model.rowCount(), 1 + Bursts * PerBurst);
        QCOMPARE(inserted.size(), Bursts);
        QCOMPARE(changed.size(), 1);
        QVERIFY(!model.index(0).data(MessageModel::PendingRole).toBool());
        QCOMPARE(model.index(model.rowCount() - 1).data().toString(), u"message 99999"_s);
    }

    void anImmediateMessageKeepsTheOrderOfQueuedOnes()
    {
        MessageModel model(u"alice"_s);
        model.queueReceived(message(u"1"_s, {}, u"bob"_s, u"first"_s));
        model.addPending(u"c1"_s, u"second"_s);
        model.addReceived(message(u"2"_s, {}, u"bob"_s, u"third"_s));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data().toString(), u"first"_s);
        QCOMPARE(model.index(2).data().toString(), u"third"_s);
    }

    void theFirstMessageOfADayCarriesTheSeparator()
    {
        MessageModel model(u"alice"_s);
        ChatMessage older = message(u"1"_s, {}, u"bob"_s, u"a"_s);
        older.createdAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0));
        ChatMessage sameDay = message(u"2"_s, {}, u"bob"_s, u"b"_s);
        sameDay.createdAt = older.createdAt.addSecs(60);
        ChatMessage nextDay = message(u"3"_s, {}, u"bob"_s, u"c"_s);
        nextDay.createdAt = older.createdAt.addDays(1);
        model.addReceivedBatch({older, sameDay, nextDay});
        model.addPending(u"c1"_s, u"today"_s);
        QVERIFY(!model.index(0).data(MessageModel::DaySeparatorRole).toString().isEmpty());
        QVERIFY(model.index(1).data(MessageModel::DaySeparatorRole).toString().isEmpty());
        QVERIFY(!model.index(2).data(MessageModel::DaySeparatorRole).toString().isEmpty());
        QCOMPARE(model.index(3).data(MessageModel::DaySeparatorRole).toString(), u"Today"_s);
    }

    // The model works a burst's local day out once and reuses it while messages stay inside it.
    void messagesAroundLocalMidnightFallOnTheirOwnDays()
    {
        MessageModel model(u"alice"_s);
        const QDateTime midnight(QDate(2024, 5, 2), QTime(0, 0)); // local time
        const QList<QDateTime> times{midnight.addMSecs(-1), midnight, midnight.addMSecs(-1000),
                                     midnight.addSecs(3600)};
        QList<ChatMessage> burst;
        for (const QDateTime &time : times) {
            ChatMessage m = message(QString::number(burst.size() + 1), {}, u"bob"_s, u"m"_s);
            m.createdAt = time.toUTC(); // as the server sends it
            burst << m;
        }
        model.addReceivedBatch(burst);
        const QStringList separators{model.index(0).data(MessageModel::DaySeparatorRole).toString(),
                                     model.index(1).data(MessageModel::DaySeparatorRole).toString(),
                                     model.index(2).data(MessageModel::DaySeparatorRole).toString(),
                                     model.index(3).data(MessageModel::DaySeparatorRole).toString()};
        QCOMPARE(separators[0], MessageModel::dayLabel(QDate(2024, 5, 1)));
        QCOMPARE(separators[1], MessageModel::dayLabel(QDate(2024, 5, 2)));
        QCOMPARE(separators[2], MessageModel::dayLabel(QDate(2024, 5, 1)));
        QCOMPARE(separators[3], MessageModel::dayLabel(QDate(2024, 5, 2)));
    }

    // Issue 13 item 6: a room keeps its newest maxRows() rows; the first says older ones were dropped.
    void theOldestRowsAreDroppedBeyondTheCap()
    {
        MessageModel model(u"alice"_s);
        model.setMaxRows(3);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QList<ChatMessage> burst;
        for (int n = 0; n < 3; ++n)
            burst << message(QString::number(n), {}, u"bob"_s, u"m%1"_s.arg(n));
        burst[2].createdAt = burst[2].createdAt.addDays(1);
        model.addReceivedBatch(burst);
        QVERIFY(!model.index(0).data(MessageModel::OlderDroppedRole).toBool());
        model.addReceivedBatch(
            {message(u"3"_s, {}, u"bob"_s, u"m3"_s), message(u"4"_s, {}, u"bob"_s, u"m4"_s)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.droppedCount(), 2);
        QCOMPARE(removed.size(), 1); // one removal for both
        QCOMPARE(removed.first().at(1).toInt(), 0);
        QCOMPARE(removed.first().at(2).toInt(), 1);
        QCOMPARE(model.index(0).data().toString(), u"m2"_s);
        // The new first row starts its day, and says that what came before is gone.
        const QString separator = model.index(0).data(MessageModel::DaySeparatorRole).toString();
        QVERIFY2(separator.startsWith(MessageModel::dayLabel(
                     model.index(0).data(MessageModel::CreatedAtRole).toDateTime().toLocalTime().date())),
                 qPrintable(separator));
        QVERIFY(separator.contains(u"not kept in memory"_s));
        QVERIFY(model.index(0).data(MessageModel::OlderDroppedRole).toBool());
        QVERIFY(!model.index(1).data(MessageModel::OlderDroppedRole).toBool());
    }

    void ownUnsentMessagesAreNeverDropped()
    {
        MessageModel model(u"alice"_s);
        model.addReceived(message(u"1"_s, {}, u"bob"_s, u"old"_s));
        model.addPending(u"c1"_s, u"failed"_s);
        model.markFailed(u"c1"_s, u"refused"_s);
        model.addReceived(message(u"2"_s, {}, u"bob"_s, u"between"_s));
        model.addPending(u"c2"_s, u"sending"_s);
        model.addReceived(message(u"3"_s, u"x3"_s, u"bob"_s, u"new"_s));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setMaxRows(3);
        // The two own ones stay on top, in their order; the oldest others go, around them.
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(removed.size(), 2);
        QCOMPARE(model.index(0).data().toString(), u"failed"_s);
        QVERIFY(model.index(0).data(MessageModel::FailedRole).toBool());
        QVERIFY(model.index(0).data(MessageModel::OlderDroppedRole).toBool());
        QCOMPARE(model.index(1).data().toString(), u"sending"_s);
        QCOMPARE(model.index(2).data().toString(), u"new"_s);
        for (int n = 10; n < 20; ++n)
            model.addReceived(message(QString::number(n), u"x%1"_s.arg(n), u"bob"_s, u"m%1"_s.arg(n)));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2).data().toString(), u"m19"_s);
        // The client ids still point at the right rows.
        model.addReceived(message(u"30"_s, u"c2"_s, u"alice"_s, u"sending"_s));
        QVERIFY(!model.index(1).data(MessageModel::PendingRole).toBool());
        model.removeMessage(u"c1"_s);
        QCOMPARE(model.index(0).data().toString(), u"sending"_s);
        model.addReceived(message(u"31"_s, u"x19"_s, u"bob"_s, u"m19 again"_s)); // a resend echoed twice
        QCOMPARE(model.index(model.rowCount() - 1).data().toString(), u"m19"_s);
    }

    void aBurstLargerThanTheCapIsInsertedOnlyInPart()
    {
        MessageModel model(u"alice"_s);
        model.setMaxRows(3);
        model.addReceived(message(u"0"_s, {}, u"bob"_s, u"before"_s));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QList<ChatMessage> burst;
        for (int n = 1; n <= 10; ++n)
            burst << message(QString::number(n), u"x%1"_s.arg(n), u"bob"_s, u"m%1"_s.arg(n));
        model.addReceivedBatch(burst);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(2).toInt() - inserted.first().at(1).toInt() + 1, 3);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0).data().toString(), u"m8"_s);
        QCOMPARE(model.droppedCount(), 8);
        model.addReceived(message(u"11"_s, u"x9"_s, u"bob"_s, u"m9 again"_s)); // still known by client id
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2).data().toString(), u"m10"_s);
    }

    // Under a flood the queue is flushed every FlushGapMs: new messages do not push the flush back.
    // After a quiet spell a message is shown on the next pass of the event loop, as before.
    void aFloodIsFlushedAtAFixedPaceNotPostponed()
    {
        qint64 now = 1000;
        MessageModel model(u"alice"_s);
        model.setMaxRows(1000000); // this is about when, not how many
        model.setClock([&now] { return now; });
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.queueReceived(message(u"1"_s, {}, u"bob"_s, u"quiet"_s));
        QVERIFY(inserted.wait(1000));
        // The clock stands still: only the timer started by the first of these can flush them.
        QElapsedTimer flood;
        flood.start();
        int n = 2;
        while (inserted.size() == 1 && flood.elapsed() < 2000) {
            model.queueReceived(message(QString::number(n++), {}, u"bob"_s, u"flood"_s));
            QCoreApplication::processEvents();
        }
        QCOMPARE(inserted.size(), 2);
        QVERIFY2(flood.elapsed() >= MessageModel::FlushGapMs - 5,
                 qPrintable(QString::number(flood.elapsed())));
        QCOMPARE(model.rowCount(), n - 1);
        now += MessageModel::FlushGapMs; // quiet again
        model.queueReceived(message(u"quiet again"_s, {}, u"bob"_s, u"quiet"_s));
        for (int pass = 0; pass < 3 && inserted.size() == 2; ++pass) // counted in passes, not time
            QCoreApplication::processEvents();
        QCOMPARE(inserted.size(), 3);
    }

    void aHundredThousandMessagesInBurstsKeepTheViewAtTheBottom()
    {
        MessageModel model(u"alice"_s);
        ChatView view;
        view.resize(500, 400);
        view.setModel(&model);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QScrollBar *bar = view.verticalScrollBar();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        constexpr int Bursts = 20;
        constexpr int PerBurst = 5000;
        for (int burst = 0; burst < Bursts; ++burst) {
            for (int i = 0; i < PerBurst; ++i) {
                const int n = burst * PerBurst + i;
                const QString text = n % 7 == 0 ? u"a longer message %1 that wraps onto a second line in a "
                                                  u"narrow window, as chat messages often do"_s.arg(n)
                                                : u"message %1"_s.arg(n);
                model.queueReceived(message(QString::number(n), {}, u"bob"_s, text));
            }
            QVERIFY(inserted.wait());
            QTRY_COMPARE(bar->value(), bar->maximum());
        }
        QCOMPARE(inserted.size(), Bursts);
        QVERIFY(bar->maximum() > 100000);
        QVERIFY(view.isPinnedToBottom());
        const QModelIndex last = model.index(model.rowCount() - 1);
        QTRY_VERIFY(view.viewport()->rect().intersects(view.visualRect(last)));
    }
};

QTEST_MAIN(TestMessageModel)
#include "tst_messagemodel.moc"
