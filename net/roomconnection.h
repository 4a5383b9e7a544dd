#pragma once

// One chat room over WebSocket. A fresh QWebSocket per attempt, because Qt 6.4 keeps the
// previous close code on a reused socket. Messages sent while the room is not open wait in
// an in-memory outbox and go out, in order, when it opens; they leave the outbox only when
// the server's broadcast with their client id comes back.
#include "chatmessage.h"
#include "serverprofile.h"

#include <QAbstractSocket>
#include <QList>
#include <QObject>
#include <QPointer>

class QWebSocket;

class RoomConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Open, Reconnecting, AuthRequired, Failed };
    Q_ENUM(State)

    RoomConnection(const QString &room, const ServerProfile &profile, QObject *parent = nullptr);
    ~RoomConnection() override;

    QString room() const { return m_room; }
    State state() const { return m_state; }
    QString stateReason() const { return m_reason; }
    // The HTTP status of a refused handshake or the close code the server sent; 0 when none.
    int lastCode() const { return m_lastCode; }

    void open(const QByteArray &accessToken);
    void close(); // close 1000; nothing reconnects
    // Queues the text and returns its client id; it goes out as soon as the room is open.
    QString send(const QString &text);
    int pendingCount() const { return int(m_outbox.size()); }

    static constexpr qint64 MaxIncomingMessageSize = 1024 * 1024;

Q_SIGNALS:
    void stateChanged(RoomConnection::State state, const QString &reason);
    void messageReceived(const ChatMessage &message);
    void messageDelivered(const QString &clientId);
    void serverErrorReceived(const QString &text);
    void frameRejected(const QString &why);
    // The server refused the access token (handshake 401/403, or close 4001): refresh and open again.
    void tokenRefused();

private:
    struct Outgoing
    {
        QString clientId;
        QString text;
    };
    void setState(State state, const QString &reason);
    void onConnected();
    void onDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void onTextMessage(const QString &frame);
    void flushOutbox();
    void sendFrame(const QString &frame);
    void dropSocket();

    QString m_room;
    ServerProfile m_profile;
    State m_state = State::Disconnected;
    QString m_reason;
    int m_lastCode = 0;
    bool m_closing = false;
    QPointer<QWebSocket> m_socket;
    QList<Outgoing> m_outbox;
};
