#pragma once

// The server contract from DESIGN.md on one port: simplejwt-style token endpoints and Django
// Channels-style chat rooms over WebSocket, and a Socket.IO server at /socket.io/ (SocketIoFront,
// socketiofront.h) sharing the same rooms. Independent of the client code on purpose.

#include "httpmessage.h"
#include "jwtsigner.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

class QTcpServer;
class SocketIoFront;
class QTcpSocket;
class QTimer;
class QWebSocket;

struct MockServerOptions
{
    QHash<QString, QString> users{{QStringLiteral("alice"), QStringLiteral("alice-pass")},
                                  {QStringLiteral("bob"), QStringLiteral("bob-pass")}}; // name -> password
    double accessTtlSeconds = 300;
    double refreshTtlSeconds = 86400;
    bool rotateRefresh = false; // every refresh also returns a new refresh token; the old one dies
    int historySize = 50;       // the newest messages replayed to a client joining a room
    // Messages kept per room: what GET /api/rooms/{room}/messages/?before=ID&limit=N pages through
    // (Bearer token; a plain JSON list, oldest first, or DRF's {"results": [...]} with
    // historyPaginated; at most historyPageCap per page). Larger than historySize, so a rejoin
    // after a busy while gets only the newest part on the socket and the rest is scroll-back.
    int historyKept = 10000;
    int historyPageCap = 100;
    bool historyPaginated = false;
    bool historyEndpoint = true;   // off: the path answers 404, as a site without one does
    int historyDelayMs = 0;        // each history answer goes out this much later (a slow server)
    std::function<qint64()> clock; // ms since the epoch; empty means the wall clock
    bool adminEndpoints = false;   // answer POST /admin/... (fault injection) from loopback peers
    QSslConfiguration tls;         // with a certificate and key: https and wss on the same port
    // A server that does not help the client, as most do not. Each of these off: a resent client_id
    // is stored and broadcast again with a new id; the history on join carries only message, user,
    // created_at and id (live broadcasts keep client_id); and a message is stored at once but
    // broadcast broadcastDelayMs later (a loaded server; order is kept).
    bool deduplicateClientIds = true;
    bool historyWithExtras = true;
    int broadcastDelayMs = 0;

    // A Socket.IO-style site (tests/e2e/socketio/server.js): POST /login {"username","password"} ->
    // {"token"} (401 with an empty body on bad credentials), no refresh endpoint, and the simplejwt
    // endpoints answer 404. The token lives tokenTtlSeconds; 0 means it has no exp.
    bool loginOnly = false;
    double tokenTtlSeconds = 3600;
    // Socket.IO at /socket.io/. Namespace auth: the CONNECT auth payload {"token"}, else the
    // handshake's Authorization: Bearer or ?token=, checked per CONNECT (CONNECT_ERROR on a bad one).
    // Engine auth: the handshake's header or query only, refused with HTTP 401.
    enum class SocketIoAuth { Namespace, Engine };
    SocketIoAuth socketIoAuth = SocketIoAuth::Namespace;
    bool allowEio3 = true;
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    bool socketIoExpireSessions = false; // DISCONNECT (41) a namespace the moment its token expires
    QStringList refuseRooms;             // join answers {"ok":false,"error":"room refused"}
    QStringList refuseNamespaces;        // CONNECT answers CONNECT_ERROR "namespace refused", e.g. "/random"
    // Empty: every namespace exists. Otherwise only "/" and these do, and a CONNECT to any other
    // gets CONNECT_ERROR {"message":"Invalid namespace"} before any auth, as socket.io sends it.
    QStringList socketIoNamespaces;
    // Hostile servers: what the open packet claims instead (a key with null: left out), e.g.
    // {"pingInterval": 0} or {"maxPayload": 1e15}. The server's own timers keep the values above.
    QJsonObject socketIoOpenOverrides;
};

