// AuthClient for servers without a refresh endpoint (a Socket.IO guide's POST /login answering
// {"token"}): the token is renewed by signing in again, before it expires and whenever a server
// refuses it. The password comes from this process's memory (qtchat-cli) or from the keychain
// where "remember me" put it; never from a file, never into a log line.
#include "authclient.h"

#include "logging.h"
#include "processprivacy.h"

#include <QNetworkReply>

using namespace Qt::StringLiterals;

TokenFields AuthClient::tokenFields() const
{
    return {m_profile.accessField, m_profile.hasRefreshEndpoint ? m_profile.refreshField : QString()};
}

QString AuthClient::passwordService() const
{
    return u"QtChat password for %1"_s.arg(m_profile.origin());
}

void AuthClient::storePassword()
{
    if (!m_store || m_password.isEmpty())
        return;
    m_store->write(passwordService(), m_userName, m_password.toUtf8(), this, [](const SecretResult &result) {
        if (!result.ok())
            qCWarning(lcAuth) << "could not keep the password in the keychain:" << result.errorString;
    });
}

void AuthClient::renewBySigningIn()
{
    if (!m_password.isEmpty()) {
        renewWith(m_password);
        return;
    }
    if (!m_store || !m_remember || m_userName.isEmpty()) {
        const bool resuming = std::exchange(m_resuming, false);
        const QString why = u"This server has no way to renew a session; please sign in again."_s;
        if (resuming)
            Q_EMIT signInFailed(AuthError::NotRemembered, u"Please sign in."_s);
        else
            Q_EMIT refreshFailed(AuthError::SessionExpired, why);
        return;
    }
    const quint64 generation = m_generation;
    m_rereading = true;
    m_store->read(passwordService(), m_userName, this, [this, generation](const SecretResult &result) {
        if (generation != m_generation)
            return;
        m_rereading = false;
        if (!result.ok() || result.secret.isEmpty()) {
            const bool resuming = std::exchange(m_resuming, false);
            if (resuming)
                Q_EMIT signInFailed(AuthError::NotRemembered, u"Please sign in."_s);
            else
                Q_EMIT refreshFailed(
                    AuthError::SessionExpired,
                    u"The saved password is gone from the keychain; please sign in again."_s);
            return;
        }
        QByteArray secret = result.secret;
        QString password = QString::fromUtf8(secret);
        ProcessPrivacy::wipe(secret);
        renewWith(password);
        ProcessPrivacy::wipe(password);
    });
}

void AuthClient::renewWith(const QString &password)
{
    qCInfo(lcAuth) << "renewing the token by signing in again as" << m_userName;
    QNetworkReply *reply = postSignIn(m_userName, password);
    // Answered like a refresh: refused (400/401) means the saved sign-in is over.
    m_refreshReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onRefreshFinished(reply); });
}
