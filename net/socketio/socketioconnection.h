#pragma once

// One Engine.IO WebSocket to a Socket.IO server, shared by every room of that server
// (SocketIoHub keeps it, SocketIoLink rides on it). It owns the socket, the heartbeat (EIO 4: the
// server pings and a watchdog notices its silence; EIO 3: we ping), the namespaces (CONNECT with the
// token, the answer, CONNECT_ERROR, the server's DISCONNECT) and the acks (a counter per connection,
// each with a deadline). It is used once: after ended() a new one is made for the next attempt.
#include "serverprofile.h"
#include "socketio/engineiopacket.h"
#include "socketio/socketiopacket.h"

#include <QAbstractSocket>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class QWebSocket;

class SocketIoConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Open, Ended };
    Q_ENUM(State)

    // How the engine ended, for every room on it.
    struct End
    {
        enum class Kind {
            Closed,             // we closed it
            Dropped,            // no close frame, a ping timeout, an unusable open packet: 1006
            HandshakeRefused,   // the upgrade was answered with an HTTP status (httpStatus, 0 if Qt hid it)
            CertificateRefused, // TLS failed closed (why says what no pin excuses)
        };
        Kind kind = Kind::Dropped;
        int httpStatus = 0;
        QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
        QString why;
    };

    // An ack's answer: the arguments, or nullopt when none came within the profile's ackTimeoutMs.
    using AckHandler = std::function<void(const std::optional<QJsonArray> &args)>;

    SocketIoConnection(const ServerProfile &profile, const QByteArray &token, int endpoint,
                       QObject *parent = nullptr);
    ~SocketIoConnection() override;

    void open();
    // An orderly end: a DISCONNECT per namespace, the Engine.IO close, the WebSocket close.
    void close();
    void abort();

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    const ServerProfile &profile() const { return m_profile; }
    int endpoint() const { return m_endpoint; }
    QByteArray token() const { return m_token; }
    QString sid() const { return m_sid; } // the Engine.IO session, once open
    const End &end() const { return m_end; }
    EngineIo::Version version() const { return m_version; }

    // Connects a namespace with this token (queued until the engine is open). When it is open or
    // opening already, its session is kept and the token is kept for its next CONNECT.
    void connectNamespace(const QString &nameSpace, const QByteArray &token);
    // A new session with this token on the same socket: DISCONNECT, then a fresh CONNECT.
    // namespaceLeft() tells the rooms on it that what they joined there is gone.
    void reconnectNamespace(const QString &nameSpace, const QByteArray &token);
    static constexpr int ReconnectGapMs = 100;
    void disconnectNamespace(const QString &nameSpace);
    bool isNamespaceOpen(const QString &nameSpace) const;
    QString namespaceSid(const QString &nameSpace) const;

    // Rooms joined over this connection, counted per link: two links of one room (a reconnect, make
    // before break) share the server's session, so only the last one may leave the room.
    void addMember(const QString &nameSpace, const QString &room) { ++m_members[nameSpace + u'\n' + room]; }
    // True when that was the room's last link.
    bool removeMember(const QString &nameSpace, const QString &room);
    bool hasMembers(const QString &nameSpace, const QString &room) const
    {
        return m_members.value(nameSpace + u'\n' + room) > 0;
    }

    // An event; with a handler, an ack id is asked for and the handler runs once, with the answer or
    // with nullopt at the deadline. context ends the wait silently when it is destroyed. False, and
    // nothing sent, when the packet is larger than the server's maxPayload (it would close the
    // connection, and every room on it, for that).
    bool emitEvent(const QString &nameSpace, const QString &name, const QJsonArray &args,
                   QObject *context = nullptr, AckHandler handler = {});
    // The most the server accepts in one packet (its open packet's maxPayload), in bytes.
    qint64 maxPayload() const { return m_maxPayload; }

    // Whether a CONNECT_ERROR message is about the token (and a fresh one may pass).
    static bool isAuthRefusal(const QString &message, const QJsonValue &data);

Q_SIGNALS:
    void stateChanged(SocketIoConnection::State state);
    void namespaceConnected(const QString &nameSpace);
    void namespaceRefused(const QString &nameSpace, const QString &message, bool aboutToken);
    // The server's DISCONNECT (41) of a namespace.
    void namespaceDisconnected(const QString &nameSpace);
    // We left a namespace to connect it again with a new token: what was joined there is gone.
    void namespaceLeft(const QString &nameSpace);
    // payload is the whole Socket.IO packet text, for readers that need a number as it was written.
    void eventReceived(const QString &nameSpace, const QString &name, const QJsonArray &args,
                       const QString &payload);
    // The same for the common packet SocketIo::readMessageEvent() reads, in place of eventReceived.
    void messageEventReceived(const QString &nameSpace, const SocketIo::MessageEvent &event);
    void binaryFrameIgnored(qint64 bytes, const QString &reason);
    void ended();

private:
    struct Namespace
    {
        enum class State { Connecting, Open };
        State state = State::Connecting;
        QByteArray token;
        QString sid;
    };
    struct PendingAck
    {
        QPointer<QObject> context;
        bool hasContext = false;
        AckHandler handler;
    };

    void onTextFrame(const QString &frame);
    void onEngineOpen(QStringView payload);
    void onSocketIoPacket(const QString &payload);
    void onSocketError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void sendConnect(const QString &nameSpace, const QByteArray &token);
    void sendFrame(const QString &frame, const QString &logText = {});
    void finish(End end);
    void setState(State state);
    void restartWatchdog();

    ServerProfile m_profile;
    QByteArray m_token;
    int m_endpoint = 0;
    EngineIo::Version m_version = EngineIo::Version::Eio4;
    State m_state = State::Idle;
    QWebSocket *m_socket = nullptr;
    QString m_sid;
    int m_pingIntervalMs = 25000;
    int m_pingTimeoutMs = 20000;
    qint64 m_maxPayload = EngineIo::MaxPayloadBytes;
    QTimer m_handshakeTimer;
    QTimer m_watchdog;  // EIO 4: the server's next ping is due by then
    QTimer m_pingTimer; // EIO 3: our ping
    QTimer m_pongTimer; // EIO 3: its pong is due by then
    QHash<QString, Namespace> m_namespaces;
    QStringList m_queuedConnects; // asked for before the engine opened
    QHash<qint64, PendingAck> m_acks;
    QHash<QString, int> m_members;
    qint64 m_nextAckId = 0;
    qint64 m_heartbeats = 0;
    QString m_tlsProblem;
    End m_end;
};
