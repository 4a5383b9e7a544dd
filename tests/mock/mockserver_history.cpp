// The history endpoint of MockServer, as a DRF list view with simplejwt authentication would
// answer it: GET /api/rooms/{room}/messages/?before=ID&limit=N, newest N before ID, oldest first.

#include "mocklogging.h"
#include "mockserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QRegularExpression &historyPath()
{
    static const QRegularExpression path(u"^/api/rooms/([^/]+)/messages/$"_s);
    return path;
}

QByteArray detail(int status, const QString &text, const QString &code = {})
{
    QJsonObject body{{u"detail"_s, text}};
    if (!code.isEmpty())
        body.insert(u"code"_s, code);
    return jsonResponse(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace

bool MockServer::isHistoryPath(const QByteArray &path) const
{
    return !m_options.loginOnly && historyPath().match(QString::fromLatin1(path)).hasMatch();
}

QList<QJsonObject> MockServer::joinHistory(const QString &room) const
{
    const QList<QJsonObject> all = m_history.value(room);
    return all.mid(std::max<qsizetype>(0, all.size() - std::max(0, m_options.historySize)));
}

QByteArray MockServer::historyAnswer(const HttpRequest &request)
{
    ++m_historyRequests;
    if (!m_options.historyEndpoint)
        return detail(404, u"Not found."_s);
    if (request.method != "GET")
        return detail(405, u"Method \"%1\" not allowed."_s.arg(QString::fromLatin1(request.method)));
    // simplejwt's two refusals: no credentials at all, and a token that is not good.
    const QByteArray auth = request.header("authorization");
    if (!auth.startsWith("Bearer "))
        return detail(401, u"Authentication credentials were not provided."_s, u"not_authenticated"_s);
    QString why;
    if (!m_signer.verify(auth.mid(7).trimmed(), JwtSigner::TokenType::Access, &why)) {
        qCInfo(lcMock) << "history refused:" << why;
        return detail(401, u"Given token not valid for any token type"_s, u"token_not_valid"_s);
    }
    const QUrl url = QUrl::fromEncoded(request.target);
    const QString room =
        QUrl::fromPercentEncoding(historyPath().match(url.path(QUrl::FullyEncoded)).captured(1).toLatin1());
    if (!m_history.contains(room) && clientCount(room) == 0)
        return detail(404, u"Not found."_s);

    const QUrlQuery query(url);
    bool ok = true;
    const QString beforeText = query.queryItemValue(u"before"_s);
    const qint64 before =
        beforeText.isEmpty() ? std::numeric_limits<qint64>::max() : beforeText.toLongLong(&ok);
    const QString limitText = query.queryItemValue(u"limit"_s);
    const int limit = limitText.isEmpty() ? 50 : (ok ? limitText.toInt(&ok) : 0);
    if (!ok || limit <= 0)
        return detail(400, u"before must be a message id and limit a positive number."_s);

    // The newest `limit` (at most the cap) with an id below `before`, oldest first.
    const QList<QJsonObject> all = m_history.value(room);
    auto end = std::lower_bound(all.cbegin(), all.cend(), before, [](const QJsonObject &message, qint64 id) {
        return message.value(u"id"_s).toInteger() < id;
    });
    const qsizetype count =
        std::min<qsizetype>({std::min(limit, m_options.historyPageCap), end - all.cbegin()});
    QJsonArray page;
    for (auto it = end - count; it != end; ++it)
        page.append(historyFrame(*it));
    qCInfo(lcMock) << "history of" << room << "before" << beforeText << ":" << page.size() << "message(s)";
    if (!m_options.historyPaginated)
        return jsonResponse(200, QJsonDocument(page).toJson(QJsonDocument::Compact));
    const QJsonObject paginated{
        {u"next"_s, QJsonValue::Null}, {u"previous"_s, QJsonValue::Null}, {u"results"_s, page}};
    return jsonResponse(200, QJsonDocument(paginated).toJson(QJsonDocument::Compact));
}

int MockServer::storeUnseen(const QString &room, int count)
{
    for (int i = 0; i < count; ++i) {
        QJsonObject message{
            {u"message"_s, u"unseen %1"_s.arg(m_nextMessageId)},
            {u"user"_s, u"history"_s},
            {u"created_at"_s,
             QDateTime::fromMSecsSinceEpoch(m_signer.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs)},
            {u"id"_s, m_nextMessageId++},
        };
        QList<QJsonObject> &history = m_history[room];
        history.append(message);
        const int kept = std::max(m_options.historySize, m_options.historyKept);
        if (history.size() > kept)
            history.remove(0, history.size() - kept);
    }
    qCInfo(lcMock) << "stored" << count << "message(s) in" << room << "without a broadcast";
    return count;
}
