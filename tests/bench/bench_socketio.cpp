// Socket.IO benchmarks (issue 14) over loopback against qtchat-mock-server --login-only: the inbound
// burst through SocketIoLink and RoomConnection against a bare QWebSocket reading the same Engine.IO
// frames, and the reconnect of 1 and 10 rooms after a server restart against Channels rooms.
#include "benches.h"
#include "benchsupport.h"

#include "chatclient.h"
#include "messagemodel.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>
#include <QWebSocket>

#include <numeric>

using namespace Qt::StringLiterals;
using State = RoomConnection::State;

namespace Bench {
namespace {

const QStringList LoginOnly{u"--login-only"_s};

// The app's client for a profile of the mock, signed in as alice.
std::unique_ptr<ChatClient> signedIn(const ServerProfile &profile)
{
    auto client = std::make_unique<ChatClient>();
    client->setProfile(profile);
    client->signIn(u"alice"_s, u"alice-pass"_s, false);
    ChatClient *raw = client.get();
    waitFor([raw] { return raw->isSignedIn(); }, 20000, u"alice to sign in"_s);
    return client;
}

ServerProfile socketIoProfile(const MockProcess &mock)
{
    ServerProfile profile = ServerProfile::socketIoDefaults(mock.baseUrl());
    profile.name = u"bench-socketio"_s;
    return profile;
}

RoomConnection *openRoom(ChatClient *client, const QString &name)
{
    RoomConnection *room = client->joinRoom(name);
    if (!room)
        fail(u"cannot join "_s + name);
    waitFor([room] { return room->state() == State::Open; }, 20000, u"room %1 to open"_s.arg(name));
    return room;
}

// Runs the event loop for ms (between benchmark cycles, never inside a measurement).
void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// The baseline: a bare QWebSocket that speaks just enough Engine.IO 4 and Socket.IO 5 (open, CONNECT
// with the token, join with an ack, pong) to be in the room, then counts its "42" frames (with
// parseJson, it also parses each one with QJsonDocument, as any client must).
double bareBurstRate(MockProcess &mock, const QString &token, const QString &room, int messages,
                     bool parseJson)
{
    QUrl url = mock.baseUrl();
    url.setScheme(u"ws"_s);
    url.setPath(u"/socket.io/"_s);
    url.setQuery(u"EIO=4&transport=websocket"_s);
    QWebSocket socket;
    socket.setMaxAllowedIncomingMessageSize(RoomLink::MaxIncomingMessageSize);
    enum class Step { Opening, Connecting, Joining, Joined } step = Step::Opening;
    int frames = 0;
    qint64 lastNs = 0;
    QElapsedTimer clock;
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [&](const QString &text) {
        if (text == u"2"_s) {
            socket.sendTextMessage(u"3"_s);
            return;
        }
        switch (step) {
        case Step::Opening:
            if (text.startsWith(u'0')) {
                step = Step::Connecting;
                socket.sendTextMessage(
                    u"40"_s +
                    QString::fromUtf8(
                        QJsonDocument(QJsonObject{{u"token"_s, token}}).toJson(QJsonDocument::Compact)));
            }
            return;
        case Step::Connecting:
            if (text.startsWith(u"40"_s)) {
                step = Step::Joining;
                socket.sendTextMessage(u"420[\"join\",{\"room\":\"%1\"}]"_s.arg(room));
            }
            return;
        case Step::Joining:
            if (text.startsWith(u"430"_s))
                step = Step::Joined;
            return;
        case Step::Joined:
            if (!text.startsWith(u"42"_s))
                return;
            if (parseJson && !QJsonDocument::fromJson(QStringView(text).sliced(2).toUtf8()).isArray())
                return;
            if (++frames == messages)
                lastNs = clock.nsecsElapsed();
            return;
        }
    });
    socket.open(url);
    waitFor([&step] { return step == Step::Joined; }, 20000, u"the bare socket to join "_s + room);
    clock.start();
    if (mock.admin(u"flood"_s, u"room=%1&count=%2&size=100"_s.arg(room).arg(messages)) != 1)
        fail(u"the flood did not reach the bare socket"_s);
    waitFor([&] { return frames >= messages; }, 300000, u"%1 frames on the bare socket"_s.arg(messages));
    if (frames != messages)
        fail(u"the bare socket got %1 frames, not %2"_s.arg(frames).arg(messages));
    socket.abort();
    return messages / (double(lastNs) / 1e9);
}

// The app: SocketIoLink -> RoomConnection -> MessageModel, wired as MainWindow wires them.
double appBurstRate(MockProcess &mock, ChatClient *client, const QString &name, int messages)
{
    RoomConnection *room = openRoom(client, name);
    MessageModel model(client->userName());
    model.setMaxRows(messages); // the whole burst is kept, as in benchmark 1
    QObject::connect(room, &RoomConnection::messageReceived, &model, &MessageModel::queueReceived);
    qint64 lastNs = 0;
    QElapsedTimer clock;
    QObject::connect(&model, &MessageModel::rowsInserted, &model, [&] {
        if (lastNs == 0 && model.rowCount() >= messages)
            lastNs = clock.nsecsElapsed();
    });
    clock.start();
    if (mock.admin(u"flood"_s, u"room=%1&count=%2&size=100"_s.arg(name).arg(messages)) != 1)
        fail(u"the flood did not reach the app's room"_s);
    waitFor([&] { return lastNs != 0 || room->state() != State::Open; }, 300000,
            u"%1 messages in the model"_s.arg(messages));
    if (model.rowCount() != messages)
        fail(u"the model holds %1 messages, not %2 (room: %3)"_s.arg(model.rowCount())
                 .arg(messages)
                 .arg(room->stateReason()));
    client->leaveRoom(name);
    return messages / (double(lastNs) / 1e9);
}

struct RestartTimes
{
    QList<double> ms;        // per cycle: from the restart request until the last room is Open again
    QList<double> attemptMs; // per room and cycle: its attempt alone, from its last state change to Open
    int reconnects = 0;
};

// rooms rooms of client (already Open) through cycles restarts of the mock.
RestartTimes restartCycles(MockProcess &mock, const QList<RoomConnection *> &rooms, int cycles)
{
    RestartTimes times;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        QElapsedTimer clock;
        QSet<RoomConnection *> left;     // left Open after this restart
        QSet<RoomConnection *> reopened; // and Open again
        qint64 lastNs = 0;
        QHash<RoomConnection *, qint64> changedNs; // each room's last state change
        QList<QMetaObject::Connection> connections;
        for (RoomConnection *room : rooms) {
            const auto onState = [&, room](State state) {
                const qint64 now = clock.nsecsElapsed();
                if (state != State::Open) {
                    left.insert(room);
                } else if (left.contains(room) && !reopened.contains(room)) {
                    times.attemptMs.append(double(now - changedNs.value(room)) / 1e6);
                    reopened.insert(room);
                    if (reopened.size() == rooms.size())
                        lastNs = now;
                }
                changedNs.insert(room, now);
            };
            connections << QObject::connect(room, &RoomConnection::stateChanged, room, onState);
        }
        const int reconnectsBefore =
            std::accumulate(rooms.cbegin(), rooms.cend(), 0,
                            [](int sum, RoomConnection *room) { return sum + room->reconnectCount(); });
        clock.start();
        if (mock.admin(u"restart"_s, QString()) < 1)
            fail(u"the restart cut no connection in cycle %1"_s.arg(cycle));
        waitFor([&] { return lastNs != 0; }, 60000,
                u"%1 rooms to open after the restart"_s.arg(rooms.size()));
        for (const QMetaObject::Connection &connection : std::as_const(connections))
            QObject::disconnect(connection);
        times.ms.append(double(lastNs) / 1e6);
        times.reconnects +=
            std::accumulate(rooms.cbegin(), rooms.cend(), 0,
                            [](int sum, RoomConnection *room) { return sum + room->reconnectCount(); }) -
            reconnectsBefore;
        // Longer than the profile's stableAfterMs below: each restart meets healthy connections, whose
        // first retry has the first backoff window (1 s, full jitter), as after a long-lived session.
        pause(300);
    }
    return times;
}

} // namespace

