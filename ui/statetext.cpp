#include "statetext.h"

#include "untrustedtext.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;
using Cause = RoomStatus::Cause;
using State = RoomStatus::State;

namespace {
// The translation context of these words (lupdate finds RoomState::tr).
struct RoomState
{
    Q_DECLARE_TR_FUNCTIONS(RoomState)
};

// A close reason is up to 123 bytes of the server's choosing, a CONNECT_ERROR message more: one
// visible line in the status bar and the room list, inside an isolate, so a line break or U+202E
// cannot fake a sentence of ours nor reorder the words around it.
constexpr qsizetype MaxWordsLength = 200;

QString serverWords(const RoomStatus &status)
{
    return QChar(0x2068) + UntrustedText::oneLine(status.serverWords, MaxWordsLength) + QChar(0x2069);
}

// The system's or the profile's words (a socket error, certificate errors): ours, but not translated.
QString localWords(const RoomStatus &status)
{
    return UntrustedText::oneLine(status.detail, 300);
}

// The sentence with the close code or HTTP status, and the server's words when it gave some.
QString withCode(const QString &meaning, const RoomStatus &status)
{
    if (status.httpStatus != 0)
        return RoomState::tr("%1 (HTTP %2)").arg(meaning, QString::number(status.httpStatus));
    if (status.closeCode == 0)
        return meaning;
    if (status.serverWords.isEmpty())
        return RoomState::tr("%1 (close code %2)").arg(meaning, QString::number(status.closeCode));
    return RoomState::tr("%1 (close code %2: %3)")
        .arg(meaning, QString::number(status.closeCode), serverWords(status));
}

// What a close code means, as DESIGN.md's policy table reads it.
QString closeMeaning(int code)
{
    switch (code) {
    case 1000:
    case 1001:
        return RoomState::tr("the server ended the connection");
    case 1002: // what Qt 6.4 makes of 1012-1014
        return RoomState::tr(
            "the server closed with a code this Qt version cannot read (1012-1014 arrive as 1002)");
    case 1006:
        return RoomState::tr("the connection dropped");
    case 1009:
        return RoomState::tr("a message was too large for the server");
    case 1011:
        return RoomState::tr("the server had an internal error");
    case 1012:
        return RoomState::tr("the server is restarting");
    case 1013:
        return RoomState::tr("the server asked to try again later");
    case 1014:
        return RoomState::tr("a gateway could not reach the server");
    case 4041:
        return RoomState::tr("the server closed the session");
    default:
        return RoomState::tr("the server closed the connection");
    }
}

// A room the server will not let us into (1008, 4003, 4004): no retry.
QString roomRefusal(int code)
{
    switch (code) {
    case 1008:
        return RoomState::tr("the server refused this client (policy)");
    case 4003:
        return RoomState::tr("you are not allowed in this room");
    case 4004:
        return RoomState::tr("there is no such room");
    default:
        return RoomState::tr("the server refused this room");
    }
}

QString tokenRefusal(const RoomStatus &status)
{
    QString text = withCode(RoomState::tr("the server refused the access token"), status);
    if (status.closeCode == 0 && !status.serverWords.isEmpty()) // a Socket.IO CONNECT_ERROR
        text = RoomState::tr("%1: %2").arg(text, serverWords(status));
    if (status.state == State::AuthRequired && status.count > 1)
        text = RoomState::tr("%1; a fresh token was refused %n time(s)", nullptr, status.count - 1).arg(text);
    return text;
}

QString badFrame(const RoomStatus &status)
{
    if (status.state == State::Failed) {
        return RoomState::tr("the server sends a frame this client cannot take (close code %1) on every "
                             "join, %n time(s) in a row; the room stopped instead of reconnecting forever",
                             nullptr, status.count)
            .arg(status.closeCode);
    }
    return RoomState::tr("the server sent a frame this client cannot take (close code %1)")
        .arg(status.closeCode);
}

QString nextAttemptTime(const RoomStatus &status)
{
    return QLocale().toString(status.nextAttempt.toLocalTime().time(), QLocale::LongFormat);
}
} // namespace

QString stateText(RoomConnection::State state)
{
    switch (state) {
    case State::Disconnected:
        return RoomState::tr("offline");
    case State::Connecting:
        return RoomState::tr("connecting");
    case State::Open:
        return RoomState::tr("connected");
    case State::Reconnecting:
        return RoomState::tr("reconnecting");
    case State::AuthRequired:
        return RoomState::tr("sign-in needed");
    case State::Failed:
        return RoomState::tr("failed");
    }
    return {};
}

QString stateText(const RoomStatus &status)
{
    // The room waits for its session, not for the room's server: to a person it is offline.
    if (status.cause == Cause::SessionOffline)
        return stateText(State::Disconnected);
    return stateText(status.state);
}

bool isProblemState(RoomConnection::State state)
{
    return state == State::AuthRequired || state == State::Failed;
}

