#pragma once

// A loopback HTTP server that answers requests with fixed responses, in order (the last one
// repeats; an empty one means: never answer), for the server behaviours the mock chat server
// does not produce on purpose. trickleFrom() makes answers crawl, byte by byte.
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <chrono>

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
                    if (m_trickleFrom >= 0 && m_requests > m_trickleFrom) {
                        trickle(socket, response);
                        return;
                    }
                    socket->write(response);
                    socket->disconnectFromHost();
                });
                connect(socket, &QObject::destroyed, this, [this, socket] { m_pending.remove(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }

    // From the request-th request on (0 is the first), the status line and headers go at once and
    // the body one byte every `every`: never silent long enough for an inactivity timeout.
    void trickleFrom(int request, std::chrono::milliseconds every)
    {
        m_trickleFrom = request;
        m_trickleEvery = every;
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }
    int requests() const { return m_requests; }
    QByteArray received() const { return m_received; }
    qint64 trickledBytes() const { return m_trickled; }

    static QByteArray response(int status, const QByteArray &contentType, const QByteArray &body,
                               const QByteArray &extraHeaders = {})
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" +
               extraHeaders + "\r\n" + body;
    }

private:
    void trickle(QTcpSocket *socket, const QByteArray &response)
    {
        const qsizetype headEnd = response.indexOf("\r\n\r\n") + 4;
        socket->write(response.left(headEnd));
        auto *drip = new QTimer(socket); // stops when the client hangs up and the socket goes
        connect(drip, &QTimer::timeout, socket, [this, socket, drip, response, at = headEnd]() mutable {
            if (at >= response.size()) {
                drip->stop();
                socket->disconnectFromHost();
                return;
            }
            socket->write(response.mid(at++, 1));
            ++m_trickled;
        });
        drip->start(m_trickleEvery);
    }

    QList<QByteArray> m_responses;
    int m_trickleFrom = -1;
    std::chrono::milliseconds m_trickleEvery{100};
    qint64 m_trickled = 0;
    QHash<QTcpSocket *, QByteArray> m_pending;
    QByteArray m_received;
    int m_requests = 0;
};
