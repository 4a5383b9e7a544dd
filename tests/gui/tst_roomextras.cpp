// The small things of issue 15, item 6: the window title names room, user and server; the room
// header shows the room's state and mutes it; a muted room sends no tray notification but still
// counts unread; the "New" line above the first unread message; Up recalls the last message sent.
#include "../testsupport.h"
#include "chatview.h"
#include "composeedit.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "mockserver.h"
#include "roomheader.h"
#include "roomsidebar.h"
#include "statetext.h"
#include "traynotifier.h"

#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

namespace {
// Alice's window with #lobby and #random joined, #lobby shown; settings in a file of its own.
struct Window
{
    QTemporaryDir dir;
    QSettings settings{dir.filePath(u"qtchat.ini"_s), QSettings::IniFormat};
    ChatClient client{nullptr, &settings};
    MainWindow window{&client};
    ComposeEdit *compose = window.findChild<ComposeEdit *>(u"composeEdit"_s);
    ChatView *view = window.findChild<ChatView *>(u"messageView"_s);
    QListWidget *rooms = window.findChild<QListWidget *>(u"roomList"_s);
    RoomHeader *header = window.findChild<RoomHeader *>(u"roomHeader"_s);
    TrayNotifier *tray = window.findChild<TrayNotifier *>();
    bool ok = false;

    explicit Window(MockServer &server)
    {
        ok = signInAndWait(client, fastProfile(server.baseUrl()), u"alice"_s);
        window.show();
        for (const QString &room : {u"lobby"_s, u"random"_s}) {
            window.joinRoom(room);
            ok = ok && QTest::qWaitFor(
                           [&] { return client.room(room) && client.room(room)->state() == State::Open; });
        }
        window.setCurrentRoom(u"lobby"_s);
        ok = ok && compose && view && rooms && header && tray;
    }
    QListWidgetItem *item(const QString &room) const
    {
        for (int i = 0; i < rooms->count(); ++i) {
            if (rooms->item(i)->data(RoomSidebar::RoomRole).toString() == room)
                return rooms->item(i);
        }
        return nullptr;
    }
};

// Bob in a room of the same server, to write to alice.
struct Bob
{
    ChatClient client;
    RoomConnection *room = nullptr;
    bool join(MockServer &server, const QString &name)
    {
        if (!signInAndWait(client, fastProfile(server.baseUrl()), u"bob"_s))
            return false;
        room = client.joinRoom(name);
        return QTest::qWaitFor([&] { return room->state() == State::Open; });
    }
};
} // namespace

