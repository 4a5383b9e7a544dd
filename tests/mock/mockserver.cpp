#include "mockserver.h"
#include "mocklogging.h"
#include "socketiofront.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcMock, "chat.mock")

namespace {

constexpr qsizetype maxHeadSize = 64 * 1024;
constexpr qsizetype maxBodySize = 64 * 1024;

QByteArray randomSecret()
{
    std::array<quint32, 8> words;
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.data()), sizeof(words));
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray fieldRequired(const QStringList &fields)
{
    QJsonObject errors;
    for (const QString &field : fields)
        errors.insert(field, QJsonArray{u"This field is required."_s});
    return jsonResponse(400, json(errors));
}

QByteArray tokenNotValid()
{
    return jsonResponse(
        401, json({{u"detail"_s, u"Token is invalid or expired"_s}, {u"code"_s, u"token_not_valid"_s}}));
}

} // namespace

MockServer::MockServer(MockServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_signer(randomSecret(), m_options.clock)
    , m_tcpServer(nullptr)
    , m_socketIo(new SocketIoFront(*this))
    , m_broadcastTimer(new QTimer(this))
{
    // QSslServer hands over a socket only after its TLS handshake, so everything after this
    // point reads plain HTTP either way, and QWebSocketServer in NonSecureMode just works on it.
    if (!m_options.tls.isNull() && !m_options.tls.localCertificate().isNull()) {
        auto *server = new QSslServer(this);
        server->setSslConfiguration(m_options.tls);
        m_tcpServer = server;
    } else {
        m_tcpServer = new QTcpServer(this);
    }
    // QSslServer (6.4) announces a connection, once encrypted, only through pendingConnectionAvailable.
    if (qobject_cast<QSslServer *>(m_tcpServer))
        connect(m_tcpServer, &QTcpServer::pendingConnectionAvailable, this, &MockServer::onNewConnection);
    else
        connect(m_tcpServer, &QTcpServer::newConnection, this, &MockServer::onNewConnection);
    m_uptime.start();
    m_broadcastTimer->setSingleShot(true);
    m_broadcastTimer->setTimerType(Qt::PreciseTimer);
    connect(m_broadcastTimer, &QTimer::timeout, this, &MockServer::onBroadcastDue);
}

// The client sockets are children and go with QObject's teardown; nothing calls back into us then
// because ~QObject drops every connection to this before it deletes the children.
MockServer::~MockServer() = default;

bool MockServer::listen(const QHostAddress &address, quint16 port)
{
    return m_tcpServer->listen(address, port);
}

QString MockServer::errorString() const
{
    return m_tcpServer->errorString();
}

quint16 MockServer::port() const
{
    return m_tcpServer->serverPort();
}

QUrl MockServer::baseUrl() const
{
    QHostAddress host = m_tcpServer->serverAddress();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(qobject_cast<QSslServer *>(m_tcpServer) ? u"https"_s : u"http"_s);
    url.setHost(host.toString());
    url.setPort(port());
    return url;
}

QByteArray MockServer::issueAccessToken(const QString &user, double ttlSeconds) const
{
    return m_signer.sign(JwtSigner::TokenType::Access, userId(user), user, ttlSeconds);
}

QByteArray MockServer::issueRefreshToken(const QString &user, double ttlSeconds) const
{
    return m_signer.sign(JwtSigner::TokenType::Refresh, userId(user), user, ttlSeconds);
}

int MockServer::clientCount(const QString &room) const
{
    return int(std::count_if(m_clients.cbegin(), m_clients.cend(),
                             [&room](const Client &client) { return client.room == room; })) +
           m_socketIo->clientCount(room);
}

int MockServer::userId(const QString &user) const
{
    QStringList names = m_options.users.keys();
    names.sort();
    return int(names.indexOf(user)) + 1;
}

void MockServer::onNewConnection()
{
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRequestData(socket); });
        // A lambda with this as context, not socket->deleteLater directly, so that one disconnect()
        // from this releases the socket to QWebSocketServer.
        connect(socket, &QTcpSocket::disconnected, this, [socket] { socket->deleteLater(); });
    }
}

void MockServer::onRequestData(QTcpSocket *socket)
{
    // Peek, do not read: an upgrade request must reach QWebSocketServer as it arrived.
    const HttpParseResult parsed =
        parseHttpRequest(socket->peek(socket->bytesAvailable()), maxHeadSize, maxBodySize);
    switch (parsed.status) {
    case HttpParseResult::Status::Incomplete:
        return;
    case HttpParseResult::Status::TooLarge:
        return answer(socket, jsonResponse(413, json({{u"detail"_s, u"Request too large."_s}})));
    case HttpParseResult::Status::Invalid:
        return answer(socket, jsonResponse(400, json({{u"detail"_s, u"Malformed request."_s}})));
    case HttpParseResult::Status::Complete:
        break;
    }
    if (parsed.request.isWebSocketUpgrade())
        return upgrade(socket, parsed.request);
    socket->skip(parsed.consumed);
    if (answerCanned(socket, parsed.request))
        return;
    if (m_options.historyDelayMs > 0 &&
        isHistoryPath(QUrl::fromEncoded(parsed.request.target).path(QUrl::FullyEncoded).toLatin1())) {
        const QByteArray response = httpAnswer(parsed.request);
        disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
        QTimer::singleShot(m_options.historyDelayMs, socket,
                           [this, socket, response] { answer(socket, response); });
        return;
    }
    answer(socket,
           isAdminRequest(socket, parsed.request) ? adminAnswer(parsed.request) : httpAnswer(parsed.request));
}

