// Starting the app with a saved session while the server is down (a laptop offline, a server
// restarting): the window opens at once on the remembered rooms, which say they are offline and
// when they try again; once the server is up they open without a password (issue 15, item 0).
#include "chatclient.h"
#include "mainwindow.h"
#include "mockserver.h"
#include "roomsidebar.h"
#include "secretstore.h"
#include "sessioncontroller.h"
#include "signindialog.h"

#include <QLabel>
#include <QListWidget>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestOfflineStart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aSavedSessionOpensOfflineAndComesOnlineWithoutAPassword()
    {
        quint16 port = 0;
        {
            QTcpServer probe; // a port nothing listens on until the server "comes back"
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const QUrl url(u"http://127.0.0.1:%1"_s.arg(port));
        MockServer server; // its tokens are good once it listens
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(u"session/server"_s, url.toString());
        settings.setValue(u"session/user"_s, u"alice"_s);
        ServerProfile profile;
        profile.baseUrl = url;
        // ChatClient's key for an account's rooms (origin and user, percent-encoded).
        settings.setValue(
            u"rooms/"_s + QString::fromLatin1((profile.origin() + u" alice"_s).toUtf8().toPercentEncoding()),
            QStringList{u"lobby"_s, u"dev"_s});
        MemorySecretStore store;
        AuthClient probe(nullptr);
        probe.setProfile(profile);
        bool written = false;
        store.write(probe.secretService(), u"alice"_s, server.issueRefreshToken(u"alice"_s, 3600), this,
                    [&](const SecretResult &) { written = true; });
        QTRY_VERIFY(written);

        ChatClient client(&store, &settings);
        SessionController session(&client, {});
        session.start();
        // At once, before the keychain has answered: the window, on the remembered rooms.
        MainWindow *window = session.mainWindow();
        QTRY_VERIFY(window->isVisible());
        SignInDialog *dialog = session.signInDialog();
        QVERIFY(!dialog->isVisible());
        const auto *rooms = window->findChild<QListWidget *>(u"roomList"_s);
        QCOMPARE(rooms->count(), 2);
        QCOMPARE(window->currentRoom(), u"lobby"_s);

        // The server cannot be reached: offline, counting down to the next try; no password asked.
        auto *status = window->findChild<QLabel *>(u"roomStatus"_s);
        QTRY_VERIFY2(status->text().contains(u"offline"_s), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QRegularExpression(u"in \\d+ s"_s)), qPrintable(status->text()));
        QCOMPARE(client.room(u"lobby"_s)->state(), RoomConnection::State::Reconnecting);
        QVERIFY(client.room(u"lobby"_s)->msUntilReconnect() >= 0);
        QVERIFY(!dialog->isVisible());
        QVERIFY(window->isVisible());

        // The server comes up: the next try (backoff, no network signal needed) opens the rooms.
        QVERIFY(server.listen(QHostAddress::LocalHost, port));
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), u"#lobby: connected"_s, 15000);
        QTRY_COMPARE(client.room(u"dev"_s)->state(), RoomConnection::State::Open);
        QVERIFY(!dialog->isVisible());
        QCOMPARE(server.tokenRequestCount(), 0); // never signed in with a password
        QCOMPARE(rooms->count(), 2);
    }

    void aRefusedSavedSessionStillAsksForThePassword()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(u"session/server"_s, server.baseUrl().toString());
        settings.setValue(u"session/user"_s, u"alice"_s);
        MemorySecretStore store;
        ServerProfile profile;
        profile.baseUrl = server.baseUrl();
        AuthClient probe(nullptr);
        probe.setProfile(profile);
        bool written = false;
        // Signed by another server: refused with 401.
        store.write(probe.secretService(), u"alice"_s, MockServer().issueRefreshToken(u"alice"_s, 3600), this,
                    [&](const SecretResult &) { written = true; });
        QTRY_VERIFY(written);

        ChatClient client(&store, &settings);
        SessionController session(&client, {});
        session.start();
        QTRY_VERIFY(session.mainWindow()->isVisible()); // at once, as with any saved session
        SignInDialog *dialog = session.signInDialog();
        QTRY_VERIFY(dialog->isVisible());
        QVERIFY(!session.mainWindow()->isVisible());
        QVERIFY(dialog->findChild<QLabel *>(u"messageLabel"_s)->text().contains(u"sign in again"_s));
    }
};

QTEST_MAIN(TestOfflineStart)
#include "tst_offlinestart.moc"
