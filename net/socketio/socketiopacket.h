#pragma once

// Socket.IO packets, the payload of an Engine.IO message packet (engineiopacket.h): protocol v5
// (Socket.IO 3+ servers, EIO 4) and v4 (Socket.IO 1-2 servers, EIO 3), which share one encoding:
//     <type digit>[<namespace>,][<ack id>][<JSON>]
// The namespace is there only when it is not "/", the ack id only on events that want an answer and
// on the answers. Parsing is strict, because every packet a server sends is one of a few shapes and
// anything else is a server (or something in between) QtChat should not guess about.
//
// What differs by version is left to the caller, and the parser accepts both forms:
// - v4 servers connect every client to "/" by themselves and refuse a payload on CONNECT: so do not
//   send a CONNECT for "/" to them, and send others without an auth object (v4 puts auth in the
//   namespace's query, "/admin?token=..."). v5 servers need a CONNECT for every namespace, "/" too.
// - CONNECT_ERROR carries {"message": ..., "data": ...} from v5 servers and a JSON string from v4
//   ones; connectErrorMessage() reads either.
// - BINARY_EVENT and BINARY_ACK (and their attachments, which arrive as binary frames) are not
//   supported: they parse to a distinct status, so the caller can say so instead of "garbage".
#include "wirefields.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <optional>

namespace SocketIo {

enum class Type {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6
};

// An ack id is at most 18 digits, which always fits in a qint64.
constexpr int MaxAckIdDigits = 18;

struct Packet
{
    Type type = Type::Event;
    QString nameSpace = QStringLiteral("/");
    std::optional<qint64> ackId; // Event (optional), Ack (always)
    // Connect: an object (the server's {"sid": ...}, or our auth) or undefined; Disconnect:
    // undefined; Event: an array, first the event name; Ack: an array; ConnectError: an object, a
    // string or undefined.
    QJsonValue data = QJsonValue(QJsonValue::Undefined);

    QString eventName() const;    // Event: the name; empty otherwise
    QJsonArray eventArgs() const; // Event: the arguments after the name; Ack: the whole array
    QString
    connectErrorMessage() const; // ConnectError: the server's words, or a sentence saying it gave none

    friend bool operator==(const Packet &a, const Packet &b) = default;
};

struct ParseResult
{
    enum class Status {
        Ok,
        Invalid,           // not a Socket.IO packet of a known shape; error says why
        BinaryUnsupported, // BINARY_EVENT or BINARY_ACK
    };
    Status status = Status::Invalid;
    Packet packet; // Status::Ok
    QString error; // otherwise: one sentence, for a log line or the room's status

    bool ok() const { return status == Status::Ok; }
};

// The payload of an Engine.IO message (EngineIo::Packet::payload()). Linear in its size; the JSON
// part is converted to UTF-8 once, for QJsonDocument.
ParseResult parse(QStringView payload);

// The common packet a chat server sends, an EVENT whose one argument is a flat object:
//     2[/ns,][<ack id>]["<name>",{"text":"hi","id":7,...}]
// read in one pass, without QJsonDocument, into the fields a room reads (strings as they are,
// integers as WireFields::numberText() writes them, anything else Other). nullopt for any other
// shape or anything this reader is unsure of (\u escapes, nesting, fractions, exponents, long
// numbers, a repeated field, whitespace after the packet...): parse() is then the reference, and
// for every packet this reader accepts, parse() accepts it too and means the same.
struct MessageEvent
{
    QString nameSpace = QStringLiteral("/"); // as written
    std::optional<qint64> ackId;
    QString name;
    WireFields::Field room;
    WireFields::Field text;
    WireFields::Field user;
    WireFields::Field id;
    WireFields::Field clientId;
    WireFields::Field createdAt;
};
std::optional<MessageEvent> readMessageEvent(QStringView payload);

// A namespace the encoders can write: "/" followed by anything but a comma and the characters that
// start JSON ('[', '{', '"'), which a reader could not tell from the payload. "" counts as "/".
bool isValidNamespace(QStringView nameSpace);

// Encoders: the Engine.IO message payload to send (wrap it with EngineIo::encodeMessage()). Every
// packet parse() accepts encodes to a payload that parses to the same packet. The namespace must
// pass isValidNamespace() (asserted); binary types encode to an empty string.
QString encode(const Packet &packet);
QString encodeConnect(QStringView nameSpace, const std::optional<QJsonObject> &auth = std::nullopt);
QString encodeEvent(QStringView nameSpace, std::optional<qint64> ackId, const QString &name,
                    const QJsonArray &args);
QString encodeAck(QStringView nameSpace, qint64 ackId, const QJsonArray &args);
QString encodeDisconnect(QStringView nameSpace);

} // namespace SocketIo
