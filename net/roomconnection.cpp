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
using Cause = RoomStatus::Cause;

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
            [this] { abandonHandover(u"the server did not answer the handshake in time"_s); });
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
        handle(ClosePolicy::onDropped(Cause::ServerQuiet));
    });
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        dropSocket();
        handle(ClosePolicy::onDropped(Cause::HandshakeTimeout));
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

void RoomConnection::setStatus(State state, RoomStatus status)
{
    status.state = state;
    if (status == m_status)
        return;
    m_status = std::move(status);
    const QString description = m_status.description();
    qCInfo(lcRoom) << m_room << state << description;
    Q_EMIT statusChanged(m_status);
    Q_EMIT stateChanged(state, description);
}

void RoomConnection::setSessionOffline(const QDateTime &nextRefreshTry, const QString &why)
{
    RoomStatus status{State::Reconnecting, Cause::SessionOffline};
    status.nextAttempt = nextRefreshTry;
    status.detail = why;
    setStatus(State::Reconnecting, status);
}

void RoomConnection::showSessionOffline()
{
    const qint64 ms = m_auth->msUntilRefresh();
    setSessionOffline(ms >= 0 ? wallNow().addMSecs(ms) : QDateTime(), m_auth->offlineReason());
}

QDateTime RoomConnection::wallNow() const
{
    return m_wallClock ? m_wallClock() : QDateTime::currentDateTimeUtc();
}

qint64 RoomConnection::msUntilReconnect() const
{
    if (m_status.state == State::Reconnecting && m_waitingForToken && m_auth && m_auth->isOffline())
        return m_auth->msUntilRefresh(); // the session's next refresh is this room's next attempt
    return m_status.state == State::Reconnecting && m_reconnectTimer.isActive()
               ? m_reconnectTimer.remainingTime()
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
    if (m_status.state == State::Reconnecting && !m_waitingForToken)
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
            setStatus(State::AuthRequired, Cause::NotSignedIn);
            return;
        }
        if (refusedAgain || m_auth->isAccessTokenStale() || m_auth->isRefreshing()) {
            // Before any reconnect: a token that was refused or has outlived its lifetime
            // (measured locally) is refreshed first; the refresh is shared by all rooms.
            m_waitingForToken = true;
            RoomStatus status =
                refusedAgain ? m_refusal : RoomStatus{State::Reconnecting, Cause::TokenExpired};
            status.awaitingToken = refusedAgain;
            setStatus(State::Reconnecting, status);
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
        return u"%1 (Socket.IO, room %2)"_s.arg(
            m_profile.engineIoUrl(m_endpoint).toDisplayString(QUrl::RemoveQuery), m_room);
    return m_profile.roomUrl(m_room, nullptr, m_endpoint).toDisplayString();
}

void RoomConnection::waitForSession()
{
    // A saved session on its way (the keychain, the refresh) or offline: the room opens when
    // the session has a token (ChatClient opens its rooms then), without asking for a password.
    m_waitingForToken = true;
    if (m_auth->isOffline())
        showSessionOffline();
    else
        setStatus(State::Connecting, Cause::SigningIn);
}

void RoomConnection::onRefreshFailed()
{
    // Offline, not refused (a refusal ends the session: ChatClient closes the rooms). A room
    // waiting for the token says so, counting down to the next try (msUntilReconnect()).
    if (m_waitingForToken && m_auth && m_auth->isOffline())
        showSessionOffline();
}

void RoomConnection::onTokenRefreshed()
{
    if (std::exchange(m_waitingForToken, false))
        connectNow();
    else if (m_status.state == State::Open && m_profile.makeBeforeBreak &&
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
        // A token that is not a JWT, or a profile that cannot reach this room (the link says why).
        RoomStatus status{State::Failed,
                          Jwt::decode(token).isValid() ? Cause::CannotOpen : Cause::MalformedToken};
        status.detail = problem;
        setStatus(State::Failed, status);
        return;
    }
    m_socket = socket;
    // While reconnecting, why it reconnects stays (without the time, which is now).
    RoomStatus status = m_status.state == State::Reconnecting ? m_status : RoomStatus{};
    status.nextAttempt = {};
    status.awaitingToken = false;
    status.address = where();
    setStatus(m_status.state == State::Reconnecting ? State::Reconnecting : State::Connecting, status);
    m_handshakeTimer.start(m_profile.handshakeTimeoutMs);
}

