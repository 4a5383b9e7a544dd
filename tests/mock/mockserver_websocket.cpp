// The WebSocket half of MockServer: handshake checks, hand-over to QWebSocketServer, rooms.

#include "mocklogging.h"
#include "mockserver.h"
#include "socketiofront.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace {

// Channels closes with 4001 from the consumer when the token is no good. Not a named CloseCode,
// hence the cast; it is never stored in a variable of the enum type.
QWebSocketProtocol::CloseCode closeCodeTokenExpired()
{
    return static_cast<QWebSocketProtocol::CloseCode>(4001);
}

struct TokenTransport
{
    QByteArray token;
    QString subprotocol; // what the handshake answer selects; empty for header and query
};

// A lone subprotocol is the bare JWT; the pair ("access_token", jwt) echoes only the name; without
// subprotocols the Authorization header, then ?token=, carry it.
TokenTransport findToken(const HttpRequest &request)
{
    QList<QByteArray> protocols;
    for (const QByteArray &protocol : request.header("sec-websocket-protocol").split(',')) {
        if (!protocol.trimmed().isEmpty())
            protocols.append(protocol.trimmed());
    }
    if (protocols.size() == 2 && protocols[0] == "access_token")
        return {protocols[1], u"access_token"_s};
    if (protocols.size() == 1)
        return {protocols[0], QString::fromLatin1(protocols[0])};
    if (const QByteArray auth = request.header("authorization"); auth.startsWith("Bearer "))
        return {auth.mid(7).trimmed(), {}};
    const QUrlQuery query(QUrl::fromEncoded(request.target));
    return {query.queryItemValue(u"token"_s, QUrl::FullyDecoded).toLatin1(), {}};
}

QString roomFromTarget(const QByteArray &target)
{
    static const QRegularExpression roomPath(u"^/ws/chat/([^/]+)/$"_s);
    const QString path = QUrl::fromEncoded(target).path(QUrl::FullyEncoded);
    const QRegularExpressionMatch match = roomPath.match(path);
    return match.hasMatch() ? QUrl::fromPercentEncoding(match.captured(1).toLatin1()) : QString();
}

} // namespace

// QWebSocketServer (6.4) selects a subprotocol only from a fixed list and cannot refuse a
// handshake with a status of our choosing, while daphne refuses with a plain 403. So our
// QTcpServer reads the request head first (peek only), refuses or answers HTTP itself, and hands
// an acceptable upgrade to a QWebSocketServer made for this one connection, whose list holds just
// the subprotocol chosen for it. One server per connection means no shared list to race over.
void MockServer::upgrade(QTcpSocket *socket, const HttpRequest &request)
{
    const bool socketIo = m_socketIo->handles(request.target);
    const QString room = socketIo ? QString() : roomFromTarget(request.target);
    if (!socketIo && room.isEmpty())
        return answer(socket, jsonResponse(404, R"({"detail":"Not found."})"));
    if (m_rejections > 0) {
        --m_rejections;
        qCInfo(lcMock) << "refused handshake for" << (socketIo ? u"Socket.IO"_s : u"room "_s + room) << "with"
                       << m_rejectionStatus << "as told";
        return answer(socket, emptyResponse(m_rejectionStatus));
    }
    if (socketIo)
        return m_socketIo->upgrade(socket, request);
    const TokenTransport transport = findToken(request);
    QString why = u"no token"_s;
    const auto claims = transport.token.isEmpty()
                            ? std::nullopt
                            : m_signer.verify(transport.token, JwtSigner::TokenType::Access, &why);
    if (!claims) {
        qCInfo(lcMock) << "refused handshake for room" << room << "-" << why;
        return answer(socket, emptyResponse(403));
    }
    handOver(socket, transport.subprotocol,
             [this, room, claims](QWebSocket *webSocket) { adopt(webSocket, room, *claims); });
}

void MockServer::handOver(QTcpSocket *socket, const QString &subprotocol,
                          const std::function<void(QWebSocket *)> &adopted)
{
    disconnect(socket, nullptr, this, nullptr);
    auto *handshaker = new QWebSocketServer(u"qtchat-mock"_s, QWebSocketServer::NonSecureMode, socket);
    handshaker->setSupportedSubprotocols(subprotocol.isEmpty() ? QStringList() : QStringList{subprotocol});
    connect(handshaker, &QWebSocketServer::newConnection, this, [handshaker, socket, adopted] {
        // From here the QWebSocket owns the TCP socket; the handshaker must no longer delete it.
        disconnect(socket, nullptr, handshaker, nullptr);
        handshaker->deleteLater();
        while (QWebSocket *webSocket = handshaker->nextPendingConnection()) {
            socket->setParent(webSocket);
            adopted(webSocket);
        }
    });
    handshaker->handleConnection(socket);
}

