#include "socketiopacket.h"

#include "jsontext.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SocketIo {
namespace {

constexpr qint64 MaxAckId = 999'999'999'999'999'999; // MaxAckIdDigits nines

ParseResult invalid(const QString &why)
{
    ParseResult result;
    result.error = why;
    return result;
}

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// Characters that cannot be in a namespace: its end, and the starts of a JSON payload, which mean
// the comma that ends the namespace is missing.
bool endsNamespace(QChar c)
{
    return c == u',' || c == u'[' || c == u'{' || c == u'"';
}

// The data each type may carry; an empty string when it fits.
QString checkData(const Packet &p)
{
    const QJsonValue &data = p.data;
    switch (p.type) {
    case Type::Connect:
        if (!data.isUndefined() && !data.isObject())
            return u"a CONNECT packet whose payload is not a JSON object"_s;
        break;
    case Type::Disconnect:
        if (!data.isUndefined())
            return u"a DISCONNECT packet with a payload, which it never has"_s;
        break;
    case Type::Event:
        if (data.isUndefined())
            return u"an EVENT packet without its array of event name and arguments"_s;
        if (!data.isArray())
            return u"an EVENT packet whose payload is not a JSON array"_s;
        if (data.toArray().isEmpty())
            return u"an EVENT packet with an empty array, so no event name"_s;
        if (!data.toArray().at(0).isString())
            return u"an EVENT packet whose first element, the event name, is not text"_s;
        break;
    case Type::Ack:
        if (!p.ackId)
            return u"an ACK packet without an ack id"_s;
        if (!data.isArray())
            return data.isUndefined() ? u"an ACK packet without its array of answers"_s
                                      : u"an ACK packet whose payload is not a JSON array"_s;
        break;
    case Type::ConnectError:
        if (!data.isUndefined() && !data.isObject() && !data.isString())
            return u"a CONNECT_ERROR packet whose payload is neither a JSON object nor text"_s;
        break;
    case Type::BinaryEvent:
    case Type::BinaryAck:
        break;
    }
    return {};
}

// The one-pass reader of readMessageEvent(): a strict subset of JSON, so that whatever it accepts
// QJsonDocument accepts too, with the same meaning. Every "no" sends the packet to parse().
class FlatReader
{
public:
    explicit FlatReader(QStringView text)
        : m_text(text)
    {}

    qsizetype at() const { return m_at; }
    bool atEnd() const { return m_at == m_text.size(); }

    void skipSpace()
    {
        while (m_at < m_text.size()) {
            const char16_t c = m_text[m_at].unicode();
            if (c != u' ' && c != u'\t' && c != u'\n' && c != u'\r')
                return;
            ++m_at;
        }
    }

    bool take(char16_t c)
    {
        if (m_at < m_text.size() && m_text[m_at].unicode() == c) {
            ++m_at;
            return true;
        }
        return false;
    }

    // A string without \u escapes, control characters, lone surrogates or noncharacters (which
    // the UTF-8 conversion for QJsonDocument could change), from its opening quote.
    // With view, an unescaped string is only viewed there (no copy); an escaped one is decoded
    // into *out and viewed there.
    bool readString(QString *out, QStringView *view = nullptr)
    {
        if (!take(u'"'))
            return false;
        const qsizetype start = m_at;
        bool escaped = false;
        for (; m_at < m_text.size(); ++m_at) {
            const char16_t c = m_text[m_at].unicode();
            if (c == u'"')
                break;
            if (c < 0x20)
                return false;
            if (c == u'\\') {
                escaped = true;
                ++m_at;
                if (m_at >= m_text.size() || unescaped(m_text[m_at].unicode()) == 0)
                    return false;
            } else if (c >= 0xd800) {
                if (c >= 0xdc00 && c < 0xe000)
                    return false; // a low surrogate without its high one
                if (c < 0xdc00) {
                    if (m_at + 1 >= m_text.size())
                        return false;
                    const char16_t low = m_text[m_at + 1].unicode();
                    if (low < 0xdc00 || low >= 0xe000 || low == 0xdffe || low == 0xdfff)
                        return false; // not a pair, or a noncharacter U+xFFFE / U+xFFFF
                    ++m_at;
                } else if ((c >= 0xfdd0 && c <= 0xfdef) || c >= 0xfffe) {
                    return false;
                }
            }
        }
        if (m_at >= m_text.size())
            return false;
        const QStringView raw = m_text.sliced(start, m_at - start);
        ++m_at; // the closing quote
        if (!out)
            return true;
        if (!escaped) {
            if (view)
                *view = raw;
            else
                *out = raw.toString();
            return true;
        }
        out->clear();
        out->reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw[i] == u'\\')
                out->append(QChar(unescaped(raw[++i].unicode())));
            else
                out->append(raw[i]);
        }
        if (view)
            *view = *out;
        return true;
    }

    // A string, an integer of at most 18 digits, true, false or null.
    bool readValue(WireFields::Field *out)
    {
        using Kind = WireFields::Field::Kind;
        if (m_at >= m_text.size())
            return false;
        const char16_t c = m_text[m_at].unicode();
        if (c == u'"') {
            QString text;
            if (!readString(out ? &text : nullptr))
                return false;
            if (out)
                *out = {Kind::Text, std::move(text)};
            return true;
        }
        if (c == u'-' || isDigit(QChar(c))) {
            const qsizetype start = m_at;
            take(u'-');
            const qsizetype digits = m_at;
            while (m_at < m_text.size() && isDigit(m_text[m_at]))
                ++m_at;
            const qsizetype count = m_at - digits;
            if (count == 0 || count > MaxAckIdDigits || (count > 1 && m_text[digits] == u'0'))
                return false;
            if (m_at < m_text.size() &&
                (m_text[m_at] == u'.' || m_text[m_at] == u'e' || m_text[m_at] == u'E'))
                return false;
            if (out)
                *out = {Kind::Number, WireFields::numberText(m_text.sliced(start, m_at - start))};
            return true;
        }
        for (const QLatin1StringView word : {"true"_L1, "false"_L1, "null"_L1}) {
            if (m_text.sliced(m_at).startsWith(word)) {
                m_at += word.size();
                if (out)
                    *out = {Kind::Other, {}};
                return true;
            }
        }
        return false;
    }