RoomLink *RoomConnection::openSocket(const QByteArray &token, QString *problem)
{
    if (!Jwt::decode(token).isValid()) {
        *problem = u"The access token cannot be sent to the server: it is not a well-formed JWT."_s;
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
    setStatus(State::Disconnected, Cause::Left);
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
    setStatus(State::Open, Cause::None);
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
    // Qt 6.4 reports a refused or unreachable address as a disconnect before any error: a socket
    // that never opened never reached the server.
    const QString unreachable = m_status.state == State::Open ? QString() : socket->errorString();
    dropSocket();
    if (m_closing) {
        setStatus(State::Disconnected, Cause::Left);
        return;
    }
    m_policy.connectionClosed(now());
    m_lastCode = closeFrame ? code : 1006;
    if (closeFrame && isClosedByQtForBadFrame(code, serverReason)) {
        rejectFrame(serverReason);
        // serverReason is Qt's own words here, not the server's.
        CloseDecision decision = ClosePolicy::onDropped(Cause::BadFrame, serverReason);
        decision.status.closeCode = code;
        decision.status.count = ++m_badFrameCloses;
        // A server that sends such a frame in every join's history would have us reconnect forever.
        if (m_badFrameCloses >= MaxBadFrameCloses) {
            setStatus(State::Failed, decision.status);
            return;
        }
        handle(decision);
        return;
    }
    m_badFrameCloses = 0;
    if (!closeFrame)
        ++m_endpoint; // that server is gone: the next attempt tries the next one, if any
    if (closeFrame)
        handle(ClosePolicy::onCloseFrame(code, serverReason));
    else if (!unreachable.isEmpty())
        handle(ClosePolicy::onDropped(Cause::NetworkUnreachable, unreachable));
    else
        handle(ClosePolicy::onDropped(Cause::ConnectionDropped));
}

void RoomConnection::onSocketError(RoomLink *socket, QAbstractSocket::SocketError error)
{
    if (socket == m_nextSocket && !socket->isOpen())
        return abandonHandover(socket->errorString());
    if (socket != m_socket || m_status.state == State::Open)
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
            RoomStatus failed{State::Failed, Cause::HandshakeRefused};
            failed.httpStatus = status;
            failed.count = m_handshake500s;
            setStatus(State::Failed, failed);
            return;
        }
        handle(ClosePolicy::onHandshakeRefused(status));
        return;
    }
    if (error == QAbstractSocket::SslHandshakeFailedError || !m_tlsProblem.isEmpty()) {
        // Fail closed and stay closed: retrying will not make the certificate trustworthy.
        RoomStatus failed{State::Failed, Cause::TlsRefused};
        failed.detail = m_tlsProblem.isEmpty() ? text : m_tlsProblem;
        setStatus(State::Failed, failed);
        return;
    }
    qCInfo(lcRoom) << m_room << "socket error" << error << text;
    m_lastCode = 1006;
    ++m_endpoint;
    handle(ClosePolicy::onDropped(Cause::NetworkUnreachable, text));
}

void RoomConnection::handle(const CloseDecision &decision)
{
    switch (decision.action) {
    case Action::Fail:
        setStatus(State::Failed, decision.status);
        return;
    case Action::FailMessageThenReconnect:
        if (!m_lastSentClientId.isEmpty() && m_outbox.find(m_lastSentClientId)) {
            m_outbox.markFailed(m_lastSentClientId, decision.reason());
            reviewSavingSoon();
            Q_EMIT messageFailed(m_lastSentClientId, decision.reason());
        }
        scheduleReconnect(decision.tryAgainLater ? m_profile.reconnect.tryAgainLaterMs : 0, decision.status);
        return;
    case Action::Reconnect:
        scheduleReconnect(decision.tryAgainLater ? m_profile.reconnect.tryAgainLaterMs : 0, decision.status);
        return;
    case Action::ReconnectWithNewToken:
        // Never a loop: with the newer token the next end of the session fails the room.
        if (m_auth && m_auth->isSignedIn() &&
            (m_auth->accessToken() != m_token || m_auth->isAccessTokenStale() || m_auth->isRefreshing())) {
            ++m_reconnects;
            RoomStatus status = decision.status;
            status.awaitingToken = true;
            setStatus(State::Reconnecting, status);
            connectNow();
        } else {
            setStatus(State::Failed, decision.status);
        }
        return;
    case Action::RefreshThenReconnect:
        break;
    }
    Q_EMIT tokenRefused();
    m_afterRefusal = true;
    if (!m_auth) {
        setStatus(State::AuthRequired, decision.status);
        return;
    }
    m_refusedToken = m_token;
    m_refusal = decision.status;
    m_refusal.count = ++m_refusals;
    if (m_refusals > 3) { // the first refusal, then three fresh tokens refused
        setStatus(State::AuthRequired, m_refusal);
        return;
    }
    if (m_refusals == 1)
        connectNow(); // refresh (shared) and reconnect at once
    else
        scheduleReconnect(0, m_refusal); // a fresh token refused again: back off
}

void RoomConnection::scheduleReconnect(qint64 floorMs, const RoomStatus &why)
{
    const qint64 delay = m_policy.nextDelayMs(floorMs);
    ++m_reconnects;
    m_reconnectTimer.start(std::chrono::milliseconds(delay));
    RoomStatus status = why;
    status.nextAttempt = wallNow().addMSecs(delay);
    status.awaitingToken = false;
    status.address.clear();
    setStatus(State::Reconnecting, status);
}
