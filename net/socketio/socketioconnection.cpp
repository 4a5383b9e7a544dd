#include "socketioconnection.h"

#include "logging.h"
#include "socketio/jsontext.h"
#include "socketio/socketiopacket.h"
#include "tlspolicy.h"

#include <QJsonObject>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 MaxIncomingMessageSize = EngineIo::MaxPayloadBytes;
constexpr int LoggedCharacters = 500;
constexpr int HeartbeatsPerLogLine = 20;

// Qt 6.4 reports a refused handshake only as text: "... Unhandled http status code: 401 (...)".
int httpStatusFromError(const QString &errorString)
{
    static const QRegularExpression pattern(u"status code: (\\d{3})"_s);
    const auto match = pattern.match(errorString);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

// "/admin?token=..." (an EIO 3 CONNECT) is the namespace "/admin".
QString pathOf(const QString &nameSpace)
{
    const qsizetype query = nameSpace.indexOf(u'?');
    const QString path = query < 0 ? nameSpace : nameSpace.left(query);
    return path.isEmpty() ? u"/"_s : path;
}

QString shortened(const QString &text)
{
    return text.size() <= LoggedCharacters
               ? text
               : text.left(LoggedCharacters) + u"... (%1 characters)"_s.arg(text.size());
}

// A Socket.IO packet as a protocol log line: "42 /lobby #3 message {...}". Never called for our
// CONNECT, whose payload is the token.
QString describe(const SocketIo::Packet &packet)
{
    QString line = u"4%1"_s.arg(int(packet.type));
    if (packet.nameSpace != "/"_L1)
        line += u' ' + packet.nameSpace;
    if (packet.ackId)
        line += u" #%1"_s.arg(*packet.ackId);
    if (packet.type == SocketIo::Type::Event) {
        line += u' ' + packet.eventName();
        for (const QJsonValue &arg : packet.eventArgs())
            line += u' ' + SocketIoJson::toText(arg);
    } else if (!packet.data.isUndefined()) {
        line += u' ' + SocketIoJson::toText(packet.data);
    }
    return shortened(line);
}
} // namespace

SocketIoConnection::SocketIoConnection(const ServerProfile &profile, const QByteArray &token, int endpoint,
                                       QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_token(token)
    , m_endpoint(endpoint)
    , m_version(profile.socketIo.engineIoVersion == 3 ? EngineIo::Version::Eio3 : EngineIo::Version::Eio4)
{
    for (QTimer *timer : {&m_handshakeTimer, &m_watchdog, &m_pongTimer})
        timer->setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        finish({End::Kind::Dropped, 0, QAbstractSocket::SocketTimeoutError,
                tr("the Socket.IO server did not open a session in time")});
    });
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        finish(
            {End::Kind::Dropped, 0, QAbstractSocket::SocketTimeoutError,
             tr("the server sent no ping for %1 ms (ping timeout)").arg(m_pingIntervalMs + m_pingTimeoutMs)});
    });
    connect(&m_pongTimer, &QTimer::timeout, this, [this] {
        finish({End::Kind::Dropped, 0, QAbstractSocket::SocketTimeoutError,
                tr("the server did not answer a ping within %1 ms (ping timeout)").arg(m_pingTimeoutMs)});
    });
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        if (m_pongTimer.isActive())
            return;
        sendFrame(EngineIo::encodePing(), u"-"_s);
        m_pongTimer.start(m_pingTimeoutMs);
    });
}

SocketIoConnection::~SocketIoConnection() = default;

void SocketIoConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void SocketIoConnection::open()
{
    if (m_state != State::Idle)
        return;
    const QUrl engineUrl = m_profile.engineIoUrl(m_endpoint);
    QUrl url = engineUrl;
    QNetworkRequest request;
    const bool eio3 = m_version == EngineIo::Version::Eio3;
    switch (m_profile.transport) {
    case TokenTransport::Header:
        request.setRawHeader("Authorization", "Bearer " + m_token);
        break;
    case TokenTransport::AuthPayload:
        if (!eio3)
            break; // in every CONNECT; EIO 3 joins "/" without one, so the query it is
        [[fallthrough]];
    case TokenTransport::Query:
    default: {
        QUrlQuery query(url);
        query.addQueryItem(u"token"_s, QString::fromLatin1(m_token));
        url.setQuery(query);
        break;
    }
    }
    request.setUrl(url);
    qCInfo(lcNet) << "Socket.IO: opening" << engineUrl.toDisplayString() << "token in the"
                  << (m_profile.transport == TokenTransport::Header                 ? "header"
                      : m_profile.transport == TokenTransport::AuthPayload && !eio3 ? "CONNECT payload"
                                                                                    : "query")
                  << redactToken(m_token);

    m_socket = new QWebSocket(m_profile.originHeader(), QWebSocketProtocol::VersionLatest, this);
    // Qt 6.4's message limit does not bound a single frame: both, or one huge frame is held whole.
    m_socket->setMaxAllowedIncomingMessageSize(MaxIncomingMessageSize);
    m_socket->setMaxAllowedIncomingFrameSize(MaxIncomingMessageSize);
    if (url.scheme() == "wss"_L1)
        m_socket->setSslConfiguration(TlsPolicy::configurationFor(m_profile));
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        const QList<QSslError> excused = TlsPolicy::pinnedExceptions(m_profile, errors);
        if (!excused.isEmpty())
            m_socket->ignoreSslErrors(excused); // exactly these, for the pinned certificate
        else
            m_tlsProblem = TlsPolicy::describe(errors);
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &SocketIoConnection::onTextFrame);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &frame) {
        const EngineIo::ParseResult parsed = EngineIo::parseBinary(frame, m_version);
        qCDebug(lcProtocol).noquote()
            << "Socket.IO < binary frame of" << frame.size() << "bytes ignored:" << parsed.error;
        Q_EMIT binaryFrameIgnored(frame.size(), parsed.error);
    });
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &SocketIoConnection::onSocketError);
    connect(m_socket, &QWebSocket::disconnected, this, &SocketIoConnection::onDisconnected);
    setState(State::Connecting);
    m_handshakeTimer.start(m_profile.handshakeTimeoutMs);
    m_socket->open(request);
}

void SocketIoConnection::onTextFrame(const QString &frame)
{
    const EngineIo::ParseResult parsed = EngineIo::parseText(frame);
    if (!parsed.ok()) {
        qCWarning(lcProtocol).noquote() << "Socket.IO < an unusable frame ignored:" << parsed.error;
        return;
    }
    const EngineIo::Packet &packet = parsed.packet;
    switch (packet.type) {
    case EngineIo::Type::Open:
        qCDebug(lcProtocol).noquote() << "Socket.IO <" << shortened(frame);
        return onEngineOpen(packet.payload());
    case EngineIo::Type::Ping:
    case EngineIo::Type::Pong:
        if (const std::optional<QString> reply = EngineIo::heartbeatReply(packet, m_version))
            sendFrame(*reply, u"-"_s); // summarised below: a heartbeat is not worth a line each
        if (++m_heartbeats % HeartbeatsPerLogLine == 1)
            qCDebug(lcProtocol).noquote() << "Socket.IO <> heartbeat" << m_heartbeats
                                          << "(2 ping / 3 pong, one line per" << HeartbeatsPerLogLine << ")";
        if (packet.type == EngineIo::Type::Ping && m_version == EngineIo::Version::Eio4)
            restartWatchdog();
        if (packet.type == EngineIo::Type::Pong)
            m_pongTimer.stop();
        return;
    case EngineIo::Type::Message:
        return onSocketIoPacket(packet.payload().toString());
    case EngineIo::Type::Close:
        qCDebug(lcProtocol).noquote() << "Socket.IO < 1 (close)";
        return finish({End::Kind::Dropped, 0, QAbstractSocket::RemoteHostClosedError,
                       tr("the server closed the Engine.IO session")});
    case EngineIo::Type::Upgrade:
    case EngineIo::Type::Noop:
        return;
    }
}

