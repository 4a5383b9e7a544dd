// What the room tells the window, driven like a user would: a server's {"error": ...} answer is a
// row of its own in the server's words and fails the message it answers; a pending message's life
// (queued, failed, retried, deleted) reaches the model through the room's signals.
#include "../testsupport.h"
#include "chatclient.h"
#include "chatview.h"
#include "composeedit.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "mockserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;
using RowKind = MessageModel::RowKind;

namespace {
// Alice's window with #lobby open. The server holds every broadcast back for a minute, so what she
// sends stays pending for the whole test.
struct Window
{
    explicit Window(MockServer &server)
        : window(&client)
    {
        ok = signInAndWait(client, fastProfile(server.baseUrl()), u"alice"_s);
        window.show();
        window.joinRoom(u"lobby"_s);
        ok = ok && QTest::qWaitFor([&] {
                 return client.room(u"lobby"_s) && client.room(u"lobby"_s)->state() == State::Open;
             });
        compose = window.findChild<ComposeEdit *>(u"composeEdit"_s);
        view = window.findChild<ChatView *>(u"messageView"_s);
        model = window.model(u"lobby"_s);
        ok = ok && compose && view && model;
    }
    void send(const QString &text)
    {
        QTest::keyClicks(compose, text);
        QTest::keyClick(compose, Qt::Key_Return);
    }
    // Right-clicks the row and triggers the menu's action with this objectName.
    bool trigger(int row, const QString &action)
    {
        const QRect rect = view->visualRect(model->index(row));
        QContextMenuEvent event(QContextMenuEvent::Mouse, rect.center(),
                                view->viewport()->mapToGlobal(rect.center()));
        QCoreApplication::sendEvent(view->viewport(), &event);
        auto *menu = window.findChild<QMenu *>(u"messageMenu"_s);
        auto *item = menu ? menu->findChild<QAction *>(action) : nullptr;
        if (!item)
            return false;
        item->trigger();
        menu->close();
        return true;
    }
    ChatClient client;
    MainWindow window;
    ComposeEdit *compose = nullptr;
    ChatView *view = nullptr;
    MessageModel *model = nullptr;
    bool ok = false;
};

MockServerOptions heldEchoes()
{
    MockServerOptions options;
    options.broadcastDelayMs = 60000;
    return options;
}

QByteArray errorFrame(const QString &text, const QString &clientId = {})
{
    QJsonObject error{{u"error"_s, text}};
    if (!clientId.isEmpty())
        error.insert(u"client_id"_s, clientId);
    return QJsonDocument(error).toJson(QJsonDocument::Compact);
}
} // namespace

class TestRoomWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aServerErrorIsARowAndFailsTheMessageItAnswers()
    {
        MockServer server(heldEchoes());
        QVERIFY(server.listen());
        Window w(server);
        QVERIFY(w.ok);
        w.send(u"buy cheap watches"_s);
        QCOMPARE(w.model->rowCount(), 1); // queued: shown by the room's messageQueued
        QVERIFY(w.model->index(0).data(MessageModel::PendingRole).toBool());
        QVERIFY(!w.model->index(0).data(MessageModel::FailedRole).toBool());
        // The server's words, with a line break and a direction override of its choosing.
        QCOMPARE(server.sendRaw(u"lobby"_s, errorFrame(u"spam is not allowed\n\u202Efake"_s)), 1);
        QTRY_COMPARE(w.model->rowCount(), 2);
        const QModelIndex notice = w.model->index(1);
        QCOMPARE(notice.data(MessageModel::KindRole).value<RowKind>(), RowKind::ServerNotice);
        QCOMPARE(notice.data().toString(),
                 u"The server answered: \u2068spam is not allowed [U+202E]fake\u2069"_s);
        QVERIFY(!notice.data(MessageModel::OwnRole).toBool());
        QVERIFY(!w.view->visualRect(notice).isEmpty()); // it is shown
        // The one message in the air is the one refused: failed, with the server's words.
        const QModelIndex message = w.model->index(0);
        QVERIFY(message.data(MessageModel::FailedRole).toBool());
        QVERIFY2(message.data(MessageModel::TimeRole).toString().contains(u"spam is not allowed"_s),
                 qPrintable(message.data(MessageModel::TimeRole).toString()));
        QCOMPARE(w.client.room(u"lobby"_s)->outbox().first().state, OutboxEntry::State::Failed);
        QCOMPARE(w.client.room(u"lobby"_s)->state(), State::Open);
    }

    void aServerErrorNamingAnotherMessageFailsThatOne()
    {
        MockServer server(heldEchoes());
        QVERIFY(server.listen());
        Window w(server);
        QVERIFY(w.ok);
        w.send(u"first"_s);
        w.send(u"second"_s);
        QCOMPARE(w.model->rowCount(), 2);
        const QString first = w.model->index(0).data(MessageModel::ClientIdRole).toString();
        // Two in the air and no name: which one it answers is not known, so neither fails.
        QCOMPARE(server.sendRaw(u"lobby"_s, errorFrame(u"slow down"_s)), 1);
        QTRY_COMPARE(w.model->rowCount(), 3);
        QVERIFY(!w.model->index(0).data(MessageModel::FailedRole).toBool());
        QVERIFY(!w.model->index(1).data(MessageModel::FailedRole).toBool());
        QCOMPARE(server.sendRaw(u"lobby"_s, errorFrame(u"too long"_s, first)), 1);
        QTRY_COMPARE(w.model->rowCount(), 4);
        QVERIFY(w.model->index(0).data(MessageModel::FailedRole).toBool());
        QVERIFY(!w.model->index(1).data(MessageModel::FailedRole).toBool());
    }

    // Retry and Delete go to the room only; the row follows the room's signals.
    void retryAndDeleteReachTheRowThroughTheRoom()
    {
        MockServer server(heldEchoes());
        QVERIFY(server.listen());
        Window w(server);
        QVERIFY(w.ok);
        RoomConnection *room = w.client.room(u"lobby"_s);
        QSignalSpy retried(room, &RoomConnection::messageRetried);
        QSignalSpy discarded(room, &RoomConnection::messageDiscarded);
        w.send(u"refused once"_s);
        QCOMPARE(server.sendRaw(u"lobby"_s, errorFrame(u"not now"_s)), 1);
        QTRY_VERIFY(w.model->index(0).data(MessageModel::FailedRole).toBool());
        QTRY_VERIFY(!w.view->visualRect(w.model->index(0)).isEmpty());
        QVERIFY(w.trigger(0, u"retryAction"_s));
        QCOMPARE(retried.size(), 1);
        QVERIFY(w.model->index(0).data(MessageModel::PendingRole).toBool());
        QVERIFY(!w.model->index(0).data(MessageModel::FailedRole).toBool());
        QCOMPARE(server.sendRaw(u"lobby"_s, errorFrame(u"still not"_s)), 1);
        QTRY_VERIFY(w.model->index(0).data(MessageModel::FailedRole).toBool());
        QVERIFY(w.trigger(0, u"deleteAction"_s));
        QCOMPARE(discarded.size(), 1);
        QCOMPARE(room->pendingCount(), 0);
        for (int row = 0; row < w.model->rowCount(); ++row) // only the two notices are left
            QCOMPARE(w.model->index(row).data(MessageModel::KindRole).value<RowKind>(),
                     RowKind::ServerNotice);
    }
};

QTEST_MAIN(TestRoomWindow)
#include "tst_roomwindow.moc"
