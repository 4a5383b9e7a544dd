// A room's state as data (RoomConnection::status()): the cause, the close code or HTTP status, the
// server's words and the next attempt on an injected clock, for every way a connection ends; and a
// server's {"error": ...} answer, which fails the pending message it answers only when that is certain.
#include "mockserver.h"
#include "reconnectpolicy.h"
#include "roomconnection.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;
using Cause = RoomStatus::Cause;

Q_DECLARE_METATYPE(RoomStatus::Cause)
Q_DECLARE_METATYPE(RoomStatus::State)

namespace {
const QDateTime T0 = QDateTime(QDate(2026, 12, 2), QTime(13, 0), Qt::UTC);

enum class Fault { Close, Drop, RefuseHandshake };
} // namespace
Q_DECLARE_METATYPE(Fault)

namespace {
// The first status the room reported in this state, or a default one.
RoomStatus firstIn(const QSignalSpy &spy, State state)
{
    for (const QList<QVariant> &arguments : spy) {
        const auto status = arguments.first().value<RoomStatus>();
        if (status.state == state)
            return status;
    }
    return {};
}
} // namespace

class TestRoomStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyEndHasItsCauseAndCode_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("words");
        QTest::addColumn<State>("state");
        QTest::addColumn<Cause>("cause");
        QTest::addColumn<int>("closeCode");
        QTest::addColumn<int>("httpStatus");
        QTest::newRow("close 1011 reconnects, with the code and the server's words")
            << Fault::Close << 1011 << u"oops"_s << State::Reconnecting << Cause::Closed << 1011 << 0;
        QTest::newRow("close 1001 reconnects")
            << Fault::Close << 1001 << QString() << State::Reconnecting << Cause::Closed << 1001 << 0;
        QTest::newRow("close 4003 stops the room: refused")
            << Fault::Close << 4003 << u"go away"_s << State::Failed << Cause::RoomRefused << 4003 << 0;
        QTest::newRow("close 4004 stops the room: no such room")
            << Fault::Close << 4004 << QString() << State::Failed << Cause::RoomRefused << 4004 << 0;
        QTest::newRow("close 4001 without a session asks for a sign-in")
            << Fault::Close << 4001 << QString() << State::AuthRequired << Cause::TokenRefused << 4001 << 0;
        QTest::newRow("a connection cut without a close frame")
            << Fault::Drop << 0 << QString() << State::Reconnecting << Cause::ConnectionDropped << 0 << 0;
        QTest::newRow("handshake 503 is refused with its status")
            << Fault::RefuseHandshake << 503 << QString() << State::Reconnecting << Cause::HandshakeRefused
            << 0 << 503;
        QTest::newRow("handshake 404 means no chat endpoint: the room stops")
            << Fault::RefuseHandshake << 404 << QString() << State::Failed << Cause::RoomRefused << 0 << 404;
        QTest::newRow("handshake 403 without a session asks for a sign-in")
            << Fault::RefuseHandshake << 403 << QString() << State::AuthRequired << Cause::TokenRefused << 0
            << 403;
    }

    void everyEndHasItsCauseAndCode()
    {
        QFETCH(Fault, fault);
        QFETCH(int, code);
        QFETCH(QString, words);
        QFETCH(State, state);
        QFETCH(Cause, cause);
        QFETCH(int, closeCode);
        QFETCH(int, httpStatus);
        MockServer server;
        QVERIFY(server.listen());
        ServerProfile profile = profileFor(server.baseUrl());
        profile.reconnect.baseMs = 60000; // no second attempt during the test
        RoomConnection room(u"lobby"_s, profile);
        room.setClock([] { return T0; });
        if (fault == Fault::RefuseHandshake)
            server.rejectHandshakes(1, code);
        room.open(server.issueAccessToken(u"alice"_s, 60));
        if (fault != Fault::RefuseHandshake) {
            QTRY_COMPARE(room.state(), State::Open);
            QCOMPARE(room.status().cause, Cause::None);
            if (fault == Fault::Close)
                QCOMPARE(server.closeRoom(u"lobby"_s, code, words), 1);
            else
                QCOMPARE(server.dropRoom(u"lobby"_s), 1);
        }
        QTRY_COMPARE(room.state(), state);
        const RoomStatus status = room.status();
        QCOMPARE(status.cause, cause);
        QCOMPARE(status.closeCode, closeCode);
        QCOMPARE(status.httpStatus, httpStatus);
        QCOMPARE(status.serverWords, words);
        QCOMPARE(status.nextAttempt.isValid(), state == State::Reconnecting);
        if (status.nextAttempt.isValid()) {
            QVERIFY(status.nextAttempt >= T0);
            QVERIFY(status.nextAttempt <= T0.addMSecs(profile.reconnect.baseMs));
        }
        QVERIFY(!room.stateReason().isEmpty()); // the English for logs and the CLI
    }

    // The next attempt is the injected clock's now plus the backoff the policy drew: the same seed
    // draws the same delay.
    void theNextAttemptIsReckonedByTheInjectedClock()
    {
        MockServer server;
        QVERIFY(server.listen());
        ServerProfile profile = profileFor(server.baseUrl());
        profile.reconnect.baseMs = 60000;
        profile.reconnect.capMs = 60000;
        RoomConnection room(u"lobby"_s, profile);
        room.setReconnectSeed(42);
        QDateTime now = T0;
        room.setClock([&now] { return now; });
        room.open(server.issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(room.state(), State::Open);
        QSignalSpy changed(&room, &RoomConnection::statusChanged);
        now = T0.addSecs(5);
        QCOMPARE(server.closeRoom(u"lobby"_s, 1011), 1);
        QTRY_COMPARE(room.state(), State::Reconnecting);
        ReconnectPolicy same(42, profile.reconnect);
        const qint64 delay = same.nextDelayMs();
        QCOMPARE(room.status().nextAttempt, T0.addSecs(5).addMSecs(delay));
        QCOMPARE(firstIn(changed, State::Reconnecting), room.status()); // the signal carries it
        // The timer is real: it agrees with the clock's answer to within the test's own run time.
        QVERIFY(qAbs(room.msUntilReconnect() - delay) < 5000);
    }

    void nothingListeningIsUnreachable()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const QUrl url(u"http://127.0.0.1:%1"_s.arg(closed.serverPort()));
        closed.close(); // nothing listens on that port now
        ServerProfile profile = profileFor(url);
        profile.reconnect.baseMs = 60000;
        RoomConnection room(u"lobby"_s, profile);
        MockServer tokens; // only for a well-formed token
        room.open(tokens.issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(room.state(), State::Reconnecting);
        QTRY_COMPARE(room.status().cause, Cause::NetworkUnreachable);
        QVERIFY(!room.status().detail.isEmpty()); // the system's words
        QVERIFY(room.status().serverWords.isEmpty());
    }

    void aMalformedTokenIsItsOwnCause()
    {
        RoomConnection room(u"lobby"_s, profileFor(QUrl(u"http://127.0.0.1:9"_s)));
        room.open("not-a-jwt");
        QCOMPARE(room.state(), State::Failed);
        QCOMPARE(room.status().cause, Cause::MalformedToken);
    }

    void theSessionOfflineCaseCarriesTheNextRefreshTry()
    {
        RoomConnection room(u"lobby"_s, profileFor(QUrl(u"http://127.0.0.1:9"_s)));
        QSignalSpy changed(&room, &RoomConnection::statusChanged);
        room.setSessionOffline(T0.addSecs(30), u"Connection refused"_s);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(room.status().cause, Cause::SessionOffline);
        QCOMPARE(room.status().nextAttempt, T0.addSecs(30));
        QVERIFY2(room.stateReason().contains(u"next refresh try at 13:00:30"_s),
                 qPrintable(room.stateReason()));
    }

    // The rule for a server's {"error": ...}: it fails a pending message when the frame names it by
    // client id, or when exactly one message is out without an echo; two in the air fail nothing.
    void aServerErrorFailsOnlyTheMessageItCertainlyAnswers_data()
    {
        QTest::addColumn<int>("sent");
        QTest::addColumn<bool>("named");
        QTest::addColumn<bool>("fails");
        QTest::newRow("one message in the air is the one refused") << 1 << false << true;
        QTest::newRow("two in the air: which one is not known") << 2 << false << false;
        QTest::newRow("two in the air, the frame names the second") << 2 << true << true;
        QTest::newRow("nothing in the air: only said") << 0 << false << false;
    }

    void aServerErrorFailsOnlyTheMessageItCertainlyAnswers()
    {
        QFETCH(int, sent);
        QFETCH(bool, named);
        QFETCH(bool, fails);
        MockServerOptions options;
        options.broadcastDelayMs = 60000; // no echo during the test
        MockServer server(options);
        QVERIFY(server.listen());
        RoomConnection room(u"lobby"_s, profileFor(server.baseUrl()));
        room.open(server.issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(room.state(), State::Open);
        QStringList clientIds;
        for (int i = 0; i < sent; ++i)
            clientIds << room.send(u"message %1"_s.arg(i));
        QSignalSpy failed(&room, &RoomConnection::messageFailed);
        QSignalSpy errors(&room, &RoomConnection::serverErrorReceived);
        QJsonObject error{{u"error"_s, u"you are muted\n#lobby: connected"_s}};
        if (named)
            error.insert(u"client_id"_s, clientIds.last());
        QCOMPARE(server.sendRaw(u"lobby"_s, QJsonDocument(error).toJson(QJsonDocument::Compact)), 1);
        QVERIFY(errors.wait());
        QCOMPARE(errors.first().at(0).toString(), u"you are muted\n#lobby: connected"_s);
        QCOMPARE(failed.size(), fails ? 1 : 0);
        if (fails) {
            QCOMPARE(failed.first().at(0).toString(), clientIds.last());
            QCOMPARE(errors.first().at(1).toString(), clientIds.last());
            QCOMPARE(room.outbox().last().state, OutboxEntry::State::Failed);
        } else {
            QVERIFY(errors.first().at(1).toString().isEmpty());
        }
        QCOMPARE(room.state(), State::Open); // the socket stays open
    }
};

QTEST_GUILESS_MAIN(TestRoomStatus)
#include "tst_roomstatus.moc"
