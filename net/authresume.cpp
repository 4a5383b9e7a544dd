// AuthClient's saved sessions: resuming one from the keychain at start-up, and keeping a session
// the server cannot be asked about (offline) instead of ending it. Only a refresh token the server
// refuses (400/401) ends a session; a network error, a timeout or a 5xx keep it, and the refresh
// is retried with backoff (full jitter, the profile's ReconnectPolicy settings) - at once when
// the network comes back (retryNow()).
#include "authclient.h"

#include "logging.h"

#include <QNetworkReply>

using namespace Qt::StringLiterals;

void AuthClient::setSecretStore(SecretStore *store)
{
    if (m_store)
        m_store->disconnect(this);
    m_store = store;
    if (m_store)
        connect(m_store, &SecretStore::readAnsweredLate, this, &AuthClient::onReadAnsweredLate);
}

void AuthClient::setRetrySeed(quint32 seed)
{
    m_retryPolicy = ReconnectPolicy(seed, m_profile.reconnect);
}

void AuthClient::resume(const QString &user)
{
    forgetTokens();
    if (!m_store || user.isEmpty()) {
        Q_EMIT signInFailed(AuthError::NotRemembered, u"Please sign in."_s);
        return;
    }
    m_userName = user;
    m_resuming = true;
    if (!m_profile.hasRefreshEndpoint) {
        renewBySigningIn();
        return;
    }
    readSavedSession();
}

void AuthClient::readSavedSession()
{
    const quint64 generation = m_generation;
    m_readingSession = true;
    m_store->read(secretService(), m_userName, this, [this, generation](const SecretResult &result) {
        if (generation != m_generation)
            return; // signed out or in anew meanwhile
        m_readingSession = false;
        onSavedSessionRead(result);
    });
}

void AuthClient::onSavedSessionRead(const SecretResult &result)
{
    if (result.status == SecretResult::Status::TimedOut) {
        // Not "Signing in..." for as long as a locked keychain waits for its prompt: the sign-in
        // dialog now, and should the keychain answer after all, the session resumes then.
        m_resuming = false;
        m_lateReadGeneration = m_generation;
        qCInfo(lcAuth) << "the keychain did not answer; asking for the password meanwhile";
        Q_EMIT signInFailed(
            AuthError::NotRemembered,
            u"The saved sign-in could not be read: %1. Sign in, or unlock the keychain: QtChat still "
            "listens for it."_s.arg(result.errorString));
        return;
    }
    if (!result.ok() || result.secret.isEmpty()) {
        m_resuming = false;
        Q_EMIT signInFailed(AuthError::NotRemembered, u"Please sign in."_s);
        return;
    }
    qCInfo(lcAuth) << "resuming the saved session of" << m_userName;
    m_refreshToken = result.secret;
    refresh(); // m_resuming: answered by signedIn() or signInFailed()
}

void AuthClient::onReadAnsweredLate(const QString &service, const QString &key, const SecretResult &result)
{
    // Only for the resume that gave up on this read, and only while nothing else has started
    // (a sign-in with the password, another resume, a sign-out: each bumps the generation).
    if (m_lateReadGeneration != m_generation || service != secretService() || key != m_userName ||
        isSignedIn() || m_signInReply || !result.ok() || result.secret.isEmpty())
        return;
    m_lateReadGeneration = 0;
    qCInfo(lcAuth) << "the keychain answered after all: resuming the saved session";
    m_resuming = true;
    onSavedSessionRead(result);
}

void AuthClient::scheduleRetry(const QString &why)
{
    // Full jitter, so clients cut off by the same outage do not return in step; at least 100 ms,
    // so a refusal that comes at once does not turn into a busy loop.
    m_offline = true;
    m_offlineReason = why;
    const qint64 delay = m_retryPolicy.nextDelayMs(100);
    qCInfo(lcAuth) << "refresh will be retried in" << delay << "ms:" << why;
    scheduleRefresh(delay);
}

void AuthClient::retryNow()
{
    if (!m_offline || isRefreshing())
        return;
    qCInfo(lcAuth) << "retrying the refresh now";
    refresh();
}
