#include "statetext.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {
// The translation context of these words (lupdate finds RoomState::tr).
struct RoomState
{
    Q_DECLARE_TR_FUNCTIONS(RoomState)
};
} // namespace

QString stateText(RoomConnection::State state)
{
    switch (state) {
    case RoomConnection::State::Disconnected:
        return RoomState::tr("offline");
    case RoomConnection::State::Connecting:
        return RoomState::tr("connecting");
    case RoomConnection::State::Open:
        return RoomState::tr("connected");
    case RoomConnection::State::Reconnecting:
        return RoomState::tr("reconnecting");
    case RoomConnection::State::AuthRequired:
        return RoomState::tr("sign-in needed");
    case RoomConnection::State::Failed:
        return RoomState::tr("failed");
    }
    return {};
}

bool isProblemState(RoomConnection::State state)
{
    return state == RoomConnection::State::AuthRequired || state == RoomConnection::State::Failed;
}

QString stateSentence(const QString &room, RoomConnection::State state, const QString &reason)
{
    const QString base = RoomState::tr("#%1: %2").arg(room, stateText(state));
    if (state == RoomConnection::State::Open || reason.isEmpty())
        return base;
    return RoomState::tr("%1 - %2").arg(base, reason);
}

QString reasonWithoutRetryDelay(const QString &reason)
{
    static const QRegularExpression delay(u";\\s*retrying in [0-9.]+ s$"_s);
    return QString(reason).remove(delay);
}

QString roomStatusSentence(const RoomConnection *room)
{
    QString sentence;
    const qint64 ms = room->msUntilReconnect();
    if (room->state() == RoomConnection::State::Reconnecting && ms >= 0) {
        const int seconds = int((ms + 999) / 1000);
        sentence = RoomState::tr("#%1: reconnecting in %n s - %2", nullptr, seconds)
                       .arg(room->room(), reasonWithoutRetryDelay(room->stateReason()));
    } else {
        sentence = stateSentence(room->room(), room->state(), room->stateReason());
    }
    if (const int waiting = room->pendingCount(); waiting > 0 && room->state() != RoomConnection::State::Open)
        sentence = RoomState::tr("%1 (%n message(s) waiting to be sent)", nullptr, waiting).arg(sentence);
    return sentence;
}