void SocketIoConnection::onEngineOpen(QStringView payload)
{
    if (m_state != State::Connecting || !m_sid.isEmpty())
        return; // a second open packet means nothing on a WebSocket session
    const EngineIo::OpenResult result = EngineIo::parseOpen(payload);
    if (!result.info) {
        finish({End::Kind::Dropped, 0, QAbstractSocket::UnknownSocketError,
                tr("the server's Engine.IO handshake is unusable: %1").arg(result.error)});
        return;
    }
    for (const QString &note : result.info->notes)
        qCInfo(lcNet).noquote() << "Socket.IO:" << note;
    m_handshakeTimer.stop();
    m_sid = result.info->sid;
    m_pingIntervalMs = result.info->pingIntervalMs;
    m_pingTimeoutMs = result.info->pingTimeoutMs;
    m_maxPayload = result.info->maxPayload;
    if (EngineIo::clientSendsPings(m_version)) {
        m_pingTimer.start(m_pingIntervalMs);
        // A v4 server puts every EIO 3 client in "/" by itself, with the handshake's token.
        m_namespaces.insert(u"/"_s, Namespace{Namespace::State::Connecting, m_token, {}});
    } else {
        restartWatchdog();
    }
    setState(State::Open);
    const QStringList queued = std::exchange(m_queuedConnects, {});
    for (const QString &nameSpace : queued) {
        const auto it = m_namespaces.constFind(nameSpace);
        const bool joinedByServer = EngineIo::clientSendsPings(m_version) && nameSpace == "/"_L1;
        if (it != m_namespaces.cend() && it->sid.isEmpty() && !joinedByServer)
            sendConnect(nameSpace, it->token);
    }
}

void SocketIoConnection::restartWatchdog()
{
    m_watchdog.start(m_pingIntervalMs + m_pingTimeoutMs);
}

void SocketIoConnection::onSocketIoPacket(const QString &payload)
{
    // The common message event, without QJsonDocument; with the protocol log on, every packet goes
    // the full way below, which describes it.
    if (!lcProtocol().isDebugEnabled()) {
        if (std::optional<SocketIo::MessageEvent> event = SocketIo::readMessageEvent(payload)) {
            const QString nameSpace = pathOf(event->nameSpace);
            if (m_namespaces.contains(nameSpace))
                Q_EMIT messageEventReceived(nameSpace, *event);
            return;
        }
    }
    const SocketIo::ParseResult parsed = SocketIo::parse(payload);
    if (parsed.status == SocketIo::ParseResult::Status::BinaryUnsupported) {
        qCDebug(lcProtocol).noquote() << "Socket.IO < a binary packet ignored:" << parsed.error;
        Q_EMIT binaryFrameIgnored(payload.size(), parsed.error);
        return;
    }
    if (!parsed.ok()) {
        qCWarning(lcProtocol).noquote() << "Socket.IO < an unusable packet ignored:" << parsed.error;
        return;
    }
    const SocketIo::Packet &packet = parsed.packet;
    qCDebug(lcProtocol).noquote() << "Socket.IO <" << describe(packet);
    const QString nameSpace = pathOf(packet.nameSpace);
    switch (packet.type) {
    case SocketIo::Type::Connect: {
        auto it = m_namespaces.find(nameSpace);
        if (it == m_namespaces.end()) {
            // The answer to a CONNECT no room wants any more: leave now that the server has it.
            sendFrame(EngineIo::encodeMessage(SocketIo::encodeDisconnect(nameSpace)));
            return;
        }
        it->state = Namespace::State::Open;
        it->sid = packet.data.toObject().value("sid"_L1).toString();
        Q_EMIT namespaceConnected(nameSpace);
        return;
    }
    case SocketIo::Type::ConnectError: {
        if (!m_namespaces.remove(nameSpace))
            return;
        const QString message = packet.connectErrorMessage();
        Q_EMIT namespaceRefused(nameSpace, message, isAuthRefusal(message, packet.data));
        return;
    }
    case SocketIo::Type::Disconnect:
        if (m_namespaces.remove(nameSpace))
            Q_EMIT namespaceDisconnected(nameSpace);
        return;
    case SocketIo::Type::Event:
        if (!m_namespaces.contains(nameSpace))
            return;
        Q_EMIT eventReceived(nameSpace, packet.eventName(), packet.eventArgs(), payload);
        return;
    case SocketIo::Type::Ack: {
        const auto it = m_acks.find(*packet.ackId);
        if (it == m_acks.end()) {
            qCInfo(lcProtocol) << "Socket.IO: an ack for id" << *packet.ackId
                               << "that is not waited for, ignored";
            return;
        }
        const PendingAck pending = m_acks.take(*packet.ackId);
        if (!pending.hasContext || pending.context)
            pending.handler(packet.eventArgs());
        return;
    }
    case SocketIo::Type::BinaryEvent:
    case SocketIo::Type::BinaryAck:
        return; // parse() reports these as BinaryUnsupported
    }
}

