#pragma once

// Many bare client WebSockets into one chat server, for the load benchmark: opened a bounded number
// of handshakes at a time, with the access token as the only subprotocol, and counted - connected,
// failed, lost after connecting - and every text frame handed to onFrame.
#include <QDeadlineTimer>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

class QWebSocket;

namespace Bench {

class SocketSet
{
public:
    SocketSet(const QUrl &base, const QString &token);
    ~SocketSet(); // aborts every socket

    // Opens count more sockets into room. Returns when all of them are connected, when one failed
    // or was closed (see problem()), when none connected for stallMs, or at the deadline.
    void open(const QString &room, int count, int stallMs, QDeadlineTimer deadline = QDeadlineTimer::Forever);
    int held() const { return m_connected - m_lost; }
    int size() const { return int(m_sockets.size()); }
    QWebSocket *at(int index) const { return m_sockets.at(size_t(index)).get(); }
    QString problem() const { return m_problem; } // empty while nothing went wrong

    std::function<void(int index, const QString &frame)> onFrame;

    // Handshakes in flight at once. Both servers listen with a backlog of 50 (a SYN beyond it waits
    // a second for its retry), and daphne answers 403 to a handshake its application has not
    // accepted within 5 s (--websocket_connect_timeout): with 100 in flight it did so at 9,200
    // sockets, where it accepts about 40 a second.
    static constexpr int MaxInFlight = 50;

private:
    void startMore();
    void onClosed(int index, const QString &why);

    QUrl m_base;
    QString m_token;
    QString m_room;
    std::vector<std::unique_ptr<QWebSocket>> m_sockets;
    std::vector<bool> m_open;
    int m_target = 0;
    int m_inFlight = 0;
    int m_connected = 0;
    int m_lost = 0;
    QString m_problem;
};

// Runs the event loop until done(), or until progress() has not changed for stallMs; true if done.
bool waitWhileProgressing(const std::function<bool()> &done, const std::function<qint64()> &progress,
                          int stallMs);

} // namespace Bench
