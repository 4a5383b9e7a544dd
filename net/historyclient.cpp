#include "historyclient.h"

#include "authclient.h"
#include "logging.h"
#include "roomconnection.h"
#include "tlspolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
constexpr const char *tooLargeProperty = "qtchat_historyTooLarge";
constexpr const char *pastDeadlineProperty = "qtchat_historyPastDeadline";

QString shown(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment).toDisplayString();
}

// Plain integer ids in descending order: a server that lists newest first (DRF's "-id" ordering).
bool isNewestFirst(const QList<ChatMessage> &messages)
{
    if (messages.size() < 2)
        return false;
    qint64 previous = 0;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        bool ok = false;
        const qint64 id = messages.at(i).id.toLongLong(&ok);
        if (!ok || (i > 0 && id >= previous))
            return false;
        previous = id;
    }
    return true;
}
} // namespace

HistoryClient::HistoryClient(AuthClient *auth, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_auth(auth)
    , m_network(network)
{
    connect(m_auth, &AuthClient::refreshed, this, &HistoryClient::onRefreshed);
    connect(m_auth, &AuthClient::refreshFailed, this, &HistoryClient::onRefreshFailed);
}

QString HistoryClient::endpointKey() const
{
    const ServerProfile profile = m_auth->profile();
    return profile.origin() + u' ' + profile.historyPath;
}

bool HistoryClient::isAvailable() const
{
    return m_auth && m_auth->profile().hasHistoryEndpoint && !m_missing.contains(endpointKey());
}

quint64 HistoryClient::fetch(const QString &room, const QString &beforeId, int limit)
{
    if (!isAvailable())
        return 0;
    const quint64 id = m_nextId++;
    m_requests.insert(id, {room, beforeId, qBound(1, limit, MaxPageSize), false, {}});
    send(id);
    return id;
}

void HistoryClient::cancel(const QString &room)
{
    for (auto it = m_requests.begin(); it != m_requests.end();) {
        if (!room.isEmpty() && it->room != room) {
            ++it;
            continue;
        }
        if (it->reply) {
            it->reply->disconnect(this);
            it->reply->abort();
            it->reply->deleteLater();
        }
        m_waitingForToken.removeAll(it.key());
        it = m_requests.erase(it);
    }
}

void HistoryClient::send(quint64 id)
{
    Request &request = m_requests[id];
    const ServerProfile profile = m_auth->profile();
    QString problem = profile.validate();
    const QUrl url = problem.isEmpty()
                         ? profile.historyUrl(request.room, request.beforeId, request.limit, &problem)
                         : QUrl();
    if (!url.isValid()) {
        // Deferred: the caller hears of it after fetch() returned its number.
        QTimer::singleShot(0, this, [this, id, problem] { fail(id, Error::Server, problem); });
        return;
    }
    QNetworkRequest http(url);
    http.setRawHeader("Accept", "application/json");
    // The token never follows a redirect: reported instead (as AuthClient does with credentials).
    http.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    http.setTransferTimeout(m_timeoutMs);
    if (url.scheme() == "https"_L1)
        http.setSslConfiguration(TlsPolicy::configurationFor(profile)); // validate() checked it
    http.setRawHeader("Authorization", "Bearer " + m_auth->accessToken());
    QNetworkReply *reply = m_network->get(http);
    request.reply = reply;
    qCDebug(lcProtocol).noquote() << "GET" << url.toDisplayString();
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        const QList<QSslError> excused = TlsPolicy::pinnedExceptions(m_auth->profile(), errors);
        if (!excused.isEmpty()) {
            reply->ignoreSslErrors(excused); // exactly these, for the pinned certificate
            return;
        }
        qCInfo(lcNet) << "history: TLS refused:" << TlsPolicy::describe(errors);
    });
    const qint64 cap = m_maxAnswerBytes;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, cap](qint64 received, qint64 total) {
        if (received <= cap && total <= cap)
            return;
        reply->setProperty(tooLargeProperty, true);
        reply->abort();
    });
    QTimer::singleShot(m_deadlineMs, reply, [reply] {
        if (!reply->isRunning())
            return;
        reply->setProperty(pastDeadlineProperty, true);
        reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { onFinished(id, reply); });
}

