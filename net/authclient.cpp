#include "authclient.h"
#include "tokenanswer.h"

#include "jwt.h"
#include "logging.h"
#include "processprivacy.h"
#include "secretstore.h"
#include "tlspolicy.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace {
qint64 steadyNow()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}
} // namespace

AuthClient::AuthClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_retryPolicy(QRandomGenerator::global()->generate())
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_refreshTimer, &QTimer::timeout, this, &AuthClient::onRefreshTimerStep);
}

qint64 AuthClient::now() const
{
    return m_clock ? m_clock() : steadyNow();
}

qint64 AuthClient::refreshDelayMs(qint64 lifetimeMs)
{
    const qint64 atEightyPercent = lifetimeMs * 8 / 10;
    const qint64 thirtySecondsBefore = lifetimeMs - 30 * 1000;
    return std::max(std::min(atEightyPercent, thirtySecondsBefore), lifetimeMs / 2);
}

QString AuthClient::secretService() const
{
    // Scoped by origin: two servers, or the same user on two servers, never share an entry.
    return u"QtChat refresh token for %1"_s.arg(m_profile.origin());
}

void AuthClient::setProfile(const ServerProfile &profile)
{
    forgetTokens();
    m_profile = profile;
    m_retryPolicy.setSettings(profile.reconnect);
}

void AuthClient::forgetTokens()
{
    if (m_refreshReply)
        m_refreshReply->abort();
    if (m_signInReply)
        m_signInReply->abort();
    m_refreshTimer.stop();
    m_refreshDueAt = -1;
    m_accessLifetimeMs = -1;
    m_retryPolicy.reset();
    m_offline = false;
    m_adoptions = 0;
    m_resuming = false;
    m_rereading = false;
    m_readingSession = false;
    ++m_generation;
    m_accessToken.clear();
    m_refreshToken.clear();
    ProcessPrivacy::wipe(m_password);
    m_iatArrivals.clear();
}

void AuthClient::signOut()
{
    removeStoredToken();
    forgetTokens();
}

void AuthClient::removeStoredToken()
{
    if (m_store && !m_userName.isEmpty())
        m_store->remove(m_profile.hasRefreshEndpoint ? secretService() : passwordService(), m_userName, this,
                        {});
}

QNetworkReply *AuthClient::postJson(const QUrl &url, const QJsonObject &body)
{
    return postBody(url, std::make_shared<QByteArray>(QJsonDocument(body).toJson(QJsonDocument::Compact)));
}

QNetworkReply *AuthClient::postBody(const QUrl &url, std::shared_ptr<QByteArray> body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Accept", "application/json");
    // A redirect would carry the password or refresh token to wherever the server points:
    // never follow one, report it instead.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    if (url.scheme() == "https"_L1)
        request.setSslConfiguration(TlsPolicy::configurationFor(m_profile)); // validate() checked it
    // Our buffer, not a copy QNetworkAccessManager makes: it is zeroed when the answer is in
    // (it carries the password or a refresh token). Qt's own transient copies on the way to
    // the socket are freed, not zeroed; those we cannot reach.
    auto *upload = new QBuffer;
    upload->setBuffer(body.get());
    upload->open(QIODevice::ReadOnly);
    QNetworkReply *reply = m_network->post(request, upload);
    upload->setParent(reply);
    connect(reply, &QNetworkReply::finished, upload, [upload, body] {
        upload->close();
        ProcessPrivacy::zero(*body); // freed with the reply, all zero by then
    });
    TokenAnswer::limitBody(reply);
    TokenAnswer::limitTime(reply, std::chrono::milliseconds(m_deadlineMs));
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        const QList<QSslError> excused = TlsPolicy::pinnedExceptions(m_profile, errors);
        if (!excused.isEmpty()) {
            reply->ignoreSslErrors(excused); // exactly these, for the pinned certificate
            return;
        }
        qCInfo(lcAuth) << "TLS refused:" << TlsPolicy::describe(errors);
    });
    return reply;
}

