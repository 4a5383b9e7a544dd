#pragma once

// Where a chat server lives and how it wants to be spoken to: a value type that the app
// keeps per server (without secrets) and the network classes read.
#include "reconnectpolicy.h"

#include <QString>
#include <QStringList>
#include <QUrl>

// The two families of servers QtChat speaks to (README, "Socket.IO servers").
enum class ServerProtocol {
    Channels, // Django Channels / Starlette: one WebSocket per room, chat frames as JSON
    SocketIo, // Socket.IO: one Engine.IO connection per server, rooms joined by events
};

enum class TokenTransport {
    Subprotocol,     // the bare JWT is the only subprotocol (the reference server)
    SubprotocolPair, // ["access_token", jwt]; the server echoes only the name
    Header,          // Authorization: Bearer <jwt> on the upgrade request
    Query,           // ?token=<jwt>; lands in access logs, the UI warns
    AuthPayload,     // Socket.IO only: {"token": jwt} in the namespace CONNECT packet
};

// How a Socket.IO chat server is spoken to: the common shape by default (README).
struct SocketIoSettings
{
    QString path = QStringLiteral("/socket.io/");
    QString nameSpace = QStringLiteral("/"); // the namespace rooms are joined in
    int engineIoVersion = 4;                 // 3: socket.io 2.x servers (socketio-jwt)
    // One room = one namespace ("/lobby"), messages as plain events there; otherwise rooms are
    // joined with joinEvent in nameSpace.
    bool roomPerNamespace = false;
    QString joinEvent = QStringLiteral("join");
    QString leaveEvent = QStringLiteral("leave");
    QString messageEvent = QStringLiteral("message");
    // A join or a message without its ack after this long counts as a lost connection.
    int ackTimeoutMs = 10000;
};

struct ServerProfile
{
    QString name;
    ServerProtocol protocol = ServerProtocol::Channels;
    QUrl baseUrl;      // http(s)://host:port[/prefix]
    QUrl webSocketUrl; // empty: derived from baseUrl (http->ws, https->wss)
    // More WebSocket base URLs of the same site (several daphne processes behind one channel
    // layer): when one cannot be reached, the next attempt goes to the next one.
    QList<QUrl> alternateWebSocketUrls;
    QString tokenPath = QStringLiteral("/api/token/");
    QString refreshPath = QStringLiteral("/api/token/refresh/");
    QString roomPath = QStringLiteral("/ws/chat/{room}/");
    // Where the token endpoint's JSON puts the tokens; no refresh endpoint (a Socket.IO guide's
    // /login) means the token is renewed by signing in again (AuthClient).
    QString accessField = QStringLiteral("access");
    QString refreshField = QStringLiteral("refresh");
    bool hasRefreshEndpoint = true;
    // Older messages of a room, a page at a time: GET historyPath?before={id}&limit=N with the
    // access token as Bearer, answered with the messages the room's frames carry (HistoryClient).
    // A 404 there means the server has none (HistoryClient remembers it for the run).
    QString historyPath = QStringLiteral("/api/rooms/{room}/messages/");
    bool hasHistoryEndpoint = true;
    SocketIoSettings socketIo;
    TokenTransport transport = TokenTransport::Subprotocol;
    QString subprotocolName = QStringLiteral("access_token"); // for SubprotocolPair
    // Qt never pings on its own: a ping every pingIntervalMs, and no pong within pongTimeoutMs
    // means the connection is dead (half-open) and is replaced.
    int pingIntervalMs = 20000;
    int pongTimeoutMs = 10000;
    int handshakeTimeoutMs = 15000;
    ReconnectSettings reconnect;
    // Make before break: shortly before the access token of an open room socket expires (after
    // the refresh), a replacement socket is opened with the fresh token and the old one is closed
    // with 1000 once its messages are echoed, so nothing is in flight when the server closes 4001.
    // A server that never closes on expiry sees one extra reconnect per token lifetime.
    bool makeBeforeBreak = true;
    // How far the server's clock may be behind ours when a message we sent is looked for in the
    // history after a reconnect (its created_at must not be earlier than our first send minus this).
    int clockSkewToleranceMs = 30000;

    // TLS: the system CAs always count; caFile adds PEM CA certificates for this server;
    // pinSha256 (base64 SHA-256 of the server certificate's public key, as `openssl ... |
    // base64`) also accepts a certificate with that key when no CA vouches for it (host name and
    // dates are still checked). It does not restrict: a certificate a CA vouches for is accepted
    // whatever its key. Everything else fails closed.
    QString caFile;
    QByteArray pinSha256;
    // Plain http/ws to a host that is not loopback sends tokens in the clear: refused unless set.
    bool allowInsecure = false;
    // Sent as Origin instead of the base URL's own origin (for sites behind another front).
    QString originOverride;

    static constexpr int MaxRoomNameLength = 100;

    // A Socket.IO server as the common guide builds it: POST /login -> {"token"}, no refresh
    // endpoint, the token in the CONNECT auth payload.
    static ServerProfile socketIoDefaults(const QUrl &baseUrl);

    // Empty when the profile can be used, otherwise what is wrong in plain words (never repeating
    // a password found in a URL). Every URL the token goes to - sign-in, webSocketUrl and each
    // alternate - needs TLS unless its host is loopback or allowInsecure is set.
    QString validate() const;
    // Hosts of webSocketUrl and the alternates that are not baseUrl's host: allowed (ws.example.com
    // beside api.example.com), but the access token goes there too, so the UI and the CLI say so.
    QStringList otherWebSocketHosts() const;

    QUrl tokenUrl() const;
    QUrl refreshUrl() const;
    // One page of the room's history: up to limit messages before the one with server id beforeId
    // (empty: the newest), on baseUrl like the token endpoints. Empty with *error set for a room
    // name roomUrl() would refuse.
    QUrl historyUrl(const QString &room, const QString &beforeId, int limit, QString *error = nullptr) const;
    QUrl webSocketBase() const;
    // Socket.IO: the Engine.IO WebSocket URL (path, EIO, transport=websocket; ?token= for the
    // query transport is added by the caller).
    QUrl engineIoUrl(int endpoint = 0) const;
    // scheme://host[:port] of baseUrl, sent as Origin (Channels' AllowedHostsOriginValidator).
    QString origin() const;
    // What the WebSocket handshake sends as Origin: originOverride, or origin().
    QString originHeader() const { return originOverride.isEmpty() ? origin() : originOverride; }
    // True when url has the same scheme, host and port as baseUrl: credentials go nowhere else.
    bool isSameOrigin(const QUrl &url) const;

    // The room's WebSocket URL with the name percent-encoded, or an empty URL and *error set.
    // `endpoint` picks among webSocketBase() and the alternates, in turn.
    QUrl roomUrl(const QString &room, QString *error = nullptr, int endpoint = 0) const;
    int endpointCount() const { return 1 + int(alternateWebSocketUrls.size()); }
    // Empty when acceptable. Names with control, invisible or text-direction characters are
    // refused: "\u202Eybbol" would show as "lobby" (ui/untrustedtext.h shows names the same way).
    static QString checkRoomName(const QString &room);
    // Characters that change how the text around them is drawn but show nothing themselves.
    static bool isInvisibleCharacter(char32_t code);

private:
    QUrl withPath(const QUrl &base, const QString &encodedPath) const;
};