int socketIoBurst(int messages, int rounds)
{
    MockProcess mock(LoginOnly);
    auto client = signedIn(socketIoProfile(mock));
    QUrl login = mock.baseUrl();
    login.setPath(u"/login"_s);
    const QString token =
        post(login, {{u"username"_s, u"bob"_s}, {u"password"_s, u"bob-pass"_s}}).value(u"token"_s).toString();
    if (token.isEmpty())
        fail(u"the mock gave bob no token at /login"_s);
    double bare = 0;
    double parsing = 0;
    double app = 0;
    for (int round = 1; round <= rounds; ++round) {
        bare = std::max(bare, bareBurstRate(mock, token, u"sio-bare-%1"_s.arg(round), messages, false));
        parsing = std::max(parsing, bareBurstRate(mock, token, u"sio-json-%1"_s.arg(round), messages, true));
        app = std::max(app, appBurstRate(mock, client.get(), u"sio-app-%1"_s.arg(round), messages));
    }
    const auto rate = [](double perSecond) {
        return QString::number(perSecond, 'f', 0) + u" msg/s"_s;
    };
    report({u"8 Socket.IO inbound burst (%1 x 100 B)"_s.arg(messages), rate(app),
            rate(bare) + u" (bare QWebSocket, same Engine.IO frames)"_s, app / bare, u"ratio >= 0.7"_s,
            app / bare >= 0.7});
    note(u"Socket.IO burst: best of %1 rounds each, 42[\"message\",{...}] frames from the mock's "
         u"/admin/flood, "
         "timed from the flood request to the last message in the MessageModel (app: SocketIoLink + "
         "RoomConnection) or the last frame counted (bare); a bare QWebSocket that also parses each frame "
         "with QJsonDocument takes %2 (app ratio to it: %3)"_s.arg(rounds)
             .arg(rate(parsing))
             .arg(app / parsing, 0, 'f', 2));
    return 0;
}