namespace {
// JSON string contents for text, appended to out without growing it past its reserve: no
// reallocation leaves an unwiped copy of the password behind.
void appendJsonString(QByteArray &out, const QByteArray &utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\').append(c);
        } else if (byte < 0x20) {
            out.append("\\u00").append(hex[byte >> 4]).append(hex[byte & 0xf]);
        } else {
            out.append(c);
        }
    }
}
} // namespace

void AuthClient::signIn(const QString &user, const QString &password)
{
    if (const QString problem = m_profile.validate(); !problem.isEmpty()) {
        Q_EMIT signInFailed(AuthError::UnexpectedAnswer, problem);
        return;
    }
    forgetTokens();
    qCInfo(lcAuth) << "signing in as" << user << "at" << m_profile.tokenUrl().toDisplayString();
    if (!m_profile.hasRefreshEndpoint && (m_keepPassword || m_remember))
        m_password = password; // renewed by signing in again (authrenewal.cpp)
    QNetworkReply *reply = postSignIn(user, password);
    m_signInReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, user] { onSignInFinished(reply, user); });
}

QNetworkReply *AuthClient::postSignIn(const QString &user, const QString &password)
{
    // The body holds the password: built in one buffer of ours (not through QJsonDocument's
    // copies) and wiped once the answer is in (README, "Files and memory").
    QByteArray userUtf8 = user.toUtf8();
    QByteArray passwordUtf8 = password.toUtf8();
    auto body = std::make_shared<QByteArray>();
    body->reserve(32 + 6 * (userUtf8.size() + passwordUtf8.size()));
    body->append(R"({"username":")");
    appendJsonString(*body, userUtf8);
    body->append(R"(","password":")");
    appendJsonString(*body, passwordUtf8);
    body->append(R"("})");
    ProcessPrivacy::wipe(passwordUtf8);
    return postBody(m_profile.tokenUrl(), body);
}

namespace {
void logExchange(QNetworkReply *reply)
{
    // Bodies are never logged: they carry the password or the tokens.
    qCDebug(lcProtocol).noquote() << "POST" << reply->url().toDisplayString(QUrl::RemoveQuery) << "->"
                                  << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()
                                  << (reply->error() == QNetworkReply::NoError ? QString()
                                                                               : reply->errorString());
}
} // namespace

void AuthClient::onSignInFinished(QNetworkReply *reply, const QString &user)
{
    reply->deleteLater();
    logExchange(reply);
    if (m_signInReply != reply)
        return; // superseded or aborted
    m_signInReply.clear();
    TokenAnswer answer = TokenAnswer::fromReply(reply, AuthError::InvalidCredentials, tokenFields());
    if (answer.error == AuthError::None && answer.refresh.isEmpty() && m_profile.hasRefreshEndpoint)
        answer = {
            AuthError::UnexpectedAnswer, u"The server signed you in but sent no refresh token."_s, {}, {}};
    if (answer.error != AuthError::None) {
        qCInfo(lcAuth) << "sign-in failed:" << answer.message;
        ProcessPrivacy::wipe(m_password);
        Q_EMIT signInFailed(answer.error, answer.message);
        return;
    }
    m_userName = user;
    if (!m_remember)
        removeStoredToken(); // "remember me" was turned off: no older session stays behind
    else if (!m_profile.hasRefreshEndpoint)
        storePassword();
    if (!m_keepPassword && !m_profile.hasRefreshEndpoint && m_remember)
        ProcessPrivacy::wipe(m_password); // the keychain has it; read again when needed
    acceptTokens(answer, [this, user] {
        qCInfo(lcAuth) << "signed in as" << user;
        Q_EMIT signedIn(user);
    });
}

