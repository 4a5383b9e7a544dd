// The Socket.IO half of SocketIoFront: namespaces (CONNECT, auth, refusals, DISCONNECT) and the
// events of tests/e2e/socketio/server.js with their acks, on MockServer's rooms.

#include "mocklogging.h"
#include "mockserver.h"
#include "socketiofront.h"

#include <QJsonArray>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace {

constexpr int maxRoomLength = 200;

} // namespace

QString SocketIoFront::refusal(const QString &error)
{
    return ordered({{u"ok"_s, false}, {u"error"_s, error}});
}

void SocketIoFront::onPacket(QWebSocket *socket, const Packet &packet)
{
    switch (packet.type) {
    case 0:
        return onConnect(socket, packet);
    case 1:
        return leaveNamespace(socket, packet.nameSpace);
    case 2:
        return onEvent(socket, packet);
    default:
        return; // acks (the server asks for none) and what a client has no business sending
    }
}

// The guide's middleware on every namespace: the token from the CONNECT payload (EIO 3: the
// namespace's query), else from the handshake. EIO 3 refusals carry the data object alone.
void SocketIoFront::onConnect(QWebSocket *socket, const Packet &packet)
{
    const MockServerOptions &options = m_server.m_options;
    Client &client = m_clients[socket];
    const QString &nameSpace = packet.nameSpace;
    const auto refuse = [&](const QString &message, const Fields &data) {
        qCInfo(lcMock) << "Socket.IO CONNECT to" << nameSpace
                       << "refused:" << data.value(1).second.toString();
        const QString dataText = ordered(data);
        sendPacket(socket, 4, nameSpace, std::nullopt,
                   client.eio == 3
                       ? dataText
                       : u"{\"message\":"_s + jsonText(message) + u",\"data\":"_s + dataText + u'}');
    };
    const bool exists = nameSpace == u"/"_s || options.socketIoNamespaces.isEmpty() ||
                        options.socketIoNamespaces.contains(nameSpace) ||
                        options.refuseNamespaces.contains(nameSpace);
    if (!exists) {
        qCInfo(lcMock) << "Socket.IO CONNECT to" << nameSpace << "refused: no such namespace";
        return sendPacket(socket, 4, nameSpace, std::nullopt,
                          ordered({{u"message"_s, u"Invalid namespace"_s}}));
    }
    QString user = client.engineUser;
    qint64 expiresAtMs = client.engineExpiresAtMs;
    if (options.socketIoAuth == MockServerOptions::SocketIoAuth::Namespace) {
        QByteArray token = client.handshakeToken;
        const QJsonValue fromPayload = packet.data.toObject().value(u"token"_s);
        const QString fromQuery = QUrlQuery(packet.query).queryItemValue(u"token"_s, QUrl::FullyDecoded);
        if (client.eio == 4 && fromPayload.isString())
            token = fromPayload.toString().toLatin1();
        else if (client.eio == 3 && !fromQuery.isEmpty())
            token = fromQuery.toLatin1();
        QString why = u"no token"_s;
        const auto claims = token.isEmpty()
                                ? std::nullopt
                                : m_server.m_signer.verify(token, JwtSigner::TokenType::Access, &why);
        if (!claims) {
            const QString code = token.isEmpty()       ? u"credentials_required"_s
                                 : why == u"expired"_s ? u"token_expired"_s
                                                       : u"invalid_token"_s;
            return refuse(u"invalid token"_s, {{u"message"_s, u"invalid token"_s},
                                               {u"code"_s, code},
                                               {u"type"_s, u"UnauthorizedError"_s},
                                               {u"reason"_s, why == u"expired"_s ? u"jwt expired"_s : why}});
        }
        user = claims->username;
        expiresAtMs = claims->expiresAtMs;
    }
    if (options.refuseNamespaces.contains(nameSpace)) {
        return refuse(u"namespace refused"_s,
                      {{u"message"_s, u"namespace refused"_s}, {u"code"_s, u"forbidden"_s}});
    }
    leaveNamespace(socket, nameSpace); // a second CONNECT starts the namespace afresh
    const QString sid = randomId();
    client.namespaces.insert(nameSpace, {user, {}, sid});
    if (options.socketIoExpireSessions && expiresAtMs != JwtSigner::NoExpiry)
        expireAt(socket, nameSpace, sid, expiresAtMs);
    qCInfo(lcMock) << user << "connected to Socket.IO namespace" << nameSpace << "EIO" << client.eio;
    sendPacket(socket, 0, nameSpace, std::nullopt, client.eio == 3 ? QString() : ordered({{u"sid"_s, sid}}));
    if (nameSpace == u"/"_s)
        return;
    for (const QJsonObject &stored : m_server.joinHistory(nameSpace))
        sendMessage(socket, nameSpace, {}, stored, options.historyWithExtras);
    Q_EMIT m_server.clientJoined(nameSpace, user);
}

