// The mock server against Qt's own HTTP and WebSocket clients, so a client test that fails points
// at the client, not at the mock.

#include "mockserver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

enum class Transport { BareSubprotocol, SubprotocolPair, BearerHeader, QueryParameter };
enum class BadToken { Garbage, WrongType, Expired, Missing };
Q_DECLARE_METATYPE(Transport)
Q_DECLARE_METATYPE(BadToken)

namespace {

struct HttpResult
{
    int status = 0;
    QJsonObject body;
};

QJsonObject claimsOf(const QByteArray &jwt)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object();
}

QByteArray frame(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The server counts a client once it has sent the handshake answer; the client can send only once it
// has read it.
bool waitConnected(QWebSocket *socket)
{
    return socket->state() == QAbstractSocket::ConnectedState ||
           QSignalSpy(socket, &QWebSocket::connected).wait(5000);
}

QJsonObject parsed(const QVariant &frameArgument)
{
    return QJsonDocument::fromJson(frameArgument.toString().toUtf8()).object();
}

} // namespace

class tst_MockServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void signInReturnsTwoJwtsWithTheListedClaims();
    void signInIsRefused_data();
    void signInIsRefused();
    void refreshReturnsAFreshAccessToken();
    void rotationRetiresTheOldRefreshToken();
    void refreshIsRefused_data();
    void refreshIsRefused();
    void otherRequestsGetJsonErrors_data();
    void otherRequestsGetJsonErrors();
    void oversizedRequestIsRefusedWith413();
    void requestCountersCountEveryRequest();

    void handshakeAcceptsEveryTransport_data();
    void handshakeAcceptsEveryTransport();
    void handshakeIsRefused_data();
    void handshakeIsRefused();
    void tokenExpiringWhileOpenClosesWith4001();
    void historyIsReplayedOnJoin_data();
    void historyIsReplayedOnJoin();
    void historyEndpointPagesBackwards_data();
    void historyEndpointPagesBackwards();
    void historyEndpointRefuses_data();
    void historyEndpointRefuses();
    void joinReplaysOnlyTheNewestButTheEndpointHasTheRest();
    void broadcastReachesEveryoneInTheRoom();
    void fiftyClientsJoiningAtOnceAllGetTheBroadcast();
    void invalidFrameGetsAnErrorAndTheSocketStaysOpen_data();
    void invalidFrameGetsAnErrorAndTheSocketStaysOpen();

private:
    void startServer(MockServerOptions options = {});
    HttpResult post(const QString &path, const QByteArray &body) { return send("POST", path, body); }
    HttpResult send(const QByteArray &verb, const QString &path, const QByteArray &body = {});
    HttpResult signIn(const QString &user, const QString &password);
    // GET of the history endpoint; the answer's messages (the list, or DRF's "results") in answer.
    int getHistory(const QString &query, const QByteArray &token, QJsonArray *answer,
                   bool *paginated = nullptr, const QString &room = u"lobby"_s);
    std::unique_ptr<QWebSocket> openRoom(const QString &room, const QByteArray &token,
                                         Transport transport = Transport::BareSubprotocol);

    std::unique_ptr<MockServer> m_server;
    QNetworkAccessManager m_nam;
};

void tst_MockServer::initTestCase()
{
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
    QLoggingCategory::setFilterRules(u"chat.mock.debug=false\nchat.mock.info=false"_s);
}

void tst_MockServer::init()
{
    startServer();
}

void tst_MockServer::cleanup()
{
    m_server.reset();
}

void tst_MockServer::startServer(MockServerOptions options)
{
    m_server = std::make_unique<MockServer>(std::move(options));
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
}