void AuthClient::refresh()
{
    if (isRefreshing())
        return; // the caller hears the answer of the request already in flight
    m_refreshTimer.stop();
    if (!m_profile.hasRefreshEndpoint) {
        renewBySigningIn();
        return;
    }
    if (m_refreshToken.isEmpty()) {
        Q_EMIT refreshFailed(AuthError::SessionExpired, u"You are not signed in."_s);
        return;
    }
    qCInfo(lcAuth) << "refreshing the access token";
    QNetworkReply *reply =
        postJson(m_profile.refreshUrl(), {{"refresh"_L1, QString::fromUtf8(m_refreshToken)}});
    m_refreshReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onRefreshFinished(reply); });
}

void AuthClient::onRefreshFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    logExchange(reply);
    if (m_refreshReply != reply)
        return; // aborted by forgetTokens()
    m_refreshReply.clear();
    const TokenAnswer answer = TokenAnswer::fromReply(reply, AuthError::SessionExpired, tokenFields());
    const bool resuming = std::exchange(m_resuming, false);
    if (answer.error == AuthError::None) {
        m_retryPolicy.reset();
        m_offline = false;
        m_adoptions = 0;
        acceptTokens(answer, [this, resuming] {
            qCInfo(lcAuth) << "access token refreshed";
            if (resuming)
                Q_EMIT signedIn(m_userName);
            else
                Q_EMIT refreshed();
        });
        return;
    }
    qCInfo(lcAuth) << "refresh failed:" << answer.message;
    if (answer.error == AuthError::SessionExpired && m_store && m_adoptions < MaxAdoptions &&
        m_profile.hasRefreshEndpoint) {
        checkForANewerToken(answer, resuming);
        return;
    }
    onRefreshRefused(answer, resuming, /*deleteStored=*/true);
}

void AuthClient::checkForANewerToken(const TokenAnswer &answer, bool resuming)
{
    // Another QtChat process (a second qtchat-cli resuming the same session) may have refreshed
    // first: with rotation the server then refuses the token we hold, and the keychain holds the
    // one it got. Use that one instead, and never delete a token we did not have refused.
    const QByteArray refused = m_refreshToken;
    const quint64 generation = m_generation;
    m_rereading = true;
    m_store->read(secretService(), m_userName, this,
                  [this, answer, resuming, refused, generation](const SecretResult &result) {
                      if (generation != m_generation)
                          return; // signed out or in anew meanwhile
                      m_rereading = false;
                      if (result.ok() && !result.secret.isEmpty() && result.secret != refused) {
                          qCInfo(lcAuth) << "the saved session was refreshed elsewhere; using its token";
                          ++m_adoptions;
                          m_refreshToken = result.secret;
                          m_resuming = resuming;
                          refresh();
                          return;
                      }
                      onRefreshRefused(answer, resuming, result.ok() && result.secret == refused);
                  });
}

void AuthClient::onRefreshRefused(const TokenAnswer &answer, bool resuming, bool deleteStored)
{
    if (answer.isTransient() && (!resuming || m_keepOffline)) {
        // Offline, not refused: the session stays (a saved one still being resumed too) and the
        // rooms wait for its token meanwhile.
        m_resuming = resuming;
        m_adoptions = 0;
        scheduleRetry(answer.message);
        Q_EMIT refreshFailed(answer.error, answer.message);
        return;
    }
    if (answer.error == AuthError::SessionExpired || answer.error == AuthError::Redirected ||
        answer.error == AuthError::UnexpectedAnswer) {
        if (deleteStored)
            removeStoredToken(); // refused: never try it again
        forgetTokens();
    } else {
        forgetTokens();
    }
    m_adoptions = 0;
    if (resuming)
        Q_EMIT signInFailed(answer.error, answer.error == AuthError::SessionExpired
                                              ? u"Your saved sign-in has expired; please sign in again."_s
                                              : answer.message);
    else
        Q_EMIT refreshFailed(answer.error, answer.message);
}

