#include "logging.h"

Q_LOGGING_CATEGORY(lcAuth, "chat.auth")
Q_LOGGING_CATEGORY(lcRoom, "chat.room")
Q_LOGGING_CATEGORY(lcNet, "chat.net")
// Off unless asked for: one line per frame costs a busy room a third of its throughput
// (see BENCHMARKS.md, inbound burst). QT_LOGGING_RULES="chat.protocol.debug=true" turns it on.
Q_LOGGING_CATEGORY(lcProtocol, "chat.protocol", QtInfoMsg)

QString redactToken(const QByteArray &token)
{
    return token.isEmpty() ? QStringLiteral("<no token>")
                           : QStringLiteral("<token redacted, %1 bytes>").arg(token.size());
}
