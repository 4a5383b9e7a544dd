// The Engine.IO half of SocketIoFront: the handshake at /socket.io/, the open packet, the heartbeat
// of either version and the packet codec.

#include "mocklogging.h"
#include "mockserver.h"
#include "socketiofront.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace {

QByteArray engineError(int code, const QString &message)
{
    const QJsonObject body{{u"code"_s, code}, {u"message"_s, message}};
    return jsonResponse(400, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace

// Any JSON value, scalars too, which QJsonDocument (6.4) writes only inside an array.
QString SocketIoFront::jsonText(const QJsonValue &value)
{
    const QString inArray =
        QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return inArray.mid(1, inArray.size() - 2);
}

// An object with its keys in this order; QJsonObject would sort them.
QString SocketIoFront::ordered(const Fields &fields)
{
    QStringList members;
    for (const auto &[key, value] : fields)
        members.append(jsonText(key) + u':' + jsonText(value));
    return u'{' + members.join(u',') + u'}';
}

QString SocketIoFront::randomId()
{
    QByteArray bytes(15, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(QRandomGenerator::global()->bounded(256));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding));
}

SocketIoFront::SocketIoFront(MockServer &server)
    : QObject(&server)
    , m_server(server)
{}

bool SocketIoFront::handles(const QByteArray &target) const
{
    return QUrl::fromEncoded(target).path() == u"/socket.io/"_s;
}

// Engine.IO would serve long-polling here; the mock speaks WebSocket only, and says so as it would
// for a transport it does not know.
QByteArray SocketIoFront::httpAnswer(const HttpRequest &) const
{
    return engineError(0, u"Transport unknown"_s);
}

void SocketIoFront::upgrade(QTcpSocket *socket, const HttpRequest &request)
{
    const MockServerOptions &options = m_server.m_options;
    const QUrlQuery query(QUrl::fromEncoded(request.target));
    const int eio = query.queryItemValue(u"EIO"_s) == u"4"_s ? 4 : 3; // as engine.io reads it
    if (query.queryItemValue(u"transport"_s) != u"websocket"_s)
        return m_server.answer(socket, engineError(0, u"Transport unknown"_s));
    if (query.hasQueryItem(u"sid"_s))
        return m_server.answer(socket, engineError(1, u"Session ID unknown"_s));
    if (eio == 3 && !options.allowEio3)
        return m_server.answer(socket, engineError(5, u"Unsupported protocol version"_s));

    QByteArray token;
    if (const QByteArray auth = request.header("authorization"); auth.toLower().startsWith("bearer "))
        token = auth.mid(7).trimmed();
    else
        token = query.queryItemValue(u"token"_s, QUrl::FullyDecoded).toLatin1();
    QString engineUser;
    qint64 engineExpiresAtMs = JwtSigner::NoExpiry;
    if (options.socketIoAuth == MockServerOptions::SocketIoAuth::Engine) {
        QString why = u"no token"_s;
        const auto claims = token.isEmpty()
                                ? std::nullopt
                                : m_server.m_signer.verify(token, JwtSigner::TokenType::Access, &why);
        if (!claims) {
            qCInfo(lcMock) << "Socket.IO handshake refused with 401 -" << why;
            return m_server.answer(socket, "HTTP/1.1 401 Unauthorized\r\n"
                                           "WWW-Authenticate: Bearer error=\"invalid_token\"\r\n"
                                           "Content-Length: 0\r\nConnection: close\r\n\r\n");
        }
        engineUser = claims->username;
        engineExpiresAtMs = claims->expiresAtMs;
    }
    m_server.handOver(socket, {}, [this, eio, token, engineUser, engineExpiresAtMs](QWebSocket *webSocket) {
        adopt(webSocket, eio, token, engineUser, engineExpiresAtMs);
    });
}

void SocketIoFront::adopt(QWebSocket *socket, int eio, const QByteArray &handshakeToken,
                          const QString &engineUser, qint64 engineExpiresAtMs)
{
    const MockServerOptions &options = m_server.m_options;
    socket->setParent(this);
    Client client;
    client.eio = eio;
    client.handshakeToken = handshakeToken;
    client.engineUser = engineUser;
    client.engineExpiresAtMs = engineExpiresAtMs;
    client.heartbeat = new QTimer(socket);
    client.heartbeat->setSingleShot(true);
    connect(client.heartbeat, &QTimer::timeout, this, [this, socket] { onHeartbeatDue(socket); });
    // EIO 4: the server pings every pingInterval; EIO 3: the client must ping within interval + timeout.
    client.heartbeat->start(eio == 4 ? options.pingIntervalMs
                                     : options.pingIntervalMs + options.pingTimeoutMs);
    m_clients.insert(socket, client);
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, socket](const QString &text) { onText(socket, text); });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onDisconnected(socket); });

    Fields open{{u"sid"_s, randomId()},
                {u"upgrades"_s, QJsonArray()},
                {u"pingInterval"_s, options.pingIntervalMs},
                {u"pingTimeout"_s, options.pingTimeoutMs},
                {u"maxPayload"_s, 1000000}}; // socket.io 4 sends it to EIO 3 clients too
    const QJsonObject &overrides = options.socketIoOpenOverrides;
    for (const QString &key : overrides.keys()) {
        const QJsonValue value = overrides.value(key);
        const auto field = std::find_if(open.begin(), open.end(),
                                        [&key](const auto &member) { return member.first == key; });
        if (field == open.end())
            open.append(std::pair(key, value));
        else if (value.isNull())
            open.erase(field);
        else
            field->second = value;
    }
    qCInfo(lcMock) << "Socket.IO connection opened, EIO" << eio;
    send(socket, u'0' + ordered(open));
    if (eio == 3) // Socket.IO 2 clients are in "/" without a CONNECT packet
        onConnect(socket, Packet{0, u"/"_s, {}, std::nullopt, QJsonValue(QJsonValue::Undefined)});
}

