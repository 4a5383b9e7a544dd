// Benchmarks over loopback against qtchat-mock-server: the inbound burst, the reconnect after a
// 4001, and the soak of refresh + reconnect cycles with one-second tokens.
#include "benches.h"
#include "benchsupport.h"

#include "chatclient.h"
#include "messagemodel.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

using namespace Qt::StringLiterals;
using State = RoomConnection::State;

namespace Bench {

// The app's client: ChatClient with its AuthClient, signed in as alice (no keychain, no settings;
// a message store under storeFolder when one is given).
std::unique_ptr<ChatClient> signedInClient(const MockProcess &mock, const QString &storeFolder)
{
    auto client = std::make_unique<ChatClient>();
    client->setMessageStoreFolder(storeFolder);
    ServerProfile profile;
    profile.name = u"bench"_s;
    profile.baseUrl = mock.baseUrl();
    client->setProfile(profile);
    client->signIn(u"alice"_s, u"alice-pass"_s, false);
    ChatClient *raw = client.get();
    waitFor([raw] { return raw->isSignedIn(); }, 20000, u"alice to sign in"_s);
    return client;
}

namespace {

RoomConnection *openRoom(ChatClient *client, const QString &name)
{
    RoomConnection *room = client->joinRoom(name);
    if (!room)
        fail(u"cannot join "_s + name);
    waitFor([room] { return room->state() == State::Open; }, 20000, u"room %1 to open"_s.arg(name));
    return room;
}

QWebSocketHandshakeOptions withToken(const QString &token)
{
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({token});
    return options;
}

// The baseline: a bare QWebSocket in the room that only counts text frames (with parseJson, it
// also parses each one with QJsonDocument, as any client must: a second, fairer reference).
double bareBurstRate(MockProcess &mock, const QString &room, int messages, bool parseJson = false)
{
    const QString access = mock.signIn().value(u"access"_s).toString();
    QWebSocket socket;
    socket.setMaxAllowedIncomingMessageSize(RoomConnection::MaxIncomingMessageSize);
    int frames = 0;
    qint64 lastNs = 0;
    QElapsedTimer clock;
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [&](const QString &text) {
        if (parseJson && !QJsonDocument::fromJson(text.toUtf8()).isObject())
            return;
        if (++frames == messages)
            lastNs = clock.nsecsElapsed();
    });
    socket.open(QNetworkRequest(mock.webSocketUrl(room)), withToken(access));
    waitFor([&socket] { return socket.state() == QAbstractSocket::ConnectedState; }, 20000,
            u"the bare socket to connect"_s);
    clock.start();
    if (mock.admin(u"flood"_s, u"room=%1&count=%2&size=100"_s.arg(room).arg(messages)) != 1)
        fail(u"the flood did not reach the bare socket"_s);
    waitFor([&] { return frames >= messages; }, 300000, u"%1 frames on the bare socket"_s.arg(messages));
    if (frames != messages)
        fail(u"the bare socket got %1 frames, not %2"_s.arg(frames).arg(messages));
    socket.abort();
    return messages / (double(lastNs) / 1e9);
}

} // namespace

