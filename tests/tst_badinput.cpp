// Bad input and hostile servers, through the real client against the mock server told to misbehave:
// junk frames, hostile Socket.IO packets and open packets, wrong token answers, redirects, bad
// tokens, odd room names and broken profiles. Each row checks the error shown, that the client is
// still usable, and that queued messages are kept.
#include "chatclient.h"
#include "mockserver.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

namespace {
// Every log line of the client, so rows can check that no secret reached one (and a flood of junk
// frames does not flood the test output).
QStringList &logLines()
{
    static QStringList lines;
    return lines;
}

QtMessageHandler previousHandler = nullptr;

void collectLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    logLines().append(message); // Qt's own warnings too: Qt 6.4 prints a refused subprotocol in full
    if (!context.category || !QByteArrayView(context.category).startsWith("chat."))
        previousHandler(type, context, message);
}

bool logMentions(const QByteArray &secret)
{
    const QString text = QString::fromLatin1(secret);
    return std::any_of(logLines().cbegin(), logLines().cend(),
                       [&text](const QString &line) { return line.contains(text); });
}

bool anyReasonContains(const QSignalSpy &states, const QString &words)
{
    return std::any_of(states.cbegin(), states.cend(), [&words](const QList<QVariant> &change) {
        return change.at(1).toString().contains(words);
    });
}

QByteArray httpResponse(int status, const QByteArray &contentType, const QByteArray &body,
                        const QByteArray &extraHeaders = {}, qsizetype contentLength = -1)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + QByteArray::number(contentLength < 0 ? body.size() : contentLength) +
           "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
}
// A client of the mock, not signed in yet, with a message queued in #lobby.
struct QueuedClient
{
    explicit QueuedClient(const MockServer &server)
    {
        client.setProfile(fastProfile(server.baseUrl()));
        client.auth()->setRequestTimeout(3000);
        room = client.joinRoom(u"lobby"_s);
        kept = room ? room->send(u"queued before signing in"_s) : QString();
    }
    // Signs in normally: the room opens and the queued message is delivered.
    bool stillWorks()
    {
        QSignalSpy delivered(room, &RoomConnection::messageDelivered);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        return QTest::qWaitFor([&] { return delivered.contains(QVariantList{kept}); }, 10000) &&
               room->pendingCount() == 0;
    }
    ChatClient client;
    RoomConnection *room = nullptr;
    QString kept;
};

bool logHasLine(const QString &words)
{
    return std::any_of(logLines().cbegin(), logLines().cend(),
                       [&words](const QString &line) { return line.contains(words); });
}

// A Socket.IO site as socket.io's JWT guide has it (POST /login, no refresh), whose open packet
// claims openOverrides instead of its real values.
MockServerOptions socketIoSite(const QJsonObject &openOverrides = {})
{
    MockServerOptions options;
    options.loginOnly = true;
    options.socketIoOpenOverrides = openOverrides;
    return options;
}

ServerProfile fastSocketIoProfile(const QUrl &baseUrl)
{
    ServerProfile profile = ServerProfile::socketIoDefaults(baseUrl);
    profile.reconnect.baseMs = 20;
    profile.reconnect.capMs = 100;
    profile.reconnect.tryAgainLaterMs = 300;
    profile.socketIo.ackTimeoutMs = 8000; // longer than the mock's 3 s frame delay below
    return profile;
}

