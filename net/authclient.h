#pragma once

// Sign-in and token refresh over QNetworkAccessManager against a simplejwt-style server.
// One refresh is in flight at a time: every caller of refresh() waits for the same request.
#include "serverprofile.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

enum class AuthError {
    None,
    InvalidCredentials, // sign-in refused (HTTP 400/401)
    SessionExpired,     // refresh refused (HTTP 400/401): sign in again
    Network,            // unreachable, refused, DNS
    Tls,                // certificate not trusted, handshake failed
    Timeout,
    Redirected,       // credentials are never followed to another address
    Server,           // 5xx
    UnexpectedAnswer, // not the JSON a chat server gives
};

class AuthClient : public QObject
{
    Q_OBJECT
public:
    explicit AuthClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setProfile(const ServerProfile &profile);
    ServerProfile profile() const { return m_profile; }
    void setRequestTimeout(int ms) { m_timeoutMs = ms; }

    void signIn(const QString &user, const QString &password);
    void refresh();
    void forgetTokens();

    bool isSignedIn() const { return !m_accessToken.isEmpty(); }
    bool isRefreshing() const { return !m_refreshReply.isNull(); }
    QString userName() const { return m_userName; }
    QByteArray accessToken() const { return m_accessToken; }
    QByteArray refreshToken() const { return m_refreshToken; }

    static constexpr qsizetype MaxAnswerSize = 256 * 1024;

Q_SIGNALS:
    void signedIn(const QString &user);
    void signInFailed(AuthError error, const QString &message);
    void refreshed();
    void refreshFailed(AuthError error, const QString &message);

private:
    struct Answer
    {
        AuthError error = AuthError::None;
        QString message;
        QByteArray access;
        QByteArray refresh;
    };
    QNetworkReply *postJson(const QUrl &url, const QJsonObject &body);
    Answer readAnswer(QNetworkReply *reply, AuthError refusedAs) const;
    void onSignInFinished(QNetworkReply *reply, const QString &user);
    void onRefreshFinished(QNetworkReply *reply);

    QNetworkAccessManager *m_network;
    ServerProfile m_profile;
    int m_timeoutMs = 15000;
    QString m_userName;
    QByteArray m_accessToken;
    QByteArray m_refreshToken;
    QPointer<QNetworkReply> m_signInReply;
    QPointer<QNetworkReply> m_refreshReply;
};
