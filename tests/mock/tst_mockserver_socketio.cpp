// The mock's Socket.IO front against raw QWebSocket frames, checked against what
// tests/e2e/socketio/server.js sends, so a client test that fails points at the client.

#include "mockserver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QJsonObject objectAfter(const QString &frame, qsizetype prefix)
{
    return QJsonDocument::fromJson(frame.mid(prefix).toUtf8()).object();
}

QJsonArray arrayAfter(const QString &frame, qsizetype prefix)
{
    return QJsonDocument::fromJson(frame.mid(prefix).toUtf8()).array();
}

QString json(const QJsonValue &value)
{
    const QJsonDocument doc =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

// One Engine.IO connection seen frame by frame. With answerPings, EIO 4 pings are answered and
// kept out of the frames, as a client's Engine.IO layer would.
class Peer
{
public:
    bool answerPings = true;
    QStringList frames;
    QList<QAbstractSocket::SocketError> errors;
    QWebSocket socket;

    Peer()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
            if (answerPings && text == u"2"_s)
                return socket.sendTextMessage(u"3"_s), void();
            frames.append(text);
        });
        QObject::connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), &socket,
                         [this](QAbstractSocket::SocketError error) { errors.append(error); });
    }
    bool open(const QUrl &url, const QByteArray &bearer = {})
    {
        QNetworkRequest request(url);
        if (!bearer.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + bearer);
        socket.open(request);
        return QSignalSpy(&socket, &QWebSocket::connected).wait(5000);
    }
    QString next(int ms = 5000)
    {
        if (!QTest::qWaitFor([this] { return !frames.isEmpty(); }, ms))
            return {};
        return frames.takeFirst();
    }
    void send(const QString &frame) { socket.sendTextMessage(frame); }
    bool waitClosed(int ms = 5000)
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::UnconnectedState; }, ms);
    }
};

} // namespace

class tst_MockServerSocketIo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void openPacketThenConnectAnswersWithASid();
    void badTokenGetsConnectErrorAndTheSocketTakesAFreshConnect_data();
    void badTokenGetsConnectErrorAndTheSocketTakesAFreshConnect();
    void handshakeTokenServesAConnectWithoutPayload_data();
    void handshakeTokenServesAConnectWithoutPayload();
    void engineAuthRefusesTheHandshakeWith401();
    void joinGivesHistoryThenAckAndMessagesAreAckedThenEchoed();
    void resentClientIdGetsTheFirstIdAndGoesToTheSenderOnly();
    void roomsRefuseWhatTheServerRefuses();
    void aChannelsClientSharesTheRoom();
    void namespaceIsOneRoomAndMayRefuse();
    void eio3IsConnectedToRootAndAnswersPings();
    void eio3RefusalsCarryTheDataObjectAlone();
    void eio3CanBeTurnedOff();
    void eio4ServerPingsAndClosesWithoutPong();
    void eio3ServerClosesWithoutPing();
    void disconnectSends41AndTheSocketStaysOpen();
    void dropAndCloseEndTheEngine();
    void silenceAndNoHeartbeatStopTheHeartbeat();
    void adminEndpointsReachSocketIoConnections();
    void loginOnlyHandsOutOneTokenAndNoRefresh();
    void hostileOpenPacketRawFramesAndFloods();
    void expiredTokenEndsTheSessionOnlyWhenTold_data();
    void expiredTokenEndsTheSessionOnlyWhenTold();
    void frameDelayHoldsEveryFrameInOrder();
    void rejectedHandshakesAndRestartsCountSocketIoToo();
    void onlyListedNamespacesExistWhenListed();

private:
    void startServer(MockServerOptions options = {});
    QUrl engineUrl(int eio = 4, const QByteArray &token = {}) const;
    std::unique_ptr<Peer> connected(const QString &user = u"alice"_s, int eio = 4);
    QByteArray rawHandshakeStatusLine(const QString &target);
    std::pair<int, QByteArray> post(const QString &path, const QByteArray &body);

    std::unique_ptr<MockServer> m_server;
    QNetworkAccessManager m_nam;
};

void tst_MockServerSocketIo::initTestCase()
{
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
    QLoggingCategory::setFilterRules(u"chat.mock.debug=false\nchat.mock.info=false"_s);
}

void tst_MockServerSocketIo::cleanup()
{
    m_server.reset();
}

void tst_MockServerSocketIo::startServer(MockServerOptions options)
{
    options.adminEndpoints = true;
    m_server = std::make_unique<MockServer>(std::move(options));
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
}

