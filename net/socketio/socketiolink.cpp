#include "socketiolink.h"

#include "jwt.h"
#include "logging.h"
#include "socketio/socketioconnection.h"
#include "socketio/socketiohub.h"
#include "socketio/socketiopacket.h"
#include "wirefields.h"

#include <QJsonObject>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
// The text of the first argument of an event packet ("2/ns,7["message",{...}]" -> "{...}"), for
// reading a number as it was written; empty when it is not an object.
QStringView firstArgumentText(QStringView payload)
{
    qsizetype i = payload.indexOf(u'['); // a namespace or an ack id never holds one
    if (i < 0)
        return {};
    const auto skipSpace = [&] {
        while (i < payload.size() &&
               (payload[i] == u' ' || payload[i] == u'\t' || payload[i] == u'\n' || payload[i] == u'\r'))
            ++i;
    };
    ++i;
    skipSpace();
    if (i >= payload.size() || payload[i] != u'"')
        return {};
    for (++i; i < payload.size() && payload[i] != u'"'; ++i) {
        if (payload[i] == u'\\')
            ++i;
    }
    ++i;
    skipSpace();
    if (i >= payload.size() || payload[i] != u',')
        return {};
    ++i;
    skipSpace();
    if (i >= payload.size() || payload[i] != u'{')
        return {};
    const qsizetype start = i;
    int depth = 0;
    bool inString = false;
    for (; i < payload.size(); ++i) {
        const QChar c = payload[i];
        if (inString) {
            if (c == u'\\')
                ++i;
            else if (c == u'"')
                inString = false;
        } else if (c == u'"') {
            inString = true;
        } else if (c == u'{' || c == u'[') {
            ++depth;
        } else if ((c == u'}' || c == u']') && --depth == 0) {
            return payload.sliced(start, i - start + 1);
        }
    }
    return {};
}

// A field as ChatMessage keeps it: a string as it is, a number as it was written (WireFields).
QString fieldText(const QJsonObject &object, QLatin1StringView key, QStringView objectText)
{
    const QJsonValue value = object.value(key);
    if (value.isString())
        return value.toString();
    if (!value.isDouble())
        return {};
    if (!objectText.isEmpty()) {
        if (const std::optional<QStringView> literal = WireFields::numberLiteral(objectText, QString(key)))
            return WireFields::numberText(*literal);
    }
    const double number = value.toDouble();
    if (number == double(qint64(number)) && qAbs(number) < 9007199254740992.0)
        return QString::number(qint64(number));
    return QString::number(number, 'g', 17);
}

IncomingFrame invalid(const QString &why)
{
    IncomingFrame frame;
    frame.errorText = why;
    return frame;
}
} // namespace

std::optional<IncomingFrame> SocketIoLink::frameFromEvent(const QJsonArray &args, QStringView payload,
                                                          const QString &room)
{
    if (args.isEmpty() || !args.first().isObject())
        return room.isEmpty() ? std::optional(invalid(u"a message event without an object"_s)) : std::nullopt;
    const QJsonObject object = args.first().toObject();
    if (!room.isEmpty() && object.value("room"_L1).toString() != room)
        return std::nullopt;
    const QJsonValue text = object.value("text"_L1);
    if (!text.isString())
        return invalid(text.isUndefined() ? u"no \"text\" field"_s : u"\"text\" is not text"_s);
    const QStringView objectText = firstArgumentText(payload);
    IncomingFrame frame;
    frame.kind = IncomingFrame::Kind::Message;
    ChatMessage &m = frame.message;
    m.text = text.toString();
    m.user = fieldText(object, "user"_L1, objectText);
    m.id = fieldText(object, "id"_L1, objectText);
    m.clientId = fieldText(object, "client_id"_L1, objectText);
    m.createdAtText = fieldText(object, "created_at"_L1, objectText);
    if (!m.createdAtText.isEmpty())
        m.createdAt = WireFields::readDateTime(m.createdAtText);
    return frame;
}

std::optional<IncomingFrame> SocketIoLink::frameFromMessageEvent(const SocketIo::MessageEvent &event,
                                                                 const QString &room)
{
    using Kind = WireFields::Field::Kind;
    if (!room.isEmpty() && (event.room.kind != Kind::Text || event.room.text != room))
        return std::nullopt;
    if (event.text.kind != Kind::Text)
        return invalid(event.text.kind == Kind::Absent ? u"no \"text\" field"_s : u"\"text\" is not text"_s);
    const auto textOf = [](const WireFields::Field &field) {
        return field.kind == Kind::Text || field.kind == Kind::Number ? field.text : QString();
    };
    IncomingFrame frame;
    frame.kind = IncomingFrame::Kind::Message;
    ChatMessage &m = frame.message;
    m.text = event.text.text;
    m.user = textOf(event.user);
    m.id = textOf(event.id);
    m.clientId = textOf(event.clientId);
    m.createdAtText = textOf(event.createdAt);
    if (!m.createdAtText.isEmpty())
        m.createdAt = WireFields::readDateTime(m.createdAtText);
    return frame;
}

