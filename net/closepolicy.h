#pragma once

// What a room does when its connection ends: the policy table of DESIGN.md, as a table in code
// (closepolicy.cpp). Every way a connection can end is first turned into one of these decisions.
#include "roomstatus.h"

#include <QString>

struct CloseDecision
{
    enum class Action {
        Reconnect,                // with backoff (longer when tryAgainLater)
        RefreshThenReconnect,     // the token was refused: refresh (shared), then at once
        FailMessageThenReconnect, // 1009: the last message sent is marked failed
        Fail,                     // no retry; the reason is shown
        // The server ended the session (Socket.IO's DISCONNECT): reconnect only with a token newer
        // than the one the session had (servers end sessions whose token expired), else Fail.
        ReconnectWithNewToken,
    };
    Action action = Action::Reconnect;
    bool tryAgainLater = false; // the server asked for rest: wait at least the longer minimum
    // What happened, as data: the cause with the close code or HTTP status and the server's words.
    // The room adds its state and the next attempt time.
    RoomStatus status;

    // In English, for logs and a failed message's note.
    QString reason() const { return status.causeDescription(); }
};

namespace ClosePolicy {
// The server sent a close frame with this code.
CloseDecision onCloseFrame(int code, const QString &serverReason);
// The handshake was answered with this HTTP status instead of 101.
CloseDecision onHandshakeRefused(int httpStatus);
// No close frame: TCP reset, connection refused, ping timeout, handshake timeout (code 1006).
// detail: the system's words, where the cause has them (NetworkUnreachable).
CloseDecision onDropped(RoomStatus::Cause cause, const QString &detail = {});
} // namespace ClosePolicy
