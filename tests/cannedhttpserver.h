#pragma once

// A loopback HTTP server that answers requests with fixed responses, in order (the last one
// repeats; an empty one means: never answer), for the server behaviours the mock chat server
// does not produce on purpose.
#include <QTcpServer>
#include <QTcpSocket>

class CannedHttpServer : public QTcpServer
{
public:
    explicit CannedHttpServer(QByteArray response, QObject *parent = nullptr)
        : CannedHttpServer(QList<QByteArray>{std::move(response)}, parent)
    {}

    explicit CannedHttpServer(QList<QByteArray> responses, QObject *parent = nullptr)
        : QTcpServer(parent)
        , m_responses(std::move(responses))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    QByteArray &received = m_pending[socket];
                    received += socket->readAll();
                    if (!received.contains("\r\n\r\n"))
                        return;
                    m_received += std::exchange(received, {});
                    const QByteArray &response =
                        m_responses.at(std::min<qsizetype>(m_requests, m_responses.size() - 1));
                    ++m_requests;
                    if (response.isEmpty())
                        return; // never answer
                    socket->write(response);
                    socket->disconnectFromHost();
                });
                connect(socket, &QObject::destroyed, this, [this, socket] { m_pending.remove(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }
    int requests() const { return m_requests; }
    QByteArray received() const { return m_received; }

    static QByteArray response(int status, const QByteArray &contentType, const QByteArray &body,
                               const QByteArray &extraHeaders = {})
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" +
               extraHeaders + "\r\n" + body;
    }

private:
    QList<QByteArray> m_responses;
    QHash<QTcpSocket *, QByteArray> m_pending;
    QByteArray m_received;
    int m_requests = 0;
};
