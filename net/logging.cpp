#include "logging.h"

Q_LOGGING_CATEGORY(lcAuth, "chat.auth")
Q_LOGGING_CATEGORY(lcRoom, "chat.room")
Q_LOGGING_CATEGORY(lcNet, "chat.net")
Q_LOGGING_CATEGORY(lcProtocol, "chat.protocol")

QString redactToken(const QByteArray &token)
{
    return token.isEmpty() ? QStringLiteral("<no token>")
                           : QStringLiteral("<token redacted, %1 bytes>").arg(token.size());
}
