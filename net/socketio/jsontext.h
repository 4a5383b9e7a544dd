#pragma once

// JSON values of any kind (not only objects and arrays) to and from the text inside Engine.IO and
// Socket.IO packets, with QJsonDocument as the parser. Internal to net/socketio/.
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <optional>

namespace SocketIoJson {

// One JSON value, with nothing but white space around it; nullopt and the end of a sentence in
// *error when the text is not that ("empty", "not JSON (...)"), to follow "... is". The text is converted to
// UTF-8 once, straight into the buffer the parser reads.
std::optional<QJsonValue> parse(QStringView text, QString *error);

// Compact JSON for any value but undefined (an empty string then).
QString toText(const QJsonValue &value);

} // namespace SocketIoJson
