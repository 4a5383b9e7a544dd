#include "chatview.h"
#include "messagemodel.h"

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

    void historySentAgainIsShownOnce()
    {
        MessageModel model(u"alice"_s);
        for (int round = 0; round < 3; ++round) {
            model.addReceived(message(u"1"_s, {}, u"bob"_s, u"a"_s));
            model.addReceived(message(u"2"_s, u"x"_s, u"bob"_s, u"b"_s));
        }
        QCOMPARE(model.rowCount(), 2);
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
        model.addReceived(huge); // history sent again on a join
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

    void burstsAreInsertedInBatches()
    {
        MessageModel model(u"alice"_s);
        model.addPending(u"mine"_s, u"mine"_s);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        constexpr int Bursts = 100;
        constexpr int PerBurst = 1000;
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
