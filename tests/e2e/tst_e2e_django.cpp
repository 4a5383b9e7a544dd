// End to end: the net/ library against a real Django Channels site (tests/e2e/django: daphne,
// simplejwt with rotation and blacklist, a JWT middleware, AllowedHostsOriginValidator, Redis for
// two processes), started by run_server.py - and every scenario that both can serve also against
// MockServer, so the mock and the real server stay honest with each other. Row names start with
// the server they run against.
//
// What the real stack does, learnt here (the mock should keep matching it):
// - A close before accept() (bad token, refused Origin) reaches the client as
//   "HTTP/1.1 403 Access denied" with no headers; the 4001 is lost.
// - A room path the router does not know, or one without its trailing slash, is HTTP 500 on the
//   handshake (Channels raises "No route found"); over plain HTTP a missing slash is a 301.
// - simplejwt truncates iat and exp of one token to whole seconds from the same instant: exp - iat
//   is exactly 3 for a 3-second token, which has only 2 to 3 s left when it arrives.
// - A refreshed access token copies the refresh token's iat (simplejwt 5.2), so its exp - iat is
//   longer than its life; see aLongSessionWithShortTokens.
// - AllowedHostsOriginValidator refuses a foreign Origin and a missing one alike (403), so a
//   desktop client must send its server's origin.
// - AllowedHostsOriginValidator refuses every handshake unless ALLOWED_HOSTS holds 127.0.0.1.
#include "chatclient.h"
#include "mockserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

using namespace Qt::StringLiterals;
using State = RoomConnection::State;

namespace {
const QString Mock = u"mock"_s;
const QString Django = u"django"_s;

struct ServerSetup
{
    int accessSeconds = 300;
    // Where Django's middleware looks for the token; the mock always reads every transport.
    QString transports = u"subprotocol,subprotocol-pair"_s;
    int processes = 1; // Django only: two or more share a Redis channel layer
    // Off, as on most real chat servers: no help for the client's exactly-once delivery. The same
    // switches as MockServerOptions::deduplicateClientIds, historyWithExtras and broadcastDelayMs.
    bool clientIdDedup = true;
    bool historyExtras = true;
    int broadcastDelayMs = 0;
    int historySize = 50; // messages replayed on join

    QString key() const
    {
        return u"%1 %2 %3 %4 %5 %6 %7"_s.arg(accessSeconds)
            .arg(transports)
            .arg(processes)
            .arg(int(clientIdDedup))
            .arg(int(historyExtras))
            .arg(broadcastDelayMs)
            .arg(historySize);
    }
};

// One chat server under test: MockServer in this process, or the Django site under daphne in
// child processes (run_server.py prints one base URL per process and stops when stdin closes).
class ServerUnderTest
{
public:
    ServerUnderTest(const QString &kind, const ServerSetup &setup)
    {
        if (kind == Django) {
            startDjango(setup);
            return;
        }
        MockServerOptions options;
        options.accessTtlSeconds = setup.accessSeconds;
        options.rotateRefresh = true; // like simplejwt with ROTATE_REFRESH_TOKENS + blacklist
        options.deduplicateClientIds = setup.clientIdDedup;
        options.historyWithExtras = setup.historyExtras;
        options.broadcastDelayMs = setup.broadcastDelayMs;
        options.historySize = setup.historySize;
        m_mock = std::make_unique<MockServer>(options);
        if (setup.processes != 1)
            m_error = u"the mock server is one process"_s;
        else if (!m_mock->listen())
            m_error = u"the mock server cannot listen: "_s + m_mock->errorString();
        else
            m_urls = {m_mock->baseUrl()};
    }

    ~ServerUnderTest()
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        m_process->closeWriteChannel(); // run_server.py stops daphne and redis, removes its folder
        if (!m_process->waitForFinished(15000))
            m_process->kill();
    }

    // Django only: crashes daphne process n (SIGKILL, no close frames); true once it is dead.
    bool killProcess(int n) { return m_process && tellLauncher("kill", n, "killed", 10000); }

    // A crash and a start again: every socket is cut without a close frame, while the history and
    // every issued token stay valid. Django: daphne process n comes back on its port with the same
    // settings and database, true once it accepts connections. The mock is process 0 only.
    bool restartProcess(int n)
    {
        if (m_mock)
            return n == 0 && m_mock->restart() >= 0;
        return m_process && tellLauncher("restart", n, "restarted", 40000); // a start may take 30 s
    }

    MockServer *mock() const { return m_mock.get(); } // null for Django

    QString error() const { return m_error; } // empty when the server runs
    QList<QUrl> urls() const { return m_urls; }
    QUrl url() const { return m_urls.value(0); }

private:
    // A command on run_server.py's stdin; true once it answers done. Every answer about process n
    // ends with its number ("restart failed 0" too), so a failure does not wait out the timeout.
    bool tellLauncher(const QByteArray &command, int n, const QByteArray &done, int timeoutMs)
    {
        const QByteArray number = QByteArray::number(n);
        m_process->write(command + ' ' + number + '\n');
        QByteArray answer;
        const bool answered = QTest::qWaitFor(
            [&] {
                while (m_process->canReadLine() && !answer.endsWith(' ' + number))
                    answer = m_process->readLine().trimmed();
                return answer.endsWith(' ' + number);
            },
            timeoutMs);
        return answered && answer == done + ' ' + number;
    }