void MockServer::adopt(QWebSocket *socket, const QString &room, const JwtSigner::Claims &claims)
{
    socket->setParent(this);
    m_clients.insert(socket, {room, claims.username});
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, socket](const QString &text) { onTextMessage(socket, text); });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onClientDisconnected(socket); });

    // Channels only notices an expired token when the consumer checks it; we check to the
    // millisecond, so tests of the client's 4001 handling are exact.
    const qint64 msLeft = std::max<qint64>(0, claims.expiresAtMs - m_signer.nowMs());
    if (claims.expires())
        QTimer::singleShot(std::chrono::milliseconds(msLeft), Qt::PreciseTimer, socket, [socket] {
            qCInfo(lcMock) << "access token expired; closing with 4001";
            socket->close(closeCodeTokenExpired());
        });

    for (const QJsonObject &message : joinHistory(room))
        sendFrame(socket, historyFrame(message));
    qCInfo(lcMock) << claims.username << "joined" << room;
    Q_EMIT clientJoined(room, claims.username);
}

void MockServer::onTextMessage(QWebSocket *socket, const QString &text)
{
    const Client sender = m_clients.value(socket);
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isObject() || !doc.object().value(u"message"_s).isString()) {
        return sendFrame(socket, {{u"error"_s, u"Expected a JSON object with a string \"message\"."_s}});
    }
    const Stored stored =
        store(sender.room, sender.user, doc.object().value(u"message"_s), doc.object().value(u"client_id"_s));
    if (stored.duplicate)
        return sendFrame(socket, stored.message);
    if (stored.cutSender) {
        // Silenced first, so that no frame reaches it even if disconnected comes later than abort().
        m_clients[socket].silenced = true;
        socket->abort();
    }
    publish(sender.room, stored.message);
}

MockServer::Stored MockServer::store(const QString &room, const QString &user, const QJsonValue &text,
                                     const QJsonValue &clientId)
{
    // A client that did not see our answer sends again with the same client_id; like a careful
    // server we store and broadcast it once, and give the sender the original frame to settle it.
    // Without deduplicateClientIds we are the common server that stores whatever comes.
    const std::pair<QString, QString> dedupKey{user, clientId.toString()};
    const bool deduplicate =
        m_options.deduplicateClientIds && clientId.isString() && !clientId.toString().isEmpty();
    if (deduplicate) {
        const QJsonObject original = m_broadcastByClientId.value(room).value(dedupKey);
        if (!original.isEmpty()) {
            qCInfo(lcMock) << "duplicate client_id from" << user << "answered with the original";
            return {original, true, false};
        }
    }

    QJsonObject message{
        {u"message"_s, text},
        {u"user"_s, user},
        {u"created_at"_s,
         QDateTime::fromMSecsSinceEpoch(m_signer.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs)},
        {u"id"_s, m_nextMessageId++},
    };
    if (!clientId.isUndefined())
        message.insert(u"client_id"_s, clientId);
    if (deduplicate)
        m_broadcastByClientId[room].insert(dedupKey, message);

    QList<QJsonObject> &history = m_history[room];
    history.append(message);
    const int kept = std::max(m_options.historySize, m_options.historyKept);
    if (history.size() > kept)
        history.remove(0, history.size() - kept);

    Stored stored{message, false, false};
    if (m_dropAfterStoreRoom && (m_dropAfterStoreRoom->isEmpty() || *m_dropAfterStoreRoom == room)) {
        m_dropAfterStoreRoom.reset();
        qCInfo(lcMock) << "dropping" << user << "right after storing their message, as told";
        stored.cutSender = true;
    }
    return stored;
}

void MockServer::publish(const QString &room, const QJsonObject &message)
{
    if (m_options.broadcastDelayMs <= 0)
        return broadcast(room, message);
    m_pendingBroadcasts.append({m_uptime.elapsed() + m_options.broadcastDelayMs, room, message});
    if (!m_broadcastTimer->isActive())
        m_broadcastTimer->start(m_options.broadcastDelayMs);
}

// To whoever is in the room when it goes out, like a Channels group_send.
void MockServer::broadcast(const QString &room, const QJsonObject &message)
{
    const QString frame = frameText(message); // once per broadcast, not once per member
    for (QWebSocket *member : socketsIn(room))
        sendFrame(member, frame);
    m_socketIo->broadcast(room, message);
    Q_EMIT messageBroadcast(room, message);
}

// One timer for the oldest pending broadcast rather than one per message: timers that end in the
// same millisecond may fire in either order, and broadcasts must keep the order of their stores.
void MockServer::onBroadcastDue()
{
    const qint64 now = m_uptime.elapsed();
    while (!m_pendingBroadcasts.isEmpty() && m_pendingBroadcasts.first().dueMs <= now) {
        const PendingBroadcast due = m_pendingBroadcasts.takeFirst();
        broadcast(due.room, due.message);
    }
    if (!m_pendingBroadcasts.isEmpty())
        m_broadcastTimer->start(std::chrono::milliseconds(m_pendingBroadcasts.first().dueMs - now));
}

// Without extras, what a plain Channels tutorial site stores and replays: no client_id.
QJsonObject MockServer::historyFrame(const QJsonObject &message) const
{
    if (m_options.historyWithExtras)
        return message;
    QJsonObject plain;
    for (const QString &key : {u"message"_s, u"user"_s, u"created_at"_s, u"id"_s})
        plain.insert(key, message.value(key));
    return plain;
}

void MockServer::onClientDisconnected(QWebSocket *socket)
{
    const Client client = m_clients.take(socket);
    socket->deleteLater();
    qCInfo(lcMock) << client.user << "left" << client.room << "close code" << int(socket->closeCode());
    Q_EMIT clientLeft(client.room, client.user);
}
