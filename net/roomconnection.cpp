#include "roomconnection.h"

#include "authclient.h"
#include "channels/channelslink.h"
#include "jwt.h"
#include "logging.h"
#include "tlspolicy.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QWebSocketProtocol>

#include <algorithm>

using namespace Qt::StringLiterals;
using Action = CloseDecision::Action;

namespace {
// Qt closes by itself when a server sends a message over the size limit (1009) or text that is not
// UTF-8 (1007), and 6.4 tells only through its own close reason. That is the server's doing: it
// must not fail the last message we sent, as a 1009 from the server would.
bool isClosedByQtForBadFrame(int code, const QString &reason)
{
    const auto qt = [](const char *context, const char *text) {
        return QCoreApplication::translate(context, text);
    };
    if (code == QWebSocketProtocol::CloseCodeTooMuchData)
        return reason == qt("QWebSocketDataProcessor", "Received message is too big.") ||
               reason == qt("QWebSocketFrame", "Maximum framesize exceeded.");
    return code == QWebSocketProtocol::CloseCodeWrongDatatype &&
           reason == qt("QWebSocketDataProcessor", "Invalid UTF-8 code encountered.");
}

} // namespace

RoomConnection::RoomConnection(const QString &room, const ServerProfile &profile, QObject *parent)
    : QObject(parent)
    , m_room(room)
    , m_profile(profile)
    , m_outbox(room)
    , m_policy(QRandomGenerator::global()->generate(), profile.reconnect)
{
    m_clock.start();
    m_reconnectTimer.setSingleShot(true);
    m_pongTimer.setSingleShot(true);
    m_handshakeTimer.setSingleShot(true);
    for (QTimer *timer : {&m_handoverTimer, &m_retireTimer, &m_historyQuietTimer, &m_reconcileTimer})
        timer->setSingleShot(true);
    connect(&m_handoverTimer, &QTimer::timeout, this,
            [this] { abandonHandover(tr("the server did not answer the handshake in time")); });
    connect(&m_retireTimer, &QTimer::timeout, this, &RoomConnection::finishRetiring);
    connect(&m_historyQuietTimer, &QTimer::timeout, this, &RoomConnection::endReconcile);
    connect(&m_reconcileTimer, &QTimer::timeout, this, &RoomConnection::endReconcile);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RoomConnection::connectNow);
    m_saveRetryTimer.setSingleShot(true);
    connect(&m_saveRetryTimer, &QTimer::timeout, this, &RoomConnection::onSaveRetryDue);
    connect(&m_pingTimer, &QTimer::timeout, this, &RoomConnection::onPingDue);
    connect(&m_pongTimer, &QTimer::timeout, this, [this] {
        dropSpareSockets();
        dropSocket();
        handle(ClosePolicy::onDropped(tr("no answer to a ping within %1 s (the connection is half-open)")
                                          .arg(m_profile.pongTimeoutMs / 1000.0)));
    });
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        dropSocket();
        handle(ClosePolicy::onDropped(tr("the server did not answer the handshake in time")));
    });
}

RoomConnection::~RoomConnection()
{
    dropSpareSockets();
    dropSocket();
}

void RoomConnection::setAuth(AuthClient *auth)
{
    if (m_auth)
        m_auth->disconnect(this);
    m_auth = auth;
    if (m_auth) {
        connect(m_auth, &AuthClient::refreshed, this, &RoomConnection::onTokenRefreshed);
        connect(m_auth, &AuthClient::refreshFailed, this, &RoomConnection::onRefreshFailed);
    }
}