HttpResult tst_MockServer::send(const QByteArray &verb, const QString &path, const QByteArray &body)
{
    QNetworkRequest request(m_server->baseUrl().resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    std::unique_ptr<QNetworkReply> reply(m_nam.sendCustomRequest(request, verb, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object()};
}

HttpResult tst_MockServer::signIn(const QString &user, const QString &password)
{
    return post(u"/api/token/"_s, frame({{u"username"_s, user}, {u"password"_s, password}}));
}

std::unique_ptr<QWebSocket> tst_MockServer::openRoom(const QString &room, const QByteArray &token,
                                                     Transport transport)
{
    QUrl url = m_server->baseUrl();
    url.setScheme(u"ws"_s);
    url.setPath(u"/ws/chat/%1/"_s.arg(room));
    QWebSocketHandshakeOptions options;
    QNetworkRequest request;
    switch (transport) {
    case Transport::BareSubprotocol:
        options.setSubprotocols({QString::fromLatin1(token)});
        break;
    case Transport::SubprotocolPair:
        options.setSubprotocols({u"access_token"_s, QString::fromLatin1(token)});
        break;
    case Transport::BearerHeader:
        request.setRawHeader("Authorization", "Bearer " + token);
        break;
    case Transport::QueryParameter:
        url.setQuery(QUrlQuery{{u"token"_s, QString::fromLatin1(token)}});
        break;
    }
    request.setUrl(url);
    auto socket = std::make_unique<QWebSocket>();
    socket->open(request, options);
    return socket;
}

void tst_MockServer::signInReturnsTwoJwtsWithTheListedClaims()
{
    const HttpResult result = signIn(u"alice"_s, u"alice-pass"_s);
    QCOMPARE(result.status, 200);
    const QJsonObject access = claimsOf(result.body.value(u"access"_s).toString().toLatin1());
    const QJsonObject refresh = claimsOf(result.body.value(u"refresh"_s).toString().toLatin1());
    QCOMPARE(access.value(u"token_type"_s).toString(), u"access"_s);
    QCOMPARE(refresh.value(u"token_type"_s).toString(), u"refresh"_s);
    for (const QJsonObject &claims : {access, refresh}) {
        QCOMPARE(claims.value(u"username"_s).toString(), u"alice"_s);
        QVERIFY(claims.value(u"user_id"_s).toInt() > 0);
        QVERIFY(!claims.value(u"jti"_s).toString().isEmpty());
        QVERIFY(claims.value(u"iat"_s).isDouble());
    }
    QVERIFY(access.value(u"jti"_s) != refresh.value(u"jti"_s));
    // iat is whole seconds, exp keeps the milliseconds: the lifetime is the ttl plus under a second.
    const auto lifetime = [](const QJsonObject &claims) {
        return claims.value(u"exp"_s).toDouble() - claims.value(u"iat"_s).toDouble();
    };
    QVERIFY(lifetime(access) >= 300 && lifetime(access) < 301);
    QVERIFY(lifetime(refresh) >= 86400 && lifetime(refresh) < 86401);
}

void tst_MockServer::signInIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorField");

    QTest::newRow("a wrong password gives 401 with a detail")
        << frame({{u"username"_s, u"alice"_s}, {u"password"_s, u"bob-pass"_s}}) << 401 << u"detail"_s;
    QTest::newRow("an unknown user gives 401 with a detail")
        << frame({{u"username"_s, u"mallory"_s}, {u"password"_s, u"x"_s}}) << 401 << u"detail"_s;
    QTest::newRow("a missing password gives 400 naming the field")
        << frame({{u"username"_s, u"alice"_s}}) << 400 << u"password"_s;
    QTest::newRow("a body that is not JSON gives 400 naming the fields")
        << QByteArray("user=alice") << 400 << u"username"_s;
}

void tst_MockServer::signInIsRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, errorField);

    const HttpResult result = post(u"/api/token/"_s, body);
    QCOMPARE(result.status, status);
    QVERIFY2(result.body.contains(errorField), frame(result.body).constData());
    if (status == 401)
        QCOMPARE(result.body.value(u"detail"_s).toString(),
                 u"No active account found with the given credentials"_s);
}

void tst_MockServer::refreshReturnsAFreshAccessToken()
{
    const HttpResult tokens = signIn(u"bob"_s, u"bob-pass"_s);
    const HttpResult result =
        post(u"/api/token/refresh/"_s, frame({{u"refresh"_s, tokens.body[u"refresh"_s]}}));
    QCOMPARE(result.status, 200);
    QVERIFY(!result.body.contains(u"refresh"_s));
    const QJsonObject access = claimsOf(result.body.value(u"access"_s).toString().toLatin1());
    QCOMPARE(access.value(u"token_type"_s).toString(), u"access"_s);
    QCOMPARE(access.value(u"username"_s).toString(), u"bob"_s);
}