bool SocketIoConnection::isAuthRefusal(const QString &message, const QJsonValue &data)
{
    static const QStringList words = {u"token"_s,        u"jwt"_s,         u"unauthorized"_s,
                                      u"unauthorised"_s, u"authenticat"_s, u"credentials"_s};
    static const QStringList codes = {u"invalid_token"_s, u"token_expired"_s, u"credentials_required"_s};
    const QString lower = message.toLower();
    if (std::any_of(words.cbegin(), words.cend(), [&](const QString &word) { return lower.contains(word); }))
        return true;
    const QJsonObject object = data.toObject();
    const QJsonObject inner = object.value("data"_L1).toObject();
    for (const QJsonObject &fields : {object, inner}) {
        if (codes.contains(fields.value("code"_L1).toString()) ||
            fields.value("type"_L1).toString() == "UnauthorizedError"_L1)
            return true;
    }
    return false;
}

void SocketIoConnection::connectNamespace(const QString &nameSpace, const QByteArray &token)
{
    if (m_state == State::Ended)
        return;
    const auto it = m_namespaces.find(nameSpace);
    if (it != m_namespaces.end()) {
        // Open, or its answer is on the way. A newer token does not need a new session: the server
        // checks the token at CONNECT only, and a CONNECT on a connected namespace makes a socket.io
        // 4 server close the whole connection ("invalid state"). The newer one is kept for the
        // namespace's next CONNECT (after a refusal or the server's DISCONNECT).
        if (it->token != token)
            qCInfo(lcNet).noquote() << "Socket.IO:" << nameSpace << "keeps its session; a newer token"
                                    << redactToken(token) << "is kept for its next CONNECT";
        it->token = token;
        return;
    }
    m_namespaces.insert(nameSpace, Namespace{Namespace::State::Connecting, token, {}});
    if (m_state == State::Open)
        sendConnect(nameSpace, token);
    else if (!m_queuedConnects.contains(nameSpace))
        m_queuedConnects.append(nameSpace);
}

void SocketIoConnection::reconnectNamespace(const QString &nameSpace, const QByteArray &token)
{
    const auto it = m_namespaces.constFind(nameSpace);
    if (m_state != State::Open || it == m_namespaces.cend() || it->state != Namespace::State::Open)
        return connectNamespace(nameSpace, token);
    // Leave first, or the server keeps the old session in its rooms. A socket.io 4 server handles
    // our DISCONNECT on its next tick but a CONNECT in the same read at once, and closes the
    // connection if the namespace is still there: so the CONNECT goes in a later packet.
    sendFrame(EngineIo::encodeMessage(SocketIo::encodeDisconnect(nameSpace)));
    m_namespaces.insert(nameSpace, Namespace{Namespace::State::Connecting, token, {}});
    Q_EMIT namespaceLeft(nameSpace);
    QTimer::singleShot(ReconnectGapMs, this, [this, nameSpace, token] {
        const auto entry = m_namespaces.constFind(nameSpace);
        if (m_state == State::Open && entry != m_namespaces.cend() && entry->token == token &&
            entry->sid.isEmpty())
            sendConnect(nameSpace, token);
    });
}

