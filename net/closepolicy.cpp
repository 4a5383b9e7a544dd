#include "closepolicy.h"

using Action = CloseDecision::Action;
using Cause = RoomStatus::Cause;

namespace {
struct Rule
{
    int first;
    int last;
    Action action;
    bool tryAgainLater;
    Cause cause;
};

// Close codes, in the order of DESIGN.md's table. Anything not listed reconnects with backoff.
// What each code means in words is written where it is shown: RoomStatus::description() (logs,
// the CLI) and ui/statetext.cpp (the window, translated).
constexpr Rule closeRules[] = {
    {1000, 1001, Action::Reconnect, false, Cause::Closed},
    // Qt 6.4 does not know 1012-1014 and reports them as 1002 ("Invalid close code"), so a
    // 1013 "try again later" cannot be told from its neighbours: all of them wait the longer
    // minimum, which never hammers a server that asked for rest.
    {1002, 1002, Action::Reconnect, true, Cause::Closed},
    {1006, 1006, Action::Reconnect, false, Cause::Closed},
    {1008, 1008, Action::Fail, false, Cause::RoomRefused},
    {1009, 1009, Action::FailMessageThenReconnect, false, Cause::Closed},
    {1011, 1012, Action::Reconnect, false, Cause::Closed},
    {1013, 1013, Action::Reconnect, true, Cause::Closed},
    {1014, 1014, Action::Reconnect, false, Cause::Closed},
    {4001, 4001, Action::RefreshThenReconnect, false, Cause::TokenRefused},
    {4003, 4004, Action::Fail, false, Cause::RoomRefused},
    // Socket.IO: the server's DISCONNECT (41) of the room's namespace (SocketIoLink::SessionEndedCode).
    // A client must not connect again on its own after it.
    {4041, 4041, Action::ReconnectWithNewToken, false, Cause::Closed},
};
} // namespace

CloseDecision ClosePolicy::onCloseFrame(int code, const QString &serverReason)
{
    CloseDecision decision;
    decision.status.cause = Cause::Closed;
    for (const Rule &rule : closeRules) {
        if (code >= rule.first && code <= rule.last) {
            decision.action = rule.action;
            decision.tryAgainLater = rule.tryAgainLater;
            decision.status.cause = rule.cause;
            break;
        }
    }
    decision.status.closeCode = code;
    decision.status.serverWords = serverReason.left(200);
    return decision;
}

CloseDecision ClosePolicy::onHandshakeRefused(int httpStatus)
{
    CloseDecision decision;
    decision.status.httpStatus = httpStatus;
    switch (httpStatus) {
    case 401:
    case 403:
        decision.action = Action::RefreshThenReconnect;
        decision.status.cause = Cause::TokenRefused;
        break;
    case 404:
        decision.action = Action::Fail;
        decision.status.cause = Cause::RoomRefused;
        break;
    default:
        decision.status.cause = Cause::HandshakeRefused;
        break;
    }
    return decision;
}

CloseDecision ClosePolicy::onDropped(Cause cause, const QString &detail)
{
    CloseDecision decision;
    decision.status.cause = cause;
    decision.status.detail = detail;
    return decision;
}
