#pragma once

// A loopback HTTP server that answers every request with one fixed response (or never
// answers), for the server behaviours the mock chat server does not produce on purpose.
#include <QTcpServer>
#include <QTcpSocket>

class CannedHttpServer : public QTcpServer
{
public:
    explicit CannedHttpServer(QByteArray response, QObject *parent = nullptr)
        : QTcpServer(parent)
        , m_response(std::move(response))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_received += socket->readAll();
                    if (!m_received.contains("\r\n\r\n") || m_response.isEmpty())
                        return; // an empty response means: never answer
                    ++m_requests;
                    socket->write(m_response);
                    socket->disconnectFromHost();
                });
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
    QByteArray m_response;
    QByteArray m_received;
    int m_requests = 0;
};
