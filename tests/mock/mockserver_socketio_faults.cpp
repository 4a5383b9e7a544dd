// SocketIoFront's fault injection and hostile-server helpers, on whole connections: see MockServer.

#include "mocklogging.h"
#include "mockserver.h"
#include "socketiofront.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

QList<QWebSocket *> SocketIoFront::socketsIn(const QString &room) const
{
    QList<QWebSocket *> sockets;
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
        const auto root = it->namespaces.constFind(u"/"_s);
        if (room.isEmpty() || (room.startsWith(u'/') && it->namespaces.contains(room)) ||
            (root != it->namespaces.cend() && root->rooms.contains(room)))
            sockets.append(it.key());
    }
    return sockets;
}

int SocketIoFront::clientCount(const QString &room) const
{
    return room.isEmpty() ? 0 : int(socketsIn(room).size());
}

// As in MockServer: collect first, because closing or aborting may emit disconnected at once.

int SocketIoFront::close(const QString &room, int closeCode, const QString &reason)
{
    const QList<QWebSocket *> sockets = socketsIn(room);
    for (QWebSocket *socket : sockets)
        socket->close(static_cast<QWebSocketProtocol::CloseCode>(closeCode), reason);
    return int(sockets.size());
}

int SocketIoFront::drop(const QString &room)
{
    const QList<QWebSocket *> sockets = socketsIn(room);
    for (QWebSocket *socket : sockets)
        socket->abort();
    return int(sockets.size());
}

// The same half-open connection as MockServer::silenceRoom(), with the heartbeat stopped too: the
// server neither pings nor answers pings, nor closes for a missing pong.
int SocketIoFront::silence(const QString &room)
{
    const QList<QWebSocket *> sockets = socketsIn(room);
    for (QWebSocket *socket : sockets) {
        Client &client = m_clients[socket];
        client.silenced = true;
        client.heartbeatStopped = true;
        client.heartbeat->stop();
        if (auto *tcp = socket->findChild<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly))
            disconnect(tcp, &QTcpSocket::readyRead, socket, nullptr);
    }
    return int(sockets.size());
}

int SocketIoFront::stopHeartbeat(const QString &room)
{
    const QList<QWebSocket *> sockets = socketsIn(room);
    qCInfo(lcMock) << "stopping the heartbeat of" << sockets.size() << "Socket.IO connections as told";
    for (QWebSocket *socket : sockets) {
        Client &client = m_clients[socket];
        client.heartbeatStopped = true;
        client.awaitingPong = false;
        client.heartbeat->stop();
    }
    return int(sockets.size());
}

QList<QWebSocket *> SocketIoFront::liveSockets(const QString &room) const
{
    QList<QWebSocket *> sockets = socketsIn(room);
    sockets.removeIf([this](QWebSocket *socket) { return m_clients.value(socket).silenced; });
    return sockets;
}

// Written by hand for speed, like MockServer::floodRoom(), in server.js's key order.
int SocketIoFront::flood(const QString &room, int count, int textBytes, const QString &createdAt,
                         qint64 &nextId)
{
    if (room.isEmpty())
        return 0;
    const QList<QWebSocket *> sockets = liveSockets(room);
    const bool isNamespace = room.startsWith(u'/');
    const QString head = isNamespace ? u"42"_s + room + u",[\"message\",{"_s
                                     : u"42[\"message\",{\"room\":"_s + jsonText(room) + u',';
    const QString filler(std::max(0, textBytes - 15), u'x'); // "flood 00000001 " is 15
    for (int i = 0; i < count; ++i) {
        const QString number = QString::number(i + 1).rightJustified(8, u'0');
        const QString frame = head + u"\"text\":\"flood "_s + number + u' ' + filler +
                              u"\",\"user\":\"flood\",\"created_at\":\""_s + createdAt + u"\",\"id\":"_s +
                              QString::number(nextId++) + u"}]"_s;
        for (QWebSocket *socket : sockets)
            socket->sendTextMessage(frame);
    }
    return int(sockets.size());
}
