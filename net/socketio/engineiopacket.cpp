#include "engineiopacket.h"

#include "jsontext.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace EngineIo {
namespace {

ParseResult failure(ParseResult::Status status, const QString &why)
{
    ParseResult result;
    result.status = status;
    result.error = why;
    return result;
}

// A character of a server's frame, as a log line can safely show it.
QString describe(char16_t c)
{
    if (c >= 0x21 && c < 0x7F)
        return u"'%1'"_s.arg(QChar(c));
    return u"U+%1"_s.arg(uint(c), 4, 16, QChar(u'0')).toUpper();
}

QString typeName(Type type)
{
    switch (type) {
    case Type::Open:
        return u"an open"_s;
    case Type::Close:
        return u"a close"_s;
    case Type::Ping:
        return u"a ping"_s;
    case Type::Pong:
        return u"a pong"_s;
    case Type::Message:
        return u"a message"_s;
    case Type::Upgrade:
        return u"an upgrade"_s;
    case Type::Noop:
        return u"a noop"_s;
    }
    return {};
}

const QString BinaryUnsupported = u"binary attachments are not supported"_s;

// A timing from the handshake, in [MinTimingMs, MaxTimingMs]; a note when it had to be moved.
std::optional<int> timing(const QJsonObject &handshake, QLatin1StringView key, OpenInfo *info, QString *error)
{
    const QJsonValue value = handshake.value(key);
    if (!value.isDouble()) {
        *error = value.isUndefined() ? u"the handshake has no %1"_s.arg(key)
                                     : u"the handshake's %1 is not a number"_s.arg(key);
        return std::nullopt;
    }
    // Compared as a double: 1e300 ms is not converted to an int before it is known to fit.
    const double ms = value.toDouble();
    const int clamped = ms < OpenInfo::MinTimingMs   ? OpenInfo::MinTimingMs
                        : ms > OpenInfo::MaxTimingMs ? OpenInfo::MaxTimingMs
                                                     : int(std::lround(ms));
    if (clamped != ms)
        info->notes
            << u"the server's %1 of %2 ms was taken as %3 ms"_s.arg(key).arg(ms, 0, 'g', 15).arg(clamped);
    return clamped;
}

} // namespace

ParseResult parseText(const QString &frame)
{
    if (frame.isEmpty())
        return failure(ParseResult::Status::Invalid, u"an empty Engine.IO frame"_s);
    const char16_t first = frame.front().unicode();
    if (first < u'0' || first > u'6')
        return failure(ParseResult::Status::Invalid,
                       u"an Engine.IO frame that starts with %1, which is not a packet type (0-6)"_s.arg(
                           describe(first)));
    ParseResult result;
    result.packet.type = Type(first - u'0');
    result.packet.frame = frame;
    switch (result.packet.type) {
    case Type::Close:
    case Type::Upgrade:
    case Type::Noop:
        if (frame.size() > 1)
            return failure(
                ParseResult::Status::Invalid,
                u"%1 packet with a payload, which it never has"_s.arg(typeName(result.packet.type)));
        break;
    case Type::Open:
    case Type::Ping:
    case Type::Pong:
    case Type::Message:
        break;
    }
    result.status = ParseResult::Status::Ok;
    return result;
}

ParseResult parseBinary(const QByteArray &frame, Version version)
{
    if (frame.isEmpty())
        return failure(ParseResult::Status::Invalid, u"an empty binary Engine.IO frame"_s);
    if (version == Version::Eio3) {
        const auto type = uchar(frame.front());
        if (type > 6)
            return failure(
                ParseResult::Status::Invalid,
                u"a binary Engine.IO frame whose type byte is %1, which is not a packet type (0-6)"_s.arg(
                    type));
    }
    return failure(ParseResult::Status::BinaryUnsupported, BinaryUnsupported);
}

OpenResult parseOpen(QStringView payload)
{
    OpenResult result;
    QString jsonError;
    const std::optional<QJsonValue> json = SocketIoJson::parse(payload, &jsonError);
    if (!json) {
        result.error = u"the handshake is %1"_s.arg(jsonError);
        return result;
    }
    if (!json->isObject()) {
        result.error = u"the handshake is JSON, but not an object"_s;
        return result;
    }
    const QJsonObject handshake = json->toObject();
    OpenInfo info;

    const QJsonValue sid = handshake.value("sid"_L1);
    if (!sid.isString() || sid.toString().isEmpty()) {
        result.error = sid.isUndefined() ? u"the handshake has no sid"_s
                       : sid.isString()  ? u"the handshake's sid is empty"_s
                                         : u"the handshake's sid is not text"_s;
        return result;
    }
    info.sid = sid.toString();
    if (info.sid.size() > OpenInfo::MaxSidLength) {
        result.error = u"the handshake's sid is %1 characters long, more than %2"_s.arg(info.sid.size())
                           .arg(OpenInfo::MaxSidLength);
        return result;
    }

    const QJsonValue upgrades = handshake.value("upgrades"_L1);
    if (!upgrades.isUndefined()) {
        const QJsonArray names = upgrades.toArray();
        const bool allNames =
            upgrades.isArray() &&
            std::all_of(names.begin(), names.end(), [](const QJsonValue &v) { return v.isString(); });
        if (!allNames) {
            result.error = u"the handshake's upgrades are not a list of transport names"_s;
            return result;
        }
        for (const QJsonValue &name : names)
            info.upgrades << name.toString();
    }

    const std::optional<int> interval = timing(handshake, "pingInterval"_L1, &info, &result.error);
    if (!interval)
        return result;
    const std::optional<int> timeout = timing(handshake, "pingTimeout"_L1, &info, &result.error);
    if (!timeout)
        return result;
    info.pingIntervalMs = *interval;
    info.pingTimeoutMs = *timeout;

    // EIO 3 has no maxPayload; EIO 4's is what the server reads in one go, so more than QtChat's own
    // limit is that limit, and nothing at all (0, negative) is a server that cannot be talked to.
    const QJsonValue maxPayload = handshake.value("maxPayload"_L1);
    info.maxPayload = MaxPayloadBytes;
    if (!maxPayload.isUndefined()) {
        const double bytes = maxPayload.toDouble(-1);
        if (!maxPayload.isDouble() || bytes < 1) {
            result.error =
                maxPayload.isDouble()
                    ? u"the handshake's maxPayload of %1 bytes leaves no room for any message"_s.arg(bytes, 0,
                                                                                                     'g', 15)
                    : u"the handshake's maxPayload is not a number"_s;
            return result;
        }
        if (bytes > double(MaxPayloadBytes))
            info.notes << u"the server's maxPayload of %1 bytes was taken as QtChat's own limit, %2 bytes"_s
                              .arg(bytes, 0, 'g', 15)
                              .arg(MaxPayloadBytes);
        else
            info.maxPayload = qint64(bytes); // a fraction of a byte is not room for one
    }
    result.info = std::move(info);
    return result;
}

QString encode(Type type, QStringView payload)
{
    QString frame;
    frame.reserve(1 + payload.size());
    frame.append(QChar(char16_t(u'0' + int(type))));
    frame.append(payload);
    return frame;
}

std::optional<QString> heartbeatReply(const Packet &packet, Version version)
{
    if (packet.type != Type::Ping)
        return std::nullopt;
    if (version == Version::Eio4 || packet.payload() == u"probe")
        return encodePong(packet.payload());
    return std::nullopt;
}

} // namespace EngineIo