void tst_MockServer::rotationRetiresTheOldRefreshToken()
{
    MockServerOptions options;
    options.rotateRefresh = true;
    startServer(options);
    const QJsonValue first = signIn(u"alice"_s, u"alice-pass"_s).body[u"refresh"_s];

    const HttpResult rotated = post(u"/api/token/refresh/"_s, frame({{u"refresh"_s, first}}));
    QCOMPARE(rotated.status, 200);
    const QJsonValue second = rotated.body[u"refresh"_s];
    QVERIFY(second.isString());
    QVERIFY(second != first);

    const HttpResult reused = post(u"/api/token/refresh/"_s, frame({{u"refresh"_s, first}}));
    QCOMPARE(reused.status, 401);
    QCOMPARE(reused.body[u"code"_s].toString(), u"token_not_valid"_s);
    QCOMPARE(post(u"/api/token/refresh/"_s, frame({{u"refresh"_s, second}})).status, 200);
}

void tst_MockServer::refreshIsRefused_data()
{
    QTest::addColumn<BadToken>("kind");
    QTest::newRow("a garbage refresh token gives 401") << BadToken::Garbage;
    QTest::newRow("an access token used as refresh token gives 401") << BadToken::WrongType;
    QTest::newRow("an expired refresh token gives 401") << BadToken::Expired;
}

void tst_MockServer::refreshIsRefused()
{
    QFETCH(BadToken, kind);
    QByteArray token = "not.a.jwt";
    if (kind == BadToken::WrongType)
        token = m_server->issueAccessToken(u"alice"_s, 60);
    else if (kind == BadToken::Expired)
        token = m_server->issueRefreshToken(u"alice"_s, -1);

    const HttpResult result =
        post(u"/api/token/refresh/"_s, frame({{u"refresh"_s, QString::fromLatin1(token)}}));
    QCOMPARE(result.status, 401);
    QCOMPARE(result.body[u"detail"_s].toString(), u"Token is invalid or expired"_s);
    QCOMPARE(result.body[u"code"_s].toString(), u"token_not_valid"_s);
}

void tst_MockServer::otherRequestsGetJsonErrors_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("an unknown path gives 404") << QByteArray("POST") << u"/api/nothing/"_s << 404;
    QTest::newRow("GET on the sign-in endpoint gives 405") << QByteArray("GET") << u"/api/token/"_s << 405;
    QTest::newRow("PUT on the refresh endpoint gives 405")
        << QByteArray("PUT") << u"/api/token/refresh/"_s << 405;
}

void tst_MockServer::otherRequestsGetJsonErrors()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(int, status);
    const HttpResult result = send(verb, path);
    QCOMPARE(result.status, status);
    QVERIFY(result.body[u"detail"_s].isString());
}

void tst_MockServer::oversizedRequestIsRefusedWith413()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write("POST /api/token/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    QVERIFY(disconnected.wait(5000));
    QVERIFY(socket.readAll().startsWith("HTTP/1.1 413 "));
}

void tst_MockServer::requestCountersCountEveryRequest()
{
    const QJsonValue refresh = signIn(u"alice"_s, u"alice-pass"_s).body[u"refresh"_s];
    QCOMPARE(signIn(u"alice"_s, u"wrong"_s).status, 401);
    QCOMPARE(post(u"/api/token/refresh/"_s, frame({{u"refresh"_s, refresh}})).status, 200);
    QCOMPARE(m_server->tokenRequestCount(), 2);
    QCOMPARE(m_server->refreshRequestCount(), 1);
}

void tst_MockServer::handshakeAcceptsEveryTransport_data()
{
    QTest::addColumn<Transport>("transport");
    QTest::addColumn<bool>("echoesToken");
    QTest::addColumn<QString>("subprotocol");
    QTest::newRow("the bare JWT as subprotocol is echoed") << Transport::BareSubprotocol << true << QString();
    QTest::newRow("the access_token pair echoes only the name")
        << Transport::SubprotocolPair << false << u"access_token"_s;
    QTest::newRow("a bearer header selects no subprotocol") << Transport::BearerHeader << false << QString();
    QTest::newRow("a token query selects no subprotocol") << Transport::QueryParameter << false << QString();
}