void RoomConnection::setOutboxStore(OutboxStore *store, const QString &profileKey)
{
    const QList<OutboxEntry> before = m_outbox.entries();
    m_outbox.attach(store, profileKey);
    // A room made before the file was open (a saved session's rooms come at once at start-up)
    // hears of what the file kept as of messages loaded late: shown, and sent once the room opens.
    QList<OutboxEntry> loaded = m_outbox.entries();
    loaded.removeIf([&before](const OutboxEntry &entry) {
        return std::any_of(before.cbegin(), before.cend(),
                           [&entry](const OutboxEntry &known) { return known.clientId == entry.clientId; });
    });
    if (!loaded.isEmpty()) {
        Q_EMIT unsentMessagesLoaded(loaded);
        sendLoaded(loaded);
    }
    reviewSavingSoon();
}

void RoomConnection::setSaveRetryDelays(int firstMs, int capMs)
{
    m_saveRetryFirstMs = firstMs;
    m_saveRetryCapMs = capMs;
}

void RoomConnection::setReconnectSeed(quint32 seed)
{
    m_policy = ReconnectPolicy(seed, m_profile.reconnect);
}

void RoomConnection::setState(State state, const QString &reason)
{
    if (state == m_state && reason == m_reason)
        return;
    m_state = state;
    m_reason = reason;
    qCInfo(lcRoom) << m_room << state << reason;
    Q_EMIT stateChanged(state, reason);
}

qint64 RoomConnection::msUntilReconnect() const
{
    if (m_state == State::Reconnecting && m_waitingForToken && m_auth && m_auth->isOffline())
        return m_auth->msUntilRefresh(); // the session's next refresh is this room's next attempt
    return m_state == State::Reconnecting && m_reconnectTimer.isActive() ? m_reconnectTimer.remainingTime()
                                                                         : -1;
}

