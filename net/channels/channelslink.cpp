#include "channelslink.h"

#include "logging.h"
#include "tlspolicy.h"

#include <QRegularExpression>
#include <QWebSocket>

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
} // namespace

ChannelsLink::ChannelsLink(const QString &room, const ServerProfile &profile, QObject *parent)
    : RoomLink(parent)
    , m_room(room)
    , m_profile(profile)
{}

ChannelsLink::~ChannelsLink() = default;

ChannelsLink *ChannelsLink::create(const QString &room, const ServerProfile &profile, const QByteArray &token,
                                   int endpoint, QString *problem, QObject *parent)
{
    const QUrl baseUrl = profile.roomUrl(room, problem, endpoint);
    if (!baseUrl.isValid())
        return nullptr;
    if (!isHttpToken(token)) {
        *problem = tr("The access token cannot be sent to the server: it is not a well-formed JWT.");
        return nullptr;
    }
    auto *link = new ChannelsLink(room, profile, parent);
    QUrl url = baseUrl;
    switch (profile.transport) {
    case TokenTransport::Subprotocol:
        link->m_options.setSubprotocols({QString::fromLatin1(token)});
        break;
    case TokenTransport::SubprotocolPair:
        link->m_options.setSubprotocols({profile.subprotocolName, QString::fromLatin1(token)});
        break;
    case TokenTransport::Header:
        link->m_request.setRawHeader("Authorization", "Bearer " + token);
        break;
    case TokenTransport::Query:
        url.setQuery(u"token="_s + QString::fromLatin1(token));
        break;
    case TokenTransport::AuthPayload:
        break; // Socket.IO only: ServerProfile::validate() refuses it for Channels servers
    }
    link->m_request.setUrl(url);

    auto *socket = new QWebSocket(profile.originHeader(), QWebSocketProtocol::VersionLatest, link);
    link->m_socket = socket;
    // Qt 6.4's message limit does not bound a single frame: both, or one huge frame is held whole.
    socket->setMaxAllowedIncomingMessageSize(MaxIncomingMessageSize);
    socket->setMaxAllowedIncomingFrameSize(MaxIncomingMessageSize);
    if (url.scheme() == "wss"_L1)
        socket->setSslConfiguration(TlsPolicy::configurationFor(profile));
    connect(socket, &QWebSocket::sslErrors, link, [link, socket](const QList<QSslError> &errors) {
        const QList<QSslError> excused = TlsPolicy::pinnedExceptions(link->m_profile, errors);
        if (!excused.isEmpty())
            socket->ignoreSslErrors(excused); // exactly these, for the pinned certificate
        else
            Q_EMIT link->certificateRefused(TlsPolicy::describe(errors));
    });
    connect(socket, &QWebSocket::connected, link, &RoomLink::opened);
    connect(socket, &QWebSocket::disconnected, link, &RoomLink::closed);
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), link,
            &RoomLink::errorOccurred);
    connect(socket, &QWebSocket::textMessageReceived, link, [link](const QString &text) {
        qCDebug(lcProtocol).noquote() << link->m_room << "<<" << text.left(500);
        Q_EMIT link->frameReceived(WireCodec::decode(text));
    });
    connect(socket, &QWebSocket::binaryMessageReceived, link,
            [link](const QByteArray &frame) { Q_EMIT link->binaryFrameIgnored(frame.size()); });
    // Qt emits aboutToClose when a close frame arrives (or we close); a dropped connection
    // goes straight to disconnected. That is how a real 1000 is told from a drop.
    connect(socket, &QWebSocket::aboutToClose, link, &RoomLink::closeFrameArrived);
    connect(socket, &QWebSocket::pong, link, &RoomLink::pongReceived);
    return link;
}

void ChannelsLink::open()
{
    m_socket->open(m_request, m_options);
}

void ChannelsLink::sendMessage(const QString &text, const QString &clientId)
{
    const QString frame = WireCodec::encodeOutgoing(text, clientId);
    qCDebug(lcProtocol).noquote() << m_room << ">>" << frame.left(500);
    m_socket->sendTextMessage(frame);
}

void ChannelsLink::close(int code, const QString &reason)
{
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
}

void ChannelsLink::abort()
{
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort(); // 6.4.2 leaves a refused handshake's socket open
}

void ChannelsLink::ping()
{
    m_socket->ping();
}

bool ChannelsLink::isOpen() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

int ChannelsLink::closeCode() const
{
    return m_socket->closeCode();
}

QString ChannelsLink::closeReason() const
{
    return m_socket->closeReason();
}

QString ChannelsLink::errorString() const
{
    return m_socket->errorString();
}

int ChannelsLink::handshakeStatus() const
{
    // Qt 6.4 reports a refused handshake only as text: "... Unhandled http status code: 403 (Forbidden)."
    static const QRegularExpression pattern(u"status code: (\\d{3})"_s);
    const auto match = pattern.match(m_socket->errorString());
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}
