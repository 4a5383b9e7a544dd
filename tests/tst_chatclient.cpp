#include "chatclient.h"
#include "mockserver.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

class TestChatClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threeRoomsRefusedAtOnceShareOneRefresh()
    {
        qint64 serverOffset = 0;
        MockServerOptions options;
        options.clock = [&serverOffset] {
            return QDateTime::currentMSecsSinceEpoch() + serverOffset;
        };
        MockServer server(options);
        QVERIFY(server.listen());
        ChatClient client;
        client.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        const QByteArray before = client.auth()->accessToken();

        serverOffset = 301 * 1000; // for the server, the access token has just expired
        const QStringList names{u"one"_s, u"two"_s, u"three"_s};
        QList<RoomConnection *> rooms;
        for (const QString &name : names)
            rooms << client.joinRoom(name);
        for (RoomConnection *room : rooms)
            QTRY_COMPARE(room->state(), State::Open);
        QCOMPARE(server.refreshRequestCount(), 1);
        QVERIFY(client.auth()->accessToken() != before);
    }

    void aRefusedRefreshEndsTheSession()
    {
        qint64 serverOffset = 0;
        MockServerOptions options;
        options.clock = [&serverOffset] {
            return QDateTime::currentMSecsSinceEpoch() + serverOffset;
        };
        MockServer server(options);
        QVERIFY(server.listen());
        ChatClient client;
        client.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        serverOffset = 2 * 86400 * 1000; // both tokens are dead for the server
        QSignalSpy expired(&client, &ChatClient::sessionExpired);
        client.joinRoom(u"lobby"_s);
        QVERIFY(expired.wait());
        QVERIFY(expired.first().first().toString().contains(u"sign in again"_s));
        QVERIFY(!client.isSignedIn());
        QCOMPARE(client.userName(), u"alice"_s);   // for the sign-in dialog
        QCOMPARE(server.refreshRequestCount(), 1); // no loop, no storm
        QVERIFY(client.roomNames().isEmpty());
    }

    void aRestartResumesWithoutAPasswordAndRejoinsTheRooms()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        MemorySecretStore store;
        {
            ChatClient first(&store, &settings);
            first.setProfile(profileFor(server.baseUrl()));
            QSignalSpy signedIn(&first, &ChatClient::signedIn);
            first.signIn(u"bob"_s, u"bob-pass"_s);
            QVERIFY(signedIn.wait());
            first.joinRoom(u"lobby"_s);
            first.joinRoom(u"random"_s);
            QTRY_COMPARE(first.room(u"random"_s)->state(), State::Open);
        }
        settings.sync();
        QVERIFY(!QFile(settings.fileName()).readAll().contains("eyJ"));

        ChatClient second(&store, &settings);
        QCOMPARE(second.lastServer(), server.baseUrl().toString());
        QCOMPARE(second.lastUser(), u"bob"_s);
        second.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&second, &ChatClient::signedIn);
        second.resume(second.lastUser());
        QVERIFY(signedIn.wait());
        QCOMPARE(second.roomNames(), (QStringList{u"lobby"_s, u"random"_s}));
        QTRY_COMPARE(second.room(u"lobby"_s)->state(), State::Open);
        QTRY_COMPARE(second.room(u"random"_s)->state(), State::Open);
        QCOMPARE(server.tokenRequestCount(), 1); // the password was asked once
    }

    void signingOutClosesEverythingAndForgetsTheSession()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        MemorySecretStore store;
        ChatClient client(&store, &settings);
        client.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QTRY_COMPARE(client.joinRoom(u"lobby"_s)->state(), State::Open);
        QSignalSpy left(&server, &MockServer::clientLeft);
        QSignalSpy signedOut(&client, &ChatClient::signedOut);
        client.signOut();
        QCOMPARE(signedOut.size(), 1);
        QVERIFY(left.wait());
        QVERIFY(client.roomNames().isEmpty());
        QCOMPARE(client.rememberedRooms(), QStringList{u"lobby"_s}); // not a secret; back on next sign-in

        ChatClient again(&store, &settings);
        again.setProfile(profileFor(server.baseUrl()));
        QSignalSpy failed(&again, &ChatClient::signInFailed);
        again.resume(u"alice"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().first().value<AuthError>(), AuthError::NotRemembered);
        QCOMPARE(server.refreshRequestCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestChatClient)
#include "tst_chatclient.moc"
