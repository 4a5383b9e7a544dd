#include "tokenanswer.h"

#include "jwt.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
TokenAnswer failure(AuthError error, const QString &message)
{
    TokenAnswer answer;
    answer.error = error;
    answer.message = message;
    return answer;
}

QString shown(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment).toDisplayString();
}

constexpr const char *tooLargeProperty = "qtchat_answerTooLarge";
constexpr const char *pastDeadlineProperty = "qtchat_answerPastDeadline";
} // namespace

void TokenAnswer::limitBody(QNetworkReply *reply)
{
    QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64 total) {
        if (received <= MaxBodySize && total <= MaxBodySize)
            return;
        reply->setProperty(tooLargeProperty, true);
        reply->abort();
    });
}

void TokenAnswer::limitTime(QNetworkReply *reply, std::chrono::milliseconds deadline)
{
    // The reply is the context: the timer goes with it, and a finished reply is left alone.
    QTimer::singleShot(deadline, reply, [reply] {
        if (!reply->isRunning())
            return;
        reply->setProperty(pastDeadlineProperty, true);
        reply->abort();
    });
}

TokenAnswer TokenAnswer::fromReply(QNetworkReply *reply, AuthError refusedAs, const TokenFields &fields)
{
    if (reply->property(tooLargeProperty).toBool())
        return failure(AuthError::UnexpectedAnswer, u"The server's answer is too large to be a token."_s);
    // The same words as the transfer timeout: to the user both are a server that took too long.
    if (reply->property(pastDeadlineProperty).toBool())
        return failure(AuthError::Timeout,
                       u"The server at %1 did not answer in time."_s.arg(shown(reply->url())));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QUrl where = reply->url();
    // A transfer timeout can strike after the headers too (a body that never ends): still a timeout.
    const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError ||
                          reply->error() == QNetworkReply::TimeoutError;
    if (status == 0 || timedOut) {
        switch (reply->error()) {
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            return failure(AuthError::Timeout,
                           u"The server at %1 did not answer in time."_s.arg(shown(where)));
        case QNetworkReply::SslHandshakeFailedError:
            return failure(AuthError::Tls,
                           u"The certificate of %1 is not trusted, so QtChat did not connect: %2"_s.arg(
                               shown(where), reply->errorString()));
        default:
            return failure(AuthError::Network,
                           u"Could not reach the server at %1: %2"_s.arg(shown(where), reply->errorString()));
        }
    }
    const QUrl location = reply->header(QNetworkRequest::LocationHeader).toUrl();
    TokenAnswer answer =
        parse(status, reply->read(MaxBodySize + 1), where, where.resolved(location), refusedAs, fields);
    // HTTP dates are "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110), always in English and UTC;
    // Qt 6.4's RFC 2822 parser does not take the "GMT".
    QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(reply->rawHeader("Date")),
                                             u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
    date.setTimeSpec(Qt::UTC);
    if (date.isValid())
        answer.serverDateMs = date.toMSecsSinceEpoch();
    return answer;
}

TokenAnswer TokenAnswer::parse(int status, const QByteArray &body, const QUrl &where,
                               const QUrl &redirectTarget, AuthError refusedAs, const TokenFields &fields)
{
    if (status >= 300 && status < 400)
        return failure(AuthError::Redirected,
                       u"The server redirected the request to %1; QtChat does not send "
                       "credentials anywhere but the server you chose."_s.arg(shown(redirectTarget)));
    if (status == 400 || status == 401) {
        if (refusedAs != AuthError::InvalidCredentials)
            return failure(refusedAs, u"Your session has expired; please sign in again."_s);
        const QString detail = QJsonDocument::fromJson(body).object().value("detail"_L1).toString().left(200);
        return failure(refusedAs, detail.isEmpty() ? u"Wrong user name or password."_s
                                                   : u"Wrong user name or password (%1)."_s.arg(detail));
    }
    if (status >= 500)
        return failure(AuthError::Server,
                       u"The server had a problem (HTTP %1); try again later."_s.arg(status));
    if (status != 200)
        return failure(
            AuthError::UnexpectedAnswer,
            u"The server answered HTTP %1 at %2; is this a chat server?"_s.arg(status).arg(shown(where)));
    if (body.size() > MaxBodySize)
        return failure(AuthError::UnexpectedAnswer, u"The server's answer is too large to be a token."_s);

    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonValue access = object.value(fields.access);
    if (!access.isString())
        return failure(
            AuthError::UnexpectedAnswer,
            u"The server at %1 answered, but not with a token; is this a chat server?"_s.arg(shown(where)));
    TokenAnswer answer;
    answer.access = access.toString().toUtf8();
    if (const Jwt jwt = Jwt::decode(answer.access); !jwt.isValid())
        return failure(AuthError::UnexpectedAnswer,
                       u"The server's access token is unusable: %1."_s.arg(jwt.errorString()));
    const QJsonValue refresh =
        fields.refresh.isEmpty() ? QJsonValue(QJsonValue::Undefined) : object.value(fields.refresh);
    if (!refresh.isUndefined() && (!refresh.isString() || refresh.toString().isEmpty()))
        return failure(AuthError::UnexpectedAnswer, u"The server's refresh token is unusable."_s);
    answer.refresh = refresh.toString().toUtf8();
    return answer;
}