    void startDjango(const ServerSetup &setup)
    {
        m_process = std::make_unique<QProcess>();
        QProcess *process = m_process.get();
        // The server's log goes to our stderr (ctest shows it for a failed test); never tokens.
        QObject::connect(process, &QProcess::readyReadStandardError, process, [this, process] {
            const QByteArray chunk = process->readAllStandardError();
            m_log += chunk;
            std::fputs(chunk.constData(), stderr);
        });
        const QString python = QStringLiteral(QTCHAT_E2E_PYTHON); // Debian's, with the Debian modules
        QStringList arguments{QStringLiteral(QTCHAT_E2E_LAUNCHER), u"--stop-on-stdin-eof"_s};
        arguments << u"--access-seconds"_s << QString::number(setup.accessSeconds) << u"--transports"_s
                  << setup.transports << u"--processes"_s << QString::number(setup.processes)
                  << u"--broadcast-delay-ms"_s << QString::number(setup.broadcastDelayMs)
                  << u"--history-size"_s << QString::number(setup.historySize);
        if (!setup.clientIdDedup)
            arguments << u"--no-client-id-dedup"_s;
        if (!setup.historyExtras)
            arguments << u"--history-without-extras"_s;
        process->start(python, arguments);
        if (!process->waitForStarted(10000)) {
            m_error =
                u"cannot run %1 (./test.sh installs Debian's python3 and the Django packages): %2"_s.arg(
                    python, process->errorString());
            return;
        }
        QDeadlineTimer deadline(60000);
        while (m_urls.size() < setup.processes) {
            if (process->canReadLine()) {
                m_urls << QUrl(QString::fromUtf8(process->readLine().trimmed()));
                continue;
            }
            if (!process->waitForReadyRead(int(deadline.remainingTime())))
                break;
        }
        if (m_urls.size() < setup.processes || !url().isValid()) {
            m_log += process->readAllStandardError();
            m_error = u"the Django chat server did not start (run_server.py said: %1)"_s.arg(
                QString::fromUtf8(m_log.right(1500)).trimmed());
        }
    }

    std::unique_ptr<MockServer> m_mock;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_log;
    QList<QUrl> m_urls;
    QString m_error;
};

ServerProfile profileFor(const QUrl &baseUrl, TokenTransport transport = TokenTransport::Subprotocol)
{
    ServerProfile profile;
    profile.baseUrl = baseUrl;
    profile.transport = transport;
    profile.reconnect.baseMs = 50;
    profile.reconnect.capMs = 400;
    return profile;
}

// Signs in; returns an empty string, or why it failed.
QString signIn(ChatClient &client, const ServerProfile &profile, const QString &user)
{
    client.setProfile(profile);
    QSignalSpy signedIn(&client, &ChatClient::signedIn);
    QSignalSpy failed(&client, &ChatClient::signInFailed);
    client.signIn(user, user + u"-pass"_s, false);
    if (!QTest::qWaitFor([&] { return !signedIn.isEmpty() || !failed.isEmpty(); }, 15000))
        return u"no answer to the sign-in of "_s + user;
    return failed.isEmpty() ? QString() : failed.first().at(1).toString();
}

// Texts received from one sender, in arrival order.
QStringList textsFrom(const QList<ChatMessage> &messages, const QString &user)
{
    QStringList texts;
    for (const ChatMessage &message : messages) {
        if (message.user == user)
            texts << message.text;
    }
    return texts;
}

void collect(RoomConnection *room, QList<ChatMessage> *into)
{
    QObject::connect(room, &RoomConnection::messageReceived, room,
                     [into](const ChatMessage &message) { *into << message; });
}
} // namespace

class TestE2eDjango : public QObject
{
    Q_OBJECT

    // One server per kind is kept between rows while the setup stays the same (a daphne start
    // costs about a second on two cores).
    std::map<QString, std::unique_ptr<ServerUnderTest>> m_servers;
    std::map<QString, QString> m_setups;

    ServerUnderTest *server(const QString &kind, const ServerSetup &setup = {})
    {
        std::unique_ptr<ServerUnderTest> &slot = m_servers[kind];
        if (!slot || m_setups[kind] != setup.key()) {
            slot.reset(); // stop the old one first
            slot = std::make_unique<ServerUnderTest>(kind, setup);
            m_setups[kind] = setup.key();
        }
        return slot.get();
    }

private Q_SLOTS:
    void cleanupTestCase() { m_servers.clear(); }

