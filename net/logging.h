#pragma once

// Logging categories, so QT_LOGGING_RULES can turn on exactly the traffic needed.
// Tokens and passwords never reach these: log lines name tokens only through redactToken().
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcRoom)
Q_DECLARE_LOGGING_CATEGORY(lcNet)
// Every frame and HTTP exchange, for QA (debug level: QT_LOGGING_RULES="chat.protocol.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcProtocol)

// A token as it may appear in a log line: its length and nothing of its value.
QString redactToken(const QByteArray &token);
