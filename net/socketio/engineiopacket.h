#pragma once

// net/socketio/ holds the Socket.IO half of net/: the two protocols a Socket.IO server speaks over a
// WebSocket, as pure functions on values. Engine.IO (this file) frames every WebSocket message as a
// packet type digit and a payload, and opens the session with a JSON handshake; Socket.IO
// (socketiopacket.h) rides inside Engine.IO message packets and adds namespaces, named events and
// acknowledgements. Nothing here owns a socket or a timer: a connection class feeds frames in and
// sends what the encoders return, so every rule about what a server may send is tested in isolation.
//
// Engine.IO over WebSocket, revisions 3 (Socket.IO 1-2 servers, "EIO=3") and 4 (Socket.IO 3+):
// one packet per frame, "<type digit><payload>". What differs by version is the heartbeat (EIO 3:
// the client pings and the server answers; EIO 4: the server pings and the client answers) and the
// binary framing (EIO 3: a type byte, then the bytes; EIO 4: the bytes as they are).
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace EngineIo {

enum class Version { Eio3 = 3, Eio4 = 4 };

enum class Type { Open = 0, Close = 1, Ping = 2, Pong = 3, Message = 4, Upgrade = 5, Noop = 6 };

// The largest message QtChat reads (RoomConnection::MaxIncomingMessageSize) and so the most it
// will ever believe a server accepts from us.
constexpr qint64 MaxPayloadBytes = 16 * 1024 * 1024;

struct Packet
{
    Type type = Type::Noop;
    // The whole text frame, shared with the caller's QString rather than copied: a 16 MiB message
    // is not duplicated to drop its first character. payload() is what follows the type digit.
    QString frame;

    QStringView payload() const { return QStringView(frame).sliced(frame.isEmpty() ? 0 : 1); }
    friend bool operator==(const Packet &a, const Packet &b)
    {
        return a.type == b.type && a.payload() == b.payload();
    }
};

struct ParseResult
{
    enum class Status {
        Ok,
        Invalid,           // not an Engine.IO packet; error says why
        BinaryUnsupported, // a well-formed binary packet, which QtChat does not handle
    };
    Status status = Status::Invalid;
    Packet packet; // Status::Ok
    QString error; // otherwise: one sentence, for a log line or the room's status

    bool ok() const { return status == Status::Ok; }
};

// A text frame. Ping and pong keep any payload ("2probe" is a probe, harmless on a WebSocket-only
// session); open, message keep theirs for the next layer; close, upgrade and noop carry none, and a
// payload on them makes the frame invalid rather than silently dropped.
ParseResult parseText(const QString &frame);

// A binary frame: always BinaryUnsupported when it is a well-formed packet (EIO 4 sends the bytes of
// a binary message as they are; EIO 3 puts a type byte 0-6 first), Invalid when it is not.
ParseResult parseBinary(const QByteArray &frame, Version version);

// The open packet's handshake, checked. Numbers the server got wrong are corrected rather than
// refused: a ping interval of 0 would make a client that pings (EIO 3) flood the server, one of
// 10^12 ms would mean a dead server is never noticed, and in both cases the session itself is
// usable, so the room works with a sane value and notes says what was changed (for a log line).
// Refused, with a reason: a payload that is not a JSON object, a missing or empty sid, timings that
// are not numbers, upgrades that are not a list of names, a maxPayload that is not a positive number.
struct OpenInfo
{
    static constexpr int MinTimingMs = 1000;
    static constexpr int MaxTimingMs = 5 * 60 * 1000;
    static constexpr qsizetype MaxSidLength = 1024;

    QString sid;
    QStringList upgrades;   // transport names, e.g. "websocket"; empty on a WebSocket-only session
    int pingIntervalMs = 0; // within [MinTimingMs, MaxTimingMs]
    int pingTimeoutMs = 0;  // within [MinTimingMs, MaxTimingMs]
    qint64 maxPayload = 0;  // bytes, within [1, MaxPayloadBytes]; MaxPayloadBytes when EIO 3 omits it
    QStringList notes;      // one sentence per value that was corrected
};

struct OpenResult
{
    std::optional<OpenInfo> info;
    QString error; // when info is nullopt
};

OpenResult parseOpen(QStringView payload);

// Encoders: the text frame to send.
QString encode(Type type, QStringView payload = {});
inline QString encodePing(QStringView payload = {})
{
    return encode(Type::Ping, payload);
}
inline QString encodePong(QStringView payload = {})
{
    return encode(Type::Pong, payload);
}
inline QString encodeMessage(QStringView payload)
{
    return encode(Type::Message, payload);
}
inline QString encodeClose()
{
    return encode(Type::Close);
}

// Whether the client sends the pings (EIO 3, every pingInterval) or answers the server's (EIO 4).
constexpr bool clientSendsPings(Version version)
{
    return version == Version::Eio3;
}

// What the client sends back for a heartbeat packet, if anything: a pong with the same payload for
// the server's ping under EIO 4, and for a probe under either version; nothing otherwise (a pong is
// the answer to our own ping under EIO 3, and a ping without probe is not the server's to send there).
std::optional<QString> heartbeatReply(const Packet &packet, Version version);

} // namespace EngineIo