QString causeText(const RoomStatus &status)
{
    switch (status.cause) {
    case Cause::None:
        if (status.state == State::Open || status.address.isEmpty())
            return {};
        return RoomState::tr("connecting to %1").arg(UntrustedText::oneLine(status.address, 300));
    case Cause::Left:
        return RoomState::tr("left the room");
    case Cause::NotSignedIn:
        return RoomState::tr("not signed in");
    case Cause::SigningIn:
        return RoomState::tr("signing in");
    case Cause::SessionOffline:
        return RoomState::tr("the session could not be refreshed: the server cannot be reached");
    case Cause::TokenExpired:
        return RoomState::tr("the access token has expired; getting a fresh one");
    case Cause::TokenRefused:
        return tokenRefusal(status);
    case Cause::MalformedToken:
        return RoomState::tr("the access token cannot be sent to the server: it is not a well-formed JWT");
    case Cause::CannotOpen:
        return RoomState::tr("this room cannot be opened: %1").arg(localWords(status));
    case Cause::NetworkUnreachable:
        return RoomState::tr("could not reach the server (%1)").arg(localWords(status));
    case Cause::HandshakeTimeout:
        return RoomState::tr("the server did not answer the handshake in time");
    case Cause::HandshakeRefused:
        if (status.httpStatus == 500 && status.state == State::Failed)
            return RoomState::tr("the server failed the handshake %n time(s) (HTTP 500); is this room path "
                                 "right for this server?",
                                 nullptr, status.count);
        return withCode(RoomState::tr("the server refused the connection"), status);
    case Cause::RoomRefused:
        if (status.httpStatus != 0)
            return withCode(RoomState::tr("the server has no chat endpoint for this room"), status);
        return withCode(roomRefusal(status.closeCode), status);
    case Cause::Closed:
        return withCode(closeMeaning(status.closeCode), status);
    case Cause::ConnectionDropped:
        return RoomState::tr("the connection dropped without a close frame (1006)");
    case Cause::ServerQuiet:
        return RoomState::tr("the server stopped answering pings (the connection is half-open)");
    case Cause::TlsRefused:
        return RoomState::tr("the server's certificate is not trusted: %1").arg(localWords(status));
    case Cause::BadFrame:
        return badFrame(status);
    }
    return {};
}

int secondsUntilNextAttempt(const RoomStatus &status, const QDateTime &now)
{
    if (!status.nextAttempt.isValid())
        return -1;
    const qint64 ms = qMax<qint64>(0, now.msecsTo(status.nextAttempt));
    return int((ms + 999) / 1000);
}

QString statusText(const RoomStatus &status, const QDateTime &now)
{
    const QString cause = causeText(status);
    const int seconds = now.isValid() ? secondsUntilNextAttempt(status, now) : -1;
    QString text;
    if (status.cause == Cause::SessionOffline) {
        if (seconds >= 0)
            return RoomState::tr("offline - retrying in %n s", nullptr, seconds);
        if (status.nextAttempt.isValid())
            return RoomState::tr("offline - retrying at %1").arg(nextAttemptTime(status));
        return RoomState::tr("offline - %1").arg(cause);
    }
    if (status.state == State::Reconnecting && seconds >= 0) {
        text = cause.isEmpty() ? RoomState::tr("reconnecting in %n s", nullptr, seconds)
                               : RoomState::tr("reconnecting in %n s - %1", nullptr, seconds).arg(cause);
    } else if (status.state == State::Reconnecting && status.nextAttempt.isValid()) {
        text = cause.isEmpty() ? RoomState::tr("reconnecting at %1").arg(nextAttemptTime(status))
                               : RoomState::tr("reconnecting at %1 - %2").arg(nextAttemptTime(status), cause);
    } else if (status.state == State::Open || cause.isEmpty()) {
        text = stateText(status);
    } else {
        text = RoomState::tr("%1 - %2").arg(stateText(status), cause);
    }
    if (status.awaitingToken)
        text = RoomState::tr("%1; getting a fresh access token").arg(text);
    return text;
}

QString statusText(const RoomStatus &status)
{
    return statusText(status, QDateTime());
}

QString stateSentence(const QString &room, const RoomStatus &status, const QDateTime &now)
{
    return RoomState::tr("#%1: %2").arg(room, statusText(status, now));
}

QString stateSentence(const QString &room, const RoomStatus &status)
{
    return stateSentence(room, status, QDateTime());
}

QString roomStatusSentence(const RoomConnection *room, const QDateTime &now)
{
    QString sentence = stateSentence(room->room(), room->status(), now);
    if (const int waiting = room->pendingCount(); waiting > 0 && room->state() != RoomConnection::State::Open)
        sentence = RoomState::tr("%1 (%n message(s) waiting to be sent)", nullptr, waiting).arg(sentence);
    return sentence;
}
