// Engine.IO and Socket.IO packets: any text or bytes a server sends must parse to a packet or a
// reason, never crash; a handshake that is accepted is within QtChat's bounds; and a packet that
// parses, encoded again, parses to the same packet (the encoders write what the parsers read).
#include "socketio/engineiopacket.h"
#include "socketio/socketiopacket.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace {

void checkOpen(QStringView payload)
{
    const EngineIo::OpenResult open = EngineIo::parseOpen(payload);
    if (!open.info) {
        if (open.error.isEmpty())
            __builtin_trap(); // refused without a reason
        return;
    }
    const EngineIo::OpenInfo &info = *open.info;
    using EngineIo::OpenInfo;
    if (info.sid.isEmpty() || info.sid.size() > OpenInfo::MaxSidLength ||
        info.pingIntervalMs < OpenInfo::MinTimingMs || info.pingIntervalMs > OpenInfo::MaxTimingMs ||
        info.pingTimeoutMs < OpenInfo::MinTimingMs || info.pingTimeoutMs > OpenInfo::MaxTimingMs ||
        info.maxPayload < 1 || info.maxPayload > EngineIo::MaxPayloadBytes)
        __builtin_trap(); // a value the rest of QtChat would have to distrust again
}

// A field of SocketIo::readMessageEvent() against the same member of the object parse() read.
bool sameField(const WireFields::Field &field, const QJsonObject &object, QLatin1StringView key)
{
    using Kind = WireFields::Field::Kind;
    const QJsonValue value = object.value(key);
    switch (field.kind) {
    case Kind::Absent:
        return value.isUndefined();
    case Kind::Text:
        return value.isString() && value.toString() == field.text;
    case Kind::Number: {
        bool ok = false;
        return value.isDouble() && field.text.toDouble(&ok) == value.toDouble() && ok;
    }
    case Kind::Other:
        return value.isBool() || value.isNull();
    }
    return false;
}

// The one-pass reader of the common message event takes only what parse() reads the same way.
void checkMessageEvent(QStringView payload, const SocketIo::ParseResult &result)
{
    const std::optional<SocketIo::MessageEvent> event = SocketIo::readMessageEvent(payload);
    if (!event)
        return;
    const SocketIo::Packet &p = result.packet;
    if (!result.ok() || p.type != SocketIo::Type::Event || p.nameSpace != event->nameSpace ||
        p.ackId != event->ackId || p.eventName() != event->name)
        __builtin_trap();
    const QJsonArray args = p.eventArgs();
    if (args.size() != 1 || !args.first().isObject())
        __builtin_trap();
    const QJsonObject object = args.first().toObject();
    if (!sameField(event->text, object, "text"_L1) || !sameField(event->room, object, "room"_L1) ||
        !sameField(event->user, object, "user"_L1) || !sameField(event->id, object, "id"_L1) ||
        !sameField(event->clientId, object, "client_id"_L1) ||
        !sameField(event->createdAt, object, "created_at"_L1))
        __builtin_trap();
}

void checkSocketIo(QStringView payload)
{
    const SocketIo::ParseResult result = SocketIo::parse(payload);
    checkMessageEvent(payload, result);
    if (!result.ok()) {
        if (result.error.isEmpty())
            __builtin_trap();
        return;
    }
    const SocketIo::Packet &p = result.packet;
    if (!SocketIo::isValidNamespace(p.nameSpace) || p.nameSpace.isEmpty() ||
        (p.ackId && (*p.ackId < 0 || *p.ackId > 999'999'999'999'999'999)))
        __builtin_trap();
    const QString encoded = SocketIo::encode(p);
    const SocketIo::ParseResult again = SocketIo::parse(encoded);
    if (!again.ok() || !(again.packet == p))
        __builtin_trap(); // the encoding says something else than the packet it came from
    // The named encoders agree with the general one.
    switch (p.type) {
    case SocketIo::Type::Event:
        if (SocketIo::encodeEvent(p.nameSpace, p.ackId, p.eventName(), p.eventArgs()) != encoded)
            __builtin_trap();
        break;
    case SocketIo::Type::Ack:
        if (SocketIo::encodeAck(p.nameSpace, *p.ackId, p.eventArgs()) != encoded)
            __builtin_trap();
        break;
    case SocketIo::Type::Connect:
        if (SocketIo::encodeConnect(p.nameSpace, p.data.isObject() ? std::optional(p.data.toObject())
                                                                   : std::nullopt) != encoded)
            __builtin_trap();
        break;
    case SocketIo::Type::Disconnect:
        if (SocketIo::encodeDisconnect(p.nameSpace) != encoded)
            __builtin_trap();
        break;
    case SocketIo::Type::ConnectError:
        if (p.connectErrorMessage().isEmpty())
            __builtin_trap();
        break;
    case SocketIo::Type::BinaryEvent:
    case SocketIo::Type::BinaryAck:
        __builtin_trap(); // never Ok
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = QString::fromUtf8(bytes);

    const EngineIo::ParseResult frame = EngineIo::parseText(text);
    if (frame.ok()) {
        if (EngineIo::encode(frame.packet.type, frame.packet.payload()) != text)
            __builtin_trap(); // encoding a packet gives back the frame
        if (frame.packet.type == EngineIo::Type::Message)
            checkSocketIo(frame.packet.payload());
        if (frame.packet.type == EngineIo::Type::Open)
            checkOpen(frame.packet.payload());
        for (const EngineIo::Version version : {EngineIo::Version::Eio3, EngineIo::Version::Eio4}) {
            const std::optional<QString> reply = EngineIo::heartbeatReply(frame.packet, version);
            if (reply && !EngineIo::parseText(*reply).ok())
                __builtin_trap();
        }
    } else if (frame.error.isEmpty()) {
        __builtin_trap();
    }
    // The same text as a bare Socket.IO payload and as a bare handshake, so that the fuzzer need
    // not find the digit in front first.
    checkSocketIo(text);
    checkOpen(text);

    for (const EngineIo::Version version : {EngineIo::Version::Eio3, EngineIo::Version::Eio4}) {
        const EngineIo::ParseResult binary = EngineIo::parseBinary(bytes, version);
        if (binary.ok() || binary.error.isEmpty())
            __builtin_trap(); // binary frames are never used, and always say why
    }
    return 0;
}
