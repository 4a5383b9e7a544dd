// End to end against the real thing: the Node.js socket.io 4 server of tests/e2e/socketio/
// (the official guide's JWT setup), driven by qtchat-cli and by ChatClient as the app uses it.
// Every token transport, Engine.IO 3 and 4, namespace and engine auth, 3-second tokens renewed
// by signing in again, a refused room and namespace, a server restart mid-conversation.
#include "chatclient.h"
#include "nodeserver.h"
#include "roomconnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using State = RoomConnection::State;

namespace {
ServerProfile socketIoProfile(const QUrl &url, TokenTransport transport = TokenTransport::AuthPayload)
{
    ServerProfile profile = ServerProfile::socketIoDefaults(url);
    profile.transport = transport;
    profile.reconnect.baseMs = 50;
    profile.reconnect.capMs = 400;
    return profile;
}

QString signIn(ChatClient &client, const ServerProfile &profile, const QString &user)
{
    client.setProfile(profile);
    client.auth()->setKeepPasswordInMemory(true);
    QSignalSpy signedIn(&client, &ChatClient::signedIn);
    QSignalSpy failed(&client, &ChatClient::signInFailed);
    client.signIn(user, user + u"-pass"_s, false);
    if (!QTest::qWaitFor([&] { return !signedIn.isEmpty() || !failed.isEmpty(); }, 15000))
        return u"no answer to the sign-in of "_s + user;
    return failed.isEmpty() ? QString() : failed.first().at(1).toString();
}

QStringList textsFrom(const QList<ChatMessage> &messages, const QString &user)
{
    QStringList texts;
    for (const ChatMessage &message : messages) {
        if (message.user == user)
            texts << message.text;
    }
    return texts;
}

QJsonObject summaryOf(const QByteArray &events)
{
    const QList<QByteArray> lines = events.trimmed().split('\n');
    return lines.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(lines.last()).object();
}
} // namespace

