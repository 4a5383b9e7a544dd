#include "mockserver.h"
#include "roomconnection.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

class TestRoomConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoClientsExchangeMessages()
    {
        MockServer server;
        QVERIFY(server.listen());
        RoomConnection alice(u"lobby"_s, profileFor(server.baseUrl()));
        RoomConnection bob(u"lobby"_s, profileFor(server.baseUrl()));
        alice.open(server.issueAccessToken(u"alice"_s, 60));
        bob.open(server.issueAccessToken(u"bob"_s, 60));
        QTRY_COMPARE(alice.state(), State::Open);
        QTRY_COMPARE(bob.state(), State::Open);

        QSignalSpy bobReceived(&bob, &RoomConnection::messageReceived);
        QSignalSpy aliceDelivered(&alice, &RoomConnection::messageDelivered);
        const QString clientId = alice.send(u"hello, bob"_s);
        QVERIFY(aliceDelivered.wait());
        QCOMPARE(aliceDelivered.first().first().toString(), clientId);
        QCOMPARE(alice.pendingCount(), 0);
        QTRY_COMPARE(bobReceived.size(), 1);
        const auto message = bobReceived.first().first().value<ChatMessage>();
        QCOMPARE(message.text, u"hello, bob"_s);
        QCOMPARE(message.user, u"alice"_s);
        QVERIFY(message.createdAt.isValid());
        QVERIFY(!message.id.isEmpty());
    }

    void everyTokenTransportOpensTheRoom_data()
    {
        QTest::addColumn<TokenTransport>("transport");
        QTest::newRow("the bare JWT as the subprotocol") << TokenTransport::Subprotocol;
        QTest::newRow("the access_token and JWT subprotocol pair") << TokenTransport::SubprotocolPair;
        QTest::newRow("an Authorization header") << TokenTransport::Header;
        QTest::newRow("a token query parameter") << TokenTransport::Query;
    }

    void everyTokenTransportOpensTheRoom()
    {
        QFETCH(TokenTransport, transport);
        MockServer server;
        QVERIFY(server.listen());
        RoomConnection room(u"lobby"_s, profileFor(server.baseUrl(), transport));
        QSignalSpy joined(&server, &MockServer::clientJoined);
        room.open(server.issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(room.state(), State::Open);
        QVERIFY(joined.size() == 1 || joined.wait());
        QCOMPARE(joined.first().at(1).toString(), u"alice"_s);
    }

    void refusedTokenIsAnAuthenticationFailure_data()
    {
        QTest::addColumn<bool>("expired");
        QTest::newRow("an expired token is refused with 403") << true;
        QTest::newRow("a token signed by someone else is refused with 403") << false;
    }

    void refusedTokenIsAnAuthenticationFailure()
    {
        QFETCH(bool, expired);
        MockServer server;
        QVERIFY(server.listen());
        QByteArray token = server.issueAccessToken(u"alice"_s, expired ? -10 : 60);
        if (!expired)
            token.chop(2), token.append("AA"); // breaks the signature, keeps the shape
        RoomConnection room(u"lobby"_s, profileFor(server.baseUrl()));
        QSignalSpy refused(&room, &RoomConnection::tokenRefused);
        room.open(token);
        QVERIFY(refused.wait());
        QCOMPARE(room.state(), State::AuthRequired);
        QCOMPARE(room.lastCode(), 403);
        QVERIFY2(room.stateReason().contains(u"refused the access token"_s), qPrintable(room.stateReason()));
    }

    void malformedTokenFailsBeforeConnecting()
    {
        MockServer server;
        QVERIFY(server.listen());
        RoomConnection room(u"lobby"_s, profileFor(server.baseUrl()));
        room.open("not a jwt\r\nX-Injected: 1");
        QCOMPARE(room.state(), State::Failed);
        QVERIFY(!room.stateReason().contains(u"X-Injected"_s));
    }

    void expiryWhileOpenClosesWith4001()
    {
        MockServer server;
        QVERIFY(server.listen());
        RoomConnection room(u"lobby"_s, profileFor(server.baseUrl()));
        QSignalSpy refused(&room, &RoomConnection::tokenRefused);
        room.open(server.issueAccessToken(u"alice"_s, 0.3));
        QTRY_COMPARE(room.state(), State::Open);
        QVERIFY(refused.wait());
        QCOMPARE(room.state(), State::AuthRequired);
        QCOMPARE(room.lastCode(), 4001);
    }

    void messagesWrittenBeforeOpenGoOutInOrder()
    {
        MockServer server;
        QVERIFY(server.listen());
        RoomConnection room(u"lobby"_s, profileFor(server.baseUrl()));
        room.send(u"first"_s);
        room.send(u"second"_s);
        QCOMPARE(room.pendingCount(), 2);
        QSignalSpy received(&room, &RoomConnection::messageReceived);
        room.open(server.issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(received.size(), 2);
        QCOMPARE(received.at(0).first().value<ChatMessage>().text, u"first"_s);
        QCOMPARE(received.at(1).first().value<ChatMessage>().text, u"second"_s);
        QCOMPARE(room.pendingCount(), 0);
    }

    void joiningReplaysTheHistory()
    {
        MockServer server;
        QVERIFY(server.listen());
        RoomConnection alice(u"lobby"_s, profileFor(server.baseUrl()));
        alice.send(u"one"_s);
        alice.send(u"two"_s);
        alice.open(server.issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(alice.pendingCount(), 0);
        RoomConnection bob(u"lobby"_s, profileFor(server.baseUrl()));
        QSignalSpy received(&bob, &RoomConnection::messageReceived);
        bob.open(server.issueAccessToken(u"bob"_s, 60));
        QTRY_COMPARE(received.size(), 2);
        QCOMPARE(received.at(0).first().value<ChatMessage>().text, u"one"_s);
    }

    void aRejoinThatMissedMessagesReportsAGap_data()
    {
        QTest::addColumn<bool>("fromStore"); // what the room had came from the local store, not a join
        QTest::addColumn<int>("missed");     // stored by the server while the room was away
        QTest::addColumn<QString>("gapBefore");
        // The server replays its newest 5; the room had 1..3.
        QTest::newRow("a rejoin after fewer than the history holds: no gap") << false << 2 << QString();
        QTest::newRow("a rejoin after more: a gap before the first replayed") << false << 10 << u"9"_s;
        QTest::newRow("messages from the store, then a join that misses some: a gap") << true << 10 << u"9"_s;
        QTest::newRow("messages from the store, then a join that overlaps them: no gap")
            << true << 2 << QString();
    }

    void aRejoinThatMissedMessagesReportsAGap()
    {
        QFETCH(bool, fromStore);
        QFETCH(int, missed);
        QFETCH(QString, gapBefore);
        MockServerOptions options;
        options.historySize = 5;
        MockServer server(options);
        QVERIFY(server.listen());
        server.storeUnseen(u"lobby"_s, 3);
        RoomConnection room(u"lobby"_s, fastProfile(server.baseUrl()));
        QSignalSpy received(&room, &RoomConnection::messageReceived);
        QSignalSpy gaps(&room, &RoomConnection::gapDetected);
        const QByteArray token = server.issueAccessToken(u"alice"_s, 60);
        if (fromStore) {
            QList<ChatMessage> stored;
            for (const QString &id : {u"1"_s, u"2"_s, u"3"_s}) {
                ChatMessage message;
                message.id = id;
                message.text = u"unseen "_s + id;
                stored << message;
            }
            room.rememberSeen(stored);
        } else {
            room.open(token);
            QTRY_COMPARE(received.size(), 3);
            QCOMPARE(gaps.size(), 0); // nothing was known before the first join
            QCOMPARE(server.dropRoom(u"lobby"_s), 1);
        }
        server.storeUnseen(u"lobby"_s, missed);
        const qsizetype before = received.size();
        room.open(token);
        // Ids 4..3+missed are new; the history replays the newest 5 of everything.
        QTRY_COMPARE(received.size() - before, std::min(missed, 5));
        QTRY_COMPARE(room.state(), State::Open);
        QCOMPARE(gaps.size(), gapBefore.isEmpty() ? 0 : 1);
        if (!gapBefore.isEmpty()) {
            QCOMPARE(gaps[0][0].toString(), gapBefore);
            // Its messageReceived came first, so a model has the row to put the separator above.
            QCOMPARE(received[before][0].value<ChatMessage>().id, gapBefore);
        }
    }

    void leavingClosesWithoutReconnecting()
    {
        MockServer server;
        QVERIFY(server.listen());
        RoomConnection room(u"lobby"_s, profileFor(server.baseUrl()));
        room.open(server.issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(room.state(), State::Open);
        QSignalSpy left(&server, &MockServer::clientLeft);
        room.close();
        QVERIFY(left.wait());
        QCOMPARE(room.state(), State::Disconnected);
        QCOMPARE(server.clientCount(u"lobby"_s), 0);
    }
};

QTEST_GUILESS_MAIN(TestRoomConnection)
#include "tst_roomconnection.moc"