void tst_MockServer::handshakeAcceptsEveryTransport()
{
    QFETCH(Transport, transport);
    QFETCH(bool, echoesToken);
    QFETCH(QString, subprotocol);

    QSignalSpy joined(m_server.get(), &MockServer::clientJoined);
    const QByteArray token = m_server->issueAccessToken(u"alice"_s, 60);
    const auto socket = openRoom(u"tea room"_s, token, transport);
    QSignalSpy connected(socket.get(), &QWebSocket::connected);
    QVERIFY(connected.wait(5000));
    QCOMPARE(socket->subprotocol(), echoesToken ? QString::fromLatin1(token) : subprotocol);
    QTRY_COMPARE(joined.size(), 1);
    QCOMPARE(joined[0], (QVariantList{u"tea room"_s, u"alice"_s}));
    QCOMPARE(m_server->clientCount(u"tea room"_s), 1);
}

void tst_MockServer::handshakeIsRefused_data()
{
    QTest::addColumn<BadToken>("kind");
    QTest::addColumn<QString>("room");
    QTest::addColumn<QString>("status");
    QTest::newRow("a garbage token is refused with 403") << BadToken::Garbage << u"lobby"_s << u"403"_s;
    QTest::newRow("a refresh token is refused with 403") << BadToken::WrongType << u"lobby"_s << u"403"_s;
    QTest::newRow("an expired token is refused with 403") << BadToken::Expired << u"lobby"_s << u"403"_s;
    QTest::newRow("no token at all is refused with 403") << BadToken::Missing << u"lobby"_s << u"403"_s;
    QTest::newRow("a path outside /ws/chat/ gives 404 before the token is looked at")
        << BadToken::Garbage << u"a/b"_s << u"404"_s;
}