// server.js --expire-sockets: a session ends with DISCONNECT the moment its token expires.
void SocketIoFront::expireAt(QWebSocket *socket, const QString &nameSpace, const QString &sid,
                             qint64 expiresAtMs)
{
    const qint64 msLeft = std::max<qint64>(0, expiresAtMs - m_server.m_signer.nowMs());
    QTimer::singleShot(std::chrono::milliseconds(msLeft), Qt::PreciseTimer, socket, [=, this] {
        const auto client = m_clients.constFind(socket);
        if (client == m_clients.cend() || client->namespaces.value(nameSpace).sid != sid)
            return; // that session is over already
        qCInfo(lcMock) << "token expired: Socket.IO DISCONNECT of" << nameSpace;
        sendPacket(socket, 1, nameSpace, std::nullopt);
        leaveNamespace(socket, nameSpace);
    });
}

void SocketIoFront::leaveNamespace(QWebSocket *socket, const QString &nameSpace)
{
    const auto client = m_clients.find(socket);
    if (client == m_clients.end() || !client->namespaces.contains(nameSpace))
        return;
    const Namespace left = client->namespaces.take(nameSpace);
    for (const QString &room : left.rooms)
        Q_EMIT m_server.clientLeft(room, left.user);
    if (nameSpace != u"/"_s)
        Q_EMIT m_server.clientLeft(nameSpace, left.user);
}

int SocketIoFront::disconnectNamespace(const QString &room)
{
    const QList<QWebSocket *> sockets = socketsIn(room);
    qCInfo(lcMock) << "Socket.IO DISCONNECT to" << sockets.size() << "connections as told";
    for (QWebSocket *socket : sockets) {
        const QStringList namespaces = room.isEmpty()          ? m_clients.value(socket).namespaces.keys()
                                       : room.startsWith(u'/') ? QStringList{room}
                                                               : QStringList{u"/"_s};
        for (const QString &nameSpace : namespaces) {
            sendPacket(socket, 1, nameSpace, std::nullopt);
            leaveNamespace(socket, nameSpace);
        }
    }
    return int(sockets.size());
}

void SocketIoFront::onEvent(QWebSocket *socket, const Packet &packet)
{
    if (!m_clients.value(socket).namespaces.contains(packet.nameSpace))
        return; // like socket.io: a packet for a namespace the client is not in goes nowhere
    const QJsonArray args = packet.data.toArray();
    const Answer answer =
        answerEvent(socket, packet.nameSpace, args.first().toString(), args.at(1).toObject());
    if (answer.ack && packet.ackId)
        sendPacket(socket, 3, packet.nameSpace, packet.ackId, u'[' + *answer.ack + u']');
    if (answer.then)
        answer.then();
}

