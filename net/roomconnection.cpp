#include "roomconnection.h"

#include "jwt.h"
#include "logging.h"

#include <QNetworkRequest>
#include <QRegularExpression>
#include <QUuid>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

using namespace Qt::StringLiterals;

namespace {
// RFC 7230 token characters: all a subprotocol may hold. Checked before Qt sees the token,
// because Qt 6.4 prints a refused subprotocol in full in its own warning.
bool isHttpToken(const QByteArray &value)
{
    static const QByteArray specials = "!#$%&'*+-.^_`|~"_ba;
    for (const char c : value) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        specials.contains(c);
        if (!ok)
            return false;
    }
    return !value.isEmpty();
}

// Qt 6.4 reports a refused handshake only as text: "... Unhandled http status code: 403 (Forbidden)."
int httpStatusFromError(const QString &errorString)
{
    static const QRegularExpression pattern(u"status code: (\\d{3})"_s);
    const auto match = pattern.match(errorString);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}
} // namespace

RoomConnection::RoomConnection(const QString &room, const ServerProfile &profile, QObject *parent)
    : QObject(parent)
    , m_room(room)
    , m_profile(profile)
{}

RoomConnection::~RoomConnection()
{
    dropSocket();
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

void RoomConnection::dropSocket()
{
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket.clear();
    socket->disconnect(this);
    socket->abort(); // 6.4.2 leaves a refused handshake's socket open
    socket->deleteLater();
}

void RoomConnection::open(const QByteArray &accessToken)
{
    dropSocket();
    m_closing = false;
    m_lastCode = 0;
    QString problem;
    const QUrl baseUrl = m_profile.roomUrl(m_room, &problem);
    if (!baseUrl.isValid()) {
        setState(State::Failed, problem);
        return;
    }
    if (!isHttpToken(accessToken) || !Jwt::decode(accessToken).isValid()) {
        setState(State::Failed,
                 u"The access token cannot be sent to the server: it is not a well-formed JWT."_s);
        return;
    }

    QUrl url = baseUrl;
    QNetworkRequest request;
    QWebSocketHandshakeOptions options;
    switch (m_profile.transport) {
    case TokenTransport::Subprotocol:
        options.setSubprotocols({QString::fromLatin1(accessToken)});
        break;
    case TokenTransport::SubprotocolPair:
        options.setSubprotocols({m_profile.subprotocolName, QString::fromLatin1(accessToken)});
        break;
    case TokenTransport::Header:
        request.setRawHeader("Authorization", "Bearer " + accessToken);
        break;
    case TokenTransport::Query:
        url.setQuery(u"token="_s + QString::fromLatin1(accessToken));
        break;
    }
    request.setUrl(url);

    auto *socket = new QWebSocket(m_profile.origin(), QWebSocketProtocol::VersionLatest, this);
    socket->setMaxAllowedIncomingMessageSize(MaxIncomingMessageSize);
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, &RoomConnection::onConnected);
    connect(socket, &QWebSocket::disconnected, this, &RoomConnection::onDisconnected);
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &RoomConnection::onSocketError);
    connect(socket, &QWebSocket::textMessageReceived, this, &RoomConnection::onTextMessage);
    connect(socket, &QWebSocket::binaryMessageReceived, this,
            [this] { Q_EMIT frameRejected(u"a binary frame was ignored"_s); });

    setState(State::Connecting, u"connecting to %1"_s.arg(baseUrl.toDisplayString()));
    socket->open(request, options);
}

void RoomConnection::close()
{
    m_closing = true;
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, u"leaving the room"_s);
        return; // onDisconnected() finishes
    }
    dropSocket();
    setState(State::Disconnected, u"left the room"_s);
}

QString RoomConnection::send(const QString &text)
{
    const QString clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_outbox.append({clientId, text});
    if (m_state == State::Open && m_socket)
        sendFrame(WireCodec::encodeOutgoing(text, clientId));
    return clientId;
}

void RoomConnection::sendFrame(const QString &frame)
{
    qCDebug(lcProtocol).noquote() << m_room << ">>" << frame.left(500);
    m_socket->sendTextMessage(frame);
}

void RoomConnection::flushOutbox()
{
    // Unacknowledged messages go again with the same client id; the server's echo settles them.
    for (const Outgoing &message : std::as_const(m_outbox))
        sendFrame(WireCodec::encodeOutgoing(message.text, message.clientId));
}

void RoomConnection::onConnected()
{
    setState(State::Open, u"connected"_s);
    flushOutbox();
}

void RoomConnection::onDisconnected()
{
    QWebSocket *socket = m_socket;
    if (!socket)
        return;
    const int code = socket->closeCode();
    const QString serverReason = socket->closeReason();
    dropSocket();
    if (m_closing) {
        setState(State::Disconnected, u"left the room"_s);
        return;
    }
    if (m_state == State::AuthRequired || m_state == State::Failed)
        return; // the handshake error already said why
    m_lastCode = code;
    if (code == 4001) {
        setState(State::AuthRequired, u"the server refused the access token (close code 4001)"_s);
        Q_EMIT tokenRefused();
        return;
    }
    const QString detail = serverReason.isEmpty() ? QString() : u": "_s + serverReason;
    setState(State::Disconnected, u"the connection closed (code %1%2)"_s.arg(code).arg(detail));
}

void RoomConnection::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_socket)
        return;
    const QString text = m_socket->errorString();
    if (m_state != State::Connecting)
        return; // an open connection that breaks ends in onDisconnected()
    const int status = httpStatusFromError(text);
    dropSocket();
    m_lastCode = status;
    if (status == 401 || status == 403) {
        setState(State::AuthRequired, u"the server refused the access token (HTTP %1)"_s.arg(status));
        Q_EMIT tokenRefused();
        return;
    }
    if (status == 404) {
        setState(State::Failed, u"the server has no chat endpoint for this room (HTTP 404)"_s);
        return;
    }
    qCInfo(lcRoom) << m_room << "socket error" << error << text;
    setState(State::Disconnected, u"could not connect: %1"_s.arg(text));
}

void RoomConnection::onTextMessage(const QString &text)
{
    qCDebug(lcProtocol).noquote() << m_room << "<<" << text.left(500);
    const IncomingFrame frame = WireCodec::decode(text);
    switch (frame.kind) {
    case IncomingFrame::Kind::Message:
        if (!frame.message.clientId.isEmpty()) {
            const auto acked = std::find_if(m_outbox.begin(), m_outbox.end(), [&](const Outgoing &o) {
                return o.clientId == frame.message.clientId;
            });
            if (acked != m_outbox.end()) {
                m_outbox.erase(acked);
                Q_EMIT messageDelivered(frame.message.clientId);
            }
        }
        Q_EMIT messageReceived(frame.message);
        break;
    case IncomingFrame::Kind::ServerError:
        qCInfo(lcRoom) << m_room << "server error:" << frame.errorText;
        Q_EMIT serverErrorReceived(frame.errorText);
        break;
    case IncomingFrame::Kind::Invalid:
        qCInfo(lcRoom) << m_room << "frame rejected:" << frame.errorText;
        Q_EMIT frameRejected(frame.errorText);
        break;
    }
}