void RoomConnection::dropSocket()
{
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_handshakeTimer.stop();
    m_historyQuietTimer.stop();
    m_reconcileTimer.stop();
    if (!m_socket)
        return;
    RoomLink *socket = m_socket;
    m_socket.clear();
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void RoomConnection::open()
{
    m_closing = false;
    m_refusals = 0;
    m_handshake500s = 0;
    m_badFrameCloses = 0;
    m_policy.reset();
    connectNow();
}

void RoomConnection::open(const QByteArray &accessToken)
{
    setAuth(nullptr);
    m_token = accessToken;
    open();
}

void RoomConnection::reconnectNow()
{
    if (m_state == State::Reconnecting && !m_waitingForToken)
        connectNow();
}

void RoomConnection::connectNow()
{
    m_reconnectTimer.stop();
    m_waitingForToken = false;
    if (m_closing)
        return;
    if (m_auth) {
        const bool refusedAgain = !m_refusedToken.isEmpty() && m_auth->accessToken() == m_refusedToken;
        if (!m_auth->isSignedIn()) {
            if (m_auth->hasSession())
                return waitForSession();
            setState(State::AuthRequired, tr("not signed in"));
            return;
        }
        if (refusedAgain || m_auth->isAccessTokenStale() || m_auth->isRefreshing()) {
            // Before any reconnect: a token that was refused or has outlived its lifetime
            // (measured locally) is refreshed first; the refresh is shared by all rooms.
            m_waitingForToken = true;
            setState(State::Reconnecting, refusedAgain
                                              ? tr("%1; getting a fresh access token").arg(m_refusal)
                                              : tr("the access token has expired; getting a fresh one"));
            m_auth->refresh();
            return;
        }
        m_token = m_auth->accessToken();
    }
    startSocket(m_token);
}

QString RoomConnection::where() const
{
    // Never with a query token: the URLs here are built without one.
    if (m_profile.protocol == ServerProtocol::SocketIo)
        return tr("%1 (Socket.IO, room %2)")
            .arg(m_profile.engineIoUrl(m_endpoint).toDisplayString(QUrl::RemoveQuery), m_room);
    return m_profile.roomUrl(m_room, nullptr, m_endpoint).toDisplayString();
}

void RoomConnection::waitForSession()
{
    // A saved session on its way (the keychain, the refresh) or offline: the room opens when
    // the session has a token (ChatClient opens its rooms then), without asking for a password.
    m_waitingForToken = true;
    if (m_auth->isOffline())
        setState(State::Reconnecting, tr("offline: %1").arg(m_auth->offlineReason()));
    else
        setState(State::Connecting, tr("signing in"));
}

void RoomConnection::onRefreshFailed()
{
    // Offline, not refused (a refusal ends the session: ChatClient closes the rooms). A room
    // waiting for the token says so, counting down to the next try (msUntilReconnect()).
    if (m_waitingForToken && m_auth && m_auth->isOffline())
        setState(State::Reconnecting, tr("offline: %1").arg(m_auth->offlineReason()));
}

void RoomConnection::onTokenRefreshed()
{
    if (std::exchange(m_waitingForToken, false))
        connectNow();
    else if (m_state == State::Open && m_profile.makeBeforeBreak &&
             m_profile.protocol == ServerProtocol::Channels) // Socket.IO checks a token at CONNECT only
        startHandover(); // the socket's token expires soon: replace the socket before the server does
}

void RoomConnection::startSocket(const QByteArray &token)
{
    dropSpareSockets(); // a new connection starts from nothing; what was in flight is reconciled
    dropSocket();
    m_lastCode = 0;
    m_closeFrameSeen = false;
    m_tlsProblem.clear();
    QString problem;
    RoomLink *socket = openSocket(token, &problem);
    if (!socket) {
        setState(State::Failed, problem);
        return;
    }
    m_socket = socket;
    setState(m_state == State::Reconnecting ? State::Reconnecting : State::Connecting,
             tr("connecting to %1").arg(where()));
    m_handshakeTimer.start(m_profile.handshakeTimeoutMs);
}

RoomLink *RoomConnection::openSocket(const QByteArray &token, QString *problem)
{
    if (!Jwt::decode(token).isValid()) {
        *problem = tr("The access token cannot be sent to the server: it is not a well-formed JWT.");
        return nullptr;
    }
    RoomLink *socket = m_linkFactory
                           ? m_linkFactory(m_room, token, m_endpoint, problem, this)
                           : ChannelsLink::create(m_room, m_profile, token, m_endpoint, problem, this);
    if (!socket)
        return nullptr;
    connect(socket, &RoomLink::certificateRefused, this, [this, socket](const QString &description) {
        if (socket == m_socket)
            m_tlsProblem = description;
    });
    connect(socket, &RoomLink::opened, this, [this, socket] { onConnected(socket); });
    connect(socket, &RoomLink::closed, this, [this, socket] { onDisconnected(socket); });
    connect(socket, &RoomLink::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError error) { onSocketError(socket, error); });
    connect(socket, &RoomLink::frameReceived, this, [this, socket](const IncomingFrame &frame) {
        if (socket == m_socket && m_historyQuietTimer.isActive())
            m_historyQuietTimer.start(); // the history is still arriving
        onFrame(frame);
    });
    connect(socket, &RoomLink::binaryFrameIgnored, this,
            [this](qint64 bytes) { rejectFrame(tr("a binary frame of %1 bytes was ignored").arg(bytes)); });
    connect(socket, &RoomLink::closeFrameArrived, this, [this, socket] {
        if (socket == m_socket)
            m_closeFrameSeen = true;
    });
    connect(socket, &RoomLink::pongReceived, this, [this, socket] {
        if (socket == m_socket)
            m_pongTimer.stop();
    });
    connect(socket, &RoomLink::messageAccepted, this,
            [this](const QString &clientId, const QString &serverId) {
                const OutboxEntry *entry = m_outbox.find(clientId);
                if (!entry)
                    return; // its echo came first
                // As if the server had echoed it: settled, shown once, and a later echo is a duplicate.
                IncomingFrame frame;
                frame.kind = IncomingFrame::Kind::Message;
                frame.message.text = entry->text;
                frame.message.user = ownUser();
                frame.message.id = serverId;
                frame.message.clientId = clientId;
                onFrame(frame);
            });
    connect(socket, &RoomLink::messageRefused, this, [this](const QString &clientId, const QString &reason) {
        if (!m_outbox.find(clientId))
            return;
        m_outbox.markFailed(clientId, reason);
        reviewSavingSoon();
        Q_EMIT messageFailed(clientId, reason);
    });
    socket->open();
    return socket;
}