QUrl tst_MockServerSocketIo::engineUrl(int eio, const QByteArray &token) const
{
    QUrl url = m_server->baseUrl();
    url.setScheme(u"ws"_s);
    url.setPath(u"/socket.io/"_s);
    QString query = u"EIO=%1&transport=websocket"_s.arg(eio);
    if (!token.isEmpty())
        query += u"&token="_s + QString::fromLatin1(token);
    url.setQuery(query);
    return url;
}

// Open and (EIO 4) CONNECT to "/" with the token in the auth payload; nullptr on any surprise.
std::unique_ptr<Peer> tst_MockServerSocketIo::connected(const QString &user, int eio)
{
    auto peer = std::make_unique<Peer>();
    const QByteArray token = m_server->issueAccessToken(user, 60);
    if (!peer->open(engineUrl(eio, eio == 3 ? token : QByteArray())) || !peer->next().startsWith(u'0'))
        return nullptr;
    if (eio == 4)
        peer->send(u"40"_s + json(QJsonObject{{u"token"_s, QString::fromLatin1(token)}}));
    return peer->next().startsWith(u"40"_s) ? std::move(peer) : nullptr;
}

QByteArray tst_MockServerSocketIo::rawHandshakeStatusLine(const QString &target)
{
    QTcpSocket tcp;
    tcp.connectToHost(m_server->baseUrl().host(), m_server->port());
    tcp.write("GET " + target.toLatin1() +
              " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray response;
    const bool answered = QTest::qWaitFor( // the server answers from this thread's event loop
        [&] {
            response += tcp.readAll();
            return response.contains("\r\n\r\n");
        },
        5000);
    if (!answered)
        return {};
    return response.left(response.indexOf("\r\n"));
}

std::pair<int, QByteArray> tst_MockServerSocketIo::post(const QString &path, const QByteArray &body)
{
    QNetworkRequest request(m_server->baseUrl().resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    std::unique_ptr<QNetworkReply> reply(m_nam.post(request, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
}

void tst_MockServerSocketIo::openPacketThenConnectAnswersWithASid()
{
    startServer();
    Peer peer;
    QVERIFY(peer.open(engineUrl()));
    const QString open = peer.next();
    QVERIFY2(open.startsWith(u"0{\"sid\":"_s), qPrintable(open)); // server.js's order, as check.sh reads it
    const QJsonObject handshake = objectAfter(open, 1);
    QVERIFY(!handshake.value(u"sid"_s).toString().isEmpty());
    QCOMPARE(handshake.value(u"upgrades"_s).toArray(), QJsonArray());
    QCOMPARE(handshake.value(u"pingInterval"_s).toInt(), 25000);
    QCOMPARE(handshake.value(u"pingTimeout"_s).toInt(), 20000);
    QVERIFY(handshake.value(u"maxPayload"_s).toInt() > 0);

    const QByteArray token = m_server->issueAccessToken(u"alice"_s, 60);
    peer.send(u"40{\"token\":\"%1\"}"_s.arg(QString::fromLatin1(token)));
    const QString answer = peer.next();
    QVERIFY2(answer.startsWith(u"40{"_s), qPrintable(answer));
    QVERIFY(!objectAfter(answer, 2).value(u"sid"_s).toString().isEmpty());
    peer.send(u"421[\"whoami\"]"_s);
    QCOMPARE(peer.next(), u"431[{\"id\":1,\"username\":\"alice\"}]"_s);
}

void tst_MockServerSocketIo::badTokenGetsConnectErrorAndTheSocketTakesAFreshConnect_data()
{
    QTest::addColumn<QString>("connect");
    QTest::addColumn<QString>("code");
    QTest::newRow("a CONNECT without a token is credentials_required")
        << u"40"_s << u"credentials_required"_s;
    QTest::newRow("a garbage token is invalid_token") << u"40{\"token\":\"x.y.z\"}"_s << u"invalid_token"_s;
    QTest::newRow("an expired token is token_expired")
        << u"40{\"token\":\"EXPIRED\"}"_s << u"token_expired"_s;
}

void tst_MockServerSocketIo::badTokenGetsConnectErrorAndTheSocketTakesAFreshConnect()
{
    QFETCH(QString, connect);
    QFETCH(QString, code);
    startServer();
    Peer peer;
    QVERIFY(peer.open(engineUrl()));
    QVERIFY(peer.next().startsWith(u'0'));
    peer.send(connect.replace(u"EXPIRED"_s, QString::fromLatin1(m_server->issueAccessToken(u"alice"_s, -1))));
    const QString refusal = peer.next();
    QVERIFY2(refusal.startsWith(u"44{\"message\":\"invalid token\",\"data\":{"_s), qPrintable(refusal));
    const QJsonObject error = objectAfter(refusal, 2);
    QCOMPARE(error.value(u"message"_s).toString(), u"invalid token"_s);
    QCOMPARE(error.value(u"data"_s)[u"code"_s].toString(), code);
    QCOMPARE(error.value(u"data"_s)[u"type"_s].toString(), u"UnauthorizedError"_s);

    QCOMPARE(peer.socket.state(), QAbstractSocket::ConnectedState);
    const QByteArray fresh = m_server->issueAccessToken(u"bob"_s, 60);
    peer.send(u"40{\"token\":\"%1\"}"_s.arg(QString::fromLatin1(fresh)));
    QVERIFY(peer.next().startsWith(u"40{\"sid\""_s));
}

void tst_MockServerSocketIo::handshakeTokenServesAConnectWithoutPayload_data()
{
    QTest::addColumn<bool>("inHeader");
    QTest::newRow("Authorization: Bearer on the handshake") << true;
    QTest::newRow("?token= on the handshake") << false;
}

void tst_MockServerSocketIo::handshakeTokenServesAConnectWithoutPayload()
{
    QFETCH(bool, inHeader);
    startServer();
    const QByteArray token = m_server->issueAccessToken(u"bob"_s, 60);
    Peer peer;
    QVERIFY(inHeader ? peer.open(engineUrl(), token) : peer.open(engineUrl(4, token)));
    QVERIFY(peer.next().startsWith(u'0'));
    peer.send(u"40"_s);
    QVERIFY(peer.next().startsWith(u"40{"_s));
    peer.send(u"427[\"whoami\"]"_s);
    QCOMPARE(peer.next(), u"437[{\"id\":2,\"username\":\"bob\"}]"_s);
}

void tst_MockServerSocketIo::engineAuthRefusesTheHandshakeWith401()
{
    MockServerOptions options;
    options.socketIoAuth = MockServerOptions::SocketIoAuth::Engine;
    startServer(options);
    QCOMPARE(rawHandshakeStatusLine(u"/socket.io/?EIO=4&transport=websocket"_s), "HTTP/1.1 401 Unauthorized");
    QCOMPARE(rawHandshakeStatusLine(u"/socket.io/?EIO=4&transport=websocket&token=x.y.z"_s),
             "HTTP/1.1 401 Unauthorized");

    // With a good token in the handshake, the CONNECT payload is not looked at.
    Peer peer;
    QVERIFY(peer.open(engineUrl(), m_server->issueAccessToken(u"alice"_s, 60)));
    QVERIFY(peer.next().startsWith(u'0'));
    peer.send(u"40{\"token\":\"ignored\"}"_s);
    QVERIFY(peer.next().startsWith(u"40{"_s));
}

void tst_MockServerSocketIo::joinGivesHistoryThenAckAndMessagesAreAckedThenEchoed()
{
    startServer();
    auto alice = connected(u"alice"_s);
    QVERIFY(alice);
    alice->send(u"420[\"join\",{\"room\":\"general\"}]"_s);
    QCOMPARE(alice->next(), u"430[{\"ok\":true}]"_s);
    alice->send(u"421[\"message\",{\"room\":\"general\",\"text\":\"hello\",\"client_id\":\"c1\"}]"_s);
    QCOMPARE(alice->next(), u"431[{\"ok\":true,\"id\":1}]"_s);
    const QString echo = alice->next();
    QVERIFY2(echo.startsWith(u"42[\"message\","_s), qPrintable(echo));
    const QJsonObject message = arrayAfter(echo, 2).at(1).toObject();
    QCOMPARE(message.value(u"room"_s).toString(), u"general"_s);
    QCOMPARE(message.value(u"text"_s).toString(), u"hello"_s);
    QCOMPARE(message.value(u"user"_s).toString(), u"alice"_s);
    QCOMPARE(message.value(u"id"_s).toInt(), 1);
    QCOMPARE(message.value(u"client_id"_s).toString(), u"c1"_s);
    QVERIFY(message.value(u"created_at"_s).toString().endsWith(u'Z'));

    auto bob = connected(u"bob"_s);
    QVERIFY(bob);
    bob->send(u"425[\"join\",{\"room\":\"general\"}]"_s);
    QCOMPARE(bob->next(), echo); // the history, then the ack
    QCOMPARE(bob->next(), u"435[{\"ok\":true}]"_s);
    QCOMPARE(m_server->clientCount(u"general"_s), 2);
    alice->send(u"42[\"message\",{\"room\":\"general\",\"text\":\"no ack wanted\"}]"_s);
    QVERIFY(bob->next().contains(u"no ack wanted"_s));
    QVERIFY(alice->next().contains(u"no ack wanted"_s));
    bob->send(u"426[\"leave\",{\"room\":\"general\"}]"_s);
    QCOMPARE(bob->next(), u"436[{\"ok\":true}]"_s);
    QCOMPARE(m_server->clientCount(u"general"_s), 1);
}

void tst_MockServerSocketIo::resentClientIdGetsTheFirstIdAndGoesToTheSenderOnly()
{
    startServer();
    auto alice = connected(u"alice"_s);
    auto bob = connected(u"bob"_s);
    QVERIFY(alice && bob);
    for (Peer *peer : {alice.get(), bob.get()}) {
        peer->send(u"420[\"join\",{\"room\":\"r\"}]"_s);
        QCOMPARE(peer->next(), u"430[{\"ok\":true}]"_s);
    }
    const QString send = u"421[\"message\",{\"room\":\"r\",\"text\":\"once\",\"client_id\":\"k\"}]"_s;
    alice->send(send);
    QCOMPARE(alice->next(), u"431[{\"ok\":true,\"id\":1}]"_s);
    const QString first = alice->next();
    QCOMPARE(bob->next(), first);
    alice->send(send);
    QCOMPARE(alice->next(), u"431[{\"ok\":true,\"id\":1,\"duplicate\":true}]"_s);
    QCOMPARE(alice->next(), first);
    bob->send(u"429[\"whoami\"]"_s); // bob's next frame is this answer: nothing was broadcast again
    QVERIFY(bob->next().startsWith(u"439"_s));
}

void tst_MockServerSocketIo::roomsRefuseWhatTheServerRefuses()
{
    MockServerOptions options;
    options.refuseRooms = {u"secret"_s};
    startServer(options);
    auto alice = connected();
    QVERIFY(alice);
    alice->send(u"421[\"message\",{\"room\":\"r\",\"text\":\"hi\"}]"_s);
    QCOMPARE(alice->next(), u"431[{\"ok\":false,\"error\":\"join the room first\"}]"_s);
    alice->send(u"422[\"join\",{\"room\":\"secret\"}]"_s);
    QCOMPARE(alice->next(), u"432[{\"ok\":false,\"error\":\"room refused\"}]"_s);
    alice->send(u"423[\"join\",{\"room\":\"user:1\"}]"_s);
    QCOMPARE(alice->next(), u"433[{\"ok\":false,\"error\":\"personal rooms cannot be joined\"}]"_s);
    alice->send(u"424[\"join\",{}]"_s);
    QVERIFY(alice->next().startsWith(u"434[{\"ok\":false,\"error\":\"room must be"_s));
    alice->send(u"425[\"join\",{\"room\":\"r\"}]"_s);
    QCOMPARE(alice->next(), u"435[{\"ok\":true}]"_s);
    alice->send(u"426[\"message\",{\"room\":\"r\",\"text\":\"  \"}]"_s);
    QCOMPARE(alice->next(), u"436[{\"ok\":false,\"error\":\"text must be a non-empty string\"}]"_s);
}

void tst_MockServerSocketIo::aChannelsClientSharesTheRoom()
{
    startServer();
    auto alice = connected();
    QVERIFY(alice);
    alice->send(u"420[\"join\",{\"room\":\"shared\"}]"_s);
    QCOMPARE(alice->next(), u"430[{\"ok\":true}]"_s);
    QWebSocket channels;
    QUrl url = m_server->baseUrl();
    url.setScheme(u"ws"_s);
    url.setPath(u"/ws/chat/shared/"_s);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_server->issueAccessToken(u"bob"_s, 60));
    QSignalSpy frames(&channels, &QWebSocket::textMessageReceived);
    channels.open(request);
    QTRY_COMPARE(m_server->clientCount(u"shared"_s), 2);
    alice->send(u"42[\"message\",{\"room\":\"shared\",\"text\":\"across\"}]"_s);
    QTRY_COMPARE(frames.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(frames.at(0).at(0).toString().toUtf8())[u"message"_s].toString(),
             u"across"_s);
    channels.sendTextMessage(u"{\"message\":\"back\"}"_s);
    QVERIFY(alice->next().contains(u"across"_s));
    QVERIFY(alice->next().contains(u"\"text\":\"back\""_s));
}

void tst_MockServerSocketIo::namespaceIsOneRoomAndMayRefuse()
{
    MockServerOptions options;
    options.refuseNamespaces = {u"/random"_s};
    startServer(options);
    auto alice = connected();
    QVERIFY(alice);
    const QString auth =
        json(QJsonObject{{u"token"_s, QString::fromLatin1(m_server->issueAccessToken(u"alice"_s, 60))}});
    alice->send(u"40/lobby,"_s + auth);
    QVERIFY(alice->next().startsWith(u"40/lobby,{\"sid\""_s));
    QCOMPARE(m_server->clientCount(u"/lobby"_s), 1);
    alice->send(u"40/random,"_s + auth);
    QCOMPARE(alice->next(), u"44/random,{\"message\":\"namespace refused\",\"data\":{\"message\":"
                            "\"namespace refused\",\"code\":\"forbidden\"}}"_s);
    alice->send(u"40/lobby,{\"token\":\"bad\"}"_s); // a refused CONNECT of a namespace
    QVERIFY(alice->next().startsWith(u"44/lobby,{"_s));
    alice->send(u"40/lobby,"_s + auth);
    QVERIFY(alice->next().startsWith(u"40/lobby,"_s));
    alice->send(u"40/lobby,"_s + auth);
    alice->send(u"42/lobby,3[\"message\",{\"text\":\"in the lobby\",\"client_id\":\"n1\"}]"_s);
    QVERIFY(alice->next().startsWith(u"40/lobby,"_s));
    QCOMPARE(alice->next(), u"43/lobby,3[{\"ok\":true,\"id\":1}]"_s);
    const QString message = alice->next();
    QVERIFY2(message.startsWith(u"42/lobby,[\"message\",{\"text\":\"in the lobby\",\"user\":\"alice\""_s),
             qPrintable(message));
    QVERIFY(message.endsWith(u"\"id\":1,\"client_id\":\"n1\"}]"_s)); // and no room

    auto bob = connected(u"bob"_s);
    QVERIFY(bob);
    bob->send(
        u"40/lobby,{\"token\":\"%1\"}"_s.arg(QString::fromLatin1(m_server->issueAccessToken(u"bob"_s, 60))));
    QVERIFY(bob->next().startsWith(u"40/lobby,"_s));
    QCOMPARE(bob->next(), message); // the namespace's history after its CONNECT answer
}

void tst_MockServerSocketIo::eio3IsConnectedToRootAndAnswersPings()
{
    startServer();
    Peer peer;
    const QByteArray token = m_server->issueAccessToken(u"alice"_s, 60);
    QVERIFY(peer.open(engineUrl(3, token)));
    const QString open = peer.next();
    QVERIFY2(open.startsWith(u"0{"_s), qPrintable(open));
    QCOMPARE(peer.next(), u"40"_s); // no CONNECT needed for "/", and no sid in the answer
    peer.send(u"2"_s);
    QCOMPARE(peer.next(), u"3"_s);
    peer.send(u"2probe"_s);
    QCOMPARE(peer.next(), u"3probe"_s);
    peer.send(u"40/lobby?token=%1,"_s.arg(QString::fromLatin1(token)));
    QCOMPARE(peer.next(), u"40/lobby,"_s);
    peer.send(u"421[\"join\",{\"room\":\"r\"}]"_s);
    QCOMPARE(peer.next(), u"431[{\"ok\":true}]"_s);
}

void tst_MockServerSocketIo::eio3RefusalsCarryTheDataObjectAlone()
{
    startServer();
    Peer peer;
    QVERIFY(peer.open(engineUrl(3)));
    QVERIFY(peer.next().startsWith(u'0'));
    const QString refusal = peer.next();
    QVERIFY2(refusal.startsWith(u"44{"_s), qPrintable(refusal));
    QCOMPARE(objectAfter(refusal, 2).value(u"code"_s).toString(), u"credentials_required"_s);
    QCOMPARE(objectAfter(refusal, 2).value(u"message"_s).toString(), u"invalid token"_s);
}

void tst_MockServerSocketIo::eio3CanBeTurnedOff()
{
    MockServerOptions options;
    options.allowEio3 = false;
    startServer(options);
    QCOMPARE(rawHandshakeStatusLine(u"/socket.io/?EIO=3&transport=websocket"_s), "HTTP/1.1 400 Bad Request");
    QVERIFY(connected(u"alice"_s, 4));
    QCOMPARE(post(u"/socket.io/?EIO=4&transport=polling"_s, {}).first, 400); // WebSocket only
}

void tst_MockServerSocketIo::eio4ServerPingsAndClosesWithoutPong()
{
    MockServerOptions options;
    options.pingIntervalMs = 100;
    options.pingTimeoutMs = 200;
    startServer(options);
    auto peer = connected();
    QVERIFY(peer);
    peer->answerPings = false;
    QCOMPARE(peer->next(), u"2"_s);
    peer->send(u"3"_s);
    QCOMPARE(peer->next(), u"2"_s); // the next one, pingInterval after the pong
    QElapsedTimer unanswered;
    unanswered.start();
    QVERIFY(peer->waitClosed());
    QVERIFY2(unanswered.elapsed() >= 150, "closed before pingTimeout");
}

void tst_MockServerSocketIo::eio3ServerClosesWithoutPing()
{
    MockServerOptions options;
    options.pingIntervalMs = 100;
    options.pingTimeoutMs = 100;
    startServer(options);
    auto peer = connected(u"alice"_s, 3);
    QVERIFY(peer);
    QVERIFY(peer->waitClosed());
}

void tst_MockServerSocketIo::disconnectSends41AndTheSocketStaysOpen()
{
    startServer();
    auto alice = connected();
    QVERIFY(alice);
    alice->send(u"420[\"join\",{\"room\":\"r\"}]"_s);
    QCOMPARE(alice->next(), u"430[{\"ok\":true}]"_s);
    alice->send(u"40/lobby,{\"token\":\"%1\"}"_s.arg(
        QString::fromLatin1(m_server->issueAccessToken(u"alice"_s, 60))));
    QVERIFY(alice->next().startsWith(u"40/lobby,"_s));

    QCOMPARE(m_server->disconnectSocketIo(u"/lobby"_s), 1);
    QCOMPARE(alice->next(), u"41/lobby,"_s);
    QCOMPARE(m_server->clientCount(u"/lobby"_s), 0);
    QCOMPARE(m_server->disconnectSocketIo(u"r"_s), 1);
    QCOMPARE(alice->next(), u"41"_s);
    QCOMPARE(m_server->clientCount(u"r"_s), 0);
    QCOMPARE(alice->socket.state(), QAbstractSocket::ConnectedState);
    alice->send(
        u"40{\"token\":\"%1\"}"_s.arg(QString::fromLatin1(m_server->issueAccessToken(u"alice"_s, 60))));
    QVERIFY(alice->next().startsWith(u"40{"_s));
}

void tst_MockServerSocketIo::dropAndCloseEndTheEngine()
{
    startServer();
    auto alice = connected();
    auto bob = connected(u"bob"_s);
    QVERIFY(alice && bob);
    for (Peer *peer : {alice.get(), bob.get()})
        peer->send(u"42[\"join\",{\"room\":\"r\"}]"_s);
    QTRY_COMPARE(m_server->clientCount(u"r"_s), 2);
    QCOMPARE(m_server->dropRoom(u"r"_s) + m_server->closeRoom(u"nobody"_s, 4000), 2);
    QVERIFY(alice->waitClosed() && bob->waitClosed());
    // Qt 6.4 reports 1000 without a close frame; the error is what tells a drop from a close.
    QCOMPARE(alice->errors, QList{QAbstractSocket::RemoteHostClosedError});

    auto carol = connected(u"bob"_s);
    QVERIFY(carol);
    carol->send(u"42[\"join\",{\"room\":\"r\"}]"_s);
    QTRY_COMPARE(m_server->clientCount(u"r"_s), 1);
    QCOMPARE(m_server->closeRoom(u"r"_s, 4000, u"go away"_s), 1);
    QVERIFY(carol->waitClosed());
    QCOMPARE(int(carol->socket.closeCode()), 4000);
    QCOMPARE(m_server->clientCount(u"r"_s), 0);
}

void tst_MockServerSocketIo::silenceAndNoHeartbeatStopTheHeartbeat()
{
    MockServerOptions options;
    options.pingIntervalMs = 50;
    options.pingTimeoutMs = 50;
    startServer(options);
    auto quiet = connected();
    auto silent = connected(u"alice"_s, 3);
    QVERIFY(quiet && silent);
    QCOMPARE(m_server->stopHeartbeat({}), 2);
    // A ping already on its way comes before this answer; after it, none may come.
    quiet->send(u"421[\"whoami\"]"_s);
    QTRY_VERIFY(quiet->frames.contains(u"431[{\"id\":1,\"username\":\"alice\"}]"_s));
    quiet->frames.clear();
    quiet->answerPings = false;
    silent->send(u"2"_s); // no pong, and no ping timeout either
    QCOMPARE(m_server->silenceRoom({}), 2);
    silent->send(u"2"_s);
    // Absence needs a window: three times interval + timeout, long enough for a ping or a close.
    QTest::qWait(300);
    QCOMPARE(quiet->frames, QStringList());
    QCOMPARE(silent->frames, QStringList());
    QCOMPARE(quiet->socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(silent->socket.state(), QAbstractSocket::ConnectedState);
}

void tst_MockServerSocketIo::adminEndpointsReachSocketIoConnections()
{
    startServer();
    auto alice = connected();
    QVERIFY(alice);
    alice->send(u"420[\"join\",{\"room\":\"r\"}]"_s);
    QCOMPARE(alice->next(), u"430[{\"ok\":true}]"_s);
    QCOMPARE(post(u"/admin/no-heartbeat?room=r"_s, {}), std::pair(200, QByteArray(R"({"affected":1})")));
    QCOMPARE(post(u"/admin/disconnect?room=r"_s, {}), std::pair(200, QByteArray(R"({"affected":1})")));
    QCOMPARE(alice->next(), u"41"_s);
    QCOMPARE(post(u"/admin/drop"_s, {}), std::pair(200, QByteArray(R"({"affected":1})")));
    QVERIFY(alice->waitClosed());
}

void tst_MockServerSocketIo::loginOnlyHandsOutOneTokenAndNoRefresh()
{
    MockServerOptions options;
    options.loginOnly = true;
    options.tokenTtlSeconds = 0;
    startServer(options);
    const auto [status, body] = post(u"/login"_s, R"({"username":"alice","password":"alice-pass"})");
    QCOMPARE(status, 200);
    const QByteArray token = QJsonDocument::fromJson(body)[u"token"_s].toString().toLatin1();
    const QJsonObject claims = QJsonDocument::fromJson(QByteArray::fromBase64(token.split('.').value(1),
                                                                              QByteArray::Base64UrlEncoding))
                                   .object();
    QVERIFY(!claims.contains(u"exp"_s));
    QCOMPARE(post(u"/login"_s, R"({"username":"alice","password":"wrong"})"), std::pair(401, QByteArray()));
    QCOMPARE(post(u"/api/token/refresh/"_s, R"({"refresh":"x"})").first, 404);
    QCOMPARE(post(u"/api/token/"_s, R"({"username":"alice","password":"alice-pass"})").first, 404);

    Peer peer;
    QVERIFY(peer.open(engineUrl(), token));
    QVERIFY(peer.next().startsWith(u'0'));
    peer.send(u"40"_s);
    QVERIFY(peer.next().startsWith(u"40{"_s));

    m_server.reset();
    options.tokenTtlSeconds = 2;
    startServer(options);
    const QJsonObject timed =
        QJsonDocument::fromJson(
            QByteArray::fromBase64(
                QJsonDocument::fromJson(
                    post(u"/login"_s, R"({"username":"bob","password":"bob-pass"})").second)[u"token"_s]
                    .toString()
                    .toLatin1()
                    .split('.')
                    .value(1),
                QByteArray::Base64UrlEncoding))
            .object();
    QCOMPARE(timed.value(u"exp"_s).toInteger() - timed.value(u"iat"_s).toInteger(), 2);
}

void tst_MockServerSocketIo::hostileOpenPacketRawFramesAndFloods()
{
    MockServerOptions options;
    options.socketIoOpenOverrides = {
        {u"pingInterval"_s, 0}, {u"maxPayload"_s, 1e15}, {u"sid"_s, QJsonValue()}};
    startServer(options);
    Peer peer;
    QVERIFY(peer.open(engineUrl()));
    QCOMPARE(
        peer.next(),
        u"0{\"upgrades\":[],\"pingInterval\":0,\"pingTimeout\":20000,\"maxPayload\":1000000000000000}"_s);
    peer.send(u"40{\"token\":\"%1\"}"_s.arg(QString::fromLatin1(m_server->issueAccessToken(u"alice"_s, 60))));
    QVERIFY(peer.next().startsWith(u"40{"_s));
    peer.send(u"42[\"join\",{\"room\":\"r\"}]"_s);
    QTRY_COMPARE(m_server->clientCount(u"r"_s), 1);

    QCOMPARE(m_server->sendRaw(u"r"_s, "439[{\"ok\":true}]"), 1); // an ack for an id never sent
    QCOMPARE(peer.next(), u"439[{\"ok\":true}]"_s);
    QCOMPARE(m_server->floodRoom(u"r"_s, 2, 20), 1);
    const QString first = peer.next();
    QVERIFY2(first.startsWith(u"42[\"message\",{\"room\":\"r\",\"text\":\"flood 00000001 xxxxx\",\"user\":"
                              "\"flood\",\"created_at\":"_s),
             qPrintable(first));
    QVERIFY(peer.next().contains(u"flood 00000002"_s));
}

void tst_MockServerSocketIo::expiredTokenEndsTheSessionOnlyWhenTold_data()
{
    QTest::addColumn<bool>("expireSessions");
    QTest::addColumn<bool>("engineAuth");
    QTest::newRow("by default a session outlives its token") << false << false;
    QTest::newRow("expire-sockets: 41 when the CONNECT's token expires") << true << false;
    QTest::newRow("expire-sockets: 41 when the handshake's token expires") << true << true;
}

void tst_MockServerSocketIo::expiredTokenEndsTheSessionOnlyWhenTold()
{
    QFETCH(bool, expireSessions);
    QFETCH(bool, engineAuth);
    MockServerOptions options;
    options.socketIoExpireSessions = expireSessions;
    if (engineAuth)
        options.socketIoAuth = MockServerOptions::SocketIoAuth::Engine;
    startServer(options);
    const QByteArray token = m_server->issueAccessToken(u"alice"_s, 0.3);
    Peer peer;
    QVERIFY(peer.open(engineUrl(), token));
    QVERIFY(peer.next().startsWith(u'0'));
    peer.send(u"40"_s);
    QVERIFY(peer.next().startsWith(u"40{"_s));
    peer.send(u"42[\"join\",{\"room\":\"r\"}]"_s);
    if (!expireSessions) {
        QTest::qWait(500); // past the token's lifetime: absence needs a window
        QCOMPARE(m_server->clientCount(u"r"_s), 1);
        return;
    }
    QCOMPARE(peer.next(), u"41"_s);
    QCOMPARE(m_server->clientCount(u"r"_s), 0);
    QCOMPARE(peer.socket.state(), QAbstractSocket::ConnectedState);
}

void tst_MockServerSocketIo::frameDelayHoldsEveryFrameInOrder()
{
    startServer();
    auto alice = connected();
    QVERIFY(alice);
    m_server->setFrameDelay(150);
    QElapsedTimer held;
    held.start();
    alice->send(u"421[\"join\",{\"room\":\"r\"}]"_s);
    alice->send(u"422[\"message\",{\"room\":\"r\",\"text\":\"late\"}]"_s);
    QCOMPARE(alice->next(), u"431[{\"ok\":true}]"_s);
    QVERIFY2(held.elapsed() >= 140, "the ack came before the frame delay");
    QCOMPARE(alice->next(), u"432[{\"ok\":true,\"id\":1}]"_s);
    QVERIFY(alice->next().contains(u"late"_s));
}

void tst_MockServerSocketIo::rejectedHandshakesAndRestartsCountSocketIoToo()
{
    startServer();
    m_server->rejectHandshakes(1, 503);
    QCOMPARE(rawHandshakeStatusLine(u"/socket.io/?EIO=4&transport=websocket"_s),
             "HTTP/1.1 503 Service Unavailable");
    auto alice = connected();
    QVERIFY(alice);
    QCOMPARE(m_server->restart(), 1);
    QVERIFY(alice->waitClosed());
    QCOMPARE(alice->errors, QList{QAbstractSocket::RemoteHostClosedError});
}

void tst_MockServerSocketIo::onlyListedNamespacesExistWhenListed()
{
    MockServerOptions options;
    options.socketIoNamespaces = {u"/lobby"_s};
    startServer(options);
    auto alice = connected();
    QVERIFY(alice);
    alice->send(u"40/nowhere,"_s);
    QCOMPARE(alice->next(), u"44/nowhere,{\"message\":\"Invalid namespace\"}"_s);
    alice->send(u"40/lobby,{\"token\":\"%1\"}"_s.arg(
        QString::fromLatin1(m_server->issueAccessToken(u"alice"_s, 60))));
    QVERIFY(alice->next().startsWith(u"40/lobby,{"_s));
}

QTEST_GUILESS_MAIN(tst_MockServerSocketIo)
#include "tst_mockserver_socketio.moc"
