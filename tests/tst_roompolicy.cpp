// The close-code policy of DESIGN.md, one row per line of its table, through the real client
// against the mock server told to misbehave. Backoff windows are shrunk to milliseconds.
#include "chatclient.h"
#include "mockserver.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

namespace {
enum class Fault { Close, Drop, RejectThenDrop, RejectForeverThenClose };

// A signed-in client with one open room.
struct Session
{
    explicit Session(MockServer &server, const ServerProfile &profile)
    {
        client.setProfile(profile);
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        ok = signedIn.wait();
        room = client.joinRoom(u"lobby"_s);
        ok = ok && room && QTest::qWaitFor([&] { return room->state() == State::Open; }, 5000);
        refreshesAtStart = server.refreshRequestCount();
    }
    ChatClient client;
    RoomConnection *room = nullptr;
    int refreshesAtStart = 0;
    bool ok = false;
};
} // namespace

class TestRoomPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void closeCodes_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<int>("code");
        QTest::addColumn<State>("finalState");
        QTest::addColumn<int>("refreshes");
        QTest::addColumn<bool>("backedOff");
        QTest::addColumn<QString>("words"); // in the reason the UI shows
        QTest::newRow("4001 after accept refreshes once and reconnects at once")
            << Fault::Close << 4001 << State::Open << 1 << false << u"close code 4001"_s;
        QTest::newRow("HTTP 403 on the handshake refreshes once and reconnects")
            << Fault::RejectThenDrop << 403 << State::Open << 1 << true << u"HTTP 403"_s;
        QTest::newRow("HTTP 401 on the handshake refreshes once and reconnects")
            << Fault::RejectThenDrop << 401 << State::Open << 1 << true << u"HTTP 401"_s;
        QTest::newRow("a fresh token refused 3 times gives up and asks to sign in")
            << Fault::RejectForeverThenClose << 403 << State::AuthRequired << 3 << true << u"HTTP 403"_s;
        QTest::newRow("1000 not asked for reconnects with backoff")
            << Fault::Close << 1000 << State::Open << 0 << true << u"close code 1000"_s;
        QTest::newRow("1001 going away reconnects with backoff")
            << Fault::Close << 1001 << State::Open << 0 << true << u"close code 1001"_s;
        QTest::newRow("a TCP drop without close frame reconnects with backoff")
            << Fault::Drop << 1006 << State::Open << 0 << true << u"without a close frame (1006)"_s;
        QTest::newRow("1011 internal error reconnects with backoff")
            << Fault::Close << 1011 << State::Open << 0 << true << u"close code 1011"_s;
        QTest::newRow("1012 service restart reconnects with backoff")
            << Fault::Close << 1012 << State::Open << 0 << true << u"cannot read"_s;
        QTest::newRow("1014 bad gateway reconnects with backoff")
            << Fault::Close << 1014 << State::Open << 0 << true << u"cannot read"_s;
        QTest::newRow("HTTP 500 on the handshake reconnects with backoff")
            << Fault::RejectThenDrop << 500 << State::Open << 0 << true << u"HTTP 500"_s;
        QTest::newRow("1008 policy violation fails without retry")
            << Fault::Close << 1008 << State::Failed << 0 << false << u"close code 1008"_s;
        QTest::newRow("4003 forbidden fails without retry")
            << Fault::Close << 4003 << State::Failed << 0 << false << u"close code 4003"_s;
        QTest::newRow("4004 no such room fails without retry")
            << Fault::Close << 4004 << State::Failed << 0 << false << u"close code 4004"_s;
        QTest::newRow("4041 a Socket.IO session the server ended fails without retry")
            << Fault::Close << 4041 << State::Failed << 0 << false << u"the server closed the session"_s;
    }

    void closeCodes()
    {
        QFETCH(Fault, fault);
        QFETCH(int, code);
        QFETCH(State, finalState);
        QFETCH(int, refreshes);
        QFETCH(bool, backedOff);
        QFETCH(QString, words);
        MockServer server;
        QVERIFY(server.listen());
        Session session(server, fastProfile(server.baseUrl()));
        QVERIFY(session.ok);
        RoomConnection *room = session.room;
        QSignalSpy states(room, &RoomConnection::stateChanged);

        switch (fault) {
        case Fault::Close:
            QCOMPARE(server.closeRoom(u"lobby"_s, code), 1);
            break;
        case Fault::Drop:
            QCOMPARE(server.dropRoom(u"lobby"_s), 1);
            break;
        case Fault::RejectThenDrop:
            server.rejectHandshakes(1, code);
            QCOMPARE(server.dropRoom(u"lobby"_s), 1);
            break;
        case Fault::RejectForeverThenClose:
            server.rejectHandshakes(100, code);
            QCOMPARE(server.closeRoom(u"lobby"_s, 4001), 1);
            break;
        }
        QVERIFY(states.wait());
        QTRY_COMPARE_WITH_TIMEOUT(room->state(), finalState, 5000);
        QCOMPARE(server.refreshRequestCount() - session.refreshesAtStart, refreshes);
        QCOMPARE(room->reconnectCount() > 0, backedOff);
        QVERIFY2(!room->stateReason().isEmpty(), "the UI needs a reason");
        const bool explained =
            std::any_of(states.cbegin(), states.cend(), [&](const QList<QVariant> &change) {
                return change.at(1).toString().contains(words);
            });
        QVERIFY2(explained, qPrintable(u"no state said \""_s + words + u'"'));
        if (finalState == State::Failed) {
            QVERIFY2(room->stateReason().contains(QString::number(code)), qPrintable(room->stateReason()));
            QCOMPARE(room->msUntilReconnect(), -1); // nothing will try again
        }
        if (finalState == State::AuthRequired)
            QVERIFY(room->stateReason().contains(u"3 times"_s));
    }

    void tryAgainLaterWaitsLonger()
    {
        MockServer server;
        QVERIFY(server.listen());
        Session session(server, fastProfile(server.baseUrl()));
        QVERIFY(session.ok);
        QSignalSpy states(session.room, &RoomConnection::stateChanged);
        server.closeRoom(u"lobby"_s, 1013);
        QTRY_COMPARE(session.room->state(), State::Reconnecting);
        QVERIFY(session.room->msUntilReconnect() >= 250);         // the longer minimum, not the 100 ms cap
        QVERIFY(session.room->stateReason().contains(u"1002"_s)); // what Qt 6.4 makes of 1013
        session.room->reconnectNow();                             // what a "network is back" signal does
        QTRY_COMPARE(session.room->state(), State::Open);
    }

    void aTooLargeMessageIsMarkedFailedAndTheRoomReconnects()
    {
        MockServer server;
        QVERIFY(server.listen());
        Session session(server, fastProfile(server.baseUrl()));
        QVERIFY(session.ok);
        QSignalSpy failed(session.room, &RoomConnection::messageFailed);
        QSignalSpy broadcast(&server, &MockServer::messageBroadcast);
        server.setFrameDelay(5000); // the echo must not settle it before the close arrives
        const QString clientId = session.room->send(u"far too large"_s);
        QVERIFY(broadcast.wait());
        server.closeRoom(u"lobby"_s, 1009);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().first().toString(), clientId);
        QVERIFY(failed.first().at(1).toString().contains(u"1009"_s));
        server.setFrameDelay(0);
        QTRY_COMPARE(session.room->state(), State::Open);
    }

    void leavingClosesWith1000AndNothingReconnects()
    {
        MockServer server;
        QVERIFY(server.listen());
        Session session(server, fastProfile(server.baseUrl()));
        QVERIFY(session.ok);
        QPointer<RoomConnection> room = session.room;
        QSignalSpy left(&server, &MockServer::clientLeft);
        session.client.leaveRoom(u"lobby"_s);
        QVERIFY(left.wait());
        QCOMPARE(server.clientCount(u"lobby"_s), 0);
        QTRY_VERIFY(room.isNull()); // the room object is gone: nothing can reconnect
    }

    void aHalfOpenConnectionIsFoundByTheKeepalive()
    {
        MockServer server;
        QVERIFY(server.listen());
        ServerProfile profile = fastProfile(server.baseUrl());
        profile.pingIntervalMs = 50;
        profile.pongTimeoutMs = 100;
        Session session(server, profile);
        QVERIFY(session.ok);
        QSignalSpy states(session.room, &RoomConnection::stateChanged);
        QCOMPARE(server.silenceRoom(u"lobby"_s), 1);
        // Found within ping interval + timeout (plus scheduling slack), then replaced.
        const auto foundByPing = [&] {
            for (const QList<QVariant> &change : std::as_const(states)) {
                if (change.at(0).value<State>() == State::Reconnecting &&
                    change.at(1).toString().contains(u"ping"_s))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(foundByPing(), 50 + 100 + 200);
        QTRY_COMPARE(session.room->state(), State::Open);
    }

    void aHandshakeThatKeepsFailingWith500Stops()
    {
        MockServer server;
        QVERIFY(server.listen());
        Session session(server, fastProfile(server.baseUrl()));
        QVERIFY(session.ok);
        server.rejectHandshakes(100, 500); // what daphne answers for a path it does not route
        server.dropRoom(u"lobby"_s);
        QTRY_COMPARE(session.room->state(), State::Failed);
        QVERIFY2(session.room->stateReason().contains(u"HTTP 500"_s),
                 qPrintable(session.room->stateReason()));
        QCOMPARE(server.pendingRejections(), 100 - RoomConnection::MaxHandshake500s);
    }

    void anUnreachableWebSocketUrlFallsThroughToTheNext()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        ServerProfile profile = fastProfile(server.baseUrl());
        profile.webSocketUrl = QUrl(u"ws://127.0.0.1:%1"_s.arg(deadPort));
        profile.alternateWebSocketUrls = {QUrl(u"ws://127.0.0.1:%1"_s.arg(server.port()))};
        Session session(server, profile);
        QVERIFY(session.ok);
        QVERIFY(session.room->reconnectCount() >= 1); // the dead one was tried first
        QCOMPARE(server.clientCount(u"lobby"_s), 1);
    }

    void backoffIsJitteredAndGrows()
    {
        MockServer server;
        QVERIFY(server.listen());
        ServerProfile profile = fastProfile(server.baseUrl());
        profile.reconnect.baseMs = 400;
        profile.reconnect.capMs = 400000;
        Session session(server, profile);
        QVERIFY(session.ok);
        server.rejectHandshakes(100, 503);
        // Read the wait as the room enters Reconnecting: a loaded machine may have tried (and
        // been refused) again before a polling check looks, and the second wait is longer.
        qint64 first = -1;
        connect(session.room, &RoomConnection::stateChanged, this, [&](State state) {
            if (state == State::Reconnecting && first < 0)
                first = session.room->msUntilReconnect();
        });
        server.dropRoom(u"lobby"_s);
        QTRY_VERIFY(first >= 0);
        QVERIFY2(first <= 400, qPrintable(QString::number(first)));
    }
};

QTEST_GUILESS_MAIN(TestRoomPolicy)
#include "tst_roompolicy.moc"
