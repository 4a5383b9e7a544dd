#pragma once

// Older messages of a room from the server's history endpoint (ServerProfile::historyPath): one
// page per request, over the AuthClient's QNetworkAccessManager with its access token as Bearer.
// - A 401 refreshes the token once through AuthClient (its single flight) and asks once more;
//   a second 401 fails the page. Never a loop.
// - A 404 means the server has no such endpoint: remembered for the rest of the run (for this
//   origin and path), and nothing is asked there again; no error per page.
// - TLS fails closed (TlsPolicy), redirects are not followed (the token goes nowhere else), the
//   answer is bounded in size and in time.
// - The answer is a JSON list of message objects, oldest first, or DRF's paginated
//   {"results": [...]}; each object goes through the wire codec, so a history message is held to
//   the same checks as a frame. One object the codec refuses fails the page, with its reason.
#include "chatmessage.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

class AuthClient;
class QNetworkAccessManager;
class QNetworkReply;

class HistoryClient : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        NoEndpoint,   // 404 (or the profile has none): nothing to page through on this server
        Unauthorized, // 401 after a refresh, or the refresh failed
        Network,
        Tls,
        Timeout,    // no byte for the transfer timeout, or past the deadline
        Redirected, // 3xx: not followed
        TooLarge,   // over maxAnswerBytes()
        Malformed,  // not a list of message objects the codec takes
        Server,     // 5xx, or any other status
    };
    Q_ENUM(Error)

    static constexpr int DefaultPageSize = 50;
    // 100 messages at the largest a room shows (RoomConnection::MaxChatMessageBytes is 1 MiB) would
    // be far more; a page that large is a server to distrust, not a page to read.
    static constexpr qint64 DefaultMaxAnswerBytes = 4 * 1024 * 1024;
    static constexpr int MaxPageSize = 1000;

    // Neither is owned; the token, the profile and the refresh come from auth.
    HistoryClient(AuthClient *auth, QNetworkAccessManager *network, QObject *parent = nullptr);

    void setMaxAnswerBytes(qint64 bytes) { m_maxAnswerBytes = bytes; }
    qint64 maxAnswerBytes() const { return m_maxAnswerBytes; }
    void setRequestTimeout(int ms) { m_timeoutMs = ms; }   // silence
    void setRequestDeadline(int ms) { m_deadlineMs = ms; } // overall

    // True when the profile has a history endpoint and it has not answered 404 this run.
    bool isAvailable() const;
    // Asks for up to limit messages of room before the one with server id beforeId (empty: the
    // newest). Returns the request's number, or 0 when there is no endpoint (nothing follows).
    quint64 fetch(const QString &room, const QString &beforeId, int limit = DefaultPageSize);
    // Drops the requests in flight (a room was left, signed out); none of them reports.
    void cancel(const QString &room = {});
    int requestsInFlight() const { return int(m_requests.size()); }

    // The messages of an answer's body, oldest first, or an empty list and *error set. Pure, for
    // tests and fuzzing.
    static QList<ChatMessage> parse(const QByteArray &body, QString *error);

Q_SIGNALS:
    void pageLoaded(quint64 request, const QString &room, const QString &beforeId,
                    const QList<ChatMessage> &messages);
    void pageFailed(quint64 request, const QString &room, const QString &beforeId, HistoryClient::Error error,
                    const QString &reason);
    // The server has no history endpoint (404): said once per run and origin.
    void endpointMissing();

private:
    struct Request
    {
        QString room;
        QString beforeId;
        int limit = DefaultPageSize;
        bool retried = false; // asked again after a refresh already
        QPointer<QNetworkReply> reply;
    };
    void send(quint64 id);
    void onFinished(quint64 id, QNetworkReply *reply);
    void onRefreshed();
    void onRefreshFailed();
    void fail(quint64 id, Error error, const QString &reason);
    QString endpointKey() const;

    QPointer<AuthClient> m_auth;
    QNetworkAccessManager *m_network;
    qint64 m_maxAnswerBytes = DefaultMaxAnswerBytes;
    int m_timeoutMs = 15000;
    int m_deadlineMs = 30000;
    quint64 m_nextId = 1;
    QHash<quint64, Request> m_requests;
    QList<quint64> m_waitingForToken; // refused once, asked again once the refresh is in
    QSet<QString> m_missing;          // origin + path of endpoints that answered 404
};