void tst_MockServer::handshakeIsRefused()
{
    QFETCH(BadToken, kind);
    QFETCH(QString, room);
    QFETCH(QString, status);

    QByteArray token = "garbage";
    if (kind == BadToken::WrongType)
        token = m_server->issueRefreshToken(u"alice"_s, 60);
    else if (kind == BadToken::Expired)
        token = m_server->issueAccessToken(u"alice"_s, -0.001);
    const auto socket =
        kind == BadToken::Missing ? openRoom(room, {}, Transport::BearerHeader) : openRoom(room, token);
    QSignalSpy connected(socket.get(), &QWebSocket::connected);
    QSignalSpy error(socket.get(), qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    QVERIFY(error.wait(5000));
    QCOMPARE(error[0][0].value<QAbstractSocket::SocketError>(), QAbstractSocket::ConnectionRefusedError);
    QVERIFY2(socket->errorString().contains(status), qPrintable(socket->errorString()));
    QCOMPARE(connected.size(), 0);
    socket->abort(); // Qt 6.4 leaves a refused socket open
    QCOMPARE(m_server->clientCount(room), 0);
}

void tst_MockServer::tokenExpiringWhileOpenClosesWith4001()
{
    QElapsedTimer sinceIssue;
    sinceIssue.start();
    const auto socket = openRoom(u"lobby"_s, m_server->issueAccessToken(u"bob"_s, 0.3));
    QSignalSpy connected(socket.get(), &QWebSocket::connected);
    QSignalSpy disconnected(socket.get(), &QWebSocket::disconnected);
    QVERIFY(connected.wait(5000));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(int(socket->closeCode()), 4001);
    // Not before the token's end, give or take the millisecond the JWT clock rounds off.
    QVERIFY2(sinceIssue.elapsed() >= 299, qPrintable(QString::number(sinceIssue.elapsed())));
    QTRY_COMPARE(m_server->clientCount(u"lobby"_s), 0);
}

void tst_MockServer::historyIsReplayedOnJoin_data()
{
    QTest::addColumn<int>("historySize");
    QTest::addColumn<QStringList>("replayed");
    QTest::newRow("a new client gets all three messages in order")
        << 50 << QStringList{u"1"_s, u"2"_s, u"3"_s};
    QTest::newRow("a history of two keeps only the last two") << 2 << QStringList{u"2"_s, u"3"_s};
}

void tst_MockServer::historyIsReplayedOnJoin()
{
    QFETCH(int, historySize);
    QFETCH(QStringList, replayed);
    MockServerOptions options;
    options.historySize = historySize;
    startServer(options);

    const auto alice = openRoom(u"lobby"_s, m_server->issueAccessToken(u"alice"_s, 60));
    QSignalSpy aliceReceived(alice.get(), &QWebSocket::textMessageReceived);
    QVERIFY(waitConnected(alice.get()));
    for (const QString &text : {u"1"_s, u"2"_s, u"3"_s})
        alice->sendTextMessage(QString::fromUtf8(frame({{u"message"_s, text}})));
    QTRY_COMPARE(aliceReceived.size(), 3);

    const auto bob = openRoom(u"lobby"_s, m_server->issueAccessToken(u"bob"_s, 60));
    QSignalSpy bobReceived(bob.get(), &QWebSocket::textMessageReceived);
    QTRY_COMPARE(bobReceived.size(), replayed.size());
    for (qsizetype i = 0; i < replayed.size(); ++i) {
        QCOMPARE(parsed(bobReceived[i][0])[u"message"_s].toString(), replayed[i]);
        QCOMPARE(parsed(bobReceived[i][0])[u"user"_s].toString(), u"alice"_s);
    }
    QCOMPARE(aliceReceived.size(), 3);
}

int tst_MockServer::getHistory(const QString &query, const QByteArray &token, QJsonArray *answer,
                               bool *paginated, const QString &room)
{
    QUrl url = m_server->baseUrl();
    url.setPath(u"/api/rooms/%1/messages/"_s.arg(room));
    url.setQuery(query);
    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    std::unique_ptr<QNetworkReply> reply(m_nam.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        return 0;
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
    if (paginated)
        *paginated = doc.isObject() && doc.object().contains(u"results"_s);
    *answer = doc.isArray() ? doc.array() : doc.object().value(u"results"_s).toArray();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void tst_MockServer::historyEndpointPagesBackwards_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("paginated");
    QTest::addColumn<QStringList>("texts");
    QTest::newRow("without before: the newest, oldest first")
        << u"limit=3"_s << false << QStringList{u"8"_s, u"9"_s, u"10"_s};
    QTest::newRow("before an id: the newest below it")
        << u"before=5&limit=2"_s << false << QStringList{u"3"_s, u"4"_s};
    QTest::newRow("near the start: what there is")
        << u"before=3&limit=50"_s << false << QStringList{u"1"_s, u"2"_s};
    QTest::newRow("before the first: an empty page") << u"before=1"_s << false << QStringList{};
    QTest::newRow("a limit over the cap gets the cap")
        << u"limit=1000"_s << false << QStringList{u"7"_s, u"8"_s, u"9"_s, u"10"_s};
    QTest::newRow("paginated: the same messages in results")
        << u"before=5&limit=2"_s << true << QStringList{u"3"_s, u"4"_s};
}

void tst_MockServer::historyEndpointPagesBackwards()
{
    QFETCH(QString, query);
    QFETCH(bool, paginated);
    QFETCH(QStringList, texts);
    MockServerOptions options;
    options.historyPageCap = 4;
    options.historyPaginated = paginated;
    startServer(options);
    const auto alice = openRoom(u"lobby"_s, m_server->issueAccessToken(u"alice"_s, 60));
    QSignalSpy received(alice.get(), &QWebSocket::textMessageReceived);
    QVERIFY(waitConnected(alice.get()));
    for (int i = 1; i <= 10; ++i)
        alice->sendTextMessage(QString::fromUtf8(frame({{u"message"_s, QString::number(i)}})));
    QTRY_COMPARE(received.size(), 10);

    QJsonArray page;
    bool wasPaginated = !paginated;
    QCOMPARE(getHistory(query, m_server->issueAccessToken(u"bob"_s, 60), &page, &wasPaginated), 200);
    QCOMPARE(wasPaginated, paginated);
    QStringList got;
    for (const QJsonValue &message : std::as_const(page)) {
        got << message[u"message"_s].toString();
        // The same objects as the frames: the id is the one the frame carried.
        QCOMPARE(message[u"id"_s].toInteger(), got.last().toInt());
        QCOMPARE(message[u"user"_s].toString(), u"alice"_s);
        QVERIFY(!message[u"created_at"_s].toString().isEmpty());
    }
    QCOMPARE(got, texts);
    QCOMPARE(m_server->historyRequestCount(), 1);
}

void tst_MockServer::historyEndpointRefuses_data()
{
    QTest::addColumn<QString>("token"); // "good", "expired", "refresh", "none"
    QTest::addColumn<QString>("room");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("endpoint");
    QTest::addColumn<int>("status");
    QTest::newRow("no token gets 401") << u"none"_s << u"lobby"_s << QString() << true << 401;
    QTest::newRow("an expired token gets 401") << u"expired"_s << u"lobby"_s << QString() << true << 401;
    QTest::newRow("a refresh token gets 401") << u"refresh"_s << u"lobby"_s << QString() << true << 401;
    QTest::newRow("an unknown room gets 404") << u"good"_s << u"nowhere"_s << QString() << true << 404;
    QTest::newRow("a before that is no id gets 400")
        << u"good"_s << u"lobby"_s << u"before=x"_s << true << 400;
    QTest::newRow("a limit of 0 gets 400") << u"good"_s << u"lobby"_s << u"limit=0"_s << true << 400;
    QTest::newRow("without the endpoint, 404") << u"good"_s << u"lobby"_s << QString() << false << 404;
}

void tst_MockServer::historyEndpointRefuses()
{
    QFETCH(QString, token);
    QFETCH(QString, room);
    QFETCH(QString, query);
    QFETCH(bool, endpoint);
    QFETCH(int, status);
    MockServerOptions options;
    options.historyEndpoint = endpoint;
    startServer(options);
    m_server->storeUnseen(u"lobby"_s, 3);
    QByteArray jwt;
    if (token == u"good"_s)
        jwt = m_server->issueAccessToken(u"alice"_s, 60);
    else if (token == u"expired"_s)
        jwt = m_server->issueAccessToken(u"alice"_s, -10);
    else if (token == u"refresh"_s)
        jwt = m_server->issueRefreshToken(u"alice"_s, 60);
    QJsonArray page;
    QCOMPARE(getHistory(query, jwt, &page, nullptr, room), status);
    QVERIFY(page.isEmpty());
}

void tst_MockServer::joinReplaysOnlyTheNewestButTheEndpointHasTheRest()
{
    MockServerOptions options;
    options.historySize = 3;
    startServer(options);
    QCOMPARE(m_server->storeUnseen(u"lobby"_s, 10), 10);
    const auto bob = openRoom(u"lobby"_s, m_server->issueAccessToken(u"bob"_s, 60));
    QSignalSpy received(bob.get(), &QWebSocket::textMessageReceived);
    QTRY_COMPARE(received.size(), 3);
    QCOMPARE(parsed(received[0][0])[u"id"_s].toInteger(), 8);
    QJsonArray page;
    QCOMPARE(getHistory(u"before=8&limit=100"_s, m_server->issueAccessToken(u"bob"_s, 60), &page), 200);
    QCOMPARE(page.size(), 7);
    QCOMPARE(page.first()[u"id"_s].toInteger(), 1);
    QCOMPARE(page.last()[u"id"_s].toInteger(), 7);
}

void tst_MockServer::broadcastReachesEveryoneInTheRoom()
{
    const auto alice = openRoom(u"lobby"_s, m_server->issueAccessToken(u"alice"_s, 60));
    const auto bob = openRoom(u"lobby"_s, m_server->issueAccessToken(u"bob"_s, 60));
    const auto outsider = openRoom(u"elsewhere"_s, m_server->issueAccessToken(u"bob"_s, 60));
    QSignalSpy aliceReceived(alice.get(), &QWebSocket::textMessageReceived);
    QSignalSpy bobReceived(bob.get(), &QWebSocket::textMessageReceived);
    QSignalSpy outsiderReceived(outsider.get(), &QWebSocket::textMessageReceived);
    QVERIFY(waitConnected(alice.get()));
    QVERIFY(waitConnected(bob.get()));
    QTRY_COMPARE(m_server->clientCount(u"lobby"_s), 2);
    QTRY_COMPARE(m_server->clientCount(u"elsewhere"_s), 1);

    alice->sendTextMessage(QString::fromUtf8(frame({{u"message"_s, u"hi"_s}, {u"client_id"_s, u"c-1"_s}})));
    bob->sendTextMessage(QString::fromUtf8(frame({{u"message"_s, u"hello"_s}})));
    QTRY_COMPARE(aliceReceived.size(), 2);
    QTRY_COMPARE(bobReceived.size(), 2);

    const QJsonObject first = parsed(bobReceived[0][0]);
    QCOMPARE(parsed(aliceReceived[0][0]), first);
    QCOMPARE(first[u"message"_s].toString(), u"hi"_s);
    QCOMPARE(first[u"user"_s].toString(), u"alice"_s);
    QCOMPARE(first[u"client_id"_s].toString(), u"c-1"_s);
    static const QRegularExpression isoUtcMs(uR"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"_s);
    QVERIFY(isoUtcMs.match(first[u"created_at"_s].toString()).hasMatch());
    const QJsonObject second = parsed(bobReceived[1][0]);
    QVERIFY(!second.contains(u"client_id"_s));
    QVERIFY(second[u"id"_s].toInteger() > first[u"id"_s].toInteger());
    QCOMPARE(outsiderReceived.size(), 0);
}

void tst_MockServer::fiftyClientsJoiningAtOnceAllGetTheBroadcast()
{
    std::vector<std::unique_ptr<QWebSocket>> clients;
    std::vector<std::unique_ptr<QSignalSpy>> received;
    for (int i = 0; i < 50; ++i) {
        clients.push_back(openRoom(u"crowd"_s, m_server->issueAccessToken(u"bob"_s, 60),
                                   i % 2 ? Transport::BareSubprotocol : Transport::SubprotocolPair));
        received.push_back(
            std::make_unique<QSignalSpy>(clients.back().get(), &QWebSocket::textMessageReceived));
    }
    QTRY_COMPARE(m_server->clientCount(u"crowd"_s), 50);
    QVERIFY(waitConnected(clients.front().get()));
    clients.front()->sendTextMessage(QString::fromUtf8(frame({{u"message"_s, u"hello all"_s}})));
    for (const auto &spy : received)
        QTRY_COMPARE(spy->size(), 1);
    clients.clear();
    QTRY_COMPARE(m_server->clientCount(u"crowd"_s), 0);
}

void tst_MockServer::invalidFrameGetsAnErrorAndTheSocketStaysOpen_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("a frame that is not JSON gets an error") << u"hello"_s;
    QTest::newRow("a JSON array gets an error") << u"[1, 2]"_s;
    QTest::newRow("an object without message gets an error") << u"{\"text\": \"hi\"}"_s;
    QTest::newRow("a message that is not a string gets an error") << u"{\"message\": 42}"_s;
}

void tst_MockServer::invalidFrameGetsAnErrorAndTheSocketStaysOpen()
{
    QFETCH(QString, text);
    const auto alice = openRoom(u"lobby"_s, m_server->issueAccessToken(u"alice"_s, 60));
    QSignalSpy received(alice.get(), &QWebSocket::textMessageReceived);
    QVERIFY(waitConnected(alice.get()));

    alice->sendTextMessage(text);
    QTRY_COMPARE(received.size(), 1);
    QVERIFY(parsed(received[0][0])[u"error"_s].isString());

    alice->sendTextMessage(QString::fromUtf8(frame({{u"message"_s, u"still here"_s}})));
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(parsed(received[1][0])[u"message"_s].toString(), u"still here"_s);
    QCOMPARE(alice->state(), QAbstractSocket::ConnectedState);
}

QTEST_GUILESS_MAIN(tst_MockServer)
#include "tst_mockserver.moc"
