#pragma once

// One chat room over WebSocket, with its whole life in one state machine: connect, reconnect
// with jittered backoff, refresh a refused token once (through the shared AuthClient), keep the
// connection alive with pings, and never lose a message (the Outbox) nor send one twice to a
// server that does not de-duplicate (make before break, reconcile before resend: README,
// "Delivery"). roomconnection.cpp holds the connection's life, roomdelivery.cpp the messages.
// Each attempt is a RoomLink (roomlink.h): the wire protocol lives there, not here.
#include "chatmessage.h"
#include "closepolicy.h"
#include "gapdetector.h"
#include "outbox.h"
#include "reconnectpolicy.h"
#include "roomlink.h"
#include "roomstatus.h"
#include "seenids.h"
#include "serverprofile.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>

class AuthClient;

class RoomConnection : public QObject
{
    Q_OBJECT
public:
    // The room's life; declared with RoomStatus, which carries it (Q_ENUM there).
    using State = RoomStatus::State;
    using Clock = std::function<QDateTime()>; // the wall clock, UTC

    RoomConnection(const QString &room, const ServerProfile &profile, QObject *parent = nullptr);
    ~RoomConnection() override;

    // With an AuthClient the room takes its tokens there and refreshes through it; without
    // one, a refused token ends in AuthRequired.
    void setAuth(AuthClient *auth);
    void setOutboxStore(OutboxStore *store, const QString &profileKey);
    // A write the outbox store refused is tried again after firstMs, then twice as long each time
    // up to capMs (a local file: no jitter needed, and nothing to stampede).
    void setSaveRetryDelays(int firstMs, int capMs);
    void setReconnectSeed(quint32 seed);
    // How attempts are made; without one, a Channels WebSocket per attempt (ChannelsLink).
    void setLinkFactory(RoomLink::Factory factory) { m_linkFactory = std::move(factory); }
    // What status().nextAttempt is reckoned by (tests inject one); the timers stay real.
    void setClock(Clock clock) { m_wallClock = std::move(clock); }

    QString room() const { return m_room; }
    State state() const { return m_status.state; }
    // The state as data, for the window to put in words (ui/statetext.h).
    RoomStatus status() const { return m_status; }
    // The same in English, for logs and the CLI (RoomStatus::description()).
    QString stateReason() const { return m_status.description(); }
    // The session could not be refreshed (the network is down): the room waits for it, and says
    // when the next refresh is tried. Whoever retries the refresh calls this; a refreshed token
    // or open() moves the room on as usual.
    void setSessionOffline(const QDateTime &nextRefreshTry, const QString &why = {});
    // The HTTP status of a refused handshake or the close code of the last close; 0 when none.
    int lastCode() const { return m_lastCode; }
    // Milliseconds until the next attempt while Reconnecting, else -1.
    qint64 msUntilReconnect() const;
    // Reconnects scheduled after a connection ended or failed (backoff included).
    int reconnectCount() const { return m_reconnects; }
    // Sockets that opened, the first one included; of them, replacements opened before the token
    // expired (make before break), and ones opened right after the server refused a token.
    int connectionCount() const { return m_connections; }
    int handoverCount() const { return m_handovers; }
    int tokenReconnectCount() const { return m_tokenReconnects; }
    // Messages over MaxChatMessageBytes, passed on as placeholders (ChatMessage::omittedBytes).
    int oversizedMessages() const { return m_oversizedMessages; }
    // Messages sent on an earlier socket, never echoed, and found in the server's history after a
    // reconnect (so not sent again).
    int reconciledMessages() const { return m_reconciled; }
    // Incoming frames that could not be used (not a chat frame, binary, too large); each one is
    // also announced by frameRejected().
    int rejectedFrames() const { return m_rejectedFrames; }

    // Messages already shown from somewhere else (the local store): when the server sends them
    // again they are not passed on a second time.
    void rememberSeen(const QList<ChatMessage> &messages);

    void open();                              // with the AuthClient's token
    void open(const QByteArray &accessToken); // with this token
    void close();                             // close 1000; nothing reconnects
    void reconnectNow();                      // e.g. the network is back: skip the wait

