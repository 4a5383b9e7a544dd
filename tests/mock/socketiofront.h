#pragma once

// MockServer's Socket.IO front, after tests/e2e/socketio/server.js: Engine.IO 3 and 4 over
// WebSocket at /socket.io/, auth at the namespace (CONNECT_ERROR, the socket stays open) or at the
// engine (HTTP 401), join/leave/message/whoami events with acks in "/", and one room per other
// namespace ("/lobby"). Messages go through MockServer's rooms (history, client_id dedup, broadcast
// delay), so a Socket.IO client in room "x" and a Channels client of /ws/chat/x/ see each other.
// Its own small packet codec, not the client's net/socketio/: the mock stays an independent reading
// of the protocol, so a client bug cannot hide behind the same bug in the server.

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

class MockServer;
class QTcpSocket;
class QTimer;
class QWebSocket;
struct HttpRequest;

class SocketIoFront : public QObject
{
    Q_OBJECT
public:
    explicit SocketIoFront(MockServer &server);

    bool handles(const QByteArray &target) const;            // the path is /socket.io/
    QByteArray httpAnswer(const HttpRequest &request) const; // polling: not served here
    void upgrade(QTcpSocket *socket, const HttpRequest &request);

    // Sends a stored message (MockServer's form) to the members of room, a room of "/" or a namespace.
    void broadcast(const QString &room, const QJsonObject &message);
    int clientCount(const QString &room) const;

    // Faults, on the connections with a member in room (empty: all): see MockServer.
    int close(const QString &room, int closeCode, const QString &reason);
    int drop(const QString &room);
    int silence(const QString &room);
    int disconnectNamespace(const QString &room);
    int stopHeartbeat(const QString &room);
    // For hostile-server tests and benchmarks (see MockServer::sendRaw and floodRoom): the
    // connections with a member in room that are not silenced, and count "message" events of about
    // textBytes of text each sent to those of a named room or namespace (not kept in the history).
    QList<QWebSocket *> liveSockets(const QString &room) const;
    int flood(const QString &room, int count, int textBytes, const QString &createdAt, qint64 &nextId);

private:
    struct Namespace
    {
        QString user;
        QSet<QString> rooms; // "/" only
        QString sid = {};    // this session of the namespace, so a stale expiry timer can tell
    };
    struct Client
    {
        int eio = 4;
        QByteArray handshakeToken;            // Authorization: Bearer, else ?token=
        QString engineUser;                   // engine auth: whose handshake it was
        qint64 engineExpiresAtMs = 0;         // engine auth: when that handshake's token expires
        QHash<QString, Namespace> namespaces; // connected ones
        QTimer *heartbeat = nullptr;          // a child of the socket
        bool awaitingPong = false;            // EIO 4
        bool heartbeatStopped = false;
        bool silenced = false;
        qint64 lastDueMs = 0;           // setFrameDelay(): when the last delayed frame goes out
        QStringList delayedFrames = {}; // oldest first
    };
    struct Packet
    {
        int type = -1;
        QString nameSpace = QStringLiteral("/");
        QString query; // EIO 3 CONNECT: what follows '?' in the namespace
        std::optional<qint64> ackId;
        QJsonValue data;
    };

    void adopt(QWebSocket *socket, int eio, const QByteArray &handshakeToken, const QString &engineUser,
               qint64 engineExpiresAtMs);
    void expireAt(QWebSocket *socket, const QString &nameSpace, const QString &sid, qint64 expiresAtMs);
    void onText(QWebSocket *socket, const QString &text);
    void onHeartbeatDue(QWebSocket *socket);
    void onDisconnected(QWebSocket *socket);
    void onPacket(QWebSocket *socket, const Packet &packet);
    void onConnect(QWebSocket *socket, const Packet &packet);
    void onEvent(QWebSocket *socket, const Packet &packet);
    // An event's ack (none: the event gets no answer) and what follows it on the wire.
    struct Answer
    {
        std::optional<QString> ack; // JSON text
        std::function<void()> then = {};
    };
    Answer answerEvent(QWebSocket *socket, const QString &nameSpace, const QString &event,
                       const QJsonObject &payload);
    Answer post(QWebSocket *socket, const QString &nameSpace, const QString &room,
                const QJsonObject &payload);
    void leaveNamespace(QWebSocket *socket, const QString &nameSpace);
    void send(QWebSocket *socket, const QString &frame);
    // data is JSON text, empty for none. Objects are written with ordered() wherever server.js
    // writes them, so frames match its byte for byte and not only as JSON.
    void sendPacket(QWebSocket *socket, int type, const QString &nameSpace, std::optional<qint64> ackId,
                    const QString &data = {});
    void sendMessage(QWebSocket *socket, const QString &nameSpace, const QString &room,
                     const QJsonObject &stored, bool extras);
    QList<QWebSocket *> socketsIn(const QString &room) const;
    static std::optional<Packet> parse(QStringView payload);
    static QString randomId(); // an Engine.IO or Socket.IO sid
    using Fields = QList<std::pair<QString, QJsonValue>>;
    static QString ordered(const Fields &fields);
    static QString jsonText(const QJsonValue &value);
    static QString refusal(const QString &error); // a refusing ack, {"ok":false,"error":...}

    MockServer &m_server;
    QHash<QWebSocket *, Client> m_clients; // the sockets are children of this
};