private:
    static char16_t unescaped(char16_t c)
    {
        switch (c) {
        case u'"':
            return u'"';
        case u'\\':
            return u'\\';
        case u'/':
            return u'/';
        case u'b':
            return u'\b';
        case u'f':
            return u'\f';
        case u'n':
            return u'\n';
        case u'r':
            return u'\r';
        case u't':
            return u'\t';
        default:
            return 0; // \u and anything else
        }
    }

    QStringView m_text;
    qsizetype m_at = 0;
};

} // namespace

ParseResult parse(QStringView payload)
{
    if (payload.isEmpty())
        return invalid(u"an empty Socket.IO packet"_s);
    const QChar first = payload.front();
    if (first < u'0' || first > u'6')
        return invalid(u"a Socket.IO packet whose type is not a digit from 0 to 6"_s);
    ParseResult result;
    Packet &packet = result.packet;
    packet.type = Type(first.unicode() - u'0');
    if (packet.type == Type::BinaryEvent || packet.type == Type::BinaryAck) {
        result.status = ParseResult::Status::BinaryUnsupported;
        result.error = u"binary attachments are not supported"_s;
        return result;
    }

    qsizetype at = 1;
    if (at < payload.size() && payload[at] == u'/') {
        qsizetype end = at + 1;
        while (end < payload.size() && !endsNamespace(payload[end]))
            ++end;
        // Servers write "/admin," even when nothing follows, but the reference parser also reads a
        // namespace that runs to the end ("1/admin"): both are taken, a JSON start is not.
        if (end < payload.size() && payload[end] != u',')
            return invalid(u"a namespace that is not followed by a comma"_s);
        packet.nameSpace = payload.sliced(at, end - at).toString();
        at = end < payload.size() ? end + 1 : end;
    }

    if (packet.type == Type::Event || packet.type == Type::Ack) {
        const qsizetype digitsStart = at;
        qint64 id = 0;
        while (at < payload.size() && isDigit(payload[at])) {
            if (at - digitsStart == MaxAckIdDigits)
                return invalid(u"an ack id of more than %1 digits"_s.arg(MaxAckIdDigits));
            id = id * 10 + (payload[at].unicode() - u'0');
            ++at;
        }
        if (at > digitsStart)
            packet.ackId = id;
    }

    if (at < payload.size()) {
        QString jsonError;
        std::optional<QJsonValue> data = SocketIoJson::parse(payload.sliced(at), &jsonError);
        if (!data)
            return invalid(u"a Socket.IO packet whose payload is %1"_s.arg(jsonError));
        packet.data = std::move(*data);
    }
    const QString wrongData = checkData(packet);
    if (!wrongData.isEmpty())
        return invalid(wrongData);
    result.status = ParseResult::Status::Ok;
    return result;
}

