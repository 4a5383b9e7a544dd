// One bad message in a room's history must not make the room unusable: it comes back on every
// join. A chat message too large to show becomes a placeholder and the room chats on; a frame
// beyond what a socket reads at all stops the room with the reason after two joins in a row,
// instead of reconnecting forever.
#include "chatclient.h"
#include "mockserver.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

class TestPoisonedHistory : public QObject
{
    Q_OBJECT

    // Bob puts `text` into the room's history (the mock keeps every message), then leaves.
    static void postAsBob(MockServer &server, const QString &room, const QString &text)
    {
        ChatClient bob;
        QVERIFY(signInAndWait(bob, fastProfile(server.baseUrl()), u"bob"_s));
        RoomConnection *bobRoom = bob.joinRoom(room);
        QTRY_COMPARE(bobRoom->state(), State::Open);
        QSignalSpy broadcast(&server, &MockServer::messageBroadcast);
        bobRoom->send(text);
        QVERIFY(broadcast.wait(20000));
        bob.leaveRoom(room);
    }

private Q_SLOTS:
    void aMessageTooLargeToShowIsAPlaceholderAndTheRoomChats()
    {
        MockServer server;
        QVERIFY(server.listen());
        const qint64 size = 2 * 1024 * 1024;
        postAsBob(server, u"lobby"_s, QString(size, u'x'));

        ChatClient alice;
        QVERIFY(signInAndWait(alice, fastProfile(server.baseUrl()), u"alice"_s));
        RoomConnection *room = alice.joinRoom(u"lobby"_s);
        QList<ChatMessage> received;
        connect(room, &RoomConnection::messageReceived, this,
                [&received](const ChatMessage &message) { received << message; });
        QTRY_COMPARE(received.size(), 1);
        QCOMPARE(received.first().user, u"bob"_s);
        QCOMPARE(received.first().omittedBytes, size);
        QVERIFY(received.first().text.isEmpty()); // 2 MiB never reaches a view
        QCOMPARE(room->oversizedMessages(), 1);
        QCOMPARE(room->state(), State::Open);

        room->send(u"still chatting"_s);
        QTRY_COMPARE(received.size(), 2);
        QCOMPARE(received.last().text, u"still chatting"_s);
        QTRY_COMPARE(room->pendingCount(), 0);

        // A rejoin gets the same history: the placeholder is not shown twice, the room stays usable.
        const int connections = room->connectionCount();
        server.dropRoom(u"lobby"_s);
        QTRY_COMPARE(room->connectionCount(), connections + 1);
        QTRY_COMPARE(room->state(), State::Open);
        room->send(u"after the rejoin"_s);
        QTRY_COMPARE(received.size(), 3);
        QCOMPARE(received.last().text, u"after the rejoin"_s);
        QCOMPARE(room->rejectedFrames(), 0);
    }

    void aFrameBeyondTheTransportLimitOnEveryJoinStopsTheRoom()
    {
        MockServer server;
        QVERIFY(server.listen());
        postAsBob(server, u"lobby"_s, QString(RoomConnection::MaxIncomingMessageSize + 1, u'x'));

        ChatClient alice;
        QVERIFY(signInAndWait(alice, fastProfile(server.baseUrl()), u"alice"_s));
        RoomConnection *room = alice.joinRoom(u"lobby"_s);
        QSignalSpy states(room, &RoomConnection::stateChanged);
        QTRY_COMPARE_WITH_TIMEOUT(room->state(), State::Failed, 20000);
        QVERIFY2(room->stateReason().contains(u"every join"_s), qPrintable(room->stateReason()));
        QVERIFY2(room->stateReason().contains(u"1009"_s), qPrintable(room->stateReason()));
        QCOMPARE(room->connectionCount(), RoomConnection::MaxBadFrameCloses);
        QCOMPARE(room->rejectedFrames(), RoomConnection::MaxBadFrameCloses);

        // It stays stopped: no reconnect is scheduled behind the reason.
        QCOMPARE(room->msUntilReconnect(), -1);
        // Leaving and joining again (the user asks) tries once more.
        room->open();
        QTRY_COMPARE(room->connectionCount(), RoomConnection::MaxBadFrameCloses + 1);
    }
};

QTEST_GUILESS_MAIN(TestPoisonedHistory)
#include "tst_poisonedhistory.moc"