void SocketIoConnection::sendConnect(const QString &nameSpace, const QByteArray &token)
{
    QString packet;
    if (m_version == EngineIo::Version::Eio3) {
        // v4 servers read an EIO 3 client's auth from the namespace's query; the handshake's
        // token covers a namespace that needs no other.
        const bool needsToken = token != m_token || m_profile.transport == TokenTransport::AuthPayload;
        packet = SocketIo::encodeConnect(needsToken ? nameSpace + u"?token="_s + QString::fromLatin1(token)
                                                    : nameSpace);
    } else {
        const bool inPayload = m_profile.transport == TokenTransport::AuthPayload || token != m_token;
        packet = SocketIo::encodeConnect(nameSpace, inPayload ? std::optional<QJsonObject>(QJsonObject{
                                                                    {"token"_L1, QString::fromLatin1(token)}})
                                                              : std::nullopt);
    }
    sendFrame(EngineIo::encodeMessage(packet),
              u"40 %1 (CONNECT, %2)"_s.arg(nameSpace, token == m_token && m_profile.transport !=
                                                                              TokenTransport::AuthPayload
                                                          ? u"the handshake's token"_s
                                                          : redactToken(token)));
}

void SocketIoConnection::disconnectNamespace(const QString &nameSpace)
{
    m_queuedConnects.removeAll(nameSpace);
    const auto it = m_namespaces.constFind(nameSpace);
    if (it == m_namespaces.cend())
        return;
    // A packet for a namespace the server has not connected yet makes it close the whole
    // connection: one still connecting is left when its answer comes (onSocketIoPacket()).
    const bool open = it->state == Namespace::State::Open;
    m_namespaces.erase(it);
    if (open && m_state == State::Open)
        sendFrame(EngineIo::encodeMessage(SocketIo::encodeDisconnect(nameSpace)));
}

bool SocketIoConnection::removeMember(const QString &nameSpace, const QString &room)
{
    const QString key = nameSpace + u'\n' + room;
    const auto it = m_members.find(key);
    if (it == m_members.end())
        return false;
    if (--*it > 0)
        return false;
    m_members.erase(it);
    return true;
}

bool SocketIoConnection::isNamespaceOpen(const QString &nameSpace) const
{
    const auto it = m_namespaces.constFind(nameSpace);
    return m_state == State::Open && it != m_namespaces.cend() && it->state == Namespace::State::Open;
}

QString SocketIoConnection::namespaceSid(const QString &nameSpace) const
{
    return m_namespaces.value(nameSpace).sid;
}

bool SocketIoConnection::emitEvent(const QString &nameSpace, const QString &name, const QJsonArray &args,
                                   QObject *context, AckHandler handler)
{
    const std::optional<qint64> ackId = handler ? std::optional(m_nextAckId) : std::nullopt;
    const QString frame = EngineIo::encodeMessage(SocketIo::encodeEvent(nameSpace, ackId, name, args));
    // UTF-8 takes at most three bytes per UTF-16 unit: measure only when it could matter.
    if (frame.size() * 3 > m_maxPayload && frame.toUtf8().size() > m_maxPayload) {
        qCInfo(lcNet).noquote() << "Socket.IO: the event" << name << "was not sent: it is larger than the"
                                << m_maxPayload << "bytes the server accepts";
        return false;
    }
    if (handler) {
        ++m_nextAckId;
        m_acks.insert(*ackId, PendingAck{context, context != nullptr, handler});
        QTimer::singleShot(m_profile.socketIo.ackTimeoutMs, this, [this, id = *ackId] {
            const auto it = m_acks.find(id);
            if (it == m_acks.end())
                return;
            const PendingAck pending = m_acks.take(id);
            qCInfo(lcNet) << "Socket.IO: no ack for id" << id << "within" << m_profile.socketIo.ackTimeoutMs
                          << "ms";
            if (!pending.hasContext || pending.context)
                pending.handler(std::nullopt);
        });
    }
    if (m_state != State::Open) {
        qCInfo(lcNet).noquote() << "Socket.IO: the event" << name
                                << "was not sent: the connection is not open";
        return true; // the deadline answers the handler
    }
    sendFrame(frame);
    return true;
}

