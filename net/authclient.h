#pragma once

// Sign-in and token refresh over QNetworkAccessManager against a simplejwt-style server.
// - The next refresh is scheduled from the token's lifetime (exp - iat) counted from the local
//   moment it arrived, so a wrong local clock changes nothing.
// - One refresh is in flight at a time: every caller of refresh() waits for the same request.
// - Every token request has an overall deadline as well as the inactivity timeout, so a server
//   that trickles its answer cannot keep sign-in or a refresh pending for minutes.
// - A rotated refresh token is stored (keychain write finished) before anyone hears of it.
// - A refused refresh token is deleted from the store only if the store still holds it: another
//   process resuming the same session may have rotated it, and its new token is used instead.
// - Only a refused refresh token (400/401) ends a session. A refresh that fails for the network's
//   sake (unreachable, timeout, 5xx) keeps it - a saved one being resumed too: the session is
//   offline, and the refresh is retried with backoff (authresume.cpp).
#include "reconnectpolicy.h"
#include "secretstore.h"
#include "serverprofile.h"
#include "tokenanswer.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <algorithm>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

class AuthClient : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // monotonic milliseconds

    explicit AuthClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setProfile(const ServerProfile &profile);
    ServerProfile profile() const { return m_profile; }
    // Inactivity: a request fails after this long without a byte.
    void setRequestTimeout(int ms) { m_timeoutMs = ms; }
    // Overall: a request fails after this long, however steadily its bytes arrive.
    void setRequestDeadline(int ms) { m_deadlineMs = ms; }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    // A refresh further out than this is reached in timer steps of at most this length, each
    // recomputed from the clock (a QTimer takes an int of milliseconds: 24.8 days at most).
    // Tests with an injected clock use steps of a few milliseconds.
    void setLongestTimerStep(qint64 ms) { m_longestStepMs = std::clamp<qint64>(ms, 1, MaxTimerStepMs); }
    static constexpr qint64 MaxTimerStepMs = 24LL * 60 * 60 * 1000;
    // Not owned. Without one (or with remember off) the session ends with the process.
    void setSecretStore(SecretStore *store);
    void setRemember(bool remember) { m_remember = remember; }
    // For a server without a refresh endpoint (ServerProfile::hasRefreshEndpoint false) the token
    // is renewed by signing in again: with the password kept in this process's memory when this
    // is set (qtchat-cli, which has it for its whole run anyway), else with the one "remember me"
    // put in the keychain, else not at all (refreshFailed: sign in again).
    void setKeepPasswordInMemory(bool keep) { m_keepPassword = keep; }
    // Whether a saved session whose refresh fails for the network's sake stays (offline, retried
    // with backoff: the app) or fails the resume with signInFailed() (a script wants its exit code).
    void setKeepSessionOffline(bool keep) { m_keepOffline = keep; }
    // The retries of a refresh that failed for the network's sake: the profile's backoff, seeded.
    void setRetrySeed(quint32 seed);

    void signIn(const QString &user, const QString &password);
    // Signs in with the refresh token stored for this server and user: signedIn() or signInFailed()
    // (the token is not there, the server refused it, or the keychain did not answer in time). A
    // keychain that answers after that still resumes, unless another sign-in started meanwhile.
    // While the server cannot be reached the session stays: refreshFailed(), isOffline().
    void resume(const QString &user);
    void refresh();
    // The network is back: an offline session tries its refresh now instead of at its time.
    void retryNow();
    // Forgets the tokens and deletes the stored one.
    void signOut();
    void forgetTokens();

    bool isSignedIn() const { return !m_accessToken.isEmpty(); }
    bool isRefreshing() const
    {
        return !m_refreshReply.isNull() || m_storing || m_rereading || m_readingSession;
    }
    // Signed in, or a saved session on its way (being read, refreshed, or offline): rooms wait for
    // its token rather than ask for a password.
    bool hasSession() const { return isSignedIn() || m_resuming || isRefreshing(); }
    // The last refresh failed for the network's sake; the next try is in msUntilRefresh().
    bool isOffline() const { return m_offline; }
    QString offlineReason() const { return m_offline ? m_offlineReason : QString(); }
    QString userName() const { return m_userName; }
    QByteArray accessToken() const { return m_accessToken; }
    QByteArray refreshToken() const { return m_refreshToken; }
    // True when the access token has outlived its lifetime, measured on the local clock.
    bool isAccessTokenStale() const;
    // Milliseconds until the scheduled refresh, or -1 when none is scheduled.
    qint64 msUntilRefresh() const;
    QString secretService() const;
    // Where "remember me" keeps the password for servers without a refresh endpoint.
    QString passwordService() const;

    // When to refresh a token that lives lifetimeMs: at about 80%, never later than 30 s before
    // its end, and for very short tokens at half of their life.
    static qint64 refreshDelayMs(qint64 lifetimeMs);

