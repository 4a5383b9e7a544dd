#include "chatmessage.h"

#include "wirefields.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>

using namespace Qt::StringLiterals;

QString ChatMessage::displayTime(const QDateTime &createdAt, const QString &createdAtText)
{
    if (createdAt.isValid())
        return QLocale().toString(createdAt.toLocalTime().time(), QLocale::ShortFormat);
    return createdAtText;
}

namespace {
using WireFields::Field;
using WireFields::Fields;

QString textOf(const Field &field)
{
    return field.kind == Field::Kind::Text || field.kind == Field::Kind::Number ? field.text : QString();
}

// QJsonDocument keeps a number only as a double, in which 1e300 and 2e300 are one 64-bit integer
// and 1e3 is 1000; so the number's text is read again from the frame, and both readers apply
// WireFields::numberText() to the literal as written.
Field fieldOf(const QJsonObject &object, QLatin1StringView key, QStringView text)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return {};
    if (value.isString())
        return {Field::Kind::Text, value.toString()};
    if (value.isDouble()) {
        if (const std::optional<QStringView> literal = WireFields::numberLiteral(text, QString(key)))
            return {Field::Kind::Number, WireFields::numberText(*literal)};
        // Not reached for text QJsonDocument accepted; if it were, a double never merges ids that
        // differ as numbers.
        return {Field::Kind::Number, QString::number(value.toDouble(), 'g', 17)};
    }
    return {Field::Kind::Other, {}};
}

IncomingFrame invalid(const QString &why)
{
    IncomingFrame frame;
    frame.errorText = why;
    return frame;
}

// What a frame says, from its fields, whichever reader found them.
IncomingFrame frameFrom(Fields &&fields, QDateTime (*readDate)(QStringView))
{
    IncomingFrame frame;
    if (fields.error.kind != Field::Kind::Absent && fields.message.kind == Field::Kind::Absent) {
        frame.kind = IncomingFrame::Kind::ServerError;
        frame.errorText = textOf(fields.error);
        if (frame.errorText.isEmpty())
            frame.errorText = u"the server reported an error without details"_s;
        frame.message.clientId = textOf(fields.clientId); // servers that say which message it was
        return frame;
    }
    if (fields.message.kind != Field::Kind::Text)
        return invalid(fields.message.kind == Field::Kind::Absent ? u"no \"message\" field"_s
                                                                  : u"\"message\" is not text"_s);
    frame.kind = IncomingFrame::Kind::Message;
    ChatMessage &m = frame.message;
    m.text = std::move(fields.message.text);
    m.user = textOf(fields.user);
    m.id = textOf(fields.id);
    m.clientId = textOf(fields.clientId);
    m.createdAtText = textOf(fields.createdAt);
    if (!m.createdAtText.isEmpty())
        m.createdAt = readDate(m.createdAtText);
    return frame;
}

std::optional<Fields> readWithQJsonDocument(const QString &text, IncomingFrame *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error =
            invalid(u"not JSON (%1 at offset %2)"_s.arg(parseError.errorString()).arg(parseError.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = invalid(u"JSON, but not an object"_s);
        return std::nullopt;
    }
    const QJsonObject object = doc.object();
    return Fields{fieldOf(object, "message"_L1, text),    fieldOf(object, "user"_L1, text),
                  fieldOf(object, "id"_L1, text),         fieldOf(object, "client_id"_L1, text),
                  fieldOf(object, "created_at"_L1, text), fieldOf(object, "error"_L1, text)};
}

QDateTime readDateWithQt(QStringView text)
{
    return QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
}
} // namespace

IncomingFrame WireCodec::decode(const QString &text)
{
    if (std::optional<Fields> fields = WireFields::readFlatObject(text))
        return frameFrom(std::move(*fields), &WireFields::readDateTime);
    IncomingFrame error;
    if (std::optional<Fields> fields = readWithQJsonDocument(text, &error))
        return frameFrom(std::move(*fields), &WireFields::readDateTime);
    return error;
}

IncomingFrame WireCodec::decodeReference(const QString &text)
{
    IncomingFrame error;
    if (std::optional<Fields> fields = readWithQJsonDocument(text, &error))
        return frameFrom(std::move(*fields), &readDateWithQt);
    return error;
}

QString WireCodec::encodeOutgoing(const QString &text, const QString &clientId)
{
    const QJsonObject object{{"message"_L1, text}, {"client_id"_L1, clientId}};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}