QByteArray accessTokenOf(MockServer &server)
{
    return server.issueAccessToken(u"alice"_s, 300);
}
} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { previousHandler = qInstallMessageHandler(collectLog); }
    void init() { logLines().clear(); }

    // Frames a hostile or broken server sends to an open room. The echo of a message sent just
    // before is held back by the mock, so that message is queued while the bad frames arrive.
    void badFrames_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("rejected"); // frames counted by rejectedFrames()
        QTest::addColumn<bool>("reconnects");
        QTest::addColumn<QString>("words"); // in frameRejected() or the state reason

        QTest::newRow("invalid JSON is rejected and the room stays open")
            << "{\"message\": oops"_ba << false << 1 << 1 << false << u"not JSON"_s;
        QTest::newRow("JSON that is not an object is rejected")
            << "[\"message\", \"hi\"]"_ba << false << 1 << 1 << false << u"not an object"_s;
        QTest::newRow("a message that is a number is rejected")
            << "{\"message\": 42}"_ba << false << 1 << 1 << false << u"\"message\" is not text"_s;
        QTest::newRow("wrong types in the other fields are tolerated")
            << "{\"message\": \"hi\", \"user\": {\"a\": 1}, \"id\": [1], \"created_at\": true}"_ba << false
            << 1 << 0 << false << QString();
        QTest::newRow("a frame without a message is rejected")
            << "{\"user\": \"mallory\"}"_ba << false << 1 << 1 << false << u"no \"message\" field"_s;
        QTest::newRow("a binary frame is ignored")
            << "\x00\x01\x02"_ba << true << 1 << 1 << false << u"binary"_s;
        QTest::newRow("invalid UTF-8 makes the client close with 1007 and reconnect")
            << "{\"message\": \"\xff\xfe\"}"_ba << false << 1 << 1 << true << u"closed with 1007"_s;
        QTest::newRow("a frame over the 1 MiB limit makes the client close with 1009 and reconnect")
            << QByteArray(RoomConnection::MaxIncomingMessageSize + 1, 'x') << false << 1 << 1 << true
            << u"closed with 1009"_s;
        QTest::newRow("a flood of 20000 tiny frames is counted and the room stays usable")
            << "{}"_ba << false << 20000 << 20000 << false << u"no \"message\" field"_s;
    }

    void badFrames()
    {
        QFETCH(QByteArray, payload);
        QFETCH(bool, binary);
        QFETCH(int, count);
        QFETCH(int, rejected);
        QFETCH(bool, reconnects);
        QFETCH(QString, words);
        MockServer server;
        QVERIFY(server.listen());
        ChatClient client;
        client.setProfile(fastProfile(server.baseUrl()));
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        RoomConnection *room = client.joinRoom(u"lobby"_s);
        QVERIFY(room);
        QTRY_COMPARE(room->state(), State::Open);

        QSignalSpy broadcast(&server, &MockServer::messageBroadcast);
        QSignalSpy rejections(room, &RoomConnection::frameRejected);
        QSignalSpy received(room, &RoomConnection::messageReceived);
        QSignalSpy delivered(room, &RoomConnection::messageDelivered);
        QSignalSpy failed(room, &RoomConnection::messageFailed);
        QSignalSpy states(room, &RoomConnection::stateChanged);
        server.setFrameDelay(3000);
        const QString kept = room->send(u"sent before the junk"_s);
        QVERIFY(broadcast.wait());

        QCOMPARE(server.sendRaw(u"lobby"_s, payload, binary, count), 1);
        if (reconnects) {
            QTRY_VERIFY(anyReasonContains(states, words));
            QCOMPARE(room->pendingCount(), 1); // the echo is still held back by the mock
            QTRY_COMPARE(room->state(), State::Open);
            QVERIFY2(room->stateReason() == u"connected"_s, qPrintable(room->stateReason()));
        } else if (rejected > 0) {
            QTRY_COMPARE_WITH_TIMEOUT(room->rejectedFrames(), rejected, 30000);
            QCOMPARE(room->pendingCount(), 1);
            QVERIFY2(rejections.first().first().toString().contains(words),
                     qPrintable(rejections.first().first().toString()));
            QCOMPARE(room->state(), State::Open);
        } else {
            QVERIFY(received.wait());
            QCOMPARE(received.first().first().value<ChatMessage>().text, u"hi"_s);
            QCOMPARE(room->pendingCount(), 1);
        }
        QCOMPARE(room->rejectedFrames(), rejected);
        QVERIFY2(failed.isEmpty(), "a message we sent must not be blamed for what the server sent");
        QCOMPARE(room->outbox().first().clientId, kept);

        // Still usable: the queued message is delivered, and a new one goes out and comes back.
        QTRY_VERIFY_WITH_TIMEOUT(delivered.contains(QVariantList{kept}), 10000);
        server.setFrameDelay(0);
        const QString after = room->send(u"after the junk"_s);
        QTRY_VERIFY_WITH_TIMEOUT(delivered.contains(QVariantList{after}), 10000);
        QCOMPARE(room->pendingCount(), 0);
        // Logged, but not once per frame.
        const auto logged = std::count_if(logLines().cbegin(), logLines().cend(), [](const QString &line) {
            return line.contains(u"frame rejected"_s);
        });
        QVERIFY2(logged <= std::min(rejected, 30), qPrintable(QString::number(logged)));
        QCOMPARE(logged > 0, rejected > 0);
    }

    // Packets a hostile or broken Socket.IO server sends over the room's shared connection, through
    // ChatClient, SocketIoHub, SocketIoLink and RoomConnection. As in badFrames(), the echo (and the
    // ack) of a message sent just before is held back, so that message is pending meanwhile. What
    // the client cannot use is ignored with a log line (binary: a rejected frame) and the room and
    // its one Engine.IO connection stay open.
    void socketIoBadPackets_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("rejected");  // frames counted by rejectedFrames(); -1: the room reconnects
        QTest::addColumn<QString>("words"); // in frameRejected() or the state reason, else in a log line

        QTest::newRow("a frame that is not an Engine.IO packet is ignored and the room stays open")
            << "hello, world"_ba << false << 1 << 0 << u"an unusable frame ignored"_s;
        QTest::newRow("an empty text frame is ignored")
            << QByteArray() << false << 1 << 0 << u"an unusable frame ignored"_s;
        QTest::newRow("an Engine.IO packet of unknown type 9 is ignored")
            << "9[\"message\"]"_ba << false << 1 << 0 << u"an unusable frame ignored"_s;
        QTest::newRow("a Socket.IO packet of unknown type 7 is ignored")
            << "47[\"message\",{\"text\":\"hi\"}]"_ba << false << 1 << 0 << u"an unusable packet ignored"_s;
        QTest::newRow("an EVENT with broken JSON is ignored")
            << "42[\"message\",{\"text\": oops"_ba << false << 1 << 0 << u"an unusable packet ignored"_s;
        QTest::newRow("an EVENT that is an object, not an array, is ignored")
            << "42{\"message\":\"hi\",\"room\":\"lobby\"}"_ba << false << 1 << 0
            << u"an unusable packet ignored"_s;
        QTest::newRow("an EVENT that is text, not an array, is ignored")
            << "42\"message\""_ba << false << 1 << 0 << u"an unusable packet ignored"_s;
        QTest::newRow("an EVENT whose name is a number is ignored")
            << "42[42,{\"room\":\"lobby\",\"text\":\"hi\"}]"_ba << false << 1 << 0
            << u"an unusable packet ignored"_s;
        QTest::newRow("an ack for an id never sent is ignored")
            << "43999999[{\"ok\":true}]"_ba << false << 1 << 0 << u"that is not waited for"_s;
        QTest::newRow("a second ack for the join's id is ignored")
            << "430[{\"ok\":false,\"error\":\"forged\"}]"_ba << false << 1 << 0
            << u"that is not waited for"_s;
        QTest::newRow("an ack id of 40 digits is ignored")
            << "431234567890123456789012345678901234567890[{\"ok\":true}]"_ba << false << 1 << 0
            << u"an unusable packet ignored"_s;
        QTest::newRow("a CONNECT_ERROR that is an array is ignored")
            << "44[\"invalid token\"]"_ba << false << 1 << 0 << u"an unusable packet ignored"_s;
        QTest::newRow("a CONNECT_ERROR that is a number is ignored")
            << "44401"_ba << false << 1 << 0 << u"an unusable packet ignored"_s;
        QTest::newRow("a binary frame is ignored as a rejected frame")
            << "\x00\x01\x02"_ba << true << 1 << 1 << u"binary"_s;
        QTest::newRow("a BINARY_EVENT with one attachment is ignored as a rejected frame")
            << "451-[\"message\",{\"room\":\"lobby\",\"file\":{\"_placeholder\":true,\"num\":0}}]"_ba << false
            << 1 << 1 << u"binary"_s;
        QTest::newRow("a BINARY_ACK for the pending message is ignored as a rejected frame")
            << "461-1[{\"_placeholder\":true,\"num\":0}]"_ba << false << 1 << 1 << u"binary"_s;
        // Qt closes the socket with 1007 itself; SocketIoConnection reports it as a drop (1006),
        // where the Channels room says "closed with 1007" (see badFrames()).
        QTest::newRow("invalid UTF-8 makes Qt drop the connection and the room reconnects with its message")
            << "42[\"message\",{\"room\":\"lobby\",\"text\":\"\xff\xfe\"}]"_ba << false << 1 << -1
            << u"the connection dropped"_s;
        QTest::newRow("a flood of 20000 garbage packets is ignored and the room stays usable")
            << "4garbage"_ba << false << 20000 << 0 << u"an unusable packet ignored"_s;
        QTest::newRow("a flood of 2000 binary frames is counted and the room stays usable")
            << "\x04\x05"_ba << true << 2000 << 2000 << u"binary"_s;
    }

    void socketIoBadPackets()
    {
        QFETCH(QByteArray, payload);
        QFETCH(bool, binary);
        QFETCH(int, count);
        QFETCH(int, rejected);
        QFETCH(QString, words);
        MockServer server(socketIoSite());
        QVERIFY(server.listen());
        ChatClient client;
        QVERIFY(signInAndWait(client, fastSocketIoProfile(server.baseUrl()), u"alice"_s));
        RoomConnection *room = client.joinRoom(u"lobby"_s);
        QVERIFY(room);
        QTRY_COMPARE(room->state(), State::Open);

        QSignalSpy broadcast(&server, &MockServer::messageBroadcast);
        QSignalSpy rejections(room, &RoomConnection::frameRejected);
        QSignalSpy delivered(room, &RoomConnection::messageDelivered);
        QSignalSpy failed(room, &RoomConnection::messageFailed);
        QSignalSpy states(room, &RoomConnection::stateChanged);
        server.setFrameDelay(3000);
        const QString kept = room->send(u"sent before the junk"_s);
        QVERIFY(broadcast.wait());

        QCOMPARE(server.sendRaw(u"lobby"_s, payload, binary, count), 1);
        if (rejected < 0) {
            QTRY_VERIFY(!states.isEmpty());
            QStringList reasons;
            for (const QList<QVariant> &change : std::as_const(states))
                reasons << change.at(1).toString();
            QVERIFY2(anyReasonContains(states, words), qPrintable(reasons.join(u" | "_s)));
        } else if (rejected > 0) {
            QTRY_COMPARE_WITH_TIMEOUT(room->rejectedFrames(), rejected, 30000);
            QVERIFY2(rejections.first().first().toString().contains(words),
                     qPrintable(rejections.first().first().toString()));
        } else if (!words.isEmpty()) {
            QTRY_VERIFY_WITH_TIMEOUT(logHasLine(words), 30000);
        }
        QCOMPARE(room->pendingCount(), 1); // the echo is still held back by the mock
        QCOMPARE(room->outbox().first().clientId, kept);
        QVERIFY2(failed.isEmpty(), "a message we sent must not be blamed for what the server sent");

        // Still usable, on the same connection: the pending message is delivered, and a new one goes
        // out and comes back.
        QTRY_VERIFY_WITH_TIMEOUT(delivered.contains(QVariantList{kept}), 10000);
        server.setFrameDelay(0);
        const QString after = room->send(u"after the junk"_s);
        QTRY_VERIFY_WITH_TIMEOUT(delivered.contains(QVariantList{after}), 10000);
        QCOMPARE(room->pendingCount(), 0);
        QCOMPARE(room->state(), State::Open);
        if (rejected >= 0) {
            QCOMPARE(room->rejectedFrames(), rejected);
            QVERIFY2(states.isEmpty(), qPrintable(room->stateReason()));
            QCOMPARE(room->connectionCount(), 1);
        }
    }

    // A CONNECT_ERROR for the room's open namespace that is text, not socket.io 4's object (a
    // socket.io 2 server's form): the server's words end that room, which keeps its message.
    void socketIoConnectErrorAsTextEndsTheRoomWithItsWords()
    {
        MockServer server(socketIoSite());
        QVERIFY(server.listen());
        ChatClient client;
        QVERIFY(signInAndWait(client, fastSocketIoProfile(server.baseUrl()), u"alice"_s));
        RoomConnection *room = client.joinRoom(u"lobby"_s);
        QVERIFY(room);
        QTRY_COMPARE(room->state(), State::Open);
        server.setFrameDelay(3000);
        QSignalSpy broadcast(&server, &MockServer::messageBroadcast);
        const QString kept = room->send(u"sent before the refusal"_s);
        QVERIFY(broadcast.wait());

        QCOMPARE(server.sendRaw(u"lobby"_s, "44\"you may not be here\""_ba), 1);
        QTRY_VERIFY(room->state() != State::Open);
        QVERIFY2(room->stateReason().contains(u"you may not be here"_s), qPrintable(room->stateReason()));
        QCOMPARE(room->pendingCount(), 1);
        QCOMPARE(room->outbox().first().clientId, kept);

        // Nothing lost: opened again, the room sends it (or finds it in the history) exactly once.
        server.setFrameDelay(0);
        QSignalSpy delivered(room, &RoomConnection::messageDelivered);
        room->open();
        QTRY_COMPARE(room->state(), State::Open);
        QTRY_VERIFY_WITH_TIMEOUT(delivered.contains(QVariantList{kept}), 10000);
        QCOMPARE(room->pendingCount(), 0);
    }

    // An open packet with values no server should send. Corrected ones are logged and the room
    // works with a sane value; unusable ones are a failed attempt with the reason in words, retried
    // with backoff, and the queued message waits in the outbox.
    void socketIoOpenPackets_data()
    {
        QTest::addColumn<QByteArray>("overrides"); // JSON object
        QTest::addColumn<bool>("opens");
        QTest::addColumn<QString>("words"); // in a log line (opens) or the state reason

        QTest::newRow("a maxPayload of 10^15 bytes is taken as QtChat's 16 MiB limit")
            << R"({"maxPayload": 1e15})"_ba << true << u"was taken as QtChat's own limit, 16777216 bytes"_s;
        QTest::newRow("a pingInterval of 0 is taken as 1 s and the room stays open through it")
            << R"({"pingInterval": 0})"_ba << true << u"pingInterval of 0 ms was taken as 1000 ms"_s;
        QTest::newRow("a pingInterval of 10^12 ms is taken as 5 minutes")
            << R"({"pingInterval": 1e12})"_ba << true
            << u"pingInterval of 1000000000000 ms was taken as 300000 ms"_s;
        QTest::newRow("a pingTimeout of 0 is taken as 1 s")
            << R"({"pingTimeout": 0})"_ba << true << u"pingTimeout of 0 ms was taken as 1000 ms"_s;
        QTest::newRow("a maxPayload of 0 leaves no room for a message and the attempt fails")
            << R"({"maxPayload": 0})"_ba << false << u"leaves no room for any message"_s;
        QTest::newRow("a maxPayload that is text fails the attempt")
            << R"({"maxPayload": "lots"})"_ba << false << u"maxPayload is not a number"_s;
        QTest::newRow("an open packet without a sid fails the attempt")
            << R"({"sid": null})"_ba << false << u"has no sid"_s;
        QTest::newRow("a pingInterval that is text fails the attempt")
            << R"({"pingInterval": "often"})"_ba << false << u"pingInterval is not a number"_s;
    }

    void socketIoOpenPackets()
    {
        QFETCH(QByteArray, overrides);
        QFETCH(bool, opens);
        QFETCH(QString, words);
        MockServerOptions options = socketIoSite(QJsonDocument::fromJson(overrides).object());
        // The server's real heartbeat: a ping every 400 ms, so a client that took a pingInterval of
        // 0 as 1 s (watchdog: 1 s + pingTimeout) sees several while it is watched below.
        options.pingIntervalMs = 400;
        options.pingTimeoutMs = 1000;
        MockServer server(options);
        QVERIFY(server.listen());
        ChatClient client;
        client.setProfile(fastSocketIoProfile(server.baseUrl()));
        RoomConnection *room = client.joinRoom(u"lobby"_s);
        QVERIFY(room);
        const QString kept = room->send(u"queued before signing in"_s);
        QSignalSpy states(room, &RoomConnection::stateChanged);
        QSignalSpy delivered(room, &RoomConnection::messageDelivered);
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        if (opens) {
            QTRY_VERIFY_WITH_TIMEOUT(delivered.contains(QVariantList{kept}), 10000);
            QCOMPARE(room->state(), State::Open);
            QVERIFY2(logHasLine(words), qPrintable(logLines().join(u'\n')));
            // Open through more than one watchdog period (at least 2 s): the corrected values work.
            states.clear();
            QVERIFY2(!states.wait(2500), qPrintable(room->stateReason()));
            QCOMPARE(room->connectionCount(), 1);
            QSignalSpy again(room, &RoomConnection::messageDelivered);
            const QString after = room->send(u"after a while"_s);
            QTRY_VERIFY(again.contains(QVariantList{after}));
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(anyReasonContains(states, words), 10000);
            QVERIFY(room->state() != State::Open);
            QCOMPARE(room->connectionCount(), 0);
            QCOMPARE(room->pendingCount(), 1);
            QCOMPARE(room->outbox().first().clientId, kept);
            QVERIFY(delivered.isEmpty());
            room->close(); // no unbounded retrying left behind
            QCOMPARE(room->state(), State::Disconnected);
            QCOMPARE(room->pendingCount(), 1);
        }
    }

    // Number ids that one 64-bit integer or one double made the same (issue 13): each frame is
    // its own message, and only the repeated 7 is dropped as a duplicate.
    void numberIdsThatLookAlikeAreDifferentMessages()
    {
        MockServer server;
        QVERIFY(server.listen());
        ChatClient client;
        client.setProfile(fastProfile(server.baseUrl()));
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        RoomConnection *room = client.joinRoom(u"lobby"_s);
        QVERIFY(room);
        QTRY_COMPARE(room->state(), State::Open);

        QSignalSpy received(room, &RoomConnection::messageReceived);
        const QList<QByteArray> ids{
            "1e300", "2e300", "1.5", "2.5", "18446744073709551616", "18446744073709551617",
            "1000",  "1e3",   "7",   "7"};
        for (const QByteArray &id : ids)
            QCOMPARE(server.sendRaw(u"lobby"_s, "{\"message\": \"m\", \"id\": " + id + "}"), 1);
        QCOMPARE(server.sendRaw(u"lobby"_s, "{\"message\": \"m\", \"id\": \"last\"}"_ba), 1);
        QTRY_VERIFY(!received.isEmpty() && received.last().first().value<ChatMessage>().id == u"last"_s);
        QStringList seen;
        for (const QList<QVariant> &signal : std::as_const(received))
            seen.append(signal.first().value<ChatMessage>().id);
        QCOMPARE(seen, (QStringList{u"1e300"_s, u"2e300"_s, u"1.5"_s, u"2.5"_s, u"18446744073709551616"_s,
                                    u"18446744073709551617"_s, u"1000"_s, u"1e3"_s, u"7"_s, u"last"_s}));
        QCOMPARE(room->rejectedFrames(), 0);
    }

    // Token endpoint answers that are not what a chat server says. The room's message, queued
    // before signing in, waits through every one of them.
    void badTokenAnswers_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<bool>("keepOpen");
        QTest::addColumn<AuthError>("error");
        QTest::addColumn<QString>("words");
        const QByteArray notJwt = R"({"access":"abc.d$f.ghi","refresh":"r"})";
        QTest::newRow("200 with an HTML body is not a chat server")
            << httpResponse(200, "text/html", "<html><body>Welcome</body></html>") << false
            << AuthError::UnexpectedAnswer << u"not with a token"_s;
        QTest::newRow("JSON without access is not a chat server")
            << httpResponse(200, "application/json", R"({"refresh":"r","detail":"ok"})") << false
            << AuthError::UnexpectedAnswer << u"not with a token"_s;
        QTest::newRow("an access token that is not three base64url parts is refused")
            << httpResponse(200, "application/json", notJwt) << false << AuthError::UnexpectedAnswer
            << u"not three base64url parts"_s;
        QTest::newRow("a huge body is cut off instead of read to its end")
            << httpResponse(200, "application/json", QByteArray(1024 * 1024, ' '), {}, 1024LL * 1024 * 1024)
            << true << AuthError::UnexpectedAnswer << u"too large"_s;
        QTest::newRow("a huge body without a length is cut off too")
            << "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"_ba +
                   QByteArray(1024 * 1024, ' ')
            << true << AuthError::UnexpectedAnswer << u"too large"_s;
        QTest::newRow("a body that never ends times out")
            << httpResponse(200, "application/json", R"({"access":)", {}, 1000) << true << AuthError::Timeout
            << u"did not answer in time"_s;
    }

    void badTokenAnswers()
    {
        QFETCH(QByteArray, response);
        QFETCH(bool, keepOpen);
        QFETCH(AuthError, error);
        QFETCH(QString, words);
        MockServer server;
        QVERIFY(server.listen());
        QueuedClient queued(server);
        QVERIFY(queued.room);
        server.answerTokenRequestsWith(response, 1, keepOpen);
        QSignalSpy failed(&queued.client, &ChatClient::signInFailed);
        queued.client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).value<AuthError>(), error);
        const QString shown = failed.first().at(1).toString();
        QVERIFY2(shown.contains(words), qPrintable(shown));
        QVERIFY(!queued.client.isSignedIn());
        QCOMPARE(queued.room->pendingCount(), 1);
        QCOMPARE(queued.room->outbox().first().clientId, queued.kept);
        QVERIFY(!logMentions("alice-pass"));
        QVERIFY(queued.stillWorks());
    }

    // A token endpoint that redirects: refused with the target named, and whatever listens there
    // receives nothing - not the password, not even a connection.
    void redirectsAreRefused_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("host"); // where the second listener is
        QTest::addColumn<QString>("scheme");
        QTest::newRow("a 302 to another port is refused") << 302 << u"127.0.0.1"_s << u"http"_s;
        QTest::newRow("a 307 to another host is refused") << 307 << u"127.0.0.2"_s << u"http"_s;
        QTest::newRow("a 308 to another scheme is refused") << 308 << u"127.0.0.1"_s << u"https"_s;
        QTest::newRow("a 301 on the same origin is refused too") << 301 << QString() << u"http"_s;
    }

    void redirectsAreRefused()
    {
        QFETCH(int, status);
        QFETCH(QString, host);
        QFETCH(QString, scheme);
        MockServer server;
        QVERIFY(server.listen());
        QTcpServer elsewhere;
        QUrl target = server.baseUrl();
        if (!host.isEmpty()) {
            QVERIFY(elsewhere.listen(QHostAddress(host), 0));
            target.setHost(host);
            target.setPort(elsewhere.serverPort());
        }
        target.setScheme(scheme);
        target.setPath(u"/api/token/"_s);
        QSignalSpy connections(&elsewhere, &QTcpServer::newConnection);
        QueuedClient queued(server);
        server.answerTokenRequestsWith(
            httpResponse(status, "text/plain", {}, "Location: " + target.toEncoded() + "\r\n"), 1);
        QSignalSpy failed(&queued.client, &ChatClient::signInFailed);
        queued.client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().at(0).value<AuthError>(), AuthError::Redirected);
        const QString shown = failed.first().at(1).toString();
        QVERIFY2(shown.contains(target.host()) && shown.contains(u"does not send credentials"_s),
                 qPrintable(shown));
        QCOMPARE(server.tokenRequestCount(), 1);
        QVERIFY(!connections.wait(200));
        QCOMPARE(queued.room->pendingCount(), 1);
        QVERIFY(queued.stillWorks());
        QCOMPARE(connections.count(), 0);
    }

    // An access token that cannot travel as a subprotocol is refused before any connection, and
    // neither the error nor any log line (Qt's own warnings included) shows it.
    void tokensThatCannotBeSentAreRefused_data()
    {
        QTest::addColumn<QByteArray>("insert");
        QTest::newRow("a token with a space is refused") << " "_ba;
        QTest::newRow("a token with a comma (two subprotocols) is refused") << ","_ba;
        QTest::newRow("a token with CR LF (a header of its own) is refused") << "\r\nX-Evil: 1\r\n"_ba;
        QTest::newRow("a token with a non-ASCII byte is refused") << "\xc3\xa9"_ba;
        QTest::newRow("a token with a quote is refused") << "\""_ba;
    }

    void tokensThatCannotBeSentAreRefused()
    {
        QFETCH(QByteArray, insert);
        MockServer server;
        QVERIFY(server.listen());
        const QByteArray good = accessTokenOf(server);
        const QByteArray bad = good.left(40) + insert + good.mid(40);
        RoomConnection room(u"lobby"_s, fastProfile(server.baseUrl()));
        QSignalSpy states(&room, &RoomConnection::stateChanged);
        QSignalSpy joined(&server, &MockServer::clientJoined);
        const QString kept = room.send(u"queued before connecting"_s);
        room.open(bad);
        QCOMPARE(room.state(), State::Failed);
        QVERIFY2(room.stateReason().contains(u"not a well-formed JWT"_s), qPrintable(room.stateReason()));
        QVERIFY(!room.stateReason().contains(QString::fromLatin1(good.left(40))));
        QVERIFY(!anyReasonContains(states, u"connecting"_s)); // no socket was opened
        QVERIFY(!logMentions(good.left(40)) && !logMentions(good.mid(40)));
        QCOMPARE(room.pendingCount(), 1);

        QSignalSpy delivered(&room, &RoomConnection::messageDelivered);
        room.open(good);
        QTRY_VERIFY(delivered.contains(QVariantList{kept}));
        QCOMPARE(joined.count(), 1);
        QVERIFY(!logMentions(good.mid(40)));
    }

    // Room names reach the server as typed, inside their one path segment, or are refused.
    void roomNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("refusal"); // empty: accepted
        QTest::newRow("a slash stays inside the name") << u"a/b"_s << QString();
        QTest::newRow("dots inside a name are kept") << u"../a"_s << QString();
        QTest::newRow("the parent directory is refused") << u".."_s << u"cannot be a room name"_s;
        QTest::newRow("a question mark is not a query") << u"what?x=1"_s << QString();
        QTest::newRow("a hash is not a fragment") << u"c#sharp"_s << QString();
        QTest::newRow("spaces are encoded") << u"two words"_s << QString();
        QTest::newRow("right-to-left text is encoded")
            << u"\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"_s << QString();
        QTest::newRow("emoji are encoded") << u"party \U0001F389"_s << QString();
        QTest::newRow("a newline is refused") << u"a\nb"_s << u"control characters"_s;
        QTest::newRow("a name of 101 characters is refused") << QString(101, u'x') << u"at most 100"_s;
        QTest::newRow("a right-to-left override that shows lobby backwards is refused")
            << u"\u202Eybbol"_s << u"text-direction characters (U+202E)"_s;
        QTest::newRow("a zero-width space after the name is refused") << u"lobby\u200B"_s << u"(U+200B)"_s;
        QTest::newRow("a Hangul filler that draws nothing is refused") << u"lob\u3164by"_s << u"(U+3164)"_s;
        QTest::newRow("a line separator is refused") << u"a\u2028b"_s << u"line breaks"_s;
        QTest::newRow("a trailing space is refused") << u"lobby "_s << u"start or end with a space"_s;
    }

    void roomNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, refusal);
        MockServer server;
        QVERIFY(server.listen());
        QueuedClient queued(server);
        QVERIFY(queued.stillWorks());
        QSignalSpy joined(&server, &MockServer::clientJoined);
        server.setFrameDelay(2000); // a message in #lobby stays queued meanwhile
        const QString kept = queued.room->send(u"sent while joining"_s);
        QString error;
        RoomConnection *room = queued.client.joinRoom(name, &error);
        if (!refusal.isEmpty()) {
            QVERIFY(!room);
            QVERIFY2(error.contains(refusal), qPrintable(error));
        } else {
            QVERIFY2(room, qPrintable(error));
            QVERIFY(joined.wait());
            QCOMPARE(joined.first().at(0).toString(), name); // the server got the name as typed
            QTRY_COMPARE(room->state(), State::Open);
        }
        QCOMPARE(queued.room->pendingCount(), 1);
        QCOMPARE(queued.room->state(), State::Open);
        QSignalSpy delivered(queued.room, &RoomConnection::messageDelivered);
        QVERIFY(delivered.wait(10000));
        QCOMPARE(delivered.first().first().toString(), kept);
    }

    // Broken profiles are explained where they are entered, and no request goes out.
    void badProfiles_data()
    {
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("webSocketUrl");
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QByteArray>("pin");
        QTest::addColumn<QString>("words");
        const QString ok = u"http://127.0.0.1:PORT"_s;
        QTest::newRow("a CA file that cannot be read")
            << ok << QString() << u"DIR/missing.pem"_s << QByteArray() << u"Cannot read the CA file"_s;
        QTest::newRow("a CA file without a certificate")
            << ok << QString() << u"DIR/junk.pem"_s << QByteArray() << u"holds no PEM certificate"_s;
        QTest::newRow("a pin that is not base64")
            << ok << QString() << QString() << "not base64!"_ba << u"pinned key must be"_s;
        QTest::newRow("a pin of the wrong length")
            << ok << QString() << QString() << "AAAA"_ba << u"pinned key must be"_s;
        QTest::newRow("a server URL with no host")
            << u"http://"_s << QString() << QString() << QByteArray() << u"needs a host name"_s;
        QTest::newRow("a server URL with only a path")
            << u"https:///api"_s << QString() << QString() << QByteArray() << u"needs a host name"_s;
        QTest::newRow("a WebSocket URL with no host")
            << ok << u"ws://"_s << QString() << QByteArray() << u"WebSocket address"_s;
        QTest::newRow("a loopback server with plain ws:// to another host")
            << ok << u"ws://203.0.113.1:9/"_s << QString() << QByteArray()
            << u"203.0.113.1 is not encrypted"_s;
        QTest::newRow("a password in the server URL")
            << u"http://alice:hunter2@127.0.0.1:PORT"_s << QString() << QString() << QByteArray()
            << u"must not contain a user name or password"_s;
    }

    void badProfiles()
    {
        QFETCH(QString, baseUrl);
        QFETCH(QString, webSocketUrl);
        QFETCH(QString, caFile);
        QFETCH(QByteArray, pin);
        QFETCH(QString, words);
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QFile junk(dir.filePath(u"junk.pem"_s));
        QVERIFY(junk.open(QIODevice::WriteOnly) && junk.write("not a certificate\n") > 0);
        junk.close();
        QueuedClient queued(server);
        ServerProfile profile = fastProfile(server.baseUrl());
        profile.baseUrl = QUrl(QString(baseUrl).replace(u"PORT"_s, QString::number(server.port())));
        profile.webSocketUrl = QUrl(webSocketUrl);
        profile.caFile = QString(caFile).replace(u"DIR"_s, dir.path());
        profile.pinSha256 = pin;
        QVERIFY2(profile.validate().contains(words), qPrintable(profile.validate()));

        ChatClient other;
        other.setProfile(profile);
        QSignalSpy failed(&other, &ChatClient::signInFailed);
        other.signIn(u"alice"_s, u"alice-pass"_s);
        QCOMPARE(failed.count(), 1); // at once, without a request
        QVERIFY2(failed.first().at(1).toString().contains(words),
                 qPrintable(failed.first().at(1).toString()));
        QString error;
        QVERIFY(!other.joinRoom(u"lobby"_s, &error));
        QVERIFY2(error.contains(words), qPrintable(error));
        QCOMPARE(server.tokenRequestCount(), 0);
        QCOMPARE(queued.room->pendingCount(), 1);
        QVERIFY(queued.stillWorks());
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
