#include "statetext.h"

#include <QCoreApplication>

QString stateText(RoomConnection::State state)
{
    switch (state) {
    case RoomConnection::State::Disconnected:
        return QCoreApplication::translate("RoomState", "offline");
    case RoomConnection::State::Connecting:
        return QCoreApplication::translate("RoomState", "connecting");
    case RoomConnection::State::Open:
        return QCoreApplication::translate("RoomState", "connected");
    case RoomConnection::State::Reconnecting:
        return QCoreApplication::translate("RoomState", "reconnecting");
    case RoomConnection::State::AuthRequired:
        return QCoreApplication::translate("RoomState", "sign-in needed");
    case RoomConnection::State::Failed:
        return QCoreApplication::translate("RoomState", "failed");
    }
    return {};
}

QString stateSentence(const QString &room, RoomConnection::State state, const QString &reason)
{
    const QString base = QCoreApplication::translate("RoomState", "#%1: %2").arg(room, stateText(state));
    if (state == RoomConnection::State::Open || reason.isEmpty())
        return base;
    return QCoreApplication::translate("RoomState", "%1 - %2").arg(base, reason);
}