class MockServer : public QObject
{
    Q_OBJECT
public:
    explicit MockServer(MockServerOptions options = {}, QObject *parent = nullptr);
    ~MockServer() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    QString errorString() const;
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT (https with TLS)

    // For tests that need tokens the endpoints would not hand out (expired, short-lived).
    QByteArray issueAccessToken(const QString &user, double ttlSeconds) const;
    QByteArray issueRefreshToken(const QString &user, double ttlSeconds) const;

    int tokenRequestCount() const { return m_tokenRequests; }
    int refreshRequestCount() const { return m_refreshRequests; }
    int clientCount(const QString &room) const;

    // Fault injection, for tests and (with adminEndpoints) for QA over HTTP. An empty room means
    // every room; the ones that act on sockets return how many they affected.
    int closeRoom(const QString &room, int closeCode, const QString &reason = {}); // close frame
    int dropRoom(const QString &room); // abort TCP: the client sees no close frame
    // Stop reading the room's sockets: pings get no pong and nothing is sent or received, while
    // TCP stays up (a half-open connection). Applies to the sockets open now, not to later ones.
    int silenceRoom(const QString &room);
    // Socket.IO only; room is a room of "/" or, starting with "/", a namespace. A server-side
    // DISCONNECT (41) of that namespace ("/" for a room); the WebSocket stays open.
    int disconnectSocketIo(const QString &room);
    // The Engine.IO heartbeat stops (EIO 4: no more pings; EIO 3: pings go unanswered) while
    // messages still flow; nor does the server close the connection for a missing pong.
    int stopHeartbeat(const QString &room);
    void rejectHandshakes(int count, int httpStatus); // the next count upgrades get this status
    int pendingRejections() const { return m_rejections; }
    void setFrameDelay(int ms); // every outgoing text frame waits this long; order is kept
    // A server restart: every WebSocket (and handshake in flight) is cut without a close frame;
    // room history, message ids and every issued token stay valid. A broadcast still waiting out
    // broadcastDelayMs is lost with the process; its message stays in the history.
    int restart();
    // Right after the next message in room (empty: any room) is stored, its sender's socket is cut
    // without a close frame, before any broadcast; the rest of the room still gets the message, so
    // the sender never learns that it was stored. Once only; returns 1 (armed).
    int dropAfterNextStore(const QString &room = {});

    // Hostile servers (mockserver_hostile.cpp). count frames with exactly these bytes as payload,
    // text or binary, to every socket in the room - invalid UTF-8 and any size included.
    int sendRaw(const QString &room, const QByteArray &payload, bool binary = false, int count = 1);
    // The next count requests to the token endpoints (sign-in and refresh; count < 0: all of them)
    // get rawResponse as it is - status line, headers and body. With keepOpen the connection stays
    // open after it, so a body shorter than its Content-Length never ends. Empty: normal answers.
    void answerTokenRequestsWith(const QByteArray &rawResponse, int count = -1, bool keepOpen = false);
    // For benchmarks: count messages with about textBytes of text each, from user "flood", sent at
    // once to every socket in the room (as fast as the socket takes them; no frame delay, not kept
    // in the history). Returns how many sockets got them.
    int floodRoom(const QString &room, int count, int textBytes = 100);
    // Stores count messages from user "history" in the room without broadcasting them: what
    // clients that are in the room now miss (mockserver_history.cpp). With a rejoin whose history
    // (historySize) does not reach back to what a client had, it makes a gap on purpose.
    int storeUnseen(const QString &room, int count);
    int historyRequestCount() const { return m_historyRequests; }

Q_SIGNALS:
    void clientJoined(const QString &room, const QString &user);
    void clientLeft(const QString &room, const QString &user);
    void messageBroadcast(const QString &room, const QJsonObject &message);

private:
    friend class SocketIoFront; // the second front on the same rooms, tokens and fault switches

