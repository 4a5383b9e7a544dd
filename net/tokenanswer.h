#pragma once

// Reads what a token endpoint answered (sign-in or refresh) into tokens or a reason in plain
// words. The parse step is a pure function of status, headers and body, so it can be fuzzed.
#include <QByteArray>
#include <QString>
#include <QUrl>

#include <chrono>

class QNetworkReply;

enum class AuthError {
    None,
    InvalidCredentials, // sign-in refused (HTTP 400/401)
    SessionExpired,     // refresh refused (HTTP 400/401): sign in again
    NotRemembered,      // no saved sign-in to resume
    Network,            // unreachable, refused, DNS
    Tls,                // certificate not trusted, handshake failed
    Timeout,
    Redirected,       // credentials are never followed to another address
    Server,           // 5xx
    UnexpectedAnswer, // not the JSON a chat server gives
};

// Where a token endpoint's JSON puts the tokens: simplejwt's "access"/"refresh", or a Socket.IO
// guide's single "token" (refresh empty: the server has none).
struct TokenFields
{
    QString access = QStringLiteral("access");
    QString refresh = QStringLiteral("refresh");
};

struct TokenAnswer
{
    AuthError error = AuthError::None;
    QString message;
    QByteArray access;
    QByteArray refresh; // empty when the server does not rotate
    // The server's clock when it answered (HTTP Date header, whole seconds), 0 when absent.
    qint64 serverDateMs = 0;

    static constexpr qsizetype MaxBodySize = 256 * 1024;

    // Stops reading an answer once it is larger than MaxBodySize (a hostile server could send
    // gigabytes); fromReply() then says the answer was too large.
    static void limitBody(QNetworkReply *reply);
    // Aborts a reply still running after `deadline`, however steadily its bytes trickle in (the
    // transfer timeout only measures silence); fromReply() then says it did not answer in time.
    static void limitTime(QNetworkReply *reply, std::chrono::milliseconds deadline);
    // `refusedAs` is what a 400/401 means here: wrong credentials, or an expired session.
    static TokenAnswer fromReply(QNetworkReply *reply, AuthError refusedAs, const TokenFields &fields = {});
    static TokenAnswer parse(int status, const QByteArray &body, const QUrl &where,
                             const QUrl &redirectTarget, AuthError refusedAs, const TokenFields &fields = {});
    // Worth trying again later (the network or the server had a bad moment).
    bool isTransient() const
    {
        return error == AuthError::Network || error == AuthError::Timeout || error == AuthError::Server;
    }
};
