// Nothing is lost and nothing is shown twice: messages queued while the server is away survive
// a restart of the client, and two clients chatting through restarts, token expiries and
// injected 4001s see each other's messages exactly once, in send order.
#include "chatclient.h"
#include "messagemodel.h"
#include "mockserver.h"
#include "outboxstore.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

namespace {
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
} // namespace

class TestRoomDelivery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void queuedMessagesSurviveARestartOfTheClient()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        MemorySecretStore store;
        const QString outboxPath = dir.filePath(u"outbox.sqlite"_s);
        {
            OutboxStore outbox;
            QVERIFY(outbox.open(outboxPath));
            ChatClient alice(&store, &settings);
            alice.setOutboxStore(&outbox);
            QVERIFY(signInAndWait(alice, fastProfile(server.baseUrl()), u"alice"_s));
            RoomConnection *room = alice.joinRoom(u"lobby"_s);
            QTRY_COMPARE(room->state(), State::Open);

            server.rejectHandshakes(1000, 503); // the chat server is down
            server.dropRoom(u"lobby"_s);
            QTRY_COMPARE(room->state(), State::Reconnecting);
            for (const QString &text : {u"one"_s, u"two"_s, u"three"_s})
                room->send(text);
            QCOMPARE(room->pendingCount(), 3);
        } // the app quits (or crashes) with three messages unsent

        server.rejectHandshakes(0, 503); // the server is back
        QSignalSpy broadcast(&server, &MockServer::messageBroadcast);
        OutboxStore outbox;
        QVERIFY(outbox.open(outboxPath));
        ChatClient alice(&store, &settings);
        alice.setOutboxStore(&outbox);
        alice.setProfile(fastProfile(server.baseUrl()));
        QSignalSpy signedIn(&alice, &ChatClient::signedIn);
        alice.resume(u"alice"_s);
        QVERIFY(signedIn.wait());
        RoomConnection *room = alice.room(u"lobby"_s);
        QVERIFY(room);
        QTRY_COMPARE(room->pendingCount(), 0);

        ChatClient bob;
        QVERIFY(signInAndWait(bob, fastProfile(server.baseUrl()), u"bob"_s));
        QList<ChatMessage> received;
        connect(bob.joinRoom(u"lobby"_s), &RoomConnection::messageReceived, this,
                [&](const ChatMessage &message) { received << message; });
        QTRY_COMPARE(textsFrom(received, u"alice"_s), (QStringList{u"one"_s, u"two"_s, u"three"_s}));
        QCOMPARE(broadcast.size(), 3); // each stored and sent by the server exactly once
        QVERIFY(outbox.entries(alice.profile().origin() + u" alice"_s, u"lobby"_s).isEmpty());
    }

    void twoClientsThroughRestartsExpiriesAnd4001s()
    {
        MockServerOptions options;
        options.accessTtlSeconds = 1;
        MockServer server(options);
        QVERIFY(server.listen());
        ChatClient alice;
        ChatClient bob;
        QVERIFY(signInAndWait(alice, fastProfile(server.baseUrl()), u"alice"_s));
        QVERIFY(signInAndWait(bob, fastProfile(server.baseUrl()), u"bob"_s));
        RoomConnection *aliceRoom = alice.joinRoom(u"lobby"_s);
        RoomConnection *bobRoom = bob.joinRoom(u"lobby"_s);
        QTRY_COMPARE(aliceRoom->state(), State::Open);
        QTRY_COMPARE(bobRoom->state(), State::Open);

        QList<ChatMessage> atAlice;
        QList<ChatMessage> atBob;
        MessageModel aliceModel(u"alice"_s);
        MessageModel bobModel(u"bob"_s);
        connect(aliceRoom, &RoomConnection::messageReceived, this,
                [&](const ChatMessage &m) { atAlice << m; });
        connect(bobRoom, &RoomConnection::messageReceived, this, [&](const ChatMessage &m) { atBob << m; });
        connect(aliceRoom, &RoomConnection::messageReceived, &aliceModel, &MessageModel::addReceived);
        connect(bobRoom, &RoomConnection::messageReceived, &bobModel, &MessageModel::addReceived);

        constexpr int Count = 300;
        QStringList sentByAlice;
        QStringList sentByBob;
        int sent = 0;
        QTimer sender;
        sender.setInterval(8);
        connect(&sender, &QTimer::timeout, this, [&] {
            const QString a = u"alice %1"_s.arg(sent, 3, 10, QChar(u'0'));
            const QString b = u"bob %1"_s.arg(sent, 3, 10, QChar(u'0'));
            aliceModel.addPending(aliceRoom->send(a), a);
            bobModel.addPending(bobRoom->send(b), b);
            sentByAlice << a;
            sentByBob << b;
            if (++sent == Count)
                sender.stop();
        });
        sender.start();

        // Two server restarts and three 4001s at seeded random moments while the messages flow.
        QRandomGenerator random(20261123);
        QList<QTimer *> faults;
        auto at = [&](int ms, std::function<void()> fault) {
            auto *timer = new QTimer(this);
            timer->setSingleShot(true);
            connect(timer, &QTimer::timeout, this, fault);
            timer->start(ms);
            faults << timer;
        };
        at(700, [&] { server.restart(); });
        at(1900, [&] { server.restart(); });
        for (int i = 0; i < 3; ++i)
            at(random.bounded(200, 2400), [&] { server.closeRoom(u"lobby"_s, 4001); });

        QTRY_COMPARE_WITH_TIMEOUT(textsFrom(atBob, u"alice"_s).size(), Count, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(textsFrom(atAlice, u"bob"_s).size(), Count, 30000);
        QCOMPARE(textsFrom(atBob, u"alice"_s), sentByAlice); // exactly once, in send order
        QCOMPARE(textsFrom(atAlice, u"bob"_s), sentByBob);
        QTRY_COMPARE(aliceRoom->pendingCount(), 0);
        QTRY_COMPARE(bobRoom->pendingCount(), 0);
        QCOMPARE(aliceModel.rowCount(), 2 * Count); // no duplicate rows, own messages settled in place
        QCOMPARE(bobModel.rowCount(), 2 * Count);
        for (int row = 0; row < aliceModel.rowCount(); ++row)
            QVERIFY(!aliceModel.index(row).data(MessageModel::PendingRole).toBool());
        QVERIFY(aliceRoom->reconnectCount() + bobRoom->reconnectCount() >= 2);
        qDeleteAll(faults);
    }
};

QTEST_GUILESS_MAIN(TestRoomDelivery)
#include "tst_roomdelivery.moc"
