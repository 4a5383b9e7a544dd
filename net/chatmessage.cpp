#include "chatmessage.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>

using namespace Qt::StringLiterals;

QString ChatMessage::displayTime() const
{
    if (createdAt.isValid())
        return QLocale().toString(createdAt.toLocalTime().time(), QLocale::ShortFormat);
    return createdAtText;
}

namespace {
QString textOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return {};
}

IncomingFrame invalid(const QString &why)
{
    IncomingFrame frame;
    frame.errorText = why;
    return frame;
}
} // namespace

IncomingFrame WireCodec::decode(const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(u"not JSON (%1 at offset %2)"_s.arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return invalid(u"JSON, but not an object"_s);
    const QJsonObject object = doc.object();

    IncomingFrame frame;
    if (object.contains("error"_L1) && !object.contains("message"_L1)) {
        frame.kind = IncomingFrame::Kind::ServerError;
        frame.errorText = textOf(object.value("error"_L1));
        if (frame.errorText.isEmpty())
            frame.errorText = u"the server reported an error without details"_s;
        return frame;
    }
    const QJsonValue message = object.value("message"_L1);
    if (!message.isString())
        return invalid(message.isUndefined() ? u"no \"message\" field"_s : u"\"message\" is not text"_s);

    frame.kind = IncomingFrame::Kind::Message;
    ChatMessage &m = frame.message;
    m.text = message.toString();
    m.user = textOf(object.value("user"_L1));
    m.id = textOf(object.value("id"_L1));
    m.clientId = textOf(object.value("client_id"_L1));
    m.createdAtText = textOf(object.value("created_at"_L1));
    if (!m.createdAtText.isEmpty())
        m.createdAt = QDateTime::fromString(m.createdAtText, Qt::ISODateWithMs);
    return frame;
}

QString WireCodec::encodeOutgoing(const QString &text, const QString &clientId)
{
    const QJsonObject object{{"message"_L1, text}, {"client_id"_L1, clientId}};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}