    // Queues the text and returns its client id; it goes out as soon as the room is open.
    // messageQueued() tells whoever shows it, before this returns.
    QString send(const QString &text);
    bool retry(const QString &clientId);   // a failed message goes out again (messageRetried)
    void discard(const QString &clientId); // messageDiscarded
    QList<OutboxEntry> outbox() const { return m_outbox.entries(); }
    // False while the message is only in memory: the store refused it (or there is no store).
    bool isSaved(const QString &clientId) const { return m_outbox.isSaved(clientId); }
    int pendingCount() const { return m_outbox.size(); }

    // What a socket reads at all (uvicorn's default): a larger frame or message closes it (1009).
    static constexpr qint64 MaxIncomingMessageSize = RoomLink::MaxIncomingMessageSize;
    // A chat message larger than this (UTF-8) is shown as a placeholder; the connection stays.
    static constexpr qint64 MaxChatMessageBytes = 1024 * 1024;
    static constexpr int MaxHandshake500s = 3;
    // The same frame-size or UTF-8 close on this many joins in a row stops the room.
    static constexpr int MaxBadFrameCloses = 2;
    // Reconcile: the join's history is over when no frame came for HistoryQuietMs, or at the latest
    // after ReconcileDeadlineMs. Make before break: the old socket waits at most RetireDeadlineMs
    // for the echoes of what was sent on it.
    // A frame created JoinMarginMs after the join (by the server's clock) is live: the history is in.
    static constexpr int HistoryQuietMs = 400;
    static constexpr int ReconcileDeadlineMs = 3000;
    static constexpr int JoinMarginMs = 250;
    static constexpr int RetireDeadlineMs = 2000;

Q_SIGNALS:
    // reason: status().description(), in English. Emitted whenever status() changes.
    void stateChanged(RoomConnection::State state, const QString &reason);
    void statusChanged(const RoomStatus &status);
    void messageReceived(const ChatMessage &message);
    // An own message's life, for whoever shows it: queued by send(), back to pending by retry(),
    // gone by discard(), delivered (the server's echo or ack), failed (with why; retry or discard).
    void messageQueued(const QString &clientId, const QString &text);
    void messageRetried(const QString &clientId);
    void messageDiscarded(const QString &clientId);
    void messageDelivered(const QString &clientId);
    void messageFailed(const QString &clientId, const QString &reason);
    // The server's {"error": ...} answer, in its words (untrusted); failedClientId: the pending
    // message it answers, which messageFailed() fails next; empty when none could be matched
    // (serverErrorSubject() says when one is).
    void serverErrorReceived(const QString &text, const QString &failedClientId);
    void frameRejected(const QString &why);
    // The server refused the access token (handshake 401/403, or close 4001).
    void tokenRefused();
    // The outbox store refused to save this message (locked, read-only, damaged): it is still sent,
    // but lost if the app quits before it is delivered. Emitted on the event-loop turn after send(),
    // so whoever shows the message has its client id by then.
    void messageNotSaved(const QString &clientId, const QString &reason);
    // A message that messageNotSaved() reported is on disk now. (One delivered first gets only
    // messageDelivered(): it needs no saving.)
    void messageSaved(const QString &clientId);
    // Messages the store kept from an earlier run that it could not be read for when the room was
    // made (locked by another program): they are queued now, as outbox() shows.
    void unsentMessagesLoaded(const QList<OutboxEntry> &entries);
    // A join's history did not reach back to the newest message the room had (GapDetector):
    // messages before the one with this server id may be missing. After its messageReceived().
    void gapDetected(const QString &firstNewServerId);

private:
    void setStatus(State state, RoomStatus status);
    void setStatus(State state, RoomStatus::Cause cause) { setStatus(state, RoomStatus{state, cause}); }
    void connectNow();
    void startSocket(const QByteArray &token);
    QString where() const; // the address an attempt goes to, for the state line
    // A new socket on its way to the room's URL with this token, or nullptr and *problem.
    RoomLink *openSocket(const QByteArray &token, QString *problem);
    void onConnected(RoomLink *socket);
    void onDisconnected(RoomLink *socket);
    void onSocketError(RoomLink *socket, QAbstractSocket::SocketError error);
    void onFrame(const IncomingFrame &frame);
    void onServerError(const IncomingFrame &frame);
    QString serverErrorSubject(const QString &namedClientId) const;
    // roomdelivery.cpp
    bool canSendNow() const;
    void sendEntry(const OutboxEntry &entry);
    void onOpened();
    bool markSeen(const ChatMessage &message);
    QString settle(ChatMessage &message, bool fresh);
    void learnServerClock(const OutboxEntry &entry, const ChatMessage &echo);
    bool isNewerThanJoin(const ChatMessage &message) const;
    void onSettled(const QString &clientId);
    void beginReconcile(const QStringList &clientIds);
    void endReconcile();
    void startHandover();
    void promoteHandover();
    void abandonHandover(const QString &why);
    void finishRetiring();
    void dropSpareSockets();
    QString ownUser() const;
    void rejectFrame(const QString &why);
    void onPingDue();
    void onTokenRefreshed();
    void waitForSession();
    void showSessionOffline(); // SessionOffline, with the session's next refresh as the next attempt
    void onRefreshFailed();
    void handle(const CloseDecision &decision);
    void scheduleReconnect(qint64 floorMs, const RoomStatus &why);
    void flushOutbox();
    // roomsaving.cpp
    void reviewSavingSoon();
    void reviewSaving();
    void onSaveRetryDue();
    void sendLoaded(const QList<OutboxEntry> &loaded);
    void dropSocket();
    qint64 now() const { return m_clock.elapsed(); }
    QDateTime wallNow() const; // by m_wallClock