// The app: RoomConnection -> MessageModel, wired as MainWindow wires them.
double burstIntoModel(MockProcess &mock, ChatClient *client, const QString &name, int messages)
{
    RoomConnection *room = openRoom(client, name);
    MessageModel model(client->userName());
    // The whole burst is kept (the room's cap, MessageModel::DefaultMaxRows, would drop most of it),
    // so the last message is in when the model holds them all, as before the cap.
    model.setMaxRows(messages);
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

int inboundBurst(int messages, int rounds)
{
    MockProcess mock;
    auto client = signedInClient(mock);
    double bare = 0;
    double parsing = 0;
    double app = 0;
    for (int round = 1; round <= rounds; ++round) {
        bare = std::max(bare, bareBurstRate(mock, u"bare-%1"_s.arg(round), messages));
        parsing = std::max(parsing, bareBurstRate(mock, u"json-%1"_s.arg(round), messages, true));
        app = std::max(app, burstIntoModel(mock, client.get(), u"app-%1"_s.arg(round), messages));
    }
    const auto rate = [](double perSecond) {
        return QString::number(perSecond, 'f', 0) + u" msg/s"_s;
    };
    report({u"1 inbound burst (%1 x 100 B)"_s.arg(messages), rate(app), rate(bare) + u" (bare QWebSocket)"_s,
            app / bare, u"ratio >= 0.7"_s, app / bare >= 0.7});
    note(u"inbound burst: best of %1 rounds each, timed from the flood request to the last message in the "
         "MessageModel (app) or the last frame counted (bare); a bare QWebSocket that also parses each frame "
         "with QJsonDocument takes %2 (app ratio to it: %3)"_s.arg(rounds)
             .arg(rate(parsing))
             .arg(app / parsing, 0, 'f', 2));
    return 0;
}

int reconnectAfter4001(int cycles)
{
    MockProcess mock;
    auto client = signedInClient(mock);
    RoomConnection *room = openRoom(client.get(), u"reconnect"_s);
    const QString refresh = mock.signIn().value(u"refresh"_s).toString();
    QUrl refreshUrl = mock.baseUrl();
    refreshUrl.setPath(u"/api/token/refresh/"_s);
    QNetworkAccessManager network;
    QList<double> appMs;
    QList<double> bareMs;
    QList<double> postMs;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        // The app: from the 4001 (as the room sees it) to the room open again on a refreshed token.
        QElapsedTimer clock;
        bool refused = false;
        bool reopened = false;
        const auto onRefused = QObject::connect(room, &RoomConnection::tokenRefused, room, [&] {
            clock.start();
            refused = true;
        });
        const auto onState = QObject::connect(room, &RoomConnection::stateChanged, room, [&](State state) {
            if (refused && !reopened && state == State::Open) {
                appMs.append(double(clock.nsecsElapsed()) / 1e6);
                reopened = true;
            }
        });
        if (mock.admin(u"close"_s, u"room=reconnect&code=4001"_s) != 1)
            fail(u"the room was not open for cycle %1"_s.arg(cycle));
        waitFor([&] { return reopened || room->state() == State::AuthRequired; }, 20000,
                u"the room to reopen after 4001"_s);
        QObject::disconnect(onRefused);
        QObject::disconnect(onState);
        if (!reopened)
            fail(u"the room gave up: "_s + room->stateReason());

        // The baseline: one bare refresh POST, then one bare WebSocket handshake, back to back.
        QWebSocket socket;
        bool connected = false;
        QObject::connect(&socket, &QWebSocket::connected, &socket, [&] {
            bareMs.append(double(clock.nsecsElapsed()) / 1e6);
            connected = true;
        });
        clock.start();
        QNetworkRequest request(refreshUrl);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply =
            network.post(request, QJsonDocument(QJsonObject{{u"refresh"_s, refresh}}).toJson());
        QObject::connect(reply, &QNetworkReply::finished, &socket, [&socket, reply, &mock, &clock, &postMs] {
            postMs.append(double(clock.nsecsElapsed()) / 1e6);
            reply->deleteLater();
            const QString access =
                QJsonDocument::fromJson(reply->readAll()).object().value(u"access"_s).toString();
            socket.open(QNetworkRequest(mock.webSocketUrl(u"reconnect-bare"_s)), withToken(access));
        });
        waitFor([&] { return connected; }, 20000, u"the bare refresh + handshake"_s);
        socket.abort();
    }
    const double ratio = percentile(appMs, 50) / percentile(bareMs, 50);
    report({u"2 reconnect after 4001 (%1 cycles)"_s.arg(cycles),
            u"p50 %1, p99 %2"_s.arg(ms(percentile(appMs, 50)), ms(percentile(appMs, 99))),
            u"p50 %1, p99 %2 (bare POST + handshake)"_s.arg(ms(percentile(bareMs, 50)),
                                                            ms(percentile(bareMs, 99))),
            ratio, u"p50 <= 1.5x"_s, ratio <= 1.5});
    note(u"reconnect: of the bare baseline, the refresh POST alone takes p50 %1, the handshake the rest; "
         "the app is timed from its tokenRefused() to its stateChanged(Open)"_s.arg(
             ms(percentile(postMs, 50))));
    return 0;
}

int soak(int cycles, int baselineAfter)
{
    MockProcess mock({u"--access-ttl"_s, u"1"_s});
    auto client = signedInClient(mock);
    int refreshes = 0;
    QObject::connect(client->auth(), &AuthClient::refreshed, client.get(), [&refreshes] { ++refreshes; });
    RoomConnection *room = openRoom(client.get(), u"soak"_s);
    qint64 baseline = 0;
    QStringList samples;
    QElapsedTimer clock;
    clock.start();
    for (int cycle = 1; cycle <= cycles;) {
        waitFor([room] { return room->state() == State::Open || room->state() == State::AuthRequired; },
                20000, u"the soak room to open"_s);
        if (room->state() != State::Open)
            fail(u"the room gave up in cycle %1: %2"_s.arg(cycle).arg(room->stateReason()));
        // A one-second token may expire on its own between two cycles; then the close finds nothing.
        bool refused = false;
        const auto onRefused =
            QObject::connect(room, &RoomConnection::tokenRefused, room, [&refused] { refused = true; });
        const bool closed = mock.admin(u"close"_s, u"room=soak&code=4001"_s) == 1;
        waitFor([&] { return refused || room->state() != State::Open; }, 20000, u"the close to arrive"_s);
        QObject::disconnect(onRefused);
        if (!closed)
            continue;
        if (cycle == baselineAfter)
            baseline = residentBytes();
        if (cycle % std::max(1, cycles / 10) == 0)
            samples << u"%1: %2"_s.arg(cycle).arg(megabytes(residentBytes()));
        ++cycle;
    }
    waitFor([room] { return room->state() == State::Open; }, 20000, u"the soak room to open at the end"_s);
    const qint64 end = residentBytes();
    const double growth = double(end - baseline) / double(baseline);
    report({u"7 soak (%1 refresh + reconnect cycles, 1 s tokens)"_s.arg(cycles),
            u"RSS %1 (%2%)"_s.arg(megabytes(end), QString::number(growth * 100, 'f', 1)),
            u"RSS %1 after %2 cycles"_s.arg(megabytes(baseline)).arg(baselineAfter),
            double(end) / double(baseline), u"growth < 5%"_s, growth < 0.05});
    note(u"soak: %1 cycles and %2 refreshes in %3 s; RSS by cycle: %4"_s.arg(cycles)
             .arg(refreshes)
             .arg(clock.elapsed() / 1000.0, 0, 'f', 1)
             .arg(samples.join(u", "_s)));
    return 0;
}

} // namespace Bench