void SocketIoFront::onText(QWebSocket *socket, const QString &text)
{
    const auto client = m_clients.find(socket);
    if (client == m_clients.end() || client->silenced)
        return;
    const QChar type = text.isEmpty() ? QChar() : text.front();
    if (type == u'2' && client->eio == 3) {
        if (client->heartbeatStopped)
            return;
        send(socket, u'3' + text.mid(1));
        client->heartbeat->start(m_server.m_options.pingIntervalMs + m_server.m_options.pingTimeoutMs);
    } else if (type == u'3' && client->eio == 4) {
        if (client->awaitingPong && !client->heartbeatStopped) {
            client->awaitingPong = false;
            client->heartbeat->start(m_server.m_options.pingIntervalMs);
        }
    } else if (type == u'4') {
        const std::optional<Packet> packet = parse(QStringView(text).sliced(1));
        if (!packet) {
            qCInfo(lcMock) << "Socket.IO: not a packet the mock reads; closing the connection";
            return socket->close();
        }
        onPacket(socket, *packet);
    } else if (type == u'1') {
        socket->close();
    } else if (type != u'2' && type != u'5' && type != u'6') {
        qCInfo(lcMock) << "Socket.IO: not an Engine.IO packet; closing the connection";
        socket->close();
    }
}

void SocketIoFront::onHeartbeatDue(QWebSocket *socket)
{
    const auto client = m_clients.find(socket);
    if (client == m_clients.end() || client->heartbeatStopped)
        return;
    if (client->eio == 4 && !client->awaitingPong) {
        client->awaitingPong = true;
        send(socket, u"2"_s);
        client->heartbeat->start(m_server.m_options.pingTimeoutMs);
        return;
    }
    qCInfo(lcMock) << "Socket.IO ping timeout; closing the connection";
    socket->close();
}

void SocketIoFront::onDisconnected(QWebSocket *socket)
{
    const auto client = m_clients.find(socket);
    if (client == m_clients.end())
        return;
    const QStringList namespaces = client->namespaces.keys();
    for (const QString &nameSpace : namespaces)
        leaveNamespace(socket, nameSpace);
    m_clients.remove(socket);
    socket->deleteLater();
    qCInfo(lcMock) << "Socket.IO connection closed, close code" << int(socket->closeCode());
}

void SocketIoFront::send(QWebSocket *socket, const QString &frame)
{
    const auto client = m_clients.find(socket);
    if (client == m_clients.end() || client->silenced)
        return;
    const int delayMs = m_server.m_frameDelayMs;
    if (delayMs <= 0 && client->delayedFrames.isEmpty())
        return socket->sendTextMessage(frame), void();
    // As MockServer::sendFrame(): each timer sends the oldest waiting frame, so order is kept.
    const qint64 now = m_server.m_uptime.elapsed();
    client->lastDueMs = std::max(now + delayMs, client->lastDueMs);
    client->delayedFrames.append(frame);
    QTimer::singleShot(
        std::chrono::milliseconds(client->lastDueMs - now), Qt::PreciseTimer, socket, [this, socket] {
            const auto waiting = m_clients.find(socket);
            if (waiting != m_clients.end() && !waiting->silenced && !waiting->delayedFrames.isEmpty())
                socket->sendTextMessage(waiting->delayedFrames.takeFirst());
        });
}

// <type>[<namespace>,][<ack id>][<JSON>], the namespace only when it is not "/".
void SocketIoFront::sendPacket(QWebSocket *socket, int type, const QString &nameSpace,
                               std::optional<qint64> ackId, const QString &data)
{
    QString frame = u'4' + QString::number(type);
    if (nameSpace != u"/"_s)
        frame += nameSpace + u',';
    if (ackId)
        frame += QString::number(*ackId);
    send(socket, frame + data);
}

std::optional<SocketIoFront::Packet> SocketIoFront::parse(QStringView payload)
{
    if (payload.isEmpty() || payload[0] < u'0' || payload[0] > u'4')
        return std::nullopt; // binary events (5, 6) included: the mock reads text only
    Packet packet;
    packet.type = payload[0].unicode() - u'0';
    qsizetype i = 1;
    if (i < payload.size() && payload[i] == u'/') {
        const qsizetype comma = payload.indexOf(u',', i);
        const QStringView name = payload.sliced(i, (comma < 0 ? payload.size() : comma) - i);
        const qsizetype question = name.indexOf(u'?');
        packet.nameSpace = name.left(question < 0 ? name.size() : question).toString();
        packet.query = question < 0 ? QString() : name.sliced(question + 1).toString();
        i = comma < 0 ? payload.size() : comma + 1;
    }
    const qsizetype digits = i;
    while (i < payload.size() && payload[i].isDigit() && i - digits < 18)
        ++i;
    if (i > digits)
        packet.ackId = payload.sliced(digits, i - digits).toLongLong();
    packet.data = QJsonValue(QJsonValue::Undefined);
    if (i < payload.size()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(payload.sliced(i).toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            return std::nullopt;
        packet.data = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
    const bool isEvent = packet.type == 2;
    if (isEvent && (!packet.data.isArray() || !packet.data.toArray().first().isString()))
        return std::nullopt;
    return packet;
}