Q_SIGNALS:
    void signedIn(const QString &user);
    void signInFailed(AuthError error, const QString &message);
    void refreshed();
    void refreshFailed(AuthError error, const QString &message);

private:
    QNetworkReply *postJson(const QUrl &url, const QJsonObject &body);
    QNetworkReply *postBody(const QUrl &url, std::shared_ptr<QByteArray> body);
    QNetworkReply *postSignIn(const QString &user, const QString &password);
    void onSignInFinished(QNetworkReply *reply, const QString &user);
    // authrenewal.cpp: servers without a refresh endpoint
    TokenFields tokenFields() const;
    void renewBySigningIn();
    void renewWith(const QString &password);
    void storePassword();
    void onRefreshFinished(QNetworkReply *reply);
    void checkForANewerToken(const TokenAnswer &answer, bool resuming);
    void onRefreshRefused(const TokenAnswer &answer, bool resuming, bool deleteStored);
    void acceptTokens(const TokenAnswer &answer, std::function<void()> then);
    void rememberIssuedAt(const QByteArray &token);
    void scheduleRefresh(qint64 delayMs);
    void onRefreshTimerStep();
    // authresume.cpp
    void readSavedSession();
    void onSavedSessionRead(const SecretResult &result);
    void onReadAnsweredLate(const QString &service, const QString &key, const SecretResult &result);
    void scheduleRetry(const QString &why);
    void removeStoredToken();
    qint64 now() const;

    QNetworkAccessManager *m_network;
    ServerProfile m_profile;
    QPointer<SecretStore> m_store;
    bool m_remember = true;
    Clock m_clock;
    int m_timeoutMs = 15000;
    int m_deadlineMs = 30000;
    qint64 m_longestStepMs = MaxTimerStepMs;
    QString m_userName;
    QByteArray m_accessToken;
    QByteArray m_refreshToken;
    QString m_password; // only for servers without a refresh endpoint; wiped when not needed
    bool m_keepPassword = false;
    qint64 m_accessArrivedAt = 0;
    qint64 m_accessLifetimeMs = -1;
    qint64 m_refreshDueAt = -1;
    QHash<qint64, qint64> m_iatArrivals; // iat (server ms) -> local arrival (ms)
    ReconnectPolicy m_retryPolicy;
    bool m_offline = false;
    QString m_offlineReason; // why the last refresh failed, while offline
    bool m_keepOffline = true;
    bool m_resuming = false;
    bool m_readingSession = false;    // resume(): the saved refresh token is being read
    quint64 m_lateReadGeneration = 0; // a resume whose keychain read timed out: a late answer may go on
    bool m_storing = false;
    bool m_rereading = false; // a refused token: is a newer one in the store?
    int m_adoptions = 0;      // newer tokens taken from the store since the last good refresh
    static constexpr int MaxAdoptions = 3;
    quint64 m_generation = 0; // bumped by forgetTokens(): late store answers are dropped
    QTimer m_refreshTimer;
    QPointer<QNetworkReply> m_signInReply;
    QPointer<QNetworkReply> m_refreshReply;
};
