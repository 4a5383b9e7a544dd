#pragma once

// The wire codec: chat frames in and out, as value types. Tolerant of what real servers send
// (missing fields, numeric or string ids, localised dates) and clear about what it cannot use.
#include <QDateTime>
#include <QMetaType>
#include <QString>

struct ChatMessage
{
    QString text;
    QString user;          // empty when the server does not say
    QString id;            // the server's id, as text whether it came as a number or a string
    QString clientId;      // ours when we sent it, echoed back by the server
    QString createdAtText; // exactly as it came, for display when it is not ISO-8601
    QDateTime createdAt;   // valid only when createdAtText is ISO-8601
    // A message whose text is over RoomConnection::MaxChatMessageBytes is kept as a placeholder:
    // the text is dropped (empty) and this says how many bytes of UTF-8 it had. 0 for a normal one.
    qint64 omittedBytes = 0;

    // What to show as the time: local hh:mm for ISO dates, the server's text otherwise.
    QString displayTime() const { return displayTime(createdAt, createdAtText); }
    static QString displayTime(const QDateTime &createdAt, const QString &createdAtText);
};
Q_DECLARE_METATYPE(ChatMessage)

struct IncomingFrame
{
    enum class Kind { Message, ServerError, Invalid };
    Kind kind = Kind::Invalid;
    ChatMessage message; // Kind::Message; for Kind::ServerError only the client id it names, if any
    QString errorText;   // Kind::ServerError: the server's words; Kind::Invalid: what is wrong
};

namespace WireCodec {
IncomingFrame decode(const QString &frame);
// The same with QJsonDocument and QDateTime::fromString only: slower, and the reference that
// decode() must agree with on every frame (tst_wirecodec, fuzz_wirecodec check it).
IncomingFrame decodeReference(const QString &frame);
QString encodeOutgoing(const QString &text, const QString &clientId);
} // namespace WireCodec
