#include "chatclient.h"
#include "composeedit.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "mockserver.h"
#include "profilesettings.h"
#include "roomsidebar.h"
#include "secretstore.h"
#include "sessioncontroller.h"
#include "signindialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSignInFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void signInJoinAndSend()
    {
        MockServer server;
        QVERIFY(server.listen());
        ChatClient client;
        SessionController session(&client, {server.baseUrl().toString(), {}, {}, {}});
        session.start();
        SignInDialog *dialog = session.signInDialog();
        QTRY_VERIFY(dialog->isVisible());

        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"userEdit"_s), u"alice"_s);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"passwordEdit"_s), u"alice-pass"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);

        MainWindow *window = session.mainWindow();
        QTRY_VERIFY(window->isVisible());
        QVERIFY(!dialog->isVisible());

        auto *join = window->findChild<QLineEdit *>(u"joinEdit"_s);
        QTest::keyClicks(join, u"lobby"_s);
        QTest::keyClick(join, Qt::Key_Return);
        QTRY_COMPARE(window->currentRoom(), u"lobby"_s);
        auto *status = window->findChild<QLabel *>(u"roomStatus"_s);
        QTRY_COMPARE(status->text(), u"#lobby: connected"_s);

        auto *compose = window->findChild<ComposeEdit *>(u"composeEdit"_s);
        QVERIFY(compose);
        QTest::keyClicks(compose, u"hello from the widget test"_s);
        QTest::keyClick(compose, Qt::Key_Return);
        QVERIFY(compose->text().isEmpty());

        MessageModel *model = window->model(u"lobby"_s);
        QCOMPARE(window->findChild<QListView *>(u"messageView"_s)->model(), model);
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex row = model->index(0);
        QTRY_VERIFY(!row.data(MessageModel::PendingRole).toBool()); // the server echoed it
        QCOMPARE(row.data(Qt::DisplayRole).toString(), u"hello from the widget test"_s);
        QCOMPARE(row.data(MessageModel::UserRole).toString(), u"alice"_s);
        QVERIFY(!row.data(MessageModel::TimeRole).toString().isEmpty());
    }

    void wrongPasswordIsShownInTheDialog()
    {
        MockServer server;
        QVERIFY(server.listen());
        ChatClient client;
        SessionController session(&client, {server.baseUrl().toString(), u"alice"_s, {}, {}});
        session.start();
        SignInDialog *dialog = session.signInDialog();
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"passwordEdit"_s), u"wrong"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
        auto *message = dialog->findChild<QLabel *>(u"passwordError"_s);
        QTRY_VERIFY(message->text().contains(u"Wrong user name or password"_s));
        QVERIFY(dialog->isVisible());
        QVERIFY(!session.mainWindow()->isVisible());
        QVERIFY(dialog->findChild<QPushButton *>(u"signInButton"_s)->isEnabled());
    }

    void anUnreachableServerIsExplainedUnderTheServerField()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const QString url = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
        closed.close();
        ChatClient client;
        SessionController session(&client, {url, u"alice"_s, {}, {}});
        session.start();
        SignInDialog *dialog = session.signInDialog();
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"passwordEdit"_s), u"alice-pass"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
        auto *serverError = dialog->findChild<QLabel *>(u"serverError"_s);
        QTRY_VERIFY(serverError->isVisible());
        QVERIFY2(serverError->text().contains(u"Could not reach"_s), qPrintable(serverError->text()));
        QVERIFY(!dialog->findChild<QLabel *>(u"passwordError"_s)->isVisible());
        QVERIFY(dialog->findChild<QLineEdit *>(u"serverEdit"_s)->hasFocus() || !dialog->isActiveWindow());
    }

    void serverWithoutHostIsRefusedAtOnce()
    {
        ChatClient client;
        SessionController session(&client, {u"http://"_s, u"alice"_s, {}, {}});
        session.start();
        SignInDialog *dialog = session.signInDialog();
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
        auto *message = dialog->findChild<QLabel *>(u"serverError"_s);
        QVERIFY(message->text().contains(u"host"_s));
    }

    void rememberMeSaysThePasswordIsKeptWhenTheServerCannotRefresh()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        ServerProfile channels;
        channels.name = u"Django site"_s;
        channels.baseUrl = QUrl(u"https://chat.example.com"_s);
        ServerProfile socketIo = ServerProfile::socketIoDefaults(QUrl(u"https://io.example.com"_s));
        socketIo.name = u"Team chat"_s;
        ProfileSettings::save(settings, {channels, socketIo});

        ChatClient client(nullptr, &settings);
        SignInDialog dialog(&client);
        dialog.setSettings(&settings);
        dialog.open();
        auto *note = dialog.findChild<QLabel *>(u"rememberNote"_s);
        QVERIFY(note);
        QVERIFY(!note->isVisible()); // a typed URL: a refresh endpoint, the refresh token is kept

        auto *combo = dialog.findChild<QComboBox *>(u"profileCombo"_s);
        const auto chooseProfile = [combo](const QString &name) {
            const int index = combo->findText(name);
            combo->setCurrentIndex(index);
            Q_EMIT combo->activated(index);
        };
        chooseProfile(u"Team chat"_s);
        QVERIFY(note->isVisible());
        // In plain words: what is kept, where, what for, and what happens without it.
        for (const QString &words : {u"password"_s, u"system keychain"_s, u"sign in again"_s,
                                     u"token runs out"_s, u"sign-in window comes back"_s})
            QVERIFY2(note->text().contains(words), qPrintable(words));
        QVERIFY(dialog.findChild<QCheckBox *>(u"rememberCheck"_s)->toolTip().contains(u"password"_s));
        // Not cut off: the dialog grew to show it whole.
        QVERIFY(note->height() >= note->heightForWidth(note->width()));

        chooseProfile(u"Django site"_s);
        QVERIFY(!note->isVisible());
        dialog.setServerUrl(u"https://io.example.com"_s);
        QVERIFY(note->isVisible());
        auto *server = dialog.findChild<QLineEdit *>(u"serverEdit"_s);
        server->selectAll();
        QTest::keyClicks(server, u"https://other.example.com"_s);
        QVERIFY(!note->isVisible());
    }

    void aSavedSessionOpensTheWindowWithoutAPassword()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        MemorySecretStore store;
        {
            ChatClient first(&store, &settings);
            ServerProfile profile;
            profile.baseUrl = server.baseUrl();
            first.setProfile(profile);
            QSignalSpy signedIn(&first, &ChatClient::signedIn);
            first.signIn(u"alice"_s, u"alice-pass"_s);
            QVERIFY(signedIn.wait());
            first.joinRoom(u"lobby"_s);
            first.joinRoom(u"zeta"_s);
            first.joinRoom(u"alpha"_s);
        }
        ChatClient client(&store, &settings);
        SessionController session(&client, {});
        session.start();
        QTRY_VERIFY(session.mainWindow()->isVisible());
        QVERIFY(!session.signInDialog()->isVisible());
        QTRY_COMPARE(session.mainWindow()->currentRoom(), u"lobby"_s);
        QTRY_COMPARE(session.mainWindow()->findChild<QLabel *>(u"roomStatus"_s)->text(),
                     u"#lobby: connected"_s);
        QCOMPARE(server.tokenRequestCount(), 1);
        // The rooms were joined before the window was built; it shows them in the order kept.
        const auto *rooms = session.mainWindow()->findChild<QListWidget *>(u"roomList"_s);
        QStringList shown;
        for (int row = 0; row < rooms->count(); ++row)
            shown << rooms->item(row)->data(RoomSidebar::RoomRole).toString();
        QCOMPARE(shown, (QStringList{u"lobby"_s, u"zeta"_s, u"alpha"_s}));
    }

    void aRefusedSavedSessionAsksToSignInWithTheNameFilledIn()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(u"session/server"_s, server.baseUrl().toString());
        settings.setValue(u"session/user"_s, u"bob"_s);
        MemorySecretStore store;
        ServerProfile profile;
        profile.baseUrl = server.baseUrl();
        AuthClient probe(nullptr);
        probe.setProfile(profile);
        bool written = false;
        store.write(probe.secretService(), u"bob"_s, "eyJ.garbage.token", this,
                    [&](const SecretResult &) { written = true; });
        QTRY_VERIFY(written);

        ChatClient client(&store, &settings);
        SessionController session(&client, {});
        session.start();
        SignInDialog *dialog = session.signInDialog();
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->findChild<QLineEdit *>(u"userEdit"_s)->text(), u"bob"_s);
        QVERIFY(dialog->findChild<QLabel *>(u"messageLabel"_s)->text().contains(u"sign in again"_s));
        QVERIFY(!session.mainWindow()->isVisible());
        QCOMPARE(QApplication::activeModalWidget() == nullptr || QApplication::activeModalWidget() == dialog,
                 true);
    }
};

QTEST_MAIN(TestSignInFlow)
#include "tst_signinflow.moc"