SocketIoLink *SocketIoLink::create(SocketIoHub *hub, const QString &room, const ServerProfile &profile,
                                   const QByteArray &token, int endpoint, QString *problem, QObject *parent)
{
    if (const QString wrong = ServerProfile::checkRoomName(room); !wrong.isEmpty()) {
        *problem = wrong;
        return nullptr;
    }
    // A '?' would start the namespace's query (EIO 3 reads a token there).
    if (profile.socketIo.roomPerNamespace &&
        (!SocketIo::isValidNamespace(u'/' + room) || room.contains(u'?'))) {
        *problem =
            tr("The room name cannot be a Socket.IO namespace (no commas or question marks, and no [, { "
               "or \" first).");
        return nullptr;
    }
    const QString nameSpace = profile.socketIo.nameSpace.isEmpty() ? u"/"_s : profile.socketIo.nameSpace;
    if (!profile.socketIo.roomPerNamespace &&
        (!SocketIo::isValidNamespace(nameSpace) || nameSpace.contains(u'?'))) {
        *problem = tr("The profile's Socket.IO namespace \"%1\" cannot be used: it starts with / and has no "
                      "commas or question marks.")
                       .arg(nameSpace);
        return nullptr;
    }
    const bool plainText =
        std::all_of(token.cbegin(), token.cend(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (token.isEmpty() || !plainText || !Jwt::decode(token).isValid()) {
        *problem = tr("The access token cannot be sent to the server: it is not a well-formed JWT.");
        return nullptr;
    }
    return new SocketIoLink(hub, room, profile, token, endpoint, parent);
}

SocketIoLink::SocketIoLink(SocketIoHub *hub, const QString &room, const ServerProfile &profile,
                           const QByteArray &token, int endpoint, QObject *parent)
    : RoomLink(parent)
    , m_hub(hub)
    , m_room(room)
    , m_profile(profile)
    , m_token(token)
    , m_endpoint(endpoint)
    , m_nameSpace(profile.socketIo.roomPerNamespace ? u'/' + room : profile.socketIo.nameSpace)
{
    if (m_nameSpace.isEmpty())
        m_nameSpace = u"/"_s;
}

SocketIoLink::~SocketIoLink()
{
    detach();
}

void SocketIoLink::open()
{
    if (m_step != Step::Idle || !m_hub)
        return;
    m_step = Step::Connecting;
    m_connection = m_hub->acquire(m_profile, m_token, m_endpoint);
    SocketIoConnection *connection = m_connection;
    connect(connection, &SocketIoConnection::namespaceConnected, this, &SocketIoLink::onNamespaceConnected);
    connect(connection, &SocketIoConnection::namespaceRefused, this,
            [this](const QString &nameSpace, const QString &message, bool aboutToken) {
                if (nameSpace == m_nameSpace && m_step != Step::Ended)
                    end(true, aboutToken ? 4001 : 4003, message);
            });
    connect(connection, &SocketIoConnection::namespaceDisconnected, this, [this](const QString &nameSpace) {
        if (nameSpace == m_nameSpace && m_step != Step::Ended)
            end(true, SessionEndedCode, tr("the server closed the session (Socket.IO disconnect)"));
    });
    connect(connection, &SocketIoConnection::namespaceLeft, this, [this](const QString &nameSpace) {
        // Another room's newer token took the namespace over: what this one joined is gone.
        if (nameSpace == m_nameSpace && (m_step == Step::Joining || m_step == Step::Open))
            end(false, 1006, tr("the namespace was connected again with a newer token"));
    });
    connect(connection, &SocketIoConnection::eventReceived, this, &SocketIoLink::onEvent);
    connect(connection, &SocketIoConnection::messageEventReceived, this, &SocketIoLink::onMessageEvent);
    connect(connection, &SocketIoConnection::binaryFrameIgnored, this, [this](qint64 bytes, const QString &) {
        if (m_step == Step::Joining || m_step == Step::Open)
            Q_EMIT binaryFrameIgnored(bytes);
    });
    connect(connection, &SocketIoConnection::ended, this, &SocketIoLink::onConnectionEnded);
    connection->connectNamespace(m_nameSpace, m_token);
    if (connection->isNamespaceOpen(m_nameSpace)) {
        // Already open with this token (another room's): join on the next pass of the event loop,
        // as a socket never reports before open() returns.
        QTimer::singleShot(0, this, [this] { onNamespaceConnected(m_nameSpace); });
    }
}

void SocketIoLink::onNamespaceConnected(const QString &nameSpace)
{
    if (nameSpace != m_nameSpace || m_step != Step::Connecting)
        return;
    if (m_profile.socketIo.roomPerNamespace)
        return becomeOpen(); // the namespace is the room
    join();
}

void SocketIoLink::join()
{
    m_step = Step::Joining;
    const QJsonArray args{QJsonObject{{"room"_L1, m_room}}};
    m_connection->emitEvent(m_nameSpace, m_profile.socketIo.joinEvent, args, this,
                            [this](const std::optional<QJsonArray> &answer) {
                                if (m_step != Step::Joining)
                                    return;
                                if (!answer) {
                                    end(false, 1006,
                                        tr("the server did not answer the join within %1 ms")
                                            .arg(m_profile.socketIo.ackTimeoutMs));
                                    return;
                                }
                                const QJsonObject result = answer->first().toObject();
                                if (result.value("ok"_L1).toBool()) {
                                    becomeOpen();
                                    return;
                                }
                                QString why = result.value("error"_L1).toString();
                                if (why.isEmpty())
                                    why = tr("the server refused to join the room");
                                end(true, 4003, why);
                            });
}

void SocketIoLink::becomeOpen()
{
    m_step = Step::Open;
    m_connection->addMember(m_nameSpace, m_room);
    m_member = true;
    Q_EMIT opened();
    const QList<IncomingFrame> early = std::exchange(m_early, {});
    for (const IncomingFrame &frame : early) {
        if (m_step != Step::Open)
            return;
        Q_EMIT frameReceived(frame);
    }
}

void SocketIoLink::onEvent(const QString &nameSpace, const QString &name, const QJsonArray &args,
                           const QString &payload)
{
    if (nameSpace != m_nameSpace || name != m_profile.socketIo.messageEvent)
        return;
    if (m_step != Step::Joining && m_step != Step::Open)
        return;
    std::optional<IncomingFrame> frame =
        frameFromEvent(args, payload, m_profile.socketIo.roomPerNamespace ? QString() : m_room);
    if (!frame)
        return;
    if (m_step == Step::Joining)
        m_early.append(std::move(*frame)); // the history comes before the join's ack
    else
        Q_EMIT frameReceived(*frame);
}

void SocketIoLink::onMessageEvent(const QString &nameSpace, const SocketIo::MessageEvent &event)
{
    if (nameSpace != m_nameSpace || event.name != m_profile.socketIo.messageEvent)
        return;
    if (m_step != Step::Joining && m_step != Step::Open)
        return;
    std::optional<IncomingFrame> frame =
        frameFromMessageEvent(event, m_profile.socketIo.roomPerNamespace ? QString() : m_room);
    if (!frame)
        return;
    if (m_step == Step::Joining)
        m_early.append(std::move(*frame));
    else
        Q_EMIT frameReceived(*frame);
}

void SocketIoLink::sendMessage(const QString &text, const QString &clientId)
{
    if (m_step != Step::Open || !m_connection)
        return;
    QJsonObject message{{"text"_L1, text}, {"client_id"_L1, clientId}};
    if (!m_profile.socketIo.roomPerNamespace)
        message.insert("room"_L1, m_room);
    const bool sent = m_connection->emitEvent(
        m_nameSpace, m_profile.socketIo.messageEvent, QJsonArray{message}, this,
        [this, clientId](const std::optional<QJsonArray> &answer) { onMessageAck(clientId, answer); });
    if (sent)
        return;
    // Too large for the server, which would close the connection of every room for it. Reported on
    // the next pass, as a server's refusal would be, not inside the room's own send.
    QTimer::singleShot(0, this, [this, clientId, limit = m_connection->maxPayload()] {
        if (m_step == Step::Open)
            Q_EMIT messageRefused(
                clientId, tr("the message is larger than the %1 bytes the server accepts").arg(limit));
    });
}

void SocketIoLink::onMessageAck(const QString &clientId, const std::optional<QJsonArray> &answer)
{
    if (m_step != Step::Open)
        return;
    if (!answer) {
        end(false, 1006,
            tr("the server did not acknowledge a message within %1 ms").arg(m_profile.socketIo.ackTimeoutMs));
        return;
    }
    const QJsonObject result = answer->first().toObject();
    if (result.value("ok"_L1).toBool(true)) {
        // Delivered. With an id the room settles it now (servers that broadcast to everyone but the
        // sender never echo it); the echo, if one comes, carries the same id and is a duplicate.
        // Only ids whose text cannot differ from the echo's: a string, or an integer a double holds.
        const QJsonValue id = result.value("id"_L1);
        const double number = id.toDouble();
        if (id.isString() && !id.toString().isEmpty())
            Q_EMIT messageAccepted(clientId, id.toString());
        else if (id.isDouble() && number == double(qint64(number)) && qAbs(number) < 9007199254740992.0)
            Q_EMIT messageAccepted(clientId, QString::number(qint64(number)));
        return;
    }
    QString why = result.value("error"_L1).toString();
    if (why.isEmpty())
        why = tr("the server refused the message");
    Q_EMIT messageRefused(clientId, why);
}

void SocketIoLink::close(int code, const QString &reason)
{
    if (m_step == Step::Ended)
        return;
    // The room is left by its last link. One that has not opened yet may have started to join: a
    // join waiting for its ack, or the room's namespace connecting.
    const bool member = std::exchange(m_member, false);
    const bool started =
        m_step == Step::Joining || (m_profile.socketIo.roomPerNamespace && m_step == Step::Connecting);
    const bool last = m_connection && (member ? m_connection->removeMember(m_nameSpace, m_room)
                                              : started && !m_connection->hasMembers(m_nameSpace, m_room));
    if (last && m_connection->isOpen()) {
        if (m_profile.socketIo.roomPerNamespace)
            m_connection->disconnectNamespace(m_nameSpace);
        else
            m_connection->emitEvent(m_nameSpace, m_profile.socketIo.leaveEvent,
                                    QJsonArray{QJsonObject{{"room"_L1, m_room}}}); // its ack is not awaited
    }
    m_step = Step::Ended;
    m_closeCode = code;
    m_closeReason = reason;
    detach();
    QTimer::singleShot(0, this, [this] {
        Q_EMIT closeFrameArrived();
        Q_EMIT closed();
    });
}

void SocketIoLink::abort()
{
    m_step = Step::Ended;
    detach();
}

void SocketIoLink::ping()
{
    // The engine has its own heartbeat and ends every room when it stops.
    QTimer::singleShot(0, this, [this] {
        if (m_step != Step::Ended)
            Q_EMIT pongReceived();
    });
}

void SocketIoLink::onConnectionEnded()
{
    if (m_step == Step::Ended || !m_connection)
        return;
    const SocketIoConnection::End info = m_connection->end();
    const bool engineOpened = !m_connection->sid().isEmpty();
    m_errorString = info.why;
    switch (info.kind) {
    case SocketIoConnection::End::Kind::HandshakeRefused:
        m_handshakeStatus = info.httpStatus;
        break;
    case SocketIoConnection::End::Kind::CertificateRefused:
        m_step = Step::Ended;
        detach();
        Q_EMIT certificateRefused(info.why);
        Q_EMIT errorOccurred(QAbstractSocket::SslHandshakeFailedError);
        Q_EMIT closed();
        return;
    case SocketIoConnection::End::Kind::Dropped:
        if (engineOpened)
            return end(false, 1006, info.why);
        break;
    case SocketIoConnection::End::Kind::Closed:
        return end(false, 1006, info.why);
    }
    // Before the engine opened, as a socket reports it: the error, then closed().
    m_step = Step::Ended;
    detach();
    Q_EMIT errorOccurred(info.error);
    Q_EMIT closed();
}

void SocketIoLink::end(bool closeFrame, int code, const QString &reason)
{
    m_step = Step::Ended;
    m_closeCode = code;
    m_closeReason = closeFrame ? reason : QString();
    if (!closeFrame)
        m_errorString = reason;
    qCInfo(lcNet).noquote() << "Socket.IO room" << m_room << "ended:" << code << reason;
    detach();
    if (closeFrame)
        Q_EMIT closeFrameArrived();
    Q_EMIT closed();
}

void SocketIoLink::detach()
{
    m_early.clear();
    if (SocketIoConnection *connection = m_connection) {
        m_connection.clear();
        if (std::exchange(m_member, false))
            connection->removeMember(m_nameSpace, m_room);
        connection->disconnect(this);
        if (m_hub)
            m_hub->release(connection);
    }
}
