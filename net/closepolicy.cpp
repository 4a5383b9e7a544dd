#include "closepolicy.h"

#include <QCoreApplication>

using Action = CloseDecision::Action;

namespace {
struct Rule
{
    int first;
    int last;
    Action action;
    bool tryAgainLater;
    const char *what;
};

// Close codes, in the order of DESIGN.md's table. Anything not listed reconnects with backoff.
constexpr Rule closeRules[] = {
    {1000, 1001, Action::Reconnect, false,
     QT_TRANSLATE_NOOP("ClosePolicy", "the server ended the connection")},
    // Qt 6.4 does not know 1012-1014 and reports them as 1002 ("Invalid close code"), so a
    // 1013 "try again later" cannot be told from its neighbours: all of them wait the longer
    // minimum, which never hammers a server that asked for rest.
    {1002, 1002, Action::Reconnect, true,
     QT_TRANSLATE_NOOP(
         "ClosePolicy",
         "the server closed with a code this Qt version cannot read (1012-1014 arrive as 1002)")},
    {1006, 1006, Action::Reconnect, false, QT_TRANSLATE_NOOP("ClosePolicy", "the connection dropped")},
    {1008, 1008, Action::Fail, false,
     QT_TRANSLATE_NOOP("ClosePolicy", "the server refused this client (policy)")},
    {1009, 1009, Action::FailMessageThenReconnect, false,
     QT_TRANSLATE_NOOP("ClosePolicy", "a message was too large for the server")},
    {1011, 1011, Action::Reconnect, false,
     QT_TRANSLATE_NOOP("ClosePolicy", "the server had an internal error")},
    {1012, 1012, Action::Reconnect, false, QT_TRANSLATE_NOOP("ClosePolicy", "the server is restarting")},
    {1013, 1013, Action::Reconnect, true,
     QT_TRANSLATE_NOOP("ClosePolicy", "the server asked to try again later")},
    {1014, 1014, Action::Reconnect, false,
     QT_TRANSLATE_NOOP("ClosePolicy", "a gateway could not reach the server")},
    {4001, 4001, Action::RefreshThenReconnect, false,
     QT_TRANSLATE_NOOP("ClosePolicy", "the server refused the access token")},
    {4003, 4003, Action::Fail, false, QT_TRANSLATE_NOOP("ClosePolicy", "you are not allowed in this room")},
    {4004, 4004, Action::Fail, false, QT_TRANSLATE_NOOP("ClosePolicy", "there is no such room")},
    // Socket.IO: the server's DISCONNECT (41) of the room's namespace (SocketIoLink::SessionEndedCode).
    // A client must not connect again on its own after it.
    {4041, 4041, Action::ReconnectWithNewToken, false,
     QT_TRANSLATE_NOOP("ClosePolicy", "the server closed the session")},
};

QString tr(const char *text)
{
    return QCoreApplication::translate("ClosePolicy", text);
}
} // namespace

CloseDecision ClosePolicy::onCloseFrame(int code, const QString &serverReason)
{
    CloseDecision decision{Action::Reconnect, false, tr("the server closed the connection")};
    for (const Rule &rule : closeRules) {
        if (code >= rule.first && code <= rule.last) {
            decision = {rule.action, rule.tryAgainLater, tr(rule.what)};
            break;
        }
    }
    decision.reason =
        tr("%1 (close code %2%3)")
            .arg(decision.reason)
            .arg(code)
            .arg(serverReason.isEmpty() ? QString() : QStringLiteral(": ") + serverReason.left(200));
    return decision;
}

CloseDecision ClosePolicy::onHandshakeRefused(int httpStatus)
{
    const QString status = tr("HTTP %1").arg(httpStatus);
    switch (httpStatus) {
    case 401:
    case 403:
        return {Action::RefreshThenReconnect, false,
                tr("the server refused the access token (%1)").arg(status)};
    case 404:
        return {Action::Fail, false, tr("the server has no chat endpoint for this room (%1)").arg(status)};
    default:
        return {Action::Reconnect, false, tr("the server refused the connection (%1)").arg(status)};
    }
}

CloseDecision ClosePolicy::onDropped(const QString &why)
{
    return {Action::Reconnect, false, why};
}
