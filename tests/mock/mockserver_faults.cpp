// Fault injection for MockServer: what a flaky network or a restarting server does to a client,
// on demand. The HTTP admin endpoints (POST /admin/...) are a thin layer over the same functions.

#include "mocklogging.h"
#include "mockserver.h"
#include "socketiofront.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include <chrono>

using namespace Qt::StringLiterals;

namespace {

QByteArray detail(int status, const QString &text)
{
    return jsonResponse(status,
                        QJsonDocument(QJsonObject{{u"detail"_s, text}}).toJson(QJsonDocument::Compact));
}

} // namespace

QList<QWebSocket *> MockServer::socketsIn(const QString &room) const
{
    QList<QWebSocket *> sockets;
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
        if (room.isEmpty() || it.value().room == room)
            sockets.append(it.key());
    }
    return sockets;
}

void MockServer::sendFrame(QWebSocket *socket, const QJsonObject &message)
{
    sendFrame(socket, frameText(message));
}

QString MockServer::frameText(const QJsonObject &message)
{
    return QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

void MockServer::sendFrame(QWebSocket *socket, const QString &frame)
{
    const auto client = m_clients.find(socket);
    if (client == m_clients.end() || client->silenced)
        return;
    const qint64 now = m_uptime.elapsed();
    if (m_frameDelayMs <= 0 && client->delayedFrames.isEmpty()) {
        socket->sendTextMessage(frame);
        return;
    }
    // Timers that end in the same millisecond may fire in either order, so a timer does not carry
    // its own frame: each one sends the oldest waiting frame. Due times never decrease, even if the
    // delay was shortened in between, so no frame goes out before one queued earlier.
    client->lastDueMs = std::max(now + m_frameDelayMs, client->lastDueMs);
    client->delayedFrames.append(frame);
    QTimer::singleShot(std::chrono::milliseconds(client->lastDueMs - now), Qt::PreciseTimer, socket,
                       [this, socket] {
                           const auto waiting = m_clients.find(socket);
                           if (waiting != m_clients.end() && !waiting->delayedFrames.isEmpty())
                               socket->sendTextMessage(waiting->delayedFrames.takeFirst());
                       });
}

// Every function below first collects the sockets: closing or aborting one can emit disconnected
// at once, and onClientDisconnected() then edits m_clients.

int MockServer::closeRoom(const QString &room, int closeCode, const QString &reason)
{
    const QList<QWebSocket *> sockets = socketsIn(room);
    qCInfo(lcMock) << "closing" << sockets.size() << "sockets with" << closeCode << "as told";
    for (QWebSocket *socket : sockets)
        socket->close(static_cast<QWebSocketProtocol::CloseCode>(closeCode), reason);
    return int(sockets.size()) + m_socketIo->close(room, closeCode, reason);
}

int MockServer::dropRoom(const QString &room)
{
    const QList<QWebSocket *> sockets = socketsIn(room);
    qCInfo(lcMock) << "dropping" << sockets.size() << "sockets without a close frame as told";
    for (QWebSocket *socket : sockets)
        socket->abort(); // closes the TCP socket; no close frame is written
    return int(sockets.size()) + m_socketIo->drop(room);
}

// QWebSocket (6.4) answers pings by itself while it reads, and has no switch for it. The WebSocket
// owns the TCP socket and reads it on readyRead; cutting that one connection stops all reading,
// pongs included, while the kernel keeps the TCP connection up. There is no way back for that
// socket, which is fine: a client that finds it dead opens a new one.
int MockServer::silenceRoom(const QString &room)
{
    const QList<QWebSocket *> sockets = socketsIn(room);
    qCInfo(lcMock) << "silencing" << sockets.size() << "sockets as told";
    for (QWebSocket *socket : sockets) {
        m_clients[socket].silenced = true;
        if (auto *tcp = socket->findChild<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly))
            disconnect(tcp, &QTcpSocket::readyRead, socket, nullptr);
    }
    return int(sockets.size()) + m_socketIo->silence(room);
}

int MockServer::disconnectSocketIo(const QString &room)
{
    return m_socketIo->disconnectNamespace(room);
}

int MockServer::stopHeartbeat(const QString &room)
{
    return m_socketIo->stopHeartbeat(room);
}

void MockServer::rejectHandshakes(int count, int httpStatus)
{
    m_rejections = std::max(0, count);
    m_rejectionStatus = httpStatus;
}

void MockServer::setFrameDelay(int ms)
{
    m_frameDelayMs = std::max(0, ms);
}

int MockServer::restart()
{
    // Handshakes in flight are the sockets that a per-connection QWebSocketServer is working on.
    QList<QTcpSocket *> handshaking;
    for (QTcpSocket *socket :
         m_tcpServer->findChildren<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (socket->findChild<QWebSocketServer *>())
            handshaking.append(socket);
    }
    for (QTcpSocket *socket : handshaking) {
        socket->abort();
        socket->deleteLater();
    }
    // A broadcast still waiting (broadcastDelayMs) dies with the process; its message is stored.
    m_pendingBroadcasts.clear();
    m_broadcastTimer->stop();
    return dropRoom({}) + int(handshaking.size());
}

