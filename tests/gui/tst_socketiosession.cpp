// The desktop app on a Socket.IO server (issue 14, "Done when"): a saved Socket.IO profile signs in
// at the mock's /login (no refresh endpoint), two rooms are joined over the one shared connection,
// messages go both ways, a server restart is survived, and when the token runs out the app signs
// in again with the password "remember me" kept in the keychain - or, without it, the sign-in
// window comes back with the name filled in.
#include "chatclient.h"
#include "composeedit.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "mockserver.h"
#include "profilesettings.h"
#include "secretstore.h"
#include "sessioncontroller.h"
#include "signindialog.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
MockServerOptions socketIoSite(double tokenTtlSeconds)
{
    MockServerOptions options;
    options.loginOnly = true;
    options.tokenTtlSeconds = tokenTtlSeconds;
    return options;
}

ServerProfile profileFor(const MockServer &server)
{
    ServerProfile profile = ServerProfile::socketIoDefaults(server.baseUrl());
    profile.name = u"Team chat"_s;
    return profile;
}

bool hasText(const MessageModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row).data(Qt::DisplayRole).toString() == text)
            return true;
    }
    return false;
}

bool isDelivered(const MessageModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        if (index.data(Qt::DisplayRole).toString() == text)
            return !index.data(MessageModel::PendingRole).toBool();
    }
    return false;
}

// The app as main.cpp builds it, with the Socket.IO profile saved and chosen by its URL.
struct App
{
    App(const MockServer &server, SecretStore *store)
        : settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)
    {
        ProfileSettings::save(settings, {profileFor(server)});
        client = std::make_unique<ChatClient>(store, &settings);
        session = std::make_unique<SessionController>(
            client.get(), SessionOptions{server.baseUrl().toString(), u"alice"_s, {}, {}, &settings});
    }
    QTemporaryDir dir;
    QSettings settings;
    std::unique_ptr<ChatClient> client;
    std::unique_ptr<SessionController> session;
};

void signIn(App &app, bool remember)
{
    app.session->start();
    SignInDialog *dialog = app.session->signInDialog();
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->chosenProfile().protocol, ServerProtocol::SocketIo);
    QVERIFY(dialog->findChild<QLabel *>(u"rememberNote"_s)->isVisible());
    dialog->findChild<QCheckBox *>(u"rememberCheck"_s)->setChecked(remember);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"passwordEdit"_s), u"alice-pass"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    QTRY_VERIFY(app.session->mainWindow()->isVisible());
    QCOMPARE(app.client->profile().protocol, ServerProtocol::SocketIo);
}

void say(MainWindow *window, const QString &room, const QString &text)
{
    window->setCurrentRoom(room);
    auto *compose = window->findChild<ComposeEdit *>(u"composeEdit"_s);
    QVERIFY(compose);
    QTest::keyClicks(compose, text);
    QTest::keyClick(compose, Qt::Key_Return);
}
} // namespace

class TestSocketIoSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoRoomsChatAndSurviveARestart()
    {
        MockServer server(socketIoSite(3600));
        QVERIFY(server.listen());
        MemorySecretStore store;
        App app(server, &store);
        signIn(app, true);
        MainWindow *window = app.session->mainWindow();
        window->joinRoom(u"lobby"_s);
        window->joinRoom(u"random"_s);
        QTRY_COMPARE(app.client->room(u"lobby"_s)->state(), RoomConnection::State::Open);
        QTRY_COMPARE(app.client->room(u"random"_s)->state(), RoomConnection::State::Open);

        // Bob, on a client of his own, answers in #random.
        ChatClient bob;
        bob.setProfile(profileFor(server));
        QSignalSpy bobIn(&bob, &ChatClient::signedIn);
        bob.signIn(u"bob"_s, u"bob-pass"_s, false);
        QVERIFY(bobIn.wait());
        RoomConnection *bobRandom = bob.joinRoom(u"random"_s);
        QTRY_COMPARE(bobRandom->state(), RoomConnection::State::Open);

        say(window, u"lobby"_s, u"hello lobby over Socket.IO"_s);
        say(window, u"random"_s, u"hello random over Socket.IO"_s);
        QTRY_VERIFY(isDelivered(window->model(u"lobby"_s), u"hello lobby over Socket.IO"_s));
        QTRY_VERIFY(isDelivered(window->model(u"random"_s), u"hello random over Socket.IO"_s));
        bobRandom->send(u"hi alice, bob here"_s);
        QTRY_VERIFY(hasText(window->model(u"random"_s), u"hi alice, bob here"_s));
        QVERIFY(!hasText(window->model(u"lobby"_s), u"hi alice, bob here"_s));

        // A server restart: both rooms come back by themselves, and chat goes on.
        QVERIFY(server.restart() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(app.client->room(u"lobby"_s)->state() != RoomConnection::State::Open, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(app.client->room(u"lobby"_s)->state(), RoomConnection::State::Open, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(app.client->room(u"random"_s)->state(), RoomConnection::State::Open, 15000);
        say(window, u"lobby"_s, u"still here after the restart"_s);
        QTRY_VERIFY(isDelivered(window->model(u"lobby"_s), u"still here after the restart"_s));
        QCOMPARE(window->model(u"lobby"_s)->rowCount(), 2); // nothing twice
    }

    void anExpiredTokenIsRenewedWithTheRememberedPassword()
    {
        MockServer server(socketIoSite(2));
        QVERIFY(server.listen());
        MemorySecretStore store;
        App app(server, &store);
        signIn(app, true);
        MainWindow *window = app.session->mainWindow();
        window->joinRoom(u"lobby"_s);
        QTRY_COMPARE(app.client->room(u"lobby"_s)->state(), RoomConnection::State::Open);
        QCOMPARE(server.tokenRequestCount(), 1);

        // The password is in the keychain under the profile's password service.
        bool kept = false;
        store.read(app.client->auth()->passwordService(), u"alice"_s, this,
                   [&](const SecretResult &result) { kept = result.ok() && result.secret == "alice-pass"; });
        QTRY_VERIFY(kept);

        // Two token lifetimes later the app has signed in again by itself, twice or more.
        QTRY_VERIFY_WITH_TIMEOUT(server.tokenRequestCount() >= 3, 10000);
        QVERIFY(window->isVisible());
        QVERIFY(!app.session->signInDialog()->isVisible());
        say(window, u"lobby"_s, u"sent on a renewed token"_s);
        QTRY_VERIFY(isDelivered(window->model(u"lobby"_s), u"sent on a renewed token"_s));
        QCOMPARE(app.client->room(u"lobby"_s)->state(), RoomConnection::State::Open);
        // The first token has expired by now: a new connection CONNECTs with a renewed one.
        QVERIFY(server.restart() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(app.client->room(u"lobby"_s)->state() != RoomConnection::State::Open, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(app.client->room(u"lobby"_s)->state(), RoomConnection::State::Open, 15000);
        say(window, u"lobby"_s, u"and after a restart"_s);
        QTRY_VERIFY(isDelivered(window->model(u"lobby"_s), u"and after a restart"_s));
        QCOMPARE(window->model(u"lobby"_s)->rowCount(), 2);
    }

    void withoutRememberMeTheSignInWindowComesBack()
    {
        MockServer server(socketIoSite(2));
        QVERIFY(server.listen());
        MemorySecretStore store;
        App app(server, &store);
        signIn(app, false);
        app.session->mainWindow()->joinRoom(u"lobby"_s);
        QTRY_COMPARE(app.client->room(u"lobby"_s)->state(), RoomConnection::State::Open);

        SignInDialog *dialog = app.session->signInDialog();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 10000);
        QVERIFY(!app.session->mainWindow()->isVisible());
        QCOMPARE(dialog->findChild<QLineEdit *>(u"userEdit"_s)->text(), u"alice"_s);
        QVERIFY(dialog->findChild<QLineEdit *>(u"passwordEdit"_s)->text().isEmpty());
        QCOMPARE(server.tokenRequestCount(), 1); // no password to sign in again with
        bool found = true;
        store.read(app.client->auth()->passwordService(), u"alice"_s, this,
                   [&](const SecretResult &result) { found = result.ok(); });
        QTRY_VERIFY(!found);

        // Signing in again brings the window back with the room in it.
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"passwordEdit"_s), u"alice-pass"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
        QTRY_VERIFY(app.session->mainWindow()->isVisible());
        QTRY_COMPARE(app.client->room(u"lobby"_s)->state(), RoomConnection::State::Open);
    }
};

QTEST_MAIN(TestSocketIoSession)
#include "tst_socketiosession.moc"