std::optional<MessageEvent> readMessageEvent(QStringView payload)
{
    if (payload.size() < 2 || payload[0] != u'2')
        return std::nullopt;
    MessageEvent event;
    qsizetype at = 1;
    if (payload[at] == u'/') {
        qsizetype end = at + 1;
        while (end < payload.size() && !endsNamespace(payload[end]))
            ++end;
        if (end >= payload.size() || payload[end] != u',')
            return std::nullopt;
        event.nameSpace = payload.sliced(at, end - at).toString();
        at = end + 1;
    }
    const qsizetype digitsStart = at;
    qint64 id = 0;
    while (at < payload.size() && isDigit(payload[at])) {
        if (at - digitsStart == MaxAckIdDigits)
            return std::nullopt;
        id = id * 10 + (payload[at].unicode() - u'0');
        ++at;
    }
    if (at > digitsStart)
        event.ackId = id;

    FlatReader json(payload.sliced(at));
    if (!json.take(u'['))
        return std::nullopt;
    json.skipSpace();
    if (!json.readString(&event.name))
        return std::nullopt;
    json.skipSpace();
    if (!json.take(u','))
        return std::nullopt;
    json.skipSpace();
    if (!json.take(u'{'))
        return std::nullopt;
    json.skipSpace();
    if (!json.take(u'}')) {
        QString keyStorage;
        QStringView key;
        for (;;) {
            if (!json.readString(&keyStorage, &key))
                return std::nullopt;
            WireFields::Field *field = nullptr;
            if (key == "text"_L1)
                field = &event.text;
            else if (key == "room"_L1)
                field = &event.room;
            else if (key == "user"_L1)
                field = &event.user;
            else if (key == "id"_L1)
                field = &event.id;
            else if (key == "client_id"_L1)
                field = &event.clientId;
            else if (key == "created_at"_L1)
                field = &event.createdAt;
            if (field && field->kind != WireFields::Field::Kind::Absent)
                return std::nullopt; // repeated: QJsonObject keeps the last, parse() decides
            json.skipSpace();
            if (!json.take(u':'))
                return std::nullopt;
            json.skipSpace();
            if (!json.readValue(field))
                return std::nullopt;
            json.skipSpace();
            if (json.take(u'}'))
                break;
            if (!json.take(u','))
                return std::nullopt;
            json.skipSpace();
        }
    }
    json.skipSpace();
    if (!json.take(u']') || !json.atEnd())
        return std::nullopt;
    return event;
}

bool isValidNamespace(QStringView nameSpace)
{
    if (nameSpace.isEmpty())
        return true;
    if (nameSpace.front() != u'/')
        return false;
    return std::none_of(nameSpace.begin(), nameSpace.end(), endsNamespace);
}

QString encode(const Packet &packet)
{
    if (packet.type == Type::BinaryEvent || packet.type == Type::BinaryAck)
        return {};
    Q_ASSERT(isValidNamespace(packet.nameSpace));
    Q_ASSERT(!packet.ackId || (*packet.ackId >= 0 && *packet.ackId <= MaxAckId));
    QString text(1, QChar(char16_t(u'0' + int(packet.type))));
    if (!packet.nameSpace.isEmpty() && packet.nameSpace != u"/")
        text += packet.nameSpace + u',';
    if (packet.ackId)
        text += QString::number(*packet.ackId);
    text += SocketIoJson::toText(packet.data);
    return text;
}

QString encodeConnect(QStringView nameSpace, const std::optional<QJsonObject> &auth)
{
    Packet packet;
    packet.type = Type::Connect;
    packet.nameSpace = nameSpace.toString();
    if (auth)
        packet.data = *auth;
    return encode(packet);
}

QString encodeEvent(QStringView nameSpace, std::optional<qint64> ackId, const QString &name,
                    const QJsonArray &args)
{
    QJsonArray data = args;
    data.prepend(name);
    Packet packet;
    packet.type = Type::Event;
    packet.nameSpace = nameSpace.toString();
    packet.ackId = ackId;
    packet.data = data;
    return encode(packet);
}

QString encodeAck(QStringView nameSpace, qint64 ackId, const QJsonArray &args)
{
    Packet packet;
    packet.type = Type::Ack;
    packet.nameSpace = nameSpace.toString();
    packet.ackId = ackId;
    packet.data = args;
    return encode(packet);
}

QString encodeDisconnect(QStringView nameSpace)
{
    Packet packet;
    packet.type = Type::Disconnect;
    packet.nameSpace = nameSpace.toString();
    return encode(packet);
}

QString Packet::eventName() const
{
    if (type != Type::Event)
        return {};
    return data.toArray().at(0).toString();
}

QJsonArray Packet::eventArgs() const
{
    QJsonArray args = data.toArray();
    if (type == Type::Event && !args.isEmpty())
        args.removeFirst();
    return type == Type::Event || type == Type::Ack ? args : QJsonArray();
}

QString Packet::connectErrorMessage() const
{
    QString message;
    if (data.isString())
        message = data.toString();
    else if (data.isObject())
        message = data.toObject().value("message"_L1).toString();
    if (message.isEmpty())
        message = u"the server refused the connection without saying why"_s;
    return message;
}

} // namespace SocketIo