int MockServer::dropAfterNextStore(const QString &room)
{
    m_dropAfterStoreRoom = room;
    return 1;
}

int MockServer::floodRoom(const QString &room, int count, int textBytes)
{
    QList<QWebSocket *> sockets = socketsIn(room);
    sockets.removeIf([this](QWebSocket *socket) { return m_clients.value(socket).silenced; });
    qCInfo(lcMock) << "flooding" << sockets.size() << "sockets with" << count << "messages as told";
    // Written by hand, not through QJsonDocument: the text is plain ASCII, and the mock must
    // produce frames faster than a client can take them, or a benchmark measures the mock.
    const QString createdAt =
        QDateTime::fromMSecsSinceEpoch(m_signer.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
    const QString filler(std::max(0, textBytes - 15), u'x'); // "flood 00000001 " is 15
    for (int i = 0; i < count; ++i) {
        const QString number = QString::number(i + 1).rightJustified(8, u'0');
        const QString frame = u"{\"message\":\"flood "_s + number + u' ' + filler +
                              u"\",\"user\":\"flood\","_s + u"\"created_at\":\""_s + createdAt +
                              u"\",\"id\":"_s + QString::number(m_nextMessageId++) + u'}';
        for (QWebSocket *socket : std::as_const(sockets))
            socket->sendTextMessage(frame);
    }
    return int(sockets.size()) + m_socketIo->flood(room, count, textBytes, createdAt, m_nextMessageId);
}

bool MockServer::isAdminRequest(const QTcpSocket *socket, const HttpRequest &request) const
{
    if (!m_options.adminEndpoints || !request.target.startsWith("/admin/"))
        return false;
    // The admin endpoints can break every client, so only this machine may use them. An IPv4
    // peer on a dual-stack socket shows up as ::ffff:127.0.0.1.
    bool isV4 = false;
    const QHostAddress v4(socket->peerAddress().toIPv4Address(&isV4));
    return socket->peerAddress().isLoopback() || (isV4 && v4.isLoopback());
}

QByteArray MockServer::adminAnswer(const HttpRequest &request)
{
    if (request.method != "POST")
        return detail(405, u"Method \"%1\" not allowed."_s.arg(QString::fromLatin1(request.method)));
    const QUrl url = QUrl::fromEncoded(request.target);
    const QUrlQuery query(url);
    const QString room = query.queryItemValue(u"room"_s, QUrl::FullyDecoded);
    const auto number = [&query](const QString &name, int fallback, bool *ok) {
        const QString text = query.queryItemValue(name);
        return text.isEmpty() ? fallback : text.toInt(ok);
    };
    bool ok = true;
    int affected = 0;
    const QString action = url.path().mid(int(qstrlen("/admin/")));
    if (action == u"close"_s) {
        const int code = number(u"code"_s, 1000, &ok);
        const QString reason = query.queryItemValue(u"reason"_s, QUrl::FullyDecoded);
        if (!ok || code < 1000 || code > 4999 || reason.toUtf8().size() > 123)
            return detail(400, u"code must be 1000-4999 and reason at most 123 bytes."_s);
        affected = closeRoom(room, code, reason);
    } else if (action == u"drop"_s) {
        affected = dropRoom(room);
    } else if (action == u"silence"_s) {
        affected = silenceRoom(room);
    } else if (action == u"disconnect"_s) {
        affected = disconnectSocketIo(room);
    } else if (action == u"no-heartbeat"_s) {
        affected = stopHeartbeat(room);
    } else if (action == u"reject"_s) {
        const int count = number(u"count"_s, 1, &ok);
        const int status = ok ? number(u"status"_s, 403, &ok) : 0;
        if (!ok || count < 0 || status < 400 || status > 599)
            return detail(400, u"count must be 0 or more and status 400-599."_s);
        rejectHandshakes(count, status);
    } else if (action == u"delay"_s) {
        const int ms = number(u"ms"_s, 0, &ok);
        if (!ok || ms < 0)
            return detail(400, u"ms must be 0 or more."_s);
        setFrameDelay(ms);
    } else if (action == u"drop-after-store"_s) {
        affected = dropAfterNextStore(room);
    } else if (action == u"restart"_s) {
        affected = restart();
    } else if (action == u"flood"_s) {
        const int count = number(u"count"_s, 1000, &ok);
        const int size = ok ? number(u"size"_s, 100, &ok) : 0;
        if (!ok || count < 0 || size < 0 || size > 100000)
            return detail(400, u"count must be 0 or more and size 0-100000."_s);
        affected = floodRoom(room, count, size);
    } else if (action == u"store-unseen"_s) {
        const int count = number(u"count"_s, 100, &ok);
        if (!ok || count < 0 || count > 100000 || room.isEmpty())
            return detail(400, u"room is needed and count must be 0-100000."_s);
        affected = storeUnseen(room, count);
    } else {
        return detail(404, u"Not found."_s);
    }
    return jsonResponse(200,
                        QJsonDocument(QJsonObject{{u"affected"_s, affected}}).toJson(QJsonDocument::Compact));
}
