// The English description of a RoomStatus, for logs and the CLI. The window writes its own
// sentences from the same data, through tr() (ui/statetext.cpp); nothing parses these.
#include "roomstatus.h"

using namespace Qt::StringLiterals;
using Cause = RoomStatus::Cause;

namespace {
// What a close code means, as DESIGN.md's policy table reads it.
QString closeMeaning(int code)
{
    switch (code) {
    case 1000:
    case 1001:
        return u"the server ended the connection"_s;
    case 1002: // Qt 6.4 reads 1012-1014 as 1002
        return u"the server closed with a code this Qt version cannot read (1012-1014 arrive as 1002)"_s;
    case 1006:
        return u"the connection dropped"_s;
    case 1008:
        return u"the server refused this client (policy)"_s;
    case 1009:
        return u"a message was too large for the server"_s;
    case 1011:
        return u"the server had an internal error"_s;
    case 1012:
        return u"the server is restarting"_s;
    case 1013:
        return u"the server asked to try again later"_s;
    case 1014:
        return u"a gateway could not reach the server"_s;
    case 4001:
        return u"the server refused the access token"_s;
    case 4003:
        return u"you are not allowed in this room"_s;
    case 4004:
        return u"there is no such room"_s;
    case 4041:
        return u"the server closed the session"_s;
    default:
        return u"the server closed the connection"_s;
    }
}

// "(close code 4003: go away)" or "(HTTP 403)".
QString codeInBrackets(const RoomStatus &status)
{
    if (status.httpStatus != 0)
        return u" (HTTP %1)"_s.arg(status.httpStatus);
    if (status.closeCode == 0)
        return {};
    return u" (close code %1%2)"_s.arg(status.closeCode)
        .arg(status.serverWords.isEmpty() ? QString() : u": "_s + status.serverWords.left(200));
}
} // namespace

QString RoomStatus::causeDescription() const
{
    switch (cause) {
    case Cause::None:
        if (state == State::Open)
            return u"connected"_s;
        return address.isEmpty() ? QString() : u"connecting to %1"_s.arg(address);
    case Cause::Left:
        return u"left the room"_s;
    case Cause::NotSignedIn:
        return u"not signed in"_s;
    case Cause::SigningIn:
        return u"signing in"_s;
    case Cause::SessionOffline: // "offline: Connection refused; next refresh try at ..."
        return detail.isEmpty() ? u"offline: the server could not be reached"_s
                                : u"offline: %1"_s.arg(detail);
    case Cause::TokenExpired:
        return u"the access token has expired; getting a fresh one"_s;
    case Cause::TokenRefused: {
        QString text = u"the server refused the access token"_s + codeInBrackets(*this);
        if (closeCode == 0 && !serverWords.isEmpty())
            text += u": "_s + serverWords.left(200);
        if (state == State::AuthRequired && count > 1)
            text += u"; a fresh token was refused %1 times"_s.arg(count - 1);
        return text;
    }
    case Cause::MalformedToken:
        return u"The access token cannot be sent to the server: it is not a well-formed JWT."_s;
    case Cause::CannotOpen:
        return detail;
    case Cause::NetworkUnreachable:
        return u"could not connect: %1"_s.arg(detail);
    case Cause::HandshakeTimeout:
        return u"the server did not answer the handshake in time"_s;
    case Cause::HandshakeRefused:
        if (httpStatus == 500 && state == State::Failed)
            return u"the server failed the handshake %1 times (HTTP 500); is this room path right for this "
                   "server?"_s.arg(count);
        return u"the server refused the connection (HTTP %1)"_s.arg(httpStatus);
    case Cause::RoomRefused:
        if (httpStatus == 404)
            return u"the server has no chat endpoint for this room (HTTP 404)"_s;
        return closeMeaning(closeCode) + codeInBrackets(*this);
    case Cause::Closed:
        return closeMeaning(closeCode) + codeInBrackets(*this);
    case Cause::ConnectionDropped:
        return u"the connection dropped without a close frame (1006)"_s;
    case Cause::ServerQuiet:
        return u"no answer to a ping in time (the connection is half-open)"_s;
    case Cause::TlsRefused:
        return u"the server's certificate is not trusted: %1"_s.arg(detail);
    case Cause::BadFrame:
        if (state == State::Failed)
            return u"the server sends a frame this client cannot take (%1: %2) on every join, %3 times in a "
                   "row; the room stopped instead of reconnecting forever"_s.arg(closeCode)
                       .arg(detail)
                       .arg(count);
        return u"the server sent a frame this client cannot take, so it closed with %1 (%2)"_s.arg(closeCode)
            .arg(detail);
    }
    return {};
}

QString RoomStatus::description() const
{
    QString text = causeDescription();
    if (awaitingToken)
        text += text.isEmpty() ? u"getting a fresh access token"_s : u"; getting a fresh access token"_s;
    if (nextAttempt.isValid() && cause == Cause::SessionOffline)
        text += u"; next refresh try at %1"_s.arg(nextAttempt.toUTC().toString(u"HH:mm:ss 'UTC'"_s));
    else if (nextAttempt.isValid() && state == State::Reconnecting)
        text += u"; retrying at %1"_s.arg(nextAttempt.toUTC().toString(u"HH:mm:ss.zzz 'UTC'"_s));
    return text;
}