    QString m_room;
    ServerProfile m_profile;
    QPointer<AuthClient> m_auth;
    RoomStatus m_status;
    Clock m_wallClock;
    int m_lastCode = 0;
    bool m_closing = false;
    bool m_closeFrameSeen = false;
    bool m_waitingForToken = false;
    QByteArray m_token;        // the token of the current or last attempt
    QByteArray m_refusedToken; // the last token the server refused
    RoomStatus m_refusal;      // and what the server said
    QString m_tlsProblem;      // the certificate errors of this attempt
    int m_refusals = 0;        // since the last successful open
    int m_reconnects = 0;
    int m_connections = 0;
    int m_handovers = 0;
    int m_tokenReconnects = 0;
    int m_oversizedMessages = 0;
    int m_reconciled = 0;
    int m_badFrameCloses = 0; // joins in a row that Qt closed for a frame it cannot take
    bool m_afterRefusal = false;
    int m_rejectedFrames = 0;
    int m_handshake500s = 0; // in a row, since the last open
    int m_endpoint = 0;      // which of the profile's WebSocket URLs the next attempt uses
    QString m_lastSentClientId;
    QPointer<RoomLink> m_socket; // the room's socket: new messages go out here
    // Make before break: the replacement being opened with a fresh token, and the replaced one,
    // kept until what was sent on it is echoed.
    QPointer<RoomLink> m_nextSocket;
    QByteArray m_nextToken;
    QPointer<RoomLink> m_retiringSocket;
    QSet<QString> m_sentOnRetiring; // client ids
    QTimer m_handoverTimer;
    QTimer m_retireTimer;
    // Reconcile before resend: sent on an earlier socket, no echo, held until the history is in.
    QStringList m_held;           // client ids, in send order
    qint64 m_joinedAtMs = 0;      // ms since the epoch when the socket opened
    QList<qint64> m_clockSamples; // server created_at less our send time, of recent own echoes
    QTimer m_historyQuietTimer;
    QTimer m_reconcileTimer;
    Outbox m_outbox;
    QTimer m_saveRetryTimer;
    int m_saveRetries = 0; // in a row, since the store last took everything
    int m_saveRetryFirstMs = 1000;
    int m_saveRetryCapMs = 30000;
    QSet<QString> m_reportedUnsaved; // client ids messageNotSaved() was emitted for
    bool m_savingReviewPosted = false;
    ReconnectPolicy m_policy;
    RoomLink::Factory m_linkFactory;
    QElapsedTimer m_clock;
    QTimer m_reconnectTimer;
    QTimer m_pingTimer;
    QTimer m_pongTimer;
    QTimer m_handshakeTimer;
    SeenIds m_seenIds;          // server ids of messages already passed on
    SeenIds m_seenClientIds;    // client ids of those without a server id
    SeenIds m_seenFingerprints; // user, time and text of those with neither
    GapDetector m_gaps;
};