void HistoryClient::onFinished(quint64 id, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_requests.find(id);
    if (it == m_requests.end() || it->reply != reply)
        return;
    const QUrl where = reply->url();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    qCDebug(lcProtocol).noquote() << "GET" << where.toDisplayString() << "->" << status;
    if (reply->property(tooLargeProperty).toBool())
        return fail(id, Error::TooLarge,
                    u"The history answer of %1 is over %2 bytes."_s.arg(shown(where)).arg(m_maxAnswerBytes));
    if (reply->property(pastDeadlineProperty).toBool())
        return fail(id, Error::Timeout, u"The server at %1 did not answer in time."_s.arg(shown(where)));
    if (status == 0) {
        switch (reply->error()) {
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            return fail(id, Error::Timeout, u"The server at %1 did not answer in time."_s.arg(shown(where)));
        case QNetworkReply::SslHandshakeFailedError:
            return fail(
                id, Error::Tls,
                u"The certificate of %1 is not trusted: %2"_s.arg(shown(where), reply->errorString()));
        default:
            return fail(id, Error::Network,
                        u"Could not reach %1: %2"_s.arg(shown(where), reply->errorString()));
        }
    }
    if (status == 401) {
        if (it->retried || !m_auth)
            return fail(id, Error::Unauthorized, u"The server refused the access token for its history."_s);
        it->retried = true;
        it->reply = nullptr;
        qCInfo(lcNet) << "history: the token was refused; refreshing once";
        m_waitingForToken.append(id);
        m_auth->refresh(); // joins a refresh already under way
        return;
    }
    if (status == 404) {
        if (!m_missing.contains(endpointKey())) {
            m_missing.insert(endpointKey());
            qCInfo(lcNet) << "history: no endpoint at" << shown(where) << "(404); not asked again this run";
            Q_EMIT endpointMissing();
        }
        return fail(id, Error::NoEndpoint, u"The server has no history endpoint at %1."_s.arg(shown(where)));
    }
    if (status >= 300 && status < 400)
        return fail(
            id, Error::Redirected,
            u"The server redirected the history request; QtChat does not send the token elsewhere."_s);
    if (status != 200)
        return fail(id, Error::Server, u"The server answered HTTP %1 at %2."_s.arg(status).arg(shown(where)));
    if (reply->error() != QNetworkReply::NoError) // the body broke off after the status
        return fail(id, Error::Network,
                    u"The history answer of %1 broke off: %2"_s.arg(shown(where), reply->errorString()));
    QString problem;
    const QByteArray body = reply->read(m_maxAnswerBytes + 1);
    if (body.size() > m_maxAnswerBytes)
        return fail(id, Error::TooLarge,
                    u"The history answer of %1 is over %2 bytes."_s.arg(shown(where)).arg(m_maxAnswerBytes));
    QList<ChatMessage> messages = parse(body, &problem);
    if (!problem.isEmpty())
        return fail(id, Error::Malformed,
                    u"The history answer of %1 is unusable: %2"_s.arg(shown(where), problem));
    // A server that sends more than asked for: the newest of them, the ones next to beforeId.
    if (messages.size() > it->limit)
        messages = messages.mid(messages.size() - it->limit);
    const Request done = m_requests.take(id);
    qCInfo(lcNet) << "history of" << done.room << "before" << done.beforeId << ":" << messages.size()
                  << "message(s)";
    Q_EMIT pageLoaded(id, done.room, done.beforeId, messages);
}

void HistoryClient::onRefreshed()
{
    const QList<quint64> waiting = std::exchange(m_waitingForToken, {});
    for (const quint64 id : waiting) {
        if (m_requests.contains(id))
            send(id);
    }
}

void HistoryClient::onRefreshFailed()
{
    const QList<quint64> waiting = std::exchange(m_waitingForToken, {});
    for (const quint64 id : waiting)
        fail(id, Error::Unauthorized, u"The access token could not be refreshed for the history."_s);
}

void HistoryClient::fail(quint64 id, Error error, const QString &reason)
{
    if (!m_requests.contains(id))
        return;
    const Request request = m_requests.take(id);
    if (error != Error::NoEndpoint)
        qCInfo(lcNet) << "history of" << request.room << "failed:" << reason;
    Q_EMIT pageFailed(id, request.room, request.beforeId, error, reason);
}

QList<ChatMessage> HistoryClient::parse(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"not JSON (%1 at byte %2)"_s.arg(parseError.errorString()).arg(parseError.offset);
        return {};
    }
    QJsonArray items;
    if (document.isArray()) {
        items = document.array();
    } else if (const QJsonValue results = document.object().value(u"results"_s); results.isArray()) {
        items = results.toArray(); // DRF's pagination
    } else {
        *error = u"neither a list of messages nor {\"results\": [...]}"_s;
        return {};
    }
    QList<ChatMessage> messages;
    messages.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        if (!item.isObject()) {
            *error = u"entry %1 is not an object"_s.arg(i + 1);
            return {};
        }
        // Through the codec as a frame would go, so both paths keep the same rules (ids as the
        // server wrote them, dates, what counts as a chat message).
        IncomingFrame frame = WireCodec::decode(
            QString::fromUtf8(QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact)));
        if (frame.kind != IncomingFrame::Kind::Message) {
            *error = u"entry %1 is not a chat message: %2"_s.arg(i + 1).arg(
                frame.kind == IncomingFrame::Kind::Invalid ? frame.errorText : u"an error frame"_s);
            return {};
        }
        ChatMessage &message = frame.message;
        // As a room does with a frame: one too large to show is a placeholder.
        if (message.text.size() > RoomConnection::MaxChatMessageBytes / 3) {
            if (const qint64 bytes = message.text.toUtf8().size();
                bytes > RoomConnection::MaxChatMessageBytes) {
                message.text.clear();
                message.omittedBytes = bytes;
            }
        }
        messages.append(std::move(message));
    }
    if (isNewestFirst(messages))
        std::reverse(messages.begin(), messages.end());
    return messages;
}