void MockServer::answer(QTcpSocket *socket, const QByteArray &response)
{
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    qCDebug(lcMock) << "answered" << response.left(response.indexOf('\r')).constData();
    socket->write(response);
    socket->disconnectFromHost();
}

QByteArray MockServer::httpAnswer(const HttpRequest &request)
{
    const QByteArray path = QUrl::fromEncoded(request.target).path(QUrl::FullyEncoded).toLatin1();
    if (m_socketIo->handles(request.target))
        return m_socketIo->httpAnswer(request);
    if (m_options.loginOnly && path == "/login")
        return request.method == "POST" ? loginAnswer(request.body) : emptyResponse(405);
    if (isHistoryPath(path))
        return historyAnswer(request);
    if (m_options.loginOnly || (path != "/api/token/" && path != "/api/token/refresh/"))
        return jsonResponse(404, json({{u"detail"_s, u"Not found."_s}}));
    if (request.method != "POST") {
        const QString detail = u"Method \"%1\" not allowed."_s.arg(QString::fromLatin1(request.method));
        return jsonResponse(405, json({{u"detail"_s, detail}}));
    }
    return path == "/api/token/" ? tokenAnswer(request.body) : refreshAnswer(request.body);
}

QByteArray MockServer::tokenAnswer(const QByteArray &body)
{
    ++m_tokenRequests;
    const QJsonObject fields = QJsonDocument::fromJson(body).object();
    const QString user = fields.value(u"username"_s).toString();
    const QString password = fields.value(u"password"_s).toString();
    QStringList missing;
    if (user.isEmpty())
        missing << u"username"_s;
    if (password.isEmpty())
        missing << u"password"_s;
    if (!missing.isEmpty())
        return fieldRequired(missing);
    if (!m_options.users.contains(user) || m_options.users.value(user) != password) {
        qCInfo(lcMock) << "sign-in refused for" << user;
        return jsonResponse(401,
                            json({{u"detail"_s, u"No active account found with the given credentials"_s}}));
    }
    qCInfo(lcMock) << "signed in" << user;
    return jsonResponse(
        200, json({
                 {u"access"_s, QString::fromLatin1(issueAccessToken(user, m_options.accessTtlSeconds))},
                 {u"refresh"_s, QString::fromLatin1(issueRefreshToken(user, m_options.refreshTtlSeconds))},
             }));
}

QByteArray MockServer::refreshAnswer(const QByteArray &body)
{
    ++m_refreshRequests;
    const QJsonValue refresh = QJsonDocument::fromJson(body).object().value(u"refresh"_s);
    if (!refresh.isString() || refresh.toString().isEmpty())
        return fieldRequired({u"refresh"_s});
    QString why;
    const auto claims = m_signer.verify(refresh.toString().toLatin1(), JwtSigner::TokenType::Refresh, &why);
    if (!claims || m_deadRefreshJtis.contains(claims->jti)) {
        qCInfo(lcMock) << "refresh refused:" << (claims ? u"already rotated"_s : why);
        return tokenNotValid();
    }
    QJsonObject tokens{
        {u"access"_s, QString::fromLatin1(issueAccessToken(claims->username, m_options.accessTtlSeconds))}};
    if (m_options.rotateRefresh) {
        m_deadRefreshJtis.insert(claims->jti);
        tokens.insert(u"refresh"_s,
                      QString::fromLatin1(issueRefreshToken(claims->username, m_options.refreshTtlSeconds)));
    }
    qCInfo(lcMock) << "refreshed" << claims->username << (m_options.rotateRefresh ? "(rotated)" : "");
    return jsonResponse(200, json(tokens));
}

// The Socket.IO guide's /login: one token, empty bodies on refusals, no refresh token.
QByteArray MockServer::loginAnswer(const QByteArray &body)
{
    ++m_tokenRequests;
    const QJsonObject fields = QJsonDocument::fromJson(body).object();
    const QJsonValue user = fields.value(u"username"_s);
    const QJsonValue password = fields.value(u"password"_s);
    if (!user.isString() || !password.isString())
        return emptyResponse(400);
    if (!m_options.users.contains(user.toString()) ||
        m_options.users.value(user.toString()) != password.toString()) {
        qCInfo(lcMock) << "login refused for" << user.toString();
        return emptyResponse(401);
    }
    qCInfo(lcMock) << "logged in" << user.toString();
    const double ttl = m_options.tokenTtlSeconds > 0 ? m_options.tokenTtlSeconds : qInf();
    return jsonResponse(200,
                        json({{u"token"_s, QString::fromLatin1(issueAccessToken(user.toString(), ttl))}}));
}
