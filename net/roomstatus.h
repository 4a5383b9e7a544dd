#pragma once

// A room's state as data: what the room is doing, why, with which HTTP status or close code, when
// it tries next, and what the server said. net/ fills it in (RoomConnection::status()); ui/ writes
// the sentences from it in the reader's language (ui/statetext.*), so no one parses net's words.
// description() is the English, untranslated sentence for logs and the CLI only.
#include <QDateTime>
#include <QMetaType>
#include <QString>

class RoomStatus
{
    Q_GADGET
public:
    // A room's life (RoomConnection::State is this enum).
    enum class State { Disconnected, Connecting, Open, Reconnecting, AuthRequired, Failed };
    Q_ENUM(State)

    // Why the room is in its state. The codes, counts and words below say more where a cause has them.
    enum class Cause {
        None,               // nothing to explain: open, or a first attempt under way (address)
        Left,               // the user left the room or signed out
        NotSignedIn,        // no session to take a token from
        SigningIn,          // a saved session is on its way (the keychain, the first refresh)
        SessionOffline,     // the session's refresh could not reach the server; nextAttempt: its next try
        TokenExpired,       // the access token outlived its lifetime: a fresh one is fetched first
        TokenRefused,       // handshake 401/403 (httpStatus) or close 4001 (closeCode); count: in a row
        MalformedToken,     // the access token is not a JWT: it cannot be sent
        CannotOpen,         // the profile cannot reach this room (detail: the profile's problem)
        NetworkUnreachable, // no connection was made at all (detail: the system's words)
        HandshakeTimeout,   // the server did not answer the handshake in time
        HandshakeRefused,   // answered with httpStatus instead of 101; count: 500s in a row
        RoomRefused,        // 1008, 4003, 4004 (closeCode) or HTTP 404 (httpStatus): no retry
        Closed,             // the server closed with closeCode (1000-1014, 4041, others)
        ConnectionDropped,  // no close frame (1006): a reset, a restart, a cut cable
        ServerQuiet,        // no answer to a ping: the connection is half-open
        TlsRefused,         // the certificate is not trusted (detail: the certificate errors)
        BadFrame,           // the server sent a frame this client cannot take (closeCode 1007/1009)
    };
    Q_ENUM(Cause)

    RoomStatus() = default;
    RoomStatus(State state_, Cause cause_)
        : state(state_)
        , cause(cause_)
    {}

    State state = State::Disconnected;
    Cause cause = Cause::None;
    int httpStatus = 0; // of a refused handshake
    int closeCode = 0;  // of a close frame
    int count = 0;      // how many times in a row, for causes that stop the room after a few
    // When the next attempt is due (a reconnect, or SessionOffline's refresh), by the room's clock;
    // invalid when none is scheduled.
    QDateTime nextAttempt;
    bool awaitingToken = false; // a fresh access token is being fetched before the next attempt
    QString address;            // where the attempt goes (never with a token in it)
    // The server's own words (a close reason, a CONNECT_ERROR message): untrusted, shown isolated.
    QString serverWords;
    // The local system's or profile's words (a socket error, certificate errors), in English.
    QString detail;

    // English, for logs and the CLI; never shown in a window.
    QString description() const;
    // The cause alone, in English (what description() says after the state).
    QString causeDescription() const;

    friend bool operator==(const RoomStatus &a, const RoomStatus &b)
    {
        return a.state == b.state && a.cause == b.cause && a.httpStatus == b.httpStatus &&
               a.closeCode == b.closeCode && a.count == b.count && a.nextAttempt == b.nextAttempt &&
               a.awaitingToken == b.awaitingToken && a.address == b.address &&
               a.serverWords == b.serverWords && a.detail == b.detail;
    }
    friend bool operator!=(const RoomStatus &a, const RoomStatus &b) { return !(a == b); }
};
Q_DECLARE_METATYPE(RoomStatus)