void AuthClient::acceptTokens(const TokenAnswer &answer, std::function<void()> then)
{
    m_accessToken = answer.access;
    m_accessArrivedAt = now();
    const Jwt jwt = Jwt::decode(m_accessToken);
    std::optional<qint64> lifetime = jwt.lifetimeMs();
    // simplejwt builds a refreshed access token from the refresh token and keeps its iat, so
    // exp - iat overstates the life left by the refresh token's age. Every iat we have seen
    // arrive is remembered with its local arrival time: a token that reuses one has lost the
    // time since then. Both ends of that subtraction are on the local monotonic clock.
    if (const auto iat = jwt.issuedAtMs(); lifetime && iat) {
        if (const auto seen = m_iatArrivals.constFind(*iat); seen != m_iatArrivals.cend())
            lifetime = std::max<qint64>(*lifetime - (m_accessArrivedAt - *seen), 0);
    }
    // When the server says what time it is (HTTP Date, whole seconds, hence the second taken
    // off), exp minus that is a bound too. daphne sends no Date; other fronts do.
    if (const auto exp = jwt.expiresAtMs(); exp && answer.serverDateMs > 0) {
        const qint64 left = *exp - answer.serverDateMs - 1000;
        if (left > 0 && (!lifetime || left < *lifetime))
            lifetime = left;
    }
    rememberIssuedAt(m_accessToken);
    rememberIssuedAt(answer.refresh);
    m_accessLifetimeMs = lifetime.value_or(-1);
    if (lifetime)
        scheduleRefresh(refreshDelayMs(*lifetime));
    else
        m_refreshDueAt = -1; // no exp: refreshed only when a server refuses it
    if (answer.refresh.isEmpty() || answer.refresh == m_refreshToken) {
        then();
        return;
    }
    m_refreshToken = answer.refresh;
    if (!m_store || !m_remember) {
        then();
        return;
    }
    // A rotated token is stored before anyone can use it: a crash now must not leave the
    // keychain holding the dead one. refresh() waits while m_storing.
    m_storing = true;
    m_store->write(secretService(), m_userName, m_refreshToken, this,
                   [this, then = std::move(then)](const SecretResult &result) {
                       m_storing = false;
                       if (!result.ok())
                           qCWarning(lcAuth) << "could not store the refresh token:" << result.errorString;
                       then();
                   });
}

void AuthClient::rememberIssuedAt(const QByteArray &token)
{
    const auto iat = Jwt::decode(token).issuedAtMs();
    if (!iat || m_iatArrivals.contains(*iat))
        return;
    if (m_iatArrivals.size() >= 16) // a session needs the last one or two
        m_iatArrivals.erase(std::min_element(m_iatArrivals.begin(), m_iatArrivals.end()));
    m_iatArrivals.insert(*iat, m_accessArrivedAt);
}

void AuthClient::scheduleRefresh(qint64 delayMs)
{
    m_refreshDueAt = now() + delayMs;
    // Even a refresh due now goes through the event loop: the caller finishes its work first.
    m_refreshTimer.start(std::chrono::milliseconds(std::clamp<qint64>(delayMs, 0, m_longestStepMs)));
}

void AuthClient::onRefreshTimerStep()
{
    // QTimer takes an int of milliseconds: a token living a year would wrap to a negative or a
    // tiny interval. A far refresh is reached in bounded steps, each measured anew on the clock.
    const qint64 left = m_refreshDueAt - now();
    if (left <= 0) {
        refresh();
        return;
    }
    m_refreshTimer.start(std::chrono::milliseconds(std::min(left, m_longestStepMs)));
}

bool AuthClient::isAccessTokenStale() const
{
    return m_accessLifetimeMs >= 0 && now() - m_accessArrivedAt >= m_accessLifetimeMs;
}

qint64 AuthClient::msUntilRefresh() const
{
    return m_refreshDueAt < 0 ? -1 : std::max<qint64>(0, m_refreshDueAt - now());
}