void SocketIoConnection::sendFrame(const QString &frame, const QString &logText)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (logText == "-"_L1) {
        // summarised by the caller
    } else if (!logText.isEmpty()) {
        qCDebug(lcProtocol).noquote() << "Socket.IO >" << logText;
    } else if (frame.startsWith(u'4')) {
        const SocketIo::ParseResult parsed = SocketIo::parse(QStringView(frame).sliced(1));
        qCDebug(lcProtocol).noquote()
            << "Socket.IO >" << (parsed.ok() ? describe(parsed.packet) : shortened(frame));
    }
    m_socket->sendTextMessage(frame);
}

void SocketIoConnection::onSocketError(QAbstractSocket::SocketError error)
{
    if (m_state != State::Connecting || !m_sid.isEmpty())
        return; // a session that breaks ends in onDisconnected()
    const QString text = m_socket->errorString();
    if (const int status = httpStatusFromError(text); status != 0)
        return finish({End::Kind::HandshakeRefused, status, error, text});
    if (error == QAbstractSocket::SslHandshakeFailedError || !m_tlsProblem.isEmpty())
        return finish(
            {End::Kind::CertificateRefused, 0, error, m_tlsProblem.isEmpty() ? text : m_tlsProblem});
    finish({End::Kind::Dropped, 0, error, text}); // the room says "could not connect: <text>"
}

void SocketIoConnection::onDisconnected()
{
    if (m_state == State::Ended)
        return;
    if (m_state == State::Connecting && m_sid.isEmpty() &&
        m_socket->error() != QAbstractSocket::UnknownSocketError)
        return onSocketError(m_socket->error());
    finish({End::Kind::Dropped, 0, QAbstractSocket::RemoteHostClosedError,
            tr("the connection dropped without a close frame (1006)")});
}

void SocketIoConnection::close()
{
    if (m_state == State::Open) {
        for (auto it = m_namespaces.cbegin(); it != m_namespaces.cend(); ++it)
            sendFrame(EngineIo::encodeMessage(SocketIo::encodeDisconnect(it.key())));
        sendFrame(EngineIo::encodeClose(), u"1 (close)"_s);
    }
    finish({End::Kind::Closed, 0, QAbstractSocket::UnknownSocketError, tr("closed")});
}

void SocketIoConnection::abort()
{
    finish({End::Kind::Closed, 0, QAbstractSocket::UnknownSocketError, tr("closed")});
}

void SocketIoConnection::finish(End end)
{
    if (m_state == State::Ended)
        return;
    for (QTimer *timer : {&m_handshakeTimer, &m_watchdog, &m_pingTimer, &m_pongTimer})
        timer->stop();
    if (QWebSocket *socket = std::exchange(m_socket, nullptr)) {
        socket->disconnect(this);
        if (end.kind == End::Kind::Closed && socket->state() == QAbstractSocket::ConnectedState) {
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(5000, socket, &QObject::deleteLater);
            socket->close(QWebSocketProtocol::CloseCodeNormal);
        } else {
            socket->abort();
            socket->deleteLater();
        }
    }
    if (end.kind != End::Kind::Closed)
        qCInfo(lcNet).noquote() << "Socket.IO: the connection ended:" << end.why;
    m_end = std::move(end);
    m_namespaces.clear();
    m_queuedConnects.clear();
    m_acks.clear(); // the rooms hear ended() instead
    setState(State::Ended);
    Q_EMIT ended();
}