SocketIoFront::Answer SocketIoFront::answerEvent(QWebSocket *socket, const QString &nameSpace,
                                                 const QString &event, const QJsonObject &payload)
{
    Namespace &state = m_clients[socket].namespaces[nameSpace];
    if (event == u"whoami"_s)
        return {ordered({{u"id"_s, m_server.userId(state.user)}, {u"username"_s, state.user}})};
    if (nameSpace != u"/"_s)
        return event == u"message"_s ? post(socket, nameSpace, {}, payload) : Answer{};
    if (event != u"join"_s && event != u"leave"_s && event != u"message"_s)
        return {};
    const QJsonValue roomValue = payload.value(u"room"_s);
    const QString room = roomValue.toString();
    if (!roomValue.isString() || room.isEmpty() || room.size() > maxRoomLength)
        return {refusal(u"room must be a string of 1 to %1 characters"_s.arg(maxRoomLength))};
    if (event == u"message"_s) {
        if (!state.rooms.contains(room))
            return {refusal(u"join the room first"_s)};
        return post(socket, nameSpace, room, payload);
    }
    if (event == u"leave"_s) {
        if (state.rooms.remove(room))
            Q_EMIT m_server.clientLeft(room, state.user);
        return {ordered({{u"ok"_s, true}})};
    }
    if (room.startsWith(u"user:"_s))
        return {refusal(u"personal rooms cannot be joined"_s)};
    if (m_server.m_options.refuseRooms.contains(room)) {
        qCInfo(lcMock) << state.user << "refused room" << room << "as told";
        return {refusal(u"room refused"_s)};
    }
    const bool joined = !state.rooms.contains(room);
    state.rooms.insert(room);
    // History first, then the ack, as the real server does.
    for (const QJsonObject &stored : m_server.joinHistory(room))
        sendMessage(socket, nameSpace, room, stored, m_server.m_options.historyWithExtras);
    if (joined) {
        qCInfo(lcMock) << state.user << "joined" << room << "over Socket.IO";
        Q_EMIT m_server.clientJoined(room, state.user);
    }
    return {ordered({{u"ok"_s, true}})};
}

// Stores one message in room (a namespace's own name when room is empty) and answers the way
// server.js does: the ack first, then the broadcast; a resent client_id gets the first id back and
// the stored message to the sender only.
SocketIoFront::Answer SocketIoFront::post(QWebSocket *socket, const QString &nameSpace, const QString &room,
                                          const QJsonObject &payload)
{
    const QJsonValue text = payload.value(u"text"_s);
    if (!text.isString() || text.toString().trimmed().isEmpty())
        return {refusal(u"text must be a non-empty string"_s)};
    const QJsonValue clientId = payload.value(u"client_id"_s);
    const QString channel = room.isEmpty() ? nameSpace : room;
    const QString user = m_clients.value(socket).namespaces.value(nameSpace).user;
    const MockServer::Stored stored = m_server.store(
        channel, user, text, clientId.isString() ? clientId : QJsonValue(QJsonValue::Undefined));
    const QJsonValue id = stored.message.value(u"id"_s);
    if (stored.cutSender) {
        m_clients[socket].silenced = true; // before abort(), which may not emit disconnected at once
        socket->abort();
        m_server.publish(channel, stored.message);
        return {};
    }
    if (stored.duplicate) {
        return {ordered({{u"ok"_s, true}, {u"id"_s, id}, {u"duplicate"_s, true}}),
                [this, socket, nameSpace, room, message = stored.message] {
                    sendMessage(socket, nameSpace, room, message, true);
                }};
    }
    return {ordered({{u"ok"_s, true}, {u"id"_s, id}}), [this, channel, message = stored.message] {
                m_server.publish(channel, message);
            }};
}

void SocketIoFront::broadcast(const QString &room, const QJsonObject &message)
{
    const bool isNamespace = room.startsWith(u'/');
    const QString nameSpace = isNamespace ? room : u"/"_s;
    for (QWebSocket *socket : socketsIn(room))
        sendMessage(socket, nameSpace, isNamespace ? QString() : room, message, true);
}

// {room?, text, user, created_at, id, client_id?} from the stored form; without extras (a replayed
// history under historyWithExtras = false) no id and no client_id, as server.js.
void SocketIoFront::sendMessage(QWebSocket *socket, const QString &nameSpace, const QString &room,
                                const QJsonObject &stored, bool extras)
{
    Fields frame;
    if (!room.isEmpty())
        frame.append({u"room"_s, room});
    frame.append({u"text"_s, stored.value(u"message"_s)});
    frame.append({u"user"_s, stored.value(u"user"_s)});
    frame.append({u"created_at"_s, stored.value(u"created_at"_s)});
    if (extras) {
        frame.append({u"id"_s, stored.value(u"id"_s)});
        if (stored.contains(u"client_id"_s))
            frame.append({u"client_id"_s, stored.value(u"client_id"_s)});
    }
    sendPacket(socket, 2, nameSpace, std::nullopt, u"[\"message\","_s + ordered(frame) + u']');
}
