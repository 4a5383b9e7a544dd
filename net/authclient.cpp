#include "authclient.h"

#include "jwt.h"
#include "logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

AuthClient::AuthClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

void AuthClient::setProfile(const ServerProfile &profile)
{
    m_profile = profile;
    forgetTokens();
}

void AuthClient::forgetTokens()
{
    if (m_refreshReply)
        m_refreshReply->abort();
    m_accessToken.clear();
    m_refreshToken.clear();
}

QNetworkReply *AuthClient::postJson(const QUrl &url, const QJsonObject &body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Accept", "application/json");
    // A redirect would carry the password or refresh token to wherever the server points:
    // never follow one, report it instead.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    return m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void AuthClient::signIn(const QString &user, const QString &password)
{
    if (const QString problem = m_profile.validate(); !problem.isEmpty()) {
        Q_EMIT signInFailed(AuthError::UnexpectedAnswer, problem);
        return;
    }
    if (m_signInReply)
        m_signInReply->abort();
    qCInfo(lcAuth) << "signing in as" << user << "at" << m_profile.tokenUrl().toDisplayString();
    QNetworkReply *reply = postJson(m_profile.tokenUrl(), {{"username"_L1, user}, {"password"_L1, password}});
    m_signInReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, user] { onSignInFinished(reply, user); });
}

void AuthClient::onSignInFinished(QNetworkReply *reply, const QString &user)
{
    reply->deleteLater();
    if (reply->error() == QNetworkReply::OperationCanceledError && m_signInReply != reply)
        return; // superseded by a newer sign-in
    const Answer answer = readAnswer(reply, AuthError::InvalidCredentials);
    if (answer.error == AuthError::None && answer.refresh.isEmpty()) {
        Q_EMIT signInFailed(AuthError::UnexpectedAnswer,
                            u"The server signed you in but sent no refresh token; is this a chat server?"_s);
        return;
    }
    if (answer.error != AuthError::None) {
        qCInfo(lcAuth) << "sign-in failed:" << answer.message;
        Q_EMIT signInFailed(answer.error, answer.message);
        return;
    }
    m_userName = user;
    m_accessToken = answer.access;
    m_refreshToken = answer.refresh;
    qCInfo(lcAuth) << "signed in as" << user << "access" << redactToken(m_accessToken);
    Q_EMIT signedIn(user);
}

void AuthClient::refresh()
{
    if (isRefreshing())
        return; // the caller will hear the answer of the request already in flight
    if (m_refreshToken.isEmpty()) {
        Q_EMIT refreshFailed(AuthError::SessionExpired, u"You are not signed in."_s);
        return;
    }
    qCInfo(lcAuth) << "refreshing the access token";
    QNetworkReply *reply =
        postJson(m_profile.refreshUrl(), {{"refresh"_L1, QString::fromLatin1(m_refreshToken)}});
    m_refreshReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onRefreshFinished(reply); });
}

void AuthClient::onRefreshFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_refreshReply != reply)
        return;
    m_refreshReply.clear();
    if (reply->error() == QNetworkReply::OperationCanceledError && m_refreshToken.isEmpty())
        return; // aborted by forgetTokens()
    const Answer answer = readAnswer(reply, AuthError::SessionExpired);
    if (answer.error != AuthError::None) {
        qCInfo(lcAuth) << "refresh failed:" << answer.message;
        if (answer.error == AuthError::SessionExpired)
            forgetTokens();
        Q_EMIT refreshFailed(answer.error, answer.message);
        return;
    }
    m_accessToken = answer.access;
    if (!answer.refresh.isEmpty())
        m_refreshToken = answer.refresh; // the server rotates: the old one is dead now
    qCInfo(lcAuth) << "refreshed, access" << redactToken(m_accessToken);
    Q_EMIT refreshed();
}

namespace {
QString serverDetail(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QString detail = object.value("detail"_L1).toString();
    return detail.left(200);
}
} // namespace

AuthClient::Answer AuthClient::readAnswer(QNetworkReply *reply, AuthError refusedAs) const
{
    Answer answer;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->read(MaxAnswerSize + 1);
    const QString where = reply->url().adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo).toDisplayString();
    auto fail = [&answer](AuthError error, const QString &message) {
        answer.error = error;
        answer.message = message;
        return answer;
    };

    if (status == 0) {
        switch (reply->error()) {
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            return fail(AuthError::Timeout, u"The server at %1 did not answer in time."_s.arg(where));
        case QNetworkReply::SslHandshakeFailedError:
            return fail(AuthError::Tls,
                        u"Secure connection to %1 failed: %2"_s.arg(where, reply->errorString()));
        default:
            return fail(AuthError::Network,
                        u"Could not reach the server at %1: %2"_s.arg(where, reply->errorString()));
        }
    }
    if (status >= 300 && status < 400) {
        const QUrl target = reply->url().resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
        return fail(AuthError::Redirected, u"The server redirected the request to %1; QtChat does not send "
                                           "credentials anywhere but the server you chose."_s.arg(
                                               target.adjusted(QUrl::RemoveQuery).toDisplayString()));
    }
    if (status == 400 || status == 401) {
        const QString detail = serverDetail(body);
        if (refusedAs == AuthError::InvalidCredentials)
            return fail(refusedAs, detail.isEmpty() ? u"Wrong user name or password."_s
                                                    : u"Wrong user name or password (%1)."_s.arg(detail));
        return fail(refusedAs, u"Your session has expired; please sign in again."_s);
    }
    if (status >= 500)
        return fail(AuthError::Server, u"The server had a problem (HTTP %1); try again later."_s.arg(status));
    if (status != 200)
        return fail(AuthError::UnexpectedAnswer,
                    u"The server answered HTTP %1 at %2; is this a chat server?"_s.arg(status).arg(where));
    if (body.size() > MaxAnswerSize)
        return fail(AuthError::UnexpectedAnswer, u"The server's answer is too large to be a token."_s);

    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonValue access = doc.object().value("access"_L1);
    if (!doc.isObject() || !access.isString())
        return fail(AuthError::UnexpectedAnswer,
                    u"The server at %1 answered, but not with a token; is this a chat server?"_s.arg(where));
    answer.access = access.toString().toLatin1();
    if (const Jwt jwt = Jwt::decode(answer.access); !jwt.isValid())
        return fail(AuthError::UnexpectedAnswer,
                    u"The server's access token is unusable: %1."_s.arg(jwt.errorString()));
    answer.refresh = doc.object().value("refresh"_L1).toString().toLatin1();
    return answer;
}