void RoomConnection::close()
{
    m_closing = true;
    m_waitingForToken = false;
    m_reconnectTimer.stop();
    dropSpareSockets();
    if (m_socket && m_socket->isOpen()) {
        m_pingTimer.stop();
        m_pongTimer.stop();
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, tr("leaving the room"));
        return; // onDisconnected() finishes
    }
    dropSocket();
    setState(State::Disconnected, tr("left the room"));
}

void RoomConnection::onConnected(RoomLink *socket)
{
    if (socket == m_nextSocket)
        return promoteHandover();
    if (socket != m_socket)
        return;
    m_handshakeTimer.stop();
    m_policy.connectionOpened(now());
    m_refusals = 0;
    m_handshake500s = 0;
    m_refusedToken.clear();
    if (m_profile.pingIntervalMs > 0)
        m_pingTimer.start(m_profile.pingIntervalMs);
    ++m_connections;
    if (std::exchange(m_afterRefusal, false))
        ++m_tokenReconnects;
    setState(State::Open, tr("connected"));
    onOpened();
}

void RoomConnection::onPingDue()
{
    if (!m_socket || m_pongTimer.isActive())
        return;
    m_socket->ping();
    m_pongTimer.start(m_profile.pongTimeoutMs);
}

void RoomConnection::onDisconnected(RoomLink *socket)
{
    if (socket == m_retiringSocket)
        return finishRetiring(); // the server closed it (its token expired): nothing more comes on it
    if (socket == m_nextSocket)
        return abandonHandover(tr("the replacement connection closed before it opened"));
    if (socket != m_socket)
        return;
    // A replacement still opening was made with a token the server may refuse as well; the
    // reconnect that follows reconciles whatever was sent on either socket.
    dropSpareSockets();
    const int code = socket->closeCode();
    const QString serverReason = socket->closeReason();
    const bool closeFrame = m_closeFrameSeen;
    dropSocket();
    if (m_closing) {
        setState(State::Disconnected, tr("left the room"));
        return;
    }
    m_policy.connectionClosed(now());
    m_lastCode = closeFrame ? code : 1006;
    if (closeFrame && isClosedByQtForBadFrame(code, serverReason)) {
        rejectFrame(serverReason);
        // A server that sends such a frame in every join's history would have us reconnect forever.
        if (++m_badFrameCloses >= MaxBadFrameCloses) {
            setState(State::Failed, tr("the server sends a frame this client cannot take (%1: %2) on every "
                                       "join, %3 times in a row; the room stopped instead of reconnecting "
                                       "forever")
                                        .arg(code)
                                        .arg(serverReason)
                                        .arg(m_badFrameCloses));
            return;
        }
        handle(ClosePolicy::onDropped(
            tr("the server sent a frame this client cannot take, so it closed with %1 (%2)")
                .arg(code)
                .arg(serverReason)));
        return;
    }
    m_badFrameCloses = 0;
    if (!closeFrame)
        ++m_endpoint; // that server is gone: the next attempt tries the next one, if any
    handle(closeFrame ? ClosePolicy::onCloseFrame(code, serverReason)
                      : ClosePolicy::onDropped(tr("the connection dropped without a close frame (1006)")));
}

