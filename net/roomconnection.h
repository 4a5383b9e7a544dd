#pragma once

// One chat room over WebSocket, with its whole life in one state machine: connect, reconnect
// with jittered backoff, refresh a refused token once (through the shared AuthClient), keep the
// connection alive with pings, and never lose a message (the Outbox).
// A fresh QWebSocket per attempt, because Qt 6.4 keeps the previous close code on a reused one.
#include "chatmessage.h"
#include "closepolicy.h"
#include "outbox.h"
#include "reconnectpolicy.h"
#include "seenids.h"
#include "serverprofile.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class AuthClient;
class QWebSocket;

class RoomConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Open, Reconnecting, AuthRequired, Failed };
    Q_ENUM(State)

    RoomConnection(const QString &room, const ServerProfile &profile, QObject *parent = nullptr);
    ~RoomConnection() override;

    // With an AuthClient the room takes its tokens there and refreshes through it; without
    // one, a refused token ends in AuthRequired.
    void setAuth(AuthClient *auth);
    void setOutboxStore(OutboxStore *store, const QString &profileKey);
    void setReconnectSeed(quint32 seed);

    QString room() const { return m_room; }
    State state() const { return m_state; }
    QString stateReason() const { return m_reason; }
    // The HTTP status of a refused handshake or the close code of the last close; 0 when none.
    int lastCode() const { return m_lastCode; }
    // Milliseconds until the next attempt while Reconnecting, else -1.
    qint64 msUntilReconnect() const;
    int reconnectCount() const { return m_reconnects; }
    // Incoming frames that could not be used (not a chat frame, binary, too large); each one is
    // also announced by frameRejected().
    int rejectedFrames() const { return m_rejectedFrames; }

    void open();                              // with the AuthClient's token
    void open(const QByteArray &accessToken); // with this token
    void close();                             // close 1000; nothing reconnects
    void reconnectNow();                      // e.g. the network is back: skip the wait

    // Queues the text and returns its client id; it goes out as soon as the room is open.
    QString send(const QString &text);
    bool retry(const QString &clientId); // a failed message goes out again
    void discard(const QString &clientId);
    QList<OutboxEntry> outbox() const { return m_outbox.entries(); }
    int pendingCount() const { return m_outbox.size(); }

    static constexpr qint64 MaxIncomingMessageSize = 1024 * 1024;
    static constexpr int MaxHandshake500s = 3;

Q_SIGNALS:
    void stateChanged(RoomConnection::State state, const QString &reason);
    void messageReceived(const ChatMessage &message);
    void messageDelivered(const QString &clientId);
    void messageFailed(const QString &clientId, const QString &reason);
    void serverErrorReceived(const QString &text);
    void frameRejected(const QString &why);
    // The server refused the access token (handshake 401/403, or close 4001).
    void tokenRefused();

private:
    void setState(State state, const QString &reason);
    void connectNow();
    void startSocket(const QByteArray &token);
    void onConnected();
    void onDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void onTextMessage(const QString &frame);
    void rejectFrame(const QString &why);
    void onPingDue();
    void onTokenRefreshed();
    void handle(const CloseDecision &decision);
    void scheduleReconnect(qint64 floorMs, const QString &reason);
    void flushOutbox();
    void sendFrame(const QString &frame);
    void dropSocket();
    qint64 now() const { return m_clock.elapsed(); }

    QString m_room;
    ServerProfile m_profile;
    QPointer<AuthClient> m_auth;
    State m_state = State::Disconnected;
    QString m_reason;
    int m_lastCode = 0;
    bool m_closing = false;
    bool m_closeFrameSeen = false;
    bool m_waitingForToken = false;
    QByteArray m_token;        // the token of the current or last attempt
    QByteArray m_refusedToken; // the last token the server refused
    QString m_refusal;         // and what the server said
    QString m_tlsProblem;      // the certificate errors of this attempt
    int m_refusals = 0;        // since the last successful open
    int m_reconnects = 0;
    int m_rejectedFrames = 0;
    int m_handshake500s = 0; // in a row, since the last open
    int m_endpoint = 0;      // which of the profile's WebSocket URLs the next attempt uses
    QString m_lastSentClientId;
    QPointer<QWebSocket> m_socket;
    Outbox m_outbox;
    ReconnectPolicy m_policy;
    QElapsedTimer m_clock;
    QTimer m_reconnectTimer;
    QTimer m_pingTimer;
    QTimer m_pongTimer;
    QTimer m_handshakeTimer;
    SeenIds m_seenIds;       // server ids of messages already passed on
    SeenIds m_seenClientIds; // client ids of those without a server id
};