class TestRoomExtras : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theTitleNamesRoomUserAndServer()
    {
        MockServer server;
        QVERIFY(server.listen());
        Window w(server);
        QVERIFY(w.ok);
        const QString host = u"%1:%2"_s.arg(server.baseUrl().host()).arg(server.baseUrl().port());
        QCOMPARE(w.window.windowTitle(), u"#\u2068lobby\u2069 - \u2068alice\u2069 @ %1 - QtChat"_s.arg(host));
        w.window.setCurrentRoom(u"random"_s);
        QCOMPARE(w.window.windowTitle(),
                 u"#\u2068random\u2069 - \u2068alice\u2069 @ %1 - QtChat"_s.arg(host));
    }

    void theHeaderShowsTheRoomAndItsState()
    {
        MockServer server;
        QVERIFY(server.listen());
        Window w(server);
        QVERIFY(w.ok);
        QVERIFY(w.header->isVisible());
        QCOMPARE(w.header->findChild<QLabel *>(u"roomHeaderName"_s)->text(), u"#\u2068lobby\u2069"_s);
        QCOMPARE(w.header->stateText(), stateText(State::Open));
        server.rejectHandshakes(1000, 503);
        server.dropRoom(u"lobby"_s);
        QTRY_COMPARE(w.client.room(u"lobby"_s)->state(), State::Reconnecting);
        QCOMPARE(w.header->stateText(), stateText(State::Reconnecting));
        QVERIFY(!w.header->findChild<QLabel *>(u"roomHeaderState"_s)->toolTip().isEmpty());
        w.window.setCurrentRoom(u"random"_s);
        QCOMPARE(w.header->findChild<QLabel *>(u"roomHeaderName"_s)->text(), u"#\u2068random\u2069"_s);
        QCOMPARE(w.header->stateText(), stateText(State::Open));
    }

    void aMutedRoomCountsUnreadButSendsNoNotification()
    {
        MockServer server;
        QVERIFY(server.listen());
        Window w(server);
        QVERIFY(w.ok);
        Bob bob;
        QVERIFY(bob.join(server, u"random"_s));
        // Another window has the focus: alice's is in the background.
        QWidget elsewhere;
        elsewhere.show();
        elsewhere.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&elsewhere));
        QVERIFY(!w.window.isActiveWindow());
        QSignalSpy notified(w.tray, &TrayNotifier::notified);
        bob.room->send(u"are you there?"_s);
        QTRY_COMPARE(notified.size(), 1);
        QCOMPARE(notified.first().first().toString(), u"random"_s);

        // Muted from the room list's menu.
        QListWidgetItem *random = w.item(u"random"_s);
        Q_EMIT w.rooms->customContextMenuRequested(w.rooms->visualItemRect(random).center());
        auto *menu = w.window.findChild<QMenu *>(u"roomMenu"_s);
        QVERIFY(menu);
        auto *mute = menu->findChild<QAction *>(u"muteRoomAction"_s);
        QVERIFY(mute && !mute->isChecked());
        mute->trigger();
        menu->close();
        QVERIFY(w.tray->isMuted(u"random"_s));
        QVERIFY(random->data(RoomSidebar::MutedRole).toBool());
        const int unreadBefore = random->data(RoomSidebar::UnreadRole).toInt();
        bob.room->send(u"hello??"_s);
        QTRY_COMPARE(random->data(RoomSidebar::UnreadRole).toInt(), unreadBefore + 1); // still counted
        QCOMPARE(notified.size(), 1);                                                  // not notified

        // Kept for this server, user and room.
        w.settings.sync();
        QSettings reread(w.settings.fileName(), QSettings::IniFormat);
        const QString account =
            QString::fromLatin1((w.client.profile().origin() + u" alice"_s).toUtf8().toPercentEncoding());
        QCOMPARE(reread.value(u"mutedRooms/"_s + account).toStringList(), QStringList{u"random"_s});

        // The header's toggle shows it and unmutes.
        w.window.setCurrentRoom(u"random"_s);
        auto *toggle = w.header->findChild<QToolButton *>(u"muteButton"_s);
        QVERIFY(toggle->isChecked());
        toggle->click();
        QVERIFY(!w.tray->isMuted(u"random"_s));
        QVERIFY(!random->data(RoomSidebar::MutedRole).toBool());
    }

    void theNewLineStandsAboveTheFirstUnreadMessage()
    {
        MockServer server;
        QVERIFY(server.listen());
        Window w(server);
        QVERIFY(w.ok);
        Bob bob;
        QVERIFY(bob.join(server, u"random"_s));
        w.window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w.window));
        MessageModel *random = w.window.model(u"random"_s);
        w.window.setCurrentRoom(u"random"_s);
        bob.room->send(u"read before"_s); // while the room is shown
        QTRY_COMPARE(random->rowCount(), 1);
        w.window.setCurrentRoom(u"lobby"_s);
        QVERIFY(!w.view->unreadMarker().isValid()); // nothing was unread here
        w.window.setCurrentRoom(u"random"_s);
        QVERIFY(!w.view->unreadMarker().isValid()); // nor here
        w.window.setCurrentRoom(u"lobby"_s);
        for (const QString &text : {u"first unread"_s, u"second"_s, u"third"_s})
            bob.room->send(text);
        QTRY_COMPARE(random->rowCount(), 4);
        QTRY_COMPARE(w.item(u"random"_s)->data(RoomSidebar::UnreadRole).toInt(), 3);

        w.window.setCurrentRoom(u"random"_s);
        QCOMPARE(w.view->unreadMarker().row(), 1);
        QCOMPARE(w.view->unreadMarker().data().toString(), u"first unread"_s);
        // The row is a line taller for it.
        QTRY_VERIFY(w.view->visualRect(random->index(1)).height() >
                    w.view->visualRect(random->index(2)).height());
        bob.room->send(u"while reading"_s);
        QTRY_COMPARE(random->rowCount(), 5);
        QCOMPARE(w.view->unreadMarker().row(), 1); // stays while the room is shown

        w.window.setCurrentRoom(u"lobby"_s);
        QVERIFY(!w.view->unreadMarker().isValid());
        w.window.setCurrentRoom(u"random"_s);
        QVERIFY(!w.view->unreadMarker().isValid()); // read now

        // More unread than the view holds: it opens on the first of them, not at the bottom.
        w.window.setCurrentRoom(u"lobby"_s);
        const int firstUnread = random->rowCount();
        QList<ChatMessage> many;
        for (int i = 0; i < 80; ++i) {
            ChatMessage message;
            message.id = u"many-%1"_s.arg(i);
            message.user = u"bob"_s;
            message.text = u"unread message %1"_s.arg(i);
            message.createdAt = QDateTime::currentDateTimeUtc();
            many << message;
        }
        random->addReceivedBatch(many);
        w.window.setCurrentRoom(u"random"_s);
        QCOMPARE(w.view->unreadMarker().row(), firstUnread);
        const QRect marked = w.view->visualRect(random->index(firstUnread));
        QVERIFY2(w.view->viewport()->rect().contains(marked.topLeft()),
                 qPrintable(u"%1,%2"_s.arg(marked.top()).arg(marked.bottom())));
        QVERIFY(!w.view->isPinnedToBottom());
    }

    void upInAnEmptyBoxRecallsTheLastMessageSentInThisRoom()
    {
        MockServer server;
        QVERIFY(server.listen());
        Window w(server);
        QVERIFY(w.ok);
        QTest::keyClick(w.compose, Qt::Key_Up);
        QVERIFY(w.compose->text().isEmpty()); // nothing sent yet
        QTest::keyClicks(w.compose, u"first"_s);
        QTest::keyClick(w.compose, Qt::Key_Return);
        QTest::keyClicks(w.compose, u"deploy at 5"_s);
        QTest::keyClick(w.compose, Qt::Key_Return);
        QVERIFY(w.compose->text().isEmpty());

        QTest::keyClick(w.compose, Qt::Key_Up);
        QCOMPARE(w.compose->text(), u"deploy at 5"_s);
        QTest::keyClick(w.compose, Qt::Key_Down);
        QVERIFY(w.compose->text().isEmpty());
        QTest::keyClick(w.compose, Qt::Key_Up);
        QTest::keyClicks(w.compose, u":30"_s); // editable
        QCOMPARE(w.compose->text(), u"deploy at 5:30"_s);
        QTest::keyClick(w.compose, Qt::Key_Escape);
        QVERIFY(w.compose->text().isEmpty());

        QTest::keyClicks(w.compose, u"typed"_s);
        QTest::keyClick(w.compose, Qt::Key_Up); // not empty: Up only moves the cursor
        QCOMPARE(w.compose->text(), u"typed"_s);
        w.compose->clear();

        w.window.setCurrentRoom(u"random"_s); // each room its own
        QTest::keyClick(w.compose, Qt::Key_Up);
        QVERIFY(w.compose->text().isEmpty());
        w.window.setCurrentRoom(u"lobby"_s);
        QTest::keyClick(w.compose, Qt::Key_Up);
        QCOMPARE(w.compose->text(), u"deploy at 5"_s);
        QTest::keyClick(w.compose, Qt::Key_Return); // sent again
        QVERIFY(w.compose->text().isEmpty());
        MessageModel *model = w.window.model(u"lobby"_s);
        QCOMPARE(model->index(model->rowCount() - 1).data().toString(), u"deploy at 5"_s);
    }
};

QTEST_MAIN(TestRoomExtras)
#include "tst_roomextras.moc"