class TestE2eSocketIo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void qtchatCliChatsWithTheNodeServer_data()
    {
        QTest::addColumn<QStringList>("serverOptions");
        QTest::addColumn<QStringList>("cliOptions");
        QTest::addColumn<QString>("room");
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<int>("exitCode");
        const QStringList smoke{u"--send"_s, u"sio smoke"_s, u"--expect"_s, u"^sio smoke$"_s};
        const struct
        {
            const char *name;
            QStringList server;
            QStringList cli;
        } ways[] = {
            {"EIO 4, the token in the CONNECT payload", {}, {u"--transport"_s, u"auth"_s}},
            {"EIO 4, the token in an Authorization header", {}, {u"--transport"_s, u"header"_s}},
            {"EIO 4, the token in ?token=", {}, {u"--transport"_s, u"query"_s}},
            {"EIO 3 (a socket.io 2 client), the token in ?token=",
             {},
             {u"--eio"_s, u"3"_s, u"--transport"_s, u"query"_s}},
            {"EIO 3, the token in an Authorization header",
             {},
             {u"--eio"_s, u"3"_s, u"--transport"_s, u"header"_s}},
            {"engine auth, the token in an Authorization header",
             {u"--auth"_s, u"engine"_s},
             {u"--transport"_s, u"header"_s}},
            {"engine auth, the token in ?token=", {u"--auth"_s, u"engine"_s}, {u"--transport"_s, u"query"_s}},
        };
        for (const auto &way : ways) {
            QTest::addRow("%s: a message sent and seen exits 0", way.name)
                << way.server << way.cli + smoke << u"sio"_s << "alice-pass"_ba << 0;
        }
        QTest::addRow("one room = one namespace: a message sent and seen exits 0")
            << QStringList{} << QStringList{u"--room-per-namespace"_s} + smoke << u"lobby"_s
            << "alice-pass"_ba << 0;
        QTest::addRow("a wrong password (401, empty body) exits 2")
            << QStringList{} << QStringList{} << u"sio"_s << "wrong"_ba << 2;
        QTest::addRow("a room the server refuses to join exits 3")
            << QStringList{u"--refuse-room"_s, u"vault"_s} << QStringList{} << u"vault"_s << "alice-pass"_ba
            << 3;
        QTest::addRow("a namespace whose middleware refuses exits 3")
            << QStringList{u"--refuse-namespace"_s, u"/secret"_s, u"--namespace"_s, u"/secret"_s}
            << QStringList{u"--room-per-namespace"_s} << u"secret"_s << "alice-pass"_ba << 3;
    }

    void qtchatCliChatsWithTheNodeServer()
    {
        QFETCH(QStringList, serverOptions);
        QFETCH(QStringList, cliOptions);
        QFETCH(QString, room);
        QFETCH(QByteArray, password);
        QFETCH(int, exitCode);
        NodeServer server(serverOptions);
        if (!server.error().isEmpty())
            QFAIL(qPrintable(server.error()));
        QProcess cli;
        cli.start(QStringLiteral(QTCHAT_CLI_PATH),
                  QStringList{u"--protocol"_s, u"socketio"_s, u"--server"_s, server.url().toString(),
                              u"--user"_s, u"alice"_s, u"--room"_s, room, u"--password-stdin"_s,
                              u"--timeout"_s, u"30"_s} +
                      cliOptions);
        cli.write(password + '\n');
        cli.closeWriteChannel();
        QSignalSpy finished(&cli, &QProcess::finished);
        QVERIFY(finished.wait(45000));
        const QByteArray events = cli.readAllStandardOutput();
        QVERIFY2(cli.exitCode() == exitCode,
                 (events.right(600) + cli.readAllStandardError().right(400)).constData());
        QVERIFY2(!events.contains("eyJ"), "no token in the CLI's events");
    }

    void threeSecondTokensForTwentySecondsEachMessageOnce_data()
    {
        QTest::addColumn<QStringList>("serverOptions");
        QTest::addRow("a server that helps (client ids echoed and de-duplicated)") << QStringList{};
        QTest::addRow("a server that does not help (no client ids)") << QStringList{u"--no-client-id"_s};
        QTest::addRow("a server that disconnects a socket when its token expires")
            << QStringList{u"--expire-sockets"_s};
    }

    void threeSecondTokensForTwentySecondsEachMessageOnce()
    {
        QFETCH(QStringList, serverOptions);
        NodeServer server(QStringList{u"--token-ttl"_s, u"3"_s} + serverOptions);
        if (!server.error().isEmpty())
            QFAIL(qPrintable(server.error()));
        ChatClient bob;
        QCOMPARE(signIn(bob, socketIoProfile(server.url()), u"bob"_s), QString());
        RoomConnection *bobRoom = bob.joinRoom(u"expiry"_s);
        QVERIFY(bobRoom);
        QList<ChatMessage> received;
        connect(bobRoom, &RoomConnection::messageReceived, bobRoom,
                [&received](const ChatMessage &message) { received << message; });
        QTRY_COMPARE_WITH_TIMEOUT(bobRoom->state(), State::Open, 10000);

        QProcess cli;
        cli.start(QStringLiteral(QTCHAT_CLI_PATH),
                  {u"--protocol"_s, u"socketio"_s, u"--server"_s, server.url().toString(), u"--user"_s,
                   u"alice"_s, u"--room"_s, u"expiry"_s, u"--password-stdin"_s, u"--send-every"_s, u"200"_s,
                   u"--count"_s, u"100"_s, u"--timeout"_s, u"60"_s});
        cli.write("alice-pass\n");
        cli.closeWriteChannel();
        QSignalSpy finished(&cli, &QProcess::finished);
        QVERIFY(finished.wait(70000));
        const QByteArray events = cli.readAllStandardOutput();
        const QJsonObject summary = summaryOf(events);
        QVERIFY2(cli.exitCode() == 0, events.right(600).constData());
        QCOMPARE(summary.value("delivered"_L1).toInt(), 100);
        QCOMPARE(summary.value("duplicates"_L1).toInt(), 0);
        QCOMPARE(summary.value("lost"_L1).toInt(), 0);
        QVERIFY2(summary.value("refreshes"_L1).toInt() >= 4, "the 3 s token was renewed by signing in again");

        QTRY_COMPARE_WITH_TIMEOUT(textsFrom(received, u"alice"_s).size(), 100, 10000);
        const QStringList texts = textsFrom(received, u"alice"_s);
        QCOMPARE(QSet<QString>(texts.cbegin(), texts.cend()).size(), 100); // each once
    }

    void aServerRestartMidConversationLosesNothing()
    {
        NodeServer server({});
        if (!server.error().isEmpty())
            QFAIL(qPrintable(server.error()));
        ChatClient alice;
        ChatClient bob;
        QCOMPARE(signIn(alice, socketIoProfile(server.url()), u"alice"_s), QString());
        QCOMPARE(signIn(bob, socketIoProfile(server.url(), TokenTransport::Header), u"bob"_s), QString());
        RoomConnection *aliceRoom = alice.joinRoom(u"restart"_s);
        RoomConnection *bobRoom = bob.joinRoom(u"restart"_s);
        QList<ChatMessage> received;
        connect(bobRoom, &RoomConnection::messageReceived, bobRoom,
                [&received](const ChatMessage &message) { received << message; });
        QTRY_COMPARE_WITH_TIMEOUT(aliceRoom->state(), State::Open, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(bobRoom->state(), State::Open, 10000);
        for (int i = 0; i < 5; ++i)
            aliceRoom->send(u"before %1"_s.arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(textsFrom(received, u"alice"_s).size(), 5, 10000);

        QVERIFY(server.tell("restart 0 300", "restarted 0"));
        for (int i = 0; i < 5; ++i)
            aliceRoom->send(u"after %1"_s.arg(i)); // while the server is away: they wait
        QTRY_COMPARE_WITH_TIMEOUT(aliceRoom->pendingCount(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(textsFrom(received, u"alice"_s).size(), 10, 10000);
        QCOMPARE(textsFrom(received, u"alice"_s),
                 (QStringList{u"before 0"_s, u"before 1"_s, u"before 2"_s, u"before 3"_s, u"before 4"_s,
                              u"after 0"_s, u"after 1"_s, u"after 2"_s, u"after 3"_s, u"after 4"_s}));
        QVERIFY(aliceRoom->connectionCount() >= 2);
    }

    void aliceAndBobChatInTwoRooms()
    {
        NodeServer server({});
        if (!server.error().isEmpty())
            QFAIL(qPrintable(server.error()));
        ChatClient alice;
        ChatClient bob;
        QCOMPARE(signIn(alice, socketIoProfile(server.url()), u"alice"_s), QString());
        QCOMPARE(signIn(bob, socketIoProfile(server.url(), TokenTransport::Query), u"bob"_s), QString());
        QList<ChatMessage> atBob;
        for (const QString &name : {u"one"_s, u"two"_s}) {
            alice.joinRoom(name);
            RoomConnection *room = bob.joinRoom(name);
            connect(room, &RoomConnection::messageReceived, room, [&atBob, name](ChatMessage message) {
                message.text = name + u": "_s + message.text;
                atBob << message;
            });
        }
        for (const QString &name : {u"one"_s, u"two"_s}) {
            QTRY_COMPARE_WITH_TIMEOUT(alice.room(name)->state(), State::Open, 10000);
            QTRY_COMPARE_WITH_TIMEOUT(bob.room(name)->state(), State::Open, 10000);
        }
        alice.room(u"one"_s)->send(u"hello in one"_s);
        alice.room(u"two"_s)->send(u"hello in two"_s);
        QTRY_COMPARE_WITH_TIMEOUT(textsFrom(atBob, u"alice"_s).size(), 2, 10000);
        QStringList texts = textsFrom(atBob, u"alice"_s);
        texts.sort();
        QCOMPARE(texts, (QStringList{u"one: hello in one"_s, u"two: hello in two"_s}));
    }
};

QTEST_GUILESS_MAIN(TestE2eSocketIo)
#include "tst_e2e_socketio.moc"
