#pragma once

// The server contract from DESIGN.md on one port: simplejwt-style token endpoints and Django
// Channels-style chat rooms over WebSocket. Independent of the client code on purpose.

#include "httpmessage.h"
#include "jwtsigner.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;
class QWebSocket;

struct MockServerOptions
{
    QHash<QString, QString> users{{QStringLiteral("alice"), QStringLiteral("alice-pass")},
                                  {QStringLiteral("bob"), QStringLiteral("bob-pass")}}; // name -> password
    double accessTtlSeconds = 300;
    double refreshTtlSeconds = 86400;
    bool rotateRefresh = false;    // every refresh also returns a new refresh token; the old one dies
    int historySize = 50;          // messages replayed to a client joining a room
    std::function<qint64()> clock; // ms since the epoch; empty means the wall clock
};

class MockServer : public QObject
{
    Q_OBJECT
public:
    explicit MockServer(MockServerOptions options = {}, QObject *parent = nullptr);
    ~MockServer() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    QString errorString() const;
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT

    // For tests that need tokens the endpoints would not hand out (expired, short-lived).
    QByteArray issueAccessToken(const QString &user, double ttlSeconds) const;
    QByteArray issueRefreshToken(const QString &user, double ttlSeconds) const;

    int tokenRequestCount() const { return m_tokenRequests; }
    int refreshRequestCount() const { return m_refreshRequests; }
    int clientCount(const QString &room) const;

Q_SIGNALS:
    void clientJoined(const QString &room, const QString &user);
    void clientLeft(const QString &room, const QString &user);
    void messageBroadcast(const QString &room, const QJsonObject &message);

private:
    struct Client
    {
        QString room;
        QString user;
    };

    void onNewConnection();
    void onRequestData(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QByteArray &response);
    QByteArray httpAnswer(const HttpRequest &request);
    QByteArray tokenAnswer(const QByteArray &body);
    QByteArray refreshAnswer(const QByteArray &body);
    void upgrade(QTcpSocket *socket, const HttpRequest &request);
    void adopt(QWebSocket *socket, const QString &room, const JwtSigner::Claims &claims);
    void onTextMessage(QWebSocket *socket, const QString &text);
    void onClientDisconnected(QWebSocket *socket);
    int userId(const QString &user) const;

    MockServerOptions m_options;
    JwtSigner m_signer;
    QTcpServer *m_tcpServer;
    QHash<QWebSocket *, Client> m_clients; // the sockets are children of this
    QHash<QString, QList<QJsonObject>> m_history;
    QSet<QString> m_deadRefreshJtis;
    qint64 m_nextMessageId = 1;
    int m_tokenRequests = 0;
    int m_refreshRequests = 0;
};