void RoomConnection::onSocketError(RoomLink *socket, QAbstractSocket::SocketError error)
{
    if (socket == m_nextSocket && !socket->isOpen())
        return abandonHandover(socket->errorString());
    if (socket != m_socket || m_state == State::Open)
        return; // an open connection that breaks ends in onDisconnected()
    const QString text = m_socket->errorString();
    const int status = m_socket->handshakeStatus();
    dropSocket();
    m_policy.connectionClosed(now());
    if (status != 0) {
        m_lastCode = status;
        // daphne answers a path it does not route with 500, not 404: a 500 that keeps coming is
        // not going to pass, so after a few the room stops with a reason instead of retrying
        // forever. (502-504 are gateways and restarts: those keep retrying.)
        if (status == 500 && ++m_handshake500s >= MaxHandshake500s) {
            setState(State::Failed,
                     tr("the server failed the handshake %1 times (HTTP 500); is this room path "
                        "right for this server?")
                         .arg(m_handshake500s));
            return;
        }
        handle(ClosePolicy::onHandshakeRefused(status));
        return;
    }
    if (error == QAbstractSocket::SslHandshakeFailedError || !m_tlsProblem.isEmpty()) {
        // Fail closed and stay closed: retrying will not make the certificate trustworthy.
        setState(State::Failed, tr("the server's certificate is not trusted: %1")
                                    .arg(m_tlsProblem.isEmpty() ? text : m_tlsProblem));
        return;
    }
    qCInfo(lcRoom) << m_room << "socket error" << error << text;
    m_lastCode = 1006;
    ++m_endpoint;
    handle(ClosePolicy::onDropped(tr("could not connect: %1").arg(text)));
}

void RoomConnection::handle(const CloseDecision &decision)
{
    switch (decision.action) {
    case Action::Fail:
        setState(State::Failed, decision.reason);
        return;
    case Action::FailMessageThenReconnect:
        if (!m_lastSentClientId.isEmpty() && m_outbox.find(m_lastSentClientId)) {
            m_outbox.markFailed(m_lastSentClientId, decision.reason);
            reviewSavingSoon();
            Q_EMIT messageFailed(m_lastSentClientId, decision.reason);
        }
        scheduleReconnect(decision.tryAgainLater ? m_profile.reconnect.tryAgainLaterMs : 0, decision.reason);
        return;
    case Action::Reconnect:
        scheduleReconnect(decision.tryAgainLater ? m_profile.reconnect.tryAgainLaterMs : 0, decision.reason);
        return;
    case Action::ReconnectWithNewToken:
        // Never a loop: with the newer token the next end of the session fails the room.
        if (m_auth && m_auth->isSignedIn() &&
            (m_auth->accessToken() != m_token || m_auth->isAccessTokenStale() || m_auth->isRefreshing())) {
            ++m_reconnects;
            setState(State::Reconnecting,
                     tr("%1; reconnecting with a fresh access token").arg(decision.reason));
            connectNow();
        } else {
            setState(State::Failed, decision.reason);
        }
        return;
    case Action::RefreshThenReconnect:
        break;
    }
    Q_EMIT tokenRefused();
    m_afterRefusal = true;
    if (!m_auth) {
        setState(State::AuthRequired, decision.reason);
        return;
    }
    m_refusedToken = m_token;
    m_refusal = decision.reason;
    ++m_refusals;
    if (m_refusals > 3) { // the first refusal, then three fresh tokens refused
        setState(State::AuthRequired, tr("%1; a fresh token was refused 3 times").arg(decision.reason));
        return;
    }
    if (m_refusals == 1)
        connectNow(); // refresh (shared) and reconnect at once
    else
        scheduleReconnect(0, decision.reason); // a fresh token refused again: back off
}

void RoomConnection::scheduleReconnect(qint64 floorMs, const QString &reason)
{
    const qint64 delay = m_policy.nextDelayMs(floorMs);
    ++m_reconnects;
    m_reconnectTimer.start(std::chrono::milliseconds(delay));
    setState(State::Reconnecting,
             tr("%1; retrying in %2 s").arg(reason).arg(QString::number(delay / 1000.0, 'f', 1)));
}
