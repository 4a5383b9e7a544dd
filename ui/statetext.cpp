#include "statetext.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("RoomState", text, disambiguation, n);
}
} // namespace

QString stateText(RoomConnection::State state)
{
    switch (state) {
    case RoomConnection::State::Disconnected:
        return tr("offline");
    case RoomConnection::State::Connecting:
        return tr("connecting");
    case RoomConnection::State::Open:
        return tr("connected");
    case RoomConnection::State::Reconnecting:
        return tr("reconnecting");
    case RoomConnection::State::AuthRequired:
        return tr("sign-in needed");
    case RoomConnection::State::Failed:
        return tr("failed");
    }
    return {};
}

bool isProblemState(RoomConnection::State state)
{
    return state == RoomConnection::State::AuthRequired || state == RoomConnection::State::Failed;
}

QString stateSentence(const QString &room, RoomConnection::State state, const QString &reason)
{
    const QString base = tr("#%1: %2").arg(room, stateText(state));
    if (state == RoomConnection::State::Open || reason.isEmpty())
        return base;
    return tr("%1 - %2").arg(base, reason);
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
        sentence = tr("#%1: reconnecting in %n s - %2", nullptr, seconds)
                       .arg(room->room(), reasonWithoutRetryDelay(room->stateReason()));
    } else {
        sentence = stateSentence(room->room(), room->state(), room->stateReason());
    }
    if (const int waiting = room->pendingCount(); waiting > 0 && room->state() != RoomConnection::State::Open)
        sentence = tr("%1 (%n message(s) waiting to be sent)", nullptr, waiting).arg(sentence);
    return sentence;
}