    // qtchat-cli, as QA runs it against a staging server: judged by its exit code only. Its own
    // room, so the other scenarios' history stays theirs.
    void qtchatCliGivesTheDocumentedExitCodes_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<int>("exitCode");
        for (const QString &kind : {Mock, Django}) {
            QTest::addRow("%s: a message sent and seen exits 0", qPrintable(kind))
                << kind << QStringList{u"--send"_s, u"cli smoke"_s, u"--expect"_s, u"^cli smoke$"_s}
                << "alice-pass"_ba << 0;
            QTest::addRow("%s: a wrong password exits 2", qPrintable(kind))
                << kind << QStringList{} << "wrong"_ba << 2;
            QTest::addRow("%s: a room path the server does not route exits 3", qPrintable(kind))
                << kind << QStringList{u"--ws-url"_s, u"WSBASE/nowhere"_s} << "alice-pass"_ba << 3;
        }
    }

    void qtchatCliGivesTheDocumentedExitCodes()
    {
        QFETCH(QString, kind);
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, password);
        ServerUnderTest *chat = server(kind);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        QUrl wsBase = chat->url();
        wsBase.setScheme(u"ws"_s);
        arguments.replaceInStrings(u"WSBASE"_s, wsBase.toString());
        QProcess cli;
        cli.start(QStringLiteral(QTCHAT_CLI_PATH),
                  QStringList{u"--server"_s, chat->url().toString(), u"--user"_s, u"alice"_s, u"--room"_s,
                              u"cli"_s, u"--password-stdin"_s, u"--timeout"_s, u"60"_s} +
                      arguments);
        cli.write(password + '\n');
        cli.closeWriteChannel();
        QSignalSpy finished(&cli, &QProcess::finished);
        QVERIFY(finished.wait(90000));
        const QByteArray events = cli.readAllStandardOutput();
        QFETCH(int, exitCode);
        QVERIFY2(cli.exitCode() == exitCode, events.right(400).constData());
    }

    void aliceAndBobExchangeMessages_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("room");
        for (const QString &kind : {Mock, Django}) {
            QTest::addRow("%s: in the lobby", qPrintable(kind)) << kind << u"lobby"_s;
            QTest::addRow("%s: in a room whose name is percent-encoded", qPrintable(kind))
                << kind << u"café au lait"_s;
        }
    }

    void aliceAndBobExchangeMessages()
    {
        QFETCH(QString, kind);
        QFETCH(QString, room);
        ServerUnderTest *chat = server(kind);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        ChatClient alice;
        ChatClient bob;
        QCOMPARE(signIn(alice, profileFor(chat->url()), u"alice"_s), QString());
        QCOMPARE(signIn(bob, profileFor(chat->url()), u"bob"_s), QString());
        RoomConnection *aliceRoom = alice.joinRoom(room);
        RoomConnection *bobRoom = bob.joinRoom(room);
        QList<ChatMessage> atAlice;
        QList<ChatMessage> atBob;
        collect(aliceRoom, &atAlice);
        collect(bobRoom, &atBob);
        QTRY_COMPARE(aliceRoom->state(), State::Open);
        QTRY_COMPARE(bobRoom->state(), State::Open);

        QSignalSpy delivered(aliceRoom, &RoomConnection::messageDelivered);
        const QString clientId = aliceRoom->send(u"hello bob ✓"_s);
        bobRoom->send(u"hello alice"_s);
        QTRY_COMPARE(textsFrom(atBob, u"alice"_s), QStringList{u"hello bob ✓"_s});
        QTRY_COMPARE(textsFrom(atAlice, u"bob"_s), QStringList{u"hello alice"_s});
        QTRY_COMPARE(delivered.size(), 1);
        QCOMPARE(delivered.first().first().toString(), clientId);
        const auto fromAlice = std::find_if(atBob.cbegin(), atBob.cend(),
                                            [](const ChatMessage &m) { return m.user == u"alice"_s; });
        const ChatMessage seen = *fromAlice;
        QCOMPARE(seen.clientId, clientId);
        QVERIFY(!seen.id.isEmpty());
        QVERIFY2(seen.createdAt.isValid(), qPrintable(seen.createdAtText)); // Django: isoformat()

        // Whoever joins later gets both from the history.
        ChatClient bobAgain;
        QCOMPARE(signIn(bobAgain, profileFor(chat->url()), u"bob"_s), QString());
        QList<ChatMessage> history;
        collect(bobAgain.joinRoom(room), &history);
        QTRY_COMPARE(history.size(), 2);
        QCOMPARE(history.first().text, u"hello bob ✓"_s);
        QCOMPARE(history.first().id, seen.id);
    }

    // The history endpoint both servers answer: pages before a message, oldest first, through
    // HistoryClient (and so the wire codec); 401 without a token and 404 for a room without messages.
    void theHistoryEndpointPagesBackwards_data()
    {
        QTest::addColumn<QString>("kind");
        for (const QString &kind : {Mock, Django})
            QTest::addRow("%s: a page before a message, and the refusals", qPrintable(kind)) << kind;
    }

    void theHistoryEndpointPagesBackwards()
    {
        QFETCH(QString, kind);
        ServerUnderTest *chat = server(kind);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        const QString room = u"history ✓ %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
        ChatClient alice;
        QCOMPARE(signIn(alice, profileFor(chat->url()), u"alice"_s), QString());
        RoomConnection *aliceRoom = alice.joinRoom(room);
        QList<ChatMessage> received;
        collect(aliceRoom, &received);
        QTRY_COMPARE(aliceRoom->state(), State::Open);
        for (int i = 1; i <= 6; ++i)
            aliceRoom->send(u"page %1"_s.arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 6, 10000);

        HistoryClient *history = alice.history();
        QSignalSpy loaded(history, &HistoryClient::pageLoaded);
        QSignalSpy failed(history, &HistoryClient::pageFailed);
        QVERIFY(history->fetch(room, received.at(4).id, 3) > 0); // before "page 5"
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size() + failed.size(), 1, 10000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(4).toString()));
        const auto page = loaded.first().at(3).value<QList<ChatMessage>>();
        QCOMPARE(textsFrom(page, u"alice"_s), (QStringList{u"page 2"_s, u"page 3"_s, u"page 4"_s}));
        QCOMPARE(page.first().id, received.at(1).id);
        QVERIFY(page.first().createdAt.isValid());

        // Without a token, and for a room that never had a message.
        QNetworkAccessManager network;
        const auto status = [&network](const QUrl &url, const QByteArray &token) {
            QNetworkRequest request(url);
            if (!token.isEmpty())
                request.setRawHeader("Authorization", "Bearer " + token);
            std::unique_ptr<QNetworkReply> reply(network.get(request));
            QSignalSpy finished(reply.get(), &QNetworkReply::finished);
            finished.wait(10000);
            return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        };
        const ServerProfile profile = profileFor(chat->url());
        QCOMPARE(status(profile.historyUrl(room, {}, 10), {}), 401);
        QCOMPARE(status(profile.historyUrl(room, {}, 10), "not-a-token"), 401);
        QCOMPARE(
            status(profile.historyUrl(u"never used %1"_s.arg(room), {}, 10), alice.auth()->accessToken()),
            404);
        QCOMPARE(status(profile.historyUrl(room, {}, 10), alice.auth()->accessToken()), 200);
    }

    void aWrongPasswordIsInvalidCredentials_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("user");
        for (const QString &kind : {Mock, Django}) {
            QTest::addRow("%s: alice with bob's password", qPrintable(kind)) << kind << u"alice"_s;
            QTest::addRow("%s: a user the server does not know", qPrintable(kind)) << kind << u"mallory"_s;
        }
    }

    void aWrongPasswordIsInvalidCredentials()
    {
        QFETCH(QString, kind);
        QFETCH(QString, user);
        ServerUnderTest *chat = server(kind);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        ChatClient client;
        client.setProfile(profileFor(chat->url()));
        QSignalSpy failed(&client, &ChatClient::signInFailed);
        client.signIn(user, u"bob-pass"_s, false);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().first().value<AuthError>(), AuthError::InvalidCredentials);
        QVERIFY(!failed.first().at(1).toString().contains(u"bob-pass"_s));
        QVERIFY(!client.isSignedIn());
    }

    void aRotatedRefreshTokenEndsTheSession_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("mock") << Mock;
        QTest::newRow("django") << Django;
    }

    void aRotatedRefreshTokenEndsTheSession()
    {
        QFETCH(QString, kind);
        ServerUnderTest *chat = server(kind);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        ChatClient alice;
        const ServerProfile profile = profileFor(chat->url());
        QCOMPARE(signIn(alice, profile, u"alice"_s), QString());

        // Someone else (another device with a copy) refreshes first: the server rotates the
        // refresh token and blacklists the one alice holds.
        QNetworkAccessManager network;
        QNetworkRequest request(profile.refreshUrl());
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        const QJsonObject body{{u"refresh"_s, QString::fromLatin1(alice.auth()->refreshToken())}};
        std::unique_ptr<QNetworkReply> reply(network.post(request, QJsonDocument(body).toJson()));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

        QSignalSpy expired(&alice, &ChatClient::sessionExpired);
        QSignalSpy refreshFailed(alice.auth(), &AuthClient::refreshFailed);
        alice.auth()->refresh();
        QVERIFY(expired.wait());
        QCOMPARE(refreshFailed.first().first().value<AuthError>(), AuthError::SessionExpired);
        QVERIFY(!alice.isSignedIn());
        QCOMPARE(alice.userName(), u"alice"_s); // for the sign-in dialog
    }

    // Both servers as most real ones are: a resent client_id is stored again, and the history says
    // nothing of client ids. Raw sockets, so that no client logic hides what the server does.
    void aServerThatDoesNotHelpStoresAResendTwice_data()
    {
        QTest::addColumn<QString>("kind");
        for (const QString &kind : {Mock, Django}) {
            QTest::addRow("%s without help: a resend is stored twice, history has no client_id",
                          qPrintable(kind))
                << kind;
        }
    }

    void aServerThatDoesNotHelpStoresAResendTwice()
    {
        QFETCH(QString, kind);
        ServerSetup setup;
        setup.clientIdDedup = false;
        setup.historyExtras = false;
        ServerUnderTest *chat = server(kind, setup);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        const ServerProfile profile = profileFor(chat->url());
        ChatClient alice;
        QCOMPARE(signIn(alice, profile, u"alice"_s), QString());
        const auto openRoom = [&] {
            auto socket = std::make_unique<QWebSocket>(profile.originHeader()); // Channels checks it
            QWebSocketHandshakeOptions options;
            options.setSubprotocols({QString::fromLatin1(alice.auth()->accessToken())});
            socket->open(QNetworkRequest(profile.roomUrl(u"no-help"_s)), options);
            return socket;
        };
        const auto frameAt = [](const QSignalSpy &spy, int i) {
            return QJsonDocument::fromJson(spy.at(i).at(0).toString().toUtf8()).object();
        };

        const auto sender = openRoom();
        QSignalSpy live(sender.get(), &QWebSocket::textMessageReceived);
        QVERIFY2(QSignalSpy(sender.get(), &QWebSocket::connected).wait(10000),
                 qPrintable(sender->errorString()));
        const QString resent = uR"({"message":"said twice","client_id":"no-help-1"})"_s;
        sender->sendTextMessage(resent);
        sender->sendTextMessage(resent);
        QTRY_COMPARE(live.size(), 2);
        QCOMPARE(frameAt(live, 0).value(u"client_id"_s).toString(), u"no-help-1"_s); // echoed live
        QCOMPARE(frameAt(live, 1).value(u"client_id"_s).toString(), u"no-help-1"_s);
        QVERIFY(frameAt(live, 0).value(u"id"_s) != frameAt(live, 1).value(u"id"_s));

        const auto joiner = openRoom();
        QSignalSpy history(joiner.get(), &QWebSocket::textMessageReceived);
        QTRY_COMPARE(history.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(frameAt(history, i).value(u"message"_s).toString(), u"said twice"_s);
            QCOMPARE(frameAt(history, i).value(u"id"_s), frameAt(live, i).value(u"id"_s));
            QVERIFY(!frameAt(history, i).contains(u"client_id"_s));
        }
    }

    void aRoomPathTheServerDoesNotRouteIsAClearError_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("roomPath");
        QTest::addColumn<int>("status");
        const QString elsewhere = u"/ws/rooms/{room}/"_s;
        const QString noSlash = u"/ws/chat/{room}"_s;
        QTest::newRow("mock: a path it does not know is 404") << Mock << elsewhere << 404;
        QTest::newRow("mock: a path without its trailing slash is 404") << Mock << noSlash << 404;
        QTest::newRow("django: a path it does not route is 500") << Django << elsewhere << 500;
        QTest::newRow("django: a path without its trailing slash is 500") << Django << noSlash << 500;
    }

    void aRoomPathTheServerDoesNotRouteIsAClearError()
    {
        QFETCH(QString, kind);
        QFETCH(QString, roomPath);
        QFETCH(int, status);
        ServerUnderTest *chat = server(kind);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        ServerProfile profile = profileFor(chat->url());
        profile.roomPath = roomPath;
        ChatClient alice;
        QCOMPARE(signIn(alice, profile, u"alice"_s), QString());
        RoomConnection *room = alice.joinRoom(u"lobby"_s);
        QSignalSpy refused(room, &RoomConnection::tokenRefused);
        QTRY_COMPARE(room->lastCode(), status);
        QVERIFY2(room->stateReason().contains(u"HTTP %1"_s.arg(status)), qPrintable(room->stateReason()));
        QTRY_VERIFY(room->state() == State::Failed || room->reconnectCount() >= 3);
        QCOMPARE(refused.size(), 0); // not mistaken for a refused token: no refresh
        // daphne answers an unrouted path with HTTP 500 (the mock says 404): the room stops
        // after RoomConnection::MaxHandshake500s of them instead of retrying forever.
        QCOMPARE(room->state(), State::Failed);
    }

    // The server's side of the Origin check, with a bare QWebSocket: the client library always
    // sends its server's own origin (the rows above pass through the check).
    void aHandshakeFromAnotherOriginIsRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("origin");
        for (const QString &kind : {Mock, Django}) {
            QTest::addRow("%s: from http://evil.example", qPrintable(kind))
                << kind << u"http://evil.example"_s;
            QTest::addRow("%s: without an Origin header", qPrintable(kind)) << kind << QString();
        }
    }

    void aHandshakeFromAnotherOriginIsRefused()
    {
        QFETCH(QString, kind);
        QFETCH(QString, origin);
        ServerUnderTest *chat = server(kind);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        const ServerProfile profile = profileFor(chat->url());
        ChatClient alice;
        QCOMPARE(signIn(alice, profile, u"alice"_s), QString());
        QWebSocket socket(origin);
        QWebSocketHandshakeOptions options;
        options.setSubprotocols({QString::fromLatin1(alice.auth()->accessToken())});
        QSignalSpy connected(&socket, &QWebSocket::connected);
        QSignalSpy failed(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
        socket.open(QNetworkRequest(profile.roomUrl(u"origins"_s)), options);
        QTRY_VERIFY(!connected.isEmpty() || !failed.isEmpty());
        if (kind == Mock) {
            // Mock gap (reported; tests/mock/ is not ours): it accepts any Origin, or none.
            QEXPECT_FAIL("", "the mock server does not check Origin", Continue);
        }
        QVERIFY2(!failed.isEmpty() && socket.errorString().contains(u"403"_s),
                 qPrintable(socket.errorString()));
        socket.abort(); // Qt 6.4 leaves a refused handshake's socket open
    }

    void everyTokenTransport_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("serverReads"); // Django's CHAT_TOKEN_TRANSPORTS
        QTest::addColumn<int>("transport");       // TokenTransport
        QTest::addColumn<bool>("opens");
        struct Row
        {
            const char *name;
            const char *reads;
            TokenTransport transport;
        };
        const Row rows[] = {
            {"the bare JWT as subprotocol", "subprotocol", TokenTransport::Subprotocol},
            {"the access_token + JWT subprotocol pair", "subprotocol-pair", TokenTransport::SubprotocolPair},
            {"an Authorization: Bearer header", "header", TokenTransport::Header},
            {"a ?token= query", "query", TokenTransport::Query},
        };
        // Rows that need the same Django setup follow each other: the server is kept between them.
        for (const Row &row : rows) {
            QTest::addRow("mock: %s", row.name) << Mock << QString() << int(row.transport) << true;
            QTest::addRow("django reading only %s: %s", row.reads, row.name)
                << Django << QString::fromLatin1(row.reads) << int(row.transport) << true;
        }
        QTest::newRow("django reading only the query refuses a subprotocol token 3 times")
            << Django << u"query"_s << int(TokenTransport::Subprotocol) << false;
        QTest::newRow("django reading subprotocols refuses a header token 3 times")
            << Django << u"subprotocol,subprotocol-pair"_s << int(TokenTransport::Header) << false;
    }

    void everyTokenTransport()
    {
        QFETCH(QString, kind);
        QFETCH(QString, serverReads);
        QFETCH(int, transport);
        QFETCH(bool, opens);
        ServerSetup setup;
        if (!serverReads.isEmpty())
            setup.transports = serverReads;
        ServerUnderTest *chat = server(kind, setup);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        ChatClient alice;
        QSignalSpy expired(&alice, &ChatClient::sessionExpired);
        QCOMPARE(signIn(alice, profileFor(chat->url(), TokenTransport(transport)), u"alice"_s), QString());
        RoomConnection *room = alice.joinRoom(u"transports"_s);
        if (!opens) {
            // daphne: 403 Access denied; the client refreshes, is refused again, gives up.
            QTRY_COMPARE_WITH_TIMEOUT(room->state(), State::AuthRequired, 15000);
            QCOMPARE(room->lastCode(), 403);
            QCOMPARE(expired.size(), 0); // the refresh itself worked
            return;
        }
        QTRY_COMPARE(room->state(), State::Open);
        QSignalSpy delivered(room, &RoomConnection::messageDelivered);
        const QString clientId = room->send(u"sent with transport %1"_s.arg(transport));
        QTRY_COMPARE(delivered.size(), 1);
        QCOMPARE(delivered.first().first().toString(), clientId);
    }

    // The promise of README "Delivery", judged by a second client: every message alice sends is
    // stored and shown exactly once, in order, through 20 s of 3-second tokens (replaced before
    // they expire), three server restarts and, on the mock, drops right after a message was stored
    // - against a server that de-duplicates client ids and one that does not help at all. Both
    // broadcast 100 ms after storing, as a loaded server does.
    void exactlyOnceWhetherTheServerHelpsOrNot_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("cooperative");
        QTest::addColumn<int>("perSecond");
        for (const QString &kind : {Mock, Django}) {
            for (const bool cooperative : {true, false}) {
                for (const int perSecond : {4, 20}) {
                    const QString name =
                        u"%1, %2: 20 s of 3-second tokens at %3 messages/s, 3 restarts"_s.arg(
                            kind, cooperative ? u"cooperative"_s : u"no help"_s, QString::number(perSecond));
                    QTest::newRow(qPrintable(name)) << kind << cooperative << perSecond;
                }
            }
        }
    }

    void exactlyOnceWhetherTheServerHelpsOrNot()
    {
        QFETCH(QString, kind);
        QFETCH(bool, cooperative);
        QFETCH(int, perSecond);
        constexpr int DurationMs = 20000;
        constexpr int AccessSeconds = 3;
        ServerSetup setup;
        setup.accessSeconds = AccessSeconds;
        setup.clientIdDedup = cooperative;
        setup.historyExtras = cooperative;
        setup.broadcastDelayMs = 100;
        // Bob, the judge, rejoins after each restart: broadcasts lost with the process reach him
        // only through the history, which must reach back past alice's backlog (50 messages do
        // not at 20 messages/s on a loaded machine; that is a gap for issue 15, not a duplicate).
        setup.historySize = 1000;
        ServerUnderTest *chat = server(kind, setup);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        const QString roomName = u"exactly once %1"_s.arg(perSecond); // history of its own per rate
        ChatClient alice;
        ChatClient bob;
        QSignalSpy aliceExpired(&alice, &ChatClient::sessionExpired);
        QSignalSpy bobExpired(&bob, &ChatClient::sessionExpired);
        QCOMPARE(signIn(alice, profileFor(chat->url()), u"alice"_s), QString());
        QCOMPARE(signIn(bob, profileFor(chat->url()), u"bob"_s), QString());
        QSignalSpy refreshed(alice.auth(), &AuthClient::refreshed);
        RoomConnection *aliceRoom = alice.joinRoom(roomName);
        RoomConnection *bobRoom = bob.joinRoom(roomName);
        QList<State> states;
        for (RoomConnection *room : {aliceRoom, bobRoom})
            connect(room, &RoomConnection::stateChanged, this, [&states](State state) { states << state; });
        QList<ChatMessage> atBob;
        collect(bobRoom, &atBob);
        qint64 longestRefreshWait = 0; // scheduled right after each refresh
        connect(alice.auth(), &AuthClient::refreshed, this,
                [&] { longestRefreshWait = std::max(longestRefreshWait, alice.auth()->msUntilRefresh()); });
        QStringList deliveredIds;
        connect(aliceRoom, &RoomConnection::messageDelivered, this,
                [&deliveredIds](const QString &id) { deliveredIds << id; });
        QTRY_COMPARE(aliceRoom->state(), State::Open);
        QTRY_COMPARE(bobRoom->state(), State::Open);
        const int bobHistory = int(atBob.size()); // earlier rows of the same rate left theirs

        QStringList sent;
        QTimer sender;
        sender.setInterval(1000 / perSecond);
        connect(&sender, &QTimer::timeout, this, [&] {
            sent << u"%1 %2"_s.arg(kind).arg(sent.size(), 3, 10, QChar(u'0'));
            aliceRoom->send(sent.last());
        });
        QElapsedTimer elapsed;
        sender.start();
        elapsed.start();
        int restarts = 0;
        int drops = 0;
        while (elapsed.elapsed() < DurationMs) {
            // A restart at 5, 10 and 15 s; on the mock, a drop right after storing at every 2.5 s between.
            const qint64 next = (restarts + drops + 1) * 2500;
            QTRY_VERIFY_WITH_TIMEOUT(elapsed.elapsed() >= next, 5000);
            if (next >= DurationMs)
                break;
            if (next % 5000 == 0) {
                QVERIFY(chat->restartProcess(0));
                ++restarts;
            } else {
                if (chat->mock())
                    chat->mock()->dropAfterNextStore(roomName);
                ++drops;
            }
        }
        sender.stop();
        QCOMPARE(restarts, 3);

        QTRY_COMPARE_WITH_TIMEOUT(aliceRoom->pendingCount(), 0, 20000);
        const auto missingAtBob = [&] {
            QStringList missing = sent;
            for (const QString &text : textsFrom(atBob.mid(bobHistory), u"alice"_s))
                missing.removeOne(text);
            return missing.join(u", "_s);
        };
        QTRY_VERIFY2_WITH_TIMEOUT(textsFrom(atBob.mid(bobHistory), u"alice"_s).size() >= sent.size(),
                                  qPrintable(u"bob lacks "_s + missingAtBob()), 20000);
        QCOMPARE(textsFrom(atBob.mid(bobHistory), u"alice"_s), sent); // each stored once, in send order
        QSet<QString> ids;
        for (const ChatMessage &message : atBob.mid(bobHistory))
            ids.insert(message.id);
        QCOMPARE(ids.size(), atBob.size() - bobHistory); // and every server id once
        QCOMPARE(deliveredIds.size(), sent.size());
        QCOMPARE(QSet<QString>(deliveredIds.cbegin(), deliveredIds.cend()).size(), sent.size());

        QCOMPARE(aliceExpired.size(), 0); // no sign-in prompt
        QCOMPARE(bobExpired.size(), 0);
        QVERIFY(!states.contains(State::AuthRequired));
        QVERIFY(!states.contains(State::Failed));
        const int lifetimes = DurationMs / (AccessSeconds * 1000);
        QVERIFY2(refreshed.size() >= lifetimes, qPrintable(u"%1 refreshes"_s.arg(refreshed.size())));
        // Each token lifetime ended in a replacement socket (or, after a restart, a reconnect).
        QVERIFY2(aliceRoom->handoverCount() >= lifetimes / 2,
                 qPrintable(u"%1 handovers"_s.arg(aliceRoom->handoverCount())));
        // On stdout, not through qInfo: QTest stops printing after 2000 log lines (the servers').
        std::printf("FIGURES %s, %s, %d/s: %lld sent, %lld at bob, %d connections (%d handovers, %d after a "
                    "refused token), %d found in history, %lld refreshes\n",
                    qPrintable(kind), cooperative ? "cooperative" : "no help", perSecond, qint64(sent.size()),
                    qint64(atBob.size() - bobHistory), aliceRoom->connectionCount(),
                    aliceRoom->handoverCount(), aliceRoom->tokenReconnectCount(),
                    aliceRoom->reconciledMessages(), qint64(refreshed.size()));
        std::fflush(stdout);

        // The next refresh is due while the access token is still good (refreshDelayMs(): at most
        // 80% of its life), so the fresh token is in hand before the server closes with 4001.
        // simplejwt 5.2 copies the refresh token's iat into every refreshed access token, so
        // exp - iat overstates its life; AuthClient measures exp against the server's Date header.
        QVERIFY2(longestRefreshWait <= AccessSeconds * 800,
                 qPrintable(u"a refresh was scheduled %1 ms ahead for a %2 s token"_s.arg(longestRefreshWait)
                                .arg(AccessSeconds)));
    }

    // Django only: the mock is one process. The way Channels sites scale out: two daphne
    // processes, one Redis channel layer, one database.
    void aRoomSpansTwoDaphneProcessesThroughRedis()
    {
        ServerSetup setup;
        setup.processes = 2;
        ServerUnderTest *chat = server(Django, setup);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        QCOMPARE(chat->urls().size(), 2);
        ChatClient alice;
        ChatClient bob;
        QCOMPARE(signIn(alice, profileFor(chat->urls().at(0)), u"alice"_s), QString());
        QCOMPARE(signIn(bob, profileFor(chat->urls().at(1)), u"bob"_s), QString());
        RoomConnection *aliceRoom = alice.joinRoom(u"scale-out"_s);
        RoomConnection *bobRoom = bob.joinRoom(u"scale-out"_s);
        QList<ChatMessage> atAlice;
        QList<ChatMessage> atBob;
        collect(aliceRoom, &atAlice);
        collect(bobRoom, &atBob);
        QTRY_COMPARE(aliceRoom->state(), State::Open);
        QTRY_COMPARE(bobRoom->state(), State::Open);
        for (int i = 0; i < 3; ++i) {
            aliceRoom->send(u"from process 1, %1"_s.arg(i));
            bobRoom->send(u"from process 2, %1"_s.arg(i));
        }
        const QStringList fromAlice{u"from process 1, 0"_s, u"from process 1, 1"_s, u"from process 1, 2"_s};
        const QStringList fromBob{u"from process 2, 0"_s, u"from process 2, 1"_s, u"from process 2, 2"_s};
        QTRY_COMPARE(textsFrom(atBob, u"alice"_s), fromAlice);
        QTRY_COMPARE(textsFrom(atAlice, u"bob"_s), fromBob);
        QTRY_COMPARE(aliceRoom->pendingCount(), 0);
        QTRY_COMPARE(bobRoom->pendingCount(), 0);
    }

    // Django only. One daphne process dies; alice's room was on it and moves to the other (the
    // profile lists both WebSocket URLs), and nothing she sent before or during the move is lost.
    void aKilledDaphneProcessHandsTheRoomToTheOther()
    {
        ServerSetup setup;
        setup.processes = 2;
        ServerUnderTest *chat = server(Django, setup);
        QVERIFY2(chat->error().isEmpty(), qPrintable(chat->error()));
        const auto webSocketBase = [&](int n) {
            QUrl url = chat->urls().at(n);
            url.setScheme(u"ws"_s);
            return url;
        };
        ServerProfile aliceProfile = profileFor(chat->urls().at(1)); // tokens from the survivor
        aliceProfile.webSocketUrl = webSocketBase(0);
        aliceProfile.alternateWebSocketUrls = {webSocketBase(1)};
        ChatClient alice;
        ChatClient bob;
        QCOMPARE(signIn(alice, aliceProfile, u"alice"_s), QString());
        QCOMPARE(signIn(bob, profileFor(chat->urls().at(1)), u"bob"_s), QString());
        RoomConnection *aliceRoom = alice.joinRoom(u"failover"_s);
        RoomConnection *bobRoom = bob.joinRoom(u"failover"_s);
        QList<ChatMessage> atAlice;
        QList<ChatMessage> atBob;
        collect(aliceRoom, &atAlice);
        collect(bobRoom, &atBob);
        QTRY_COMPARE(aliceRoom->state(), State::Open);
        QTRY_COMPARE(bobRoom->state(), State::Open);
        aliceRoom->send(u"before"_s);
        QTRY_COMPARE(textsFrom(atBob, u"alice"_s), QStringList{u"before"_s});

        QVERIFY(chat->killProcess(0));
        aliceRoom->send(u"during 1"_s); // the socket may not know yet that its server is gone
        QTRY_VERIFY(aliceRoom->state() != State::Open);
        aliceRoom->send(u"during 2"_s);
        QTRY_COMPARE_WITH_TIMEOUT(aliceRoom->state(), State::Open, 10000);
        bobRoom->send(u"after"_s);
        QTRY_COMPARE(textsFrom(atBob, u"alice"_s), (QStringList{u"before"_s, u"during 1"_s, u"during 2"_s}));
        QTRY_COMPARE(textsFrom(atAlice, u"bob"_s), QStringList{u"after"_s});
        QTRY_COMPARE(aliceRoom->pendingCount(), 0);
        m_servers.erase(Django); // half of it is dead
    }
};

QTEST_GUILESS_MAIN(TestE2eDjango)
#include "tst_e2e_django.moc"
