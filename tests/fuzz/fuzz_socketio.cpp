// Engine.IO and Socket.IO packets: any text or bytes a server sends must parse to a packet or a
// reason, never crash; a handshake that is accepted is within QtChat's bounds; and a packet that
// parses, encoded again, parses to the same packet (the encoders write what the parsers read).
#include "socketio/engineiopacket.h"
#include "socketio/socketiopacket.h"

#include <cstddef>
#include <cstdint>

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

void checkSocketIo(QStringView payload)
{
    const SocketIo::ParseResult result = SocketIo::parse(payload);
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
