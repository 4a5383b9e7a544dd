// Scroll-back and gaps: MessageModel's rows for them, and the window against the mock server:
// scrolled to the top, older messages load under a spinner row without moving the rows in view; a
// rejoin that missed messages shows "Earlier messages may be missing", filled once scrolled to.
#include "../testsupport.h"
#include "chatclient.h"
#include "chatview.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "mockserver.h"
#include "scrollback.h"

#include <QLoggingCategory>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;
using Kind = MessageModel::RowKind;

namespace {
ChatMessage fromBob(int id)
{
    ChatMessage message;
    message.id = QString::number(id);
    message.user = u"bob"_s;
    message.text = u"m%1"_s.arg(id);
    message.createdAt = QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC).addSecs(id);
    message.createdAtText = message.createdAt.toString(Qt::ISODate);
    return message;
}

QList<ChatMessage> fromBob(int first, int last)
{
    QList<ChatMessage> messages;
    for (int id = first; id <= last; ++id)
        messages << fromBob(id);
    return messages;
}

// The rows as the view reads them: message ids, "gap" and "spinner".
QStringList rows(const QAbstractItemModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        switch (index.data(MessageModel::KindRole).value<Kind>()) {
        case Kind::Gap:
            out << u"gap"_s;
            break;
        case Kind::LoadingOlder:
            out << u"spinner"_s;
            break;
        default:
            out << index.data(MessageModel::ServerIdRole).toString();
        }
    }
    return out;
}

QStringList ids(int first, int last)
{
    QStringList out;
    for (int id = first; id <= last; ++id)
        out << QString::number(id);
    return out;
}

int rowOf(const MessageModel *model, const QString &serverId)
{
    return int(rows(model).indexOf(serverId));
}

// Until the posted layouts have run: the rows' places are known.
void settle()
{
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents();
}
} // namespace

