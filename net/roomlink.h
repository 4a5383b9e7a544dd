#pragma once

// The seam between a room and the wire protocol under it (README, "Socket.IO servers").
// RoomConnection keeps what every protocol shares - the state the UI shows, the outbox, de-
// duplication, reconnect with backoff, the one refresh, make before break - and talks to one
// RoomLink per connection attempt:
//   net/channels/channelslink.*  a WebSocket of its own per room (Django Channels, Starlette)
//   net/socketio/socketiolink.*  a room joined over the server's one shared Socket.IO connection
// A link lives for one attempt: made with the token, open()ed, and dropped after it ends. Its
// signals follow QWebSocket's, so a link reports what a socket would: a refused handshake as
// errorOccurred() with handshakeStatus(), an orderly end as closeFrameArrived() then closed()
// with closeCode(), a drop as closed() alone. Protocol events are mapped onto close codes the
// close policy table already knows (for example a refused token is 4001, a refused room 4003).
#include "chatmessage.h"

#include <QAbstractSocket>
#include <QObject>
#include <QString>

#include <functional>

class RoomLink : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // What a link reads at all (uvicorn's default): a larger frame or message ends it (1009).
    static constexpr qint64 MaxIncomingMessageSize = 16 * 1024 * 1024;

    virtual void open() = 0;
    // One chat message; the link encodes it for its protocol (and logs it to chat.protocol).
    virtual void sendMessage(const QString &text, const QString &clientId) = 0;
    // An orderly end (closed() follows); abort() ends at once and promises no signal.
    virtual void close(int code, const QString &reason) = 0;
    virtual void abort() = 0;
    // A keep-alive probe answered by pongReceived(). Protocols with their own heartbeat (Engine.IO)
    // answer at once and watch the connection themselves.
    virtual void ping() = 0;
    virtual bool isOpen() const = 0;
    virtual int closeCode() const = 0;
    virtual QString closeReason() const = 0;
    virtual QString errorString() const = 0;
    // The HTTP status of a refused handshake, 0 when there was none.
    virtual int handshakeStatus() const = 0;

    // How a RoomConnection makes its links: the room, the access token, which of the profile's
    // endpoints to try; nullptr and *problem when no link can be made (a malformed token).
    using Factory = std::function<RoomLink *(const QString &room, const QByteArray &token, int endpoint,
                                             QString *problem, QObject *parent)>;

Q_SIGNALS:
    void opened();
    void closeFrameArrived();
    void closed();
    void errorOccurred(QAbstractSocket::SocketError error);
    void frameReceived(const IncomingFrame &frame);
    void binaryFrameIgnored(qint64 bytes);
    void pongReceived();
    // Certificate errors no pin excuses, in words: the attempt fails closed.
    void certificateRefused(const QString &description);
    // The server refused one message (a Socket.IO ack {"ok": false, "error": ...}).
    void messageRefused(const QString &clientId, const QString &reason);
    // The server took one message and said under which id (a Socket.IO ack {"ok": true, "id": n}):
    // delivered, also where the server does not echo a message to its sender.
    void messageAccepted(const QString &clientId, const QString &serverId);
};
