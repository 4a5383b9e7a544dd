#include "statetext.h"

#include "untrustedtext.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {
// The translation context of these words (lupdate finds RoomState::tr).
struct RoomState
{
    Q_DECLARE_TR_FUNCTIONS(RoomState)
};

// A reason can quote the server (a close reason, up to 123 bytes of its choosing): one visible line
// in the status bar and the room list, so a line break or U+202E cannot fake a sentence of ours.
constexpr qsizetype MaxReasonLength = 300;

QString shownReason(const QString &reason)
{
    return UntrustedText::oneLine(reason, MaxReasonLength);
}
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
    const QString shown = shownReason(reason);
    if (state == RoomConnection::State::Open || shown.isEmpty())
        return base;
    return RoomState::tr("%1 - %2").arg(base, shown);
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
                       .arg(room->room(), shownReason(reasonWithoutRetryDelay(room->stateReason())));
    } else {
        sentence = stateSentence(room->room(), room->state(), room->stateReason());
    }
    if (const int waiting = room->pendingCount(); waiting > 0 && room->state() != RoomConnection::State::Open)
        sentence = RoomState::tr("%1 (%n message(s) waiting to be sent)", nullptr, waiting).arg(sentence);
    return sentence;
}