    struct Client
    {
        QString room;
        QString user;
        bool silenced = false;
        qint64 lastDueMs = 0;           // when the last delayed frame goes out
        QStringList delayedFrames = {}; // oldest first; "= {}" keeps {room, user} warning-free
    };
    struct PendingBroadcast
    {
        qint64 dueMs; // on m_uptime
        QString room;
        QJsonObject message;
    };

    void onNewConnection();
    void onRequestData(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QByteArray &response);
    QByteArray httpAnswer(const HttpRequest &request);
    QByteArray tokenAnswer(const QByteArray &body);
    QByteArray refreshAnswer(const QByteArray &body);
    void upgrade(QTcpSocket *socket, const HttpRequest &request);
    void adopt(QWebSocket *socket, const QString &room, const JwtSigner::Claims &claims);
    void handOver(QTcpSocket *socket, const QString &subprotocol,
                  const std::function<void(QWebSocket *)> &adopted);
    QByteArray loginAnswer(const QByteArray &body);
    // mockserver_history.cpp: the history endpoint, and the newest historySize of a room
    bool isHistoryPath(const QByteArray &path) const;
    QByteArray historyAnswer(const HttpRequest &request);
    QList<QJsonObject> joinHistory(const QString &room) const;
    void onTextMessage(QWebSocket *socket, const QString &text);
    // The room hub both fronts share: store (with client_id dedup and the drop-after-store switch),
    // then publish (at once or broadcastDelayMs later) to the members of both fronts.
    struct Stored
    {
        QJsonObject message;    // as stored: message, user, created_at, id, client_id?
        bool duplicate = false; // the original of a resent client_id; nothing was stored
        bool cutSender = false; // dropAfterNextStore() fired: cut the sender, do not answer it
    };
    Stored store(const QString &room, const QString &user, const QJsonValue &text,
                 const QJsonValue &clientId);
    void publish(const QString &room, const QJsonObject &message);
    void onClientDisconnected(QWebSocket *socket);
    void broadcast(const QString &room, const QJsonObject &message);
    void onBroadcastDue();
    QJsonObject historyFrame(const QJsonObject &message) const;
    void sendFrame(QWebSocket *socket, const QJsonObject &message);
    void sendFrame(QWebSocket *socket, const QString &frame);
    static QString frameText(const QJsonObject &message);
    QList<QWebSocket *> socketsIn(const QString &room) const;
    bool isAdminRequest(const QTcpSocket *socket, const HttpRequest &request) const;
    QByteArray adminAnswer(const HttpRequest &request);
    bool answerCanned(QTcpSocket *socket, const HttpRequest &request);
    int userId(const QString &user) const;

    MockServerOptions m_options;
    JwtSigner m_signer;
    QTcpServer *m_tcpServer;
    SocketIoFront *m_socketIo;             // a child
    QHash<QWebSocket *, Client> m_clients; // the sockets are children of this
    QHash<QString, QList<QJsonObject>> m_history;
    QSet<QString> m_deadRefreshJtis;
    // room -> (user, client_id) -> the frame broadcast for it, so a resend is answered, not repeated
    QHash<QString, QHash<std::pair<QString, QString>, QJsonObject>> m_broadcastByClientId;
    QElapsedTimer m_uptime; // the clock of frame and broadcast delays; tokens use m_options.clock
    QList<PendingBroadcast> m_pendingBroadcasts; // oldest first, each due broadcastDelayMs after its store
    QTimer *m_broadcastTimer;                    // for the oldest pending broadcast
    std::optional<QString> m_dropAfterStoreRoom; // armed by dropAfterNextStore()
    int m_frameDelayMs = 0;
    int m_rejections = 0;
    int m_rejectionStatus = 0;
    qint64 m_nextMessageId = 1;
    int m_tokenRequests = 0;
    int m_refreshRequests = 0;
    int m_historyRequests = 0;
    QByteArray m_cannedTokenAnswer;
    int m_cannedTokenAnswers = 0;
    bool m_cannedKeepOpen = false;
};