class TestScrollBack : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"chat.*.info=false"_s); }

    void olderMessagesGoAboveWithoutRepeats()
    {
        MessageModel model(u"alice"_s);
        model.addReceivedBatch(fromBob(10, 12));
        QCOMPARE(model.oldestServerId(), u"10"_s);
        model.setLoadingOlder(true);
        QVERIFY(model.isLoadingOlder());
        QCOMPARE(rows(&model), (QStringList{u"spinner"_s} + ids(10, 12)));
        QCOMPARE(model.index(0).data(Qt::DisplayRole).toString(), u"Loading earlier messages…"_s);
        QVERIFY(!(model.flags(model.index(0)) & Qt::ItemIsSelectable));
        // 10 is shown already: only 7 to 9 come in, below the spinner.
        QCOMPARE(model.insertOlder(fromBob(7, 10)), 3);
        QCOMPARE(rows(&model), (QStringList{u"spinner"_s} + ids(7, 12)));
        model.setLoadingOlder(false);
        QCOMPARE(rows(&model), ids(7, 12));
        QCOMPARE(model.oldestServerId(), u"7"_s);
        QCOMPARE(model.insertOlder(fromBob(7, 9)), 0);
    }

    void olderMessagesNeverPushRowsOutOfTheCap()
    {
        MessageModel model(u"alice"_s);
        model.setMaxRows(5);
        model.addReceivedBatch(fromBob(10, 12));
        QCOMPARE(model.insertOlder(fromBob(1, 9)), 2); // the newest two that fit
        QCOMPARE(rows(&model), ids(8, 12));
        QVERIFY(!model.hasRoomForOlder());
        QCOMPARE(model.insertOlder(fromBob(1, 7)), 0);
        QCOMPARE(model.droppedCount(), 0);
    }

    void aGapIsFilledUntilItReachesWhatWasThere_data()
    {
        QTest::addColumn<QList<int>>("pages"); // the last id of each page before the gap's message
        QTest::addColumn<QStringList>("after");
        QTest::addColumn<bool>("closed");
        QTest::newRow("a page that reaches a message shown closes the gap")
            << QList<int>{} << ids(1, 20) << true;
        QTest::newRow("a page that does not moves the gap above it")
            << QList<int>{19} << (ids(1, 3) + QStringList{u"gap"_s} + ids(15, 20)) << false;
    }

    void aGapIsFilledUntilItReachesWhatWasThere()
    {
        QFETCH(QList<int>, pages);
        QFETCH(QStringList, after);
        QFETCH(bool, closed);
        MessageModel model(u"alice"_s);
        model.addReceivedBatch(fromBob(1, 3));
        model.queueReceived(fromBob(20)); // the rejoin's first message, still queued
        model.insertGap(u"20"_s);
        QCOMPARE(rows(&model), (ids(1, 3) + QStringList{u"gap"_s, u"20"_s}));
        QCOMPARE(model.gaps(), QStringList{u"20"_s});
        const QModelIndex gap = model.index(3);
        QCOMPARE(gap.data().toString(), u"Earlier messages may be missing"_s);
        QVERIFY(gap.data(MessageModel::ServerIdRole).toString().isEmpty());
        QVERIFY(gap.data(MessageModel::DaySeparatorRole).toString().isEmpty());
        model.setGapLoading(u"20"_s, true);
        QCOMPARE(model.index(3).data().toString(), u"Loading earlier messages…"_s);
        // Pages of five before the gap's message, as a server pages them.
        const QList<ChatMessage> page = pages.isEmpty() ? fromBob(1, 19) : fromBob(15, pages.first());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QCOMPARE(model.fillGap(u"20"_s, page), closed);
        QCOMPARE(rows(&model), after);
        // The message below the gap no longer follows one: a view measures it again (its day band).
        const int below = rowOf(&model, u"20"_s);
        QVERIFY(std::any_of(changed.cbegin(), changed.cend(), [below](const QList<QVariant> &args) {
            return args.at(0).toModelIndex().row() <= below && args.at(1).toModelIndex().row() >= below;
        }));
        QCOMPARE(model.gaps(), closed ? QStringList() : QStringList{u"15"_s});
    }

    void olderMessagesLoadAtTheTopWithoutMovingTheRowsInView()
    {
        MockServerOptions options;
        options.historySize = 20;
        options.historyDelayMs = 300; // long enough to see the spinner
        MockServer server(options);
        QVERIFY(server.listen());
        server.storeUnseen(u"lobby"_s, 200); // ids 1..200; a join gets 181..200
        ChatClient client;
        QVERIFY(signInAndWait(client, fastProfile(server.baseUrl()), u"alice"_s));
        MainWindow window(&client);
        window.resize(600, 400);
        window.show();
        window.joinRoom(u"lobby"_s);
        MessageModel *model = window.model(u"lobby"_s);
        QTRY_COMPARE(model->rowCount(), 20);
        auto *view = window.findChild<ChatView *>(u"messageView"_s);
        QVERIFY(view);
        settle();
        QVERIFY(view->verticalScrollBar()->maximum() > 0);

        view->verticalScrollBar()->setValue(0); // the user scrolls to the top
        QTRY_VERIFY(model->isLoadingOlder());
        QCOMPARE(rows(model).first(), u"spinner"_s);
        settle();
        const int oldTop = rowOf(model, u"181"_s);
        QCOMPARE(oldTop, 1);
        // Its text ends where its row does (the day separator above it goes once older rows of its day
        // are above it): the bottom is where the text is.
        const int y181 = view->visualRect(model->index(oldTop)).bottom();
        const int y182 = view->visualRect(model->index(oldTop + 1)).top();
        QVERIFY(y181 > 0); // below the spinner, in view

        QTRY_COMPARE(model->rowCount(), 70);
        QVERIFY(!model->isLoadingOlder());
        QCOMPARE(rows(model), ids(131, 200));
        settle();
        // The rows that were in view are where they were; the older ones are above, out of view.
        QCOMPARE(view->visualRect(model->index(rowOf(model, u"181"_s))).bottom(), y181);
        QCOMPARE(view->visualRect(model->index(rowOf(model, u"182"_s))).top(), y182);
        QVERIFY(view->verticalScrollBar()->value() > 0);
        QCOMPARE(server.historyRequestCount(), 1);
        QCOMPARE(view->unseenCount(), 0); // older rows are not new messages
    }

    void olderMessagesComeFromTheStoreFirstOffline()
    {
        // A server that is not there, and a store that holds more than a room opens with.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const ServerProfile profile = fastProfile(QUrl(u"http://127.0.0.1:%1"_s.arg(probe.serverPort())));
        probe.close();
        QTemporaryDir dir;
        const int stored = ChatClient::StoredMessagesPerRoom + 30;
        {
            MessageStore store;
            QVERIFY(store.open(MessageStore::pathFor(dir.path(), profile, u"alice"_s)));
            store.append(u"lobby"_s, fromBob(1, stored));
        }
        ChatClient client;
        client.setMessageStoreFolder(dir.path());
        client.setProfile(profile);
        QSignalSpy failed(&client, &ChatClient::signInFailed);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(failed.wait());
        client.resume(u"alice"_s); // the saved session: the account is known, the store opens
        MainWindow window(&client);
        window.resize(600, 400);
        window.show();
        window.joinRoom(u"lobby"_s);
        MessageModel *model = window.model(u"lobby"_s);
        QCOMPARE(model->rowCount(), ChatClient::StoredMessagesPerRoom);
        QCOMPARE(model->oldestServerId(), u"31"_s);
        auto *view = window.findChild<ChatView *>(u"messageView"_s);
        settle();
        view->verticalScrollBar()->setValue(0);
        QTRY_COMPARE(model->rowCount(), stored);
        QCOMPARE(rows(model), ids(1, stored)); // no spinner: the store answers at once
        view->verticalScrollBar()->setValue(1);
        // Nothing older in the store; the server is asked (the spinner), cannot be reached, and the
        // rows are as they were.
        view->verticalScrollBar()->setValue(0);
        QVERIFY(model->isLoadingOlder());
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoadingOlder(), 10000);
        QCOMPARE(rows(model), ids(1, stored));
    }

    void aGapAfterARejoinIsShownAndFilledWhenScrolledTo()
    {
        MockServerOptions options;
        options.historySize = 10;
        MockServer server(options);
        QVERIFY(server.listen());
        server.storeUnseen(u"lobby"_s, 10); // ids 1..10
        ChatClient client;
        QVERIFY(signInAndWait(client, fastProfile(server.baseUrl()), u"alice"_s));
        MainWindow window(&client);
        window.resize(600, 300);
        window.show();
        window.joinRoom(u"lobby"_s);
        MessageModel *model = window.model(u"lobby"_s);
        QTRY_COMPARE(model->rowCount(), 10);
        RoomConnection *room = client.room(u"lobby"_s);
        QTRY_COMPARE(room->state(), State::Open);

        // Away while 100 messages are written; the rejoin replays only the newest 10 of them.
        auto *scrollBack = window.findChild<ScrollBack *>(u"scrollBack"_s);
        QVERIFY(scrollBack);
        QSignalSpy checked(scrollBack, &ScrollBack::gapsChecked);
        QCOMPARE(server.dropRoom(u"lobby"_s), 1);
        server.storeUnseen(u"lobby"_s, 100); // ids 11..110
        QTRY_COMPARE(model->gaps(), QStringList{u"101"_s});
        QTRY_COMPARE(rows(model), (ids(1, 10) + QStringList{u"gap"_s} + ids(101, 110)));
        QVERIFY(checked.wait());
        QCOMPARE(server.historyRequestCount(), 0); // out of view: nothing asked yet
        QCOMPARE(model->index(model->gapRow(u"101"_s)).data().toString(),
                 u"Earlier messages may be missing"_s);

        auto *view = window.findChild<ChatView *>(u"messageView"_s);
        view->scrollTo(model->index(model->gapRow(u"101"_s)), QAbstractItemView::PositionAtTop);
        // Two pages: 51..100 (nothing known: the gap moves up), then 1..50, which reaches 10.
        QTRY_VERIFY(model->gaps().isEmpty());
        QCOMPARE(rows(model), ids(1, 110));
        QCOMPARE(server.historyRequestCount(), 2);
    }
};

QTEST_MAIN(TestScrollBack)
#include "tst_scrollback.moc"