int socketIoReconnectAfterRestart(int cycles)
{
    const QList<int> roomCounts{1, 10};
    struct Side
    {
        std::unique_ptr<MockProcess> mock;
        std::unique_ptr<ChatClient> client;
        QList<RoomConnection *> rooms;
        QList<RestartTimes> times; // per room count
    };
    Side socketIo;
    Side channels;
    socketIo.mock = std::make_unique<MockProcess>(LoginOnly);
    channels.mock = std::make_unique<MockProcess>();
    ServerProfile socketIoSettings = socketIoProfile(*socketIo.mock);
    ServerProfile channelsSettings;
    channelsSettings.name = u"bench-channels"_s;
    channelsSettings.baseUrl = channels.mock->baseUrl();
    for (ServerProfile *profile : {&socketIoSettings, &channelsSettings})
        profile->reconnect.stableAfterMs = 200; // see restartCycles()
    socketIo.client = signedIn(socketIoSettings);
    channels.client = signedIn(channelsSettings);
    for (const int count : roomCounts) {
        for (Side *side : {&channels, &socketIo}) {
            while (side->rooms.size() < count)
                side->rooms << openRoom(side->client.get(), u"restart-%1"_s.arg(side->rooms.size()));
            pause(300);
            side->times << restartCycles(*side->mock, side->rooms, cycles);
        }
    }
    for (qsizetype i = 0; i < roomCounts.size(); ++i) {
        const RestartTimes &sio = socketIo.times.at(i);
        const RestartTimes &ws = channels.times.at(i);
        const double ratio = percentile(sio.ms, 50) / percentile(ws.ms, 50);
        report({u"9 Socket.IO reconnect after a server restart (%1 room%2, %3 cycles)"_s.arg(roomCounts.at(i))
                    .arg(roomCounts.at(i) == 1 ? QString() : u"s"_s)
                    .arg(cycles),
                u"p50 %1, p99 %2"_s.arg(ms(percentile(sio.ms, 50)), ms(percentile(sio.ms, 99))),
                u"p50 %1, p99 %2 (Channels, a socket per room)"_s.arg(ms(percentile(ws.ms, 50)),
                                                                      ms(percentile(ws.ms, 99))),
                ratio, u"p50 <= 1.5x"_s, ratio <= 1.5});
        note(u"Socket.IO restart, %1 room(s): %2 reconnects scheduled over %3 cycles (Channels: %4); the "
             "Socket.IO rooms share one connection. A room's attempt alone (its last state change to Open, "
             "without the backoff wait): p50 %5, p99 %6 (Channels: p50 %7, p99 %8)"_s.arg(roomCounts.at(i))
                 .arg(sio.reconnects)
                 .arg(cycles)
                 .arg(ws.reconnects)
                 .arg(ms(percentile(sio.attemptMs, 50)), ms(percentile(sio.attemptMs, 99)),
                      ms(percentile(ws.attemptMs, 50)), ms(percentile(ws.attemptMs, 99))));
    }
    note(u"Socket.IO restart: timed from the /admin/restart request (every socket cut without a close frame, "
         "tokens still valid) to the last room's stateChanged(Open); each restart meets healthy connections, "
         "so each room's first retry falls in the first backoff window (1 s, full jitter): the figures are "
         "mostly that jitter, the same draw for both protocols"_s);
    return 0;
}

} // namespace Bench
