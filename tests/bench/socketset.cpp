#include "socketset.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkRequest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include "benchsupport.h"

using namespace Qt::StringLiterals;

namespace Bench {

SocketSet::SocketSet(const QUrl &base, const QString &token)
    : m_base(base)
    , m_token(token)
{}

SocketSet::~SocketSet()
{
    // abort(): a reset instead of a close handshake, so no port is left in TIME_WAIT for the next
    // server of the run (10,000 sockets a server, 28,000 ephemeral ports).
    for (const auto &socket : m_sockets) {
        QObject::disconnect(socket.get(), nullptr, nullptr, nullptr);
        socket->abort();
    }
}

void SocketSet::open(const QString &room, int count, int stallMs, QDeadlineTimer deadline)
{
    m_room = room;
    m_target += count;
    startMore();
    waitWhileProgressing(
        [&] { return m_connected == m_target || !m_problem.isEmpty() || deadline.hasExpired(); },
        [this] { return qint64(m_connected); }, stallMs);
}

void SocketSet::startMore()
{
    // Daphne's AllowedHostsOriginValidator refuses a handshake without an allowed Origin; the mock
    // accepts any. Both get the server's own origin, as the app sends it.
    const QString origin = m_base.toString(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::StripTrailingSlash);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({m_token});
    while (m_problem.isEmpty() && m_inFlight < MaxInFlight && size() < m_target) {
        const int index = size();
        m_sockets.push_back(std::make_unique<QWebSocket>(origin));
        m_open.push_back(false);
        QWebSocket *socket = m_sockets.back().get();
        QObject::connect(socket, &QWebSocket::connected, socket, [this, index] {
            m_open[size_t(index)] = true;
            ++m_connected;
            --m_inFlight;
            startMore();
        });
        QObject::connect(socket, &QWebSocket::disconnected, socket, [this, index, socket] {
            onClosed(index, u"closed by the server (code %1 %2)"_s.arg(int(socket->closeCode()))
                                .arg(socket->closeReason()));
        });
        QObject::connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), socket,
                         [this, index, socket] { onClosed(index, socket->errorString()); });
        QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                         [this, index](const QString &text) {
                             if (onFrame)
                                 onFrame(index, text);
                         });
        ++m_inFlight;
        socket->open(QNetworkRequest(roomUrl(m_base, m_room)), options);
    }
}

void SocketSet::onClosed(int index, const QString &why)
{
    QWebSocket *socket = at(index);
    QObject::disconnect(socket, nullptr, nullptr, nullptr); // error and disconnected both come
    if (m_open[size_t(index)]) {
        m_open[size_t(index)] = false;
        ++m_lost;
    } else {
        --m_inFlight;
    }
    if (m_problem.isEmpty())
        m_problem = u"socket %1 of %2: %3"_s.arg(index + 1).arg(m_target).arg(why);
    socket->abort(); // Qt 6.4 leaves a refused handshake's socket open
}

bool waitWhileProgressing(const std::function<bool()> &done, const std::function<qint64()> &progress,
                          int stallMs)
{
    if (done())
        return true;
    QEventLoop loop;
    qint64 last = progress();
    QElapsedTimer still;
    still.start();
    QTimer check; // only re-checks: figures are taken in signal handlers, not here
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done()) {
            loop.quit();
        } else if (const qint64 now = progress(); now != last) {
            last = now;
            still.restart();
        } else if (still.elapsed() > stallMs) {
            loop.quit();
        }
    });
    check.start(5);
    loop.exec();
    return done();
}

} // namespace Bench
