// The local message store seen from the window: a room opens on its stored messages with no server
// to answer, the server's history then merges in by id (no duplicate row, nothing moved), signing out
// offers to delete the account's file, and "Forget this server" deletes every account's file.
#include "../testsupport.h"
#include "chatclient.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "mockserver.h"
#include "profileeditor.h"
#include "roomsidebar.h"
#include "sessioncontroller.h"
#include "signindialog.h"

#include <QAbstractButton>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

namespace {

ChatMessage fromBob(qint64 id, const QString &text)
{
    ChatMessage message;
    message.id = QString::number(id);
    message.user = u"bob"_s;
    message.text = text;
    message.createdAtText = u"2026-12-01T09:00:0%1Z"_s.arg(id);
    message.createdAt = QDateTime::fromString(message.createdAtText, Qt::ISODate);
    return message;
}

void storeMessages(const QString &path, const QString &room, const QList<ChatMessage> &messages)
{
    MessageStore store;
    QVERIFY(store.open(path));
    store.append(room, messages);
} // closing writes them

QStringList texts(const QAbstractItemModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, 0).data().toString();
    return out;
}

// A loopback port nothing listens on (for now).
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

int unread(const MainWindow &window, const QString &room)
{
    const auto *rooms = window.findChild<QListWidget *>(u"roomList"_s);
    for (int i = 0; rooms && i < rooms->count(); ++i) {
        if (rooms->item(i)->data(RoomSidebar::RoomRole).toString() == room)
            return rooms->item(i)->data(RoomSidebar::UnreadRole).toInt();
    }
    return -1;
}

// Clicks the Yes or No of the non-blocking question that appears under parent.
bool answer(QWidget *parent, const QString &name, QMessageBox::StandardButton button)
{
    QMessageBox *question = nullptr;
    if (!QTest::qWaitFor([&] { return (question = parent->findChild<QMessageBox *>(name)) != nullptr; }))
        return false;
    if (!question->isVisible() || !question->button(button))
        return false;
    const QPointer<QMessageBox> asked = question;
    question->button(button)->click();
    return QTest::qWaitFor([&] { return asked.isNull(); }); // closed and deleted
}

} // namespace

class TestStoredConversation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void theRoomOpensOnItsStoredMessagesAndHistoryMergesIn()
    {
        const quint16 port = closedPort();
        const ServerProfile profile = fastProfile(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
        const QString file = MessageStore::pathFor(m_dir->path(), profile, u"alice"_s);
        storeMessages(file, u"lobby"_s, {fromBob(1, u"one"_s), fromBob(2, u"two"_s), fromBob(3, u"three"_s)});
        storeMessages(file, u"other"_s, {fromBob(100, u"elsewhere"_s)});

        // No server: the sign-in cannot reach it, and the rooms show what was stored all the same.
        ChatClient client;
        client.setMessageStoreFolder(m_dir->path());
        client.setProfile(profile);
        QSignalSpy failed(&client, &ChatClient::signInFailed);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(failed.wait());
        client.resume(u"alice"_s); // the saved session: the account is known, the store opens
        MainWindow window(&client);
        window.show();
        window.joinRoom(u"other"_s);
        window.joinRoom(u"lobby"_s);
        MessageModel *lobby = window.model(u"lobby"_s);
        QVERIFY(lobby);
        QCOMPARE(texts(lobby), (QStringList{u"one"_s, u"two"_s, u"three"_s}));
        QCOMPARE(texts(window.model(u"other"_s)), QStringList{u"elsewhere"_s});
        QCOMPARE(unread(window, u"other"_s), 0); // read in an earlier run
        QCOMPARE(lobby->index(0).data(MessageModel::UserRole).toString(), u"bob"_s);
        QVERIFY(!lobby->index(0).data(MessageModel::PendingRole).toBool());

        // The server comes up with a history that overlaps what is shown, and goes further.
        MockServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, port));
        ChatClient bob;
        QVERIFY(signInAndWait(bob, fastProfile(server.baseUrl()), u"bob"_s));
        RoomConnection *bobsLobby = bob.joinRoom(u"lobby"_s);
        QTRY_COMPARE(bobsLobby->state(), State::Open);
        QSignalSpy echoes(bobsLobby, &RoomConnection::messageDelivered);
        for (const QString &text : {u"one"_s, u"two"_s, u"three"_s, u"four"_s, u"five"_s})
            bobsLobby->send(text);
        QTRY_COMPARE(echoes.size(), 5); // ids 1 to 5, as the stored ones have

        QSignalSpy removed(lobby, &QAbstractItemModel::rowsRemoved);
        QSignalSpy moved(lobby, &QAbstractItemModel::rowsMoved);
        QSignalSpy inserted(lobby, &QAbstractItemModel::rowsInserted);
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QTRY_COMPARE(client.room(u"lobby"_s)->state(), State::Open);
        bobsLobby->send(u"six"_s); // live, after the history on alice's socket
        QTRY_COMPARE(texts(lobby).value(lobby->rowCount() - 1), u"six"_s);
        QCOMPARE(texts(lobby), (QStringList{u"one"_s, u"two"_s, u"three"_s, u"four"_s, u"five"_s, u"six"_s}));
        QCOMPARE(removed.size(), 0);
        QCOMPARE(moved.size(), 0);
        for (const QList<QVariant> &insertion : std::as_const(inserted))
            QCOMPARE_GE(insertion.at(1).toInt(), 3); // at the bottom, below what was shown

        // And what came from the server is stored for the next start, once.
        client.messageStore()->flush();
        QCOMPARE(client.messageStore()->count(u"lobby"_s), 6);
    }

    void signingOutOffersToDeleteTheStoredMessages_data()
    {
        QTest::addColumn<int>("button");
        QTest::addColumn<bool>("kept");
        QTest::newRow("yes deletes the file") << int(QMessageBox::Yes) << false;
        QTest::newRow("no keeps it") << int(QMessageBox::No) << true;
    }

    void signingOutOffersToDeleteTheStoredMessages()
    {
        QFETCH(int, button);
        QFETCH(bool, kept);
        MockServer server;
        QVERIFY(server.listen());
        ChatClient client;
        client.setMessageStoreFolder(m_dir->path());
        SessionController session(&client, SessionOptions{});
        QVERIFY(signInAndWait(client, fastProfile(server.baseUrl()), u"alice"_s));
        QVERIFY(client.messageStore() && client.messageStore()->isOpen());
        const QString file = client.messageStore()->path();
        client.messageStore()->append(u"lobby"_s, fromBob(1, u"kept for later"_s));

        Q_EMIT session.mainWindow()->signOutRequested();
        QVERIFY(!client.isSignedIn());
        QVERIFY(QFileInfo::exists(file)); // nothing is deleted before the user says so
        QVERIFY(answer(session.signInDialog(), u"deleteStoredMessagesQuestion"_s,
                       QMessageBox::StandardButton(button)));
        QCOMPARE(QFileInfo::exists(file), kept);
        QCOMPARE(QFileInfo::exists(file + u"-wal"_s), false);
    }

    void forgettingAServerDeletesEveryAccountsStoredMessages()
    {
        const QString url = u"https://chat.example.com"_s;
        ServerProfile forgotten;
        forgotten.baseUrl = QUrl(url);
        ServerProfile kept;
        kept.baseUrl = QUrl(u"https://chat.example.org"_s);
        const QStringList gone{MessageStore::pathFor(m_dir->path(), forgotten, u"alice"_s),
                               MessageStore::pathFor(m_dir->path(), forgotten, u"bob"_s)};
        const QString other = MessageStore::pathFor(m_dir->path(), kept, u"alice"_s);
        for (const QString &file : gone + QStringList{other})
            storeMessages(file, u"lobby"_s, {fromBob(1, u"hello"_s)});

        QSettings settings(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        ChatClient client;
        client.setMessageStoreFolder(m_dir->path());
        SignInDialog dialog(&client);
        dialog.setSettings(&settings);
        dialog.setServerUrl(url);
        ProfileEditor *editor = dialog.openProfileEditor();
        QVERIFY(editor);
        auto *list = editor->findChild<QListWidget *>();
        QVERIFY(list);
        QCOMPARE(list->count(), 1);
        auto *forget = editor->findChild<QPushButton *>(u"forgetServerButton"_s);
        QVERIFY(forget);

        forget->click();
        QVERIFY(answer(editor, u"forgetServerQuestion"_s, QMessageBox::No));
        for (const QString &file : gone)
            QVERIFY(QFileInfo::exists(file));
        QCOMPARE(list->count(), 1);

        forget->click();
        QMessageBox *question = nullptr;
        QTRY_VERIFY((question = editor->findChild<QMessageBox *>(u"forgetServerQuestion"_s)));
        QVERIFY2(question->text().contains(u"every account"_s), qPrintable(question->text()));
        QVERIFY(answer(editor, u"forgetServerQuestion"_s, QMessageBox::Yes));
        for (const QString &file : gone)
            QVERIFY2(!QFileInfo::exists(file), qPrintable(file));
        QVERIFY(QFileInfo::exists(other));
        QCOMPARE(list->count(), 0);
    }

    void aDamagedStoreIsOneNoticeInTheWindow()
    {
        const ServerProfile profile = fastProfile(QUrl(u"http://127.0.0.1:%1"_s.arg(closedPort())));
        const QString file = MessageStore::pathFor(m_dir->path(), profile, u"alice"_s);
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write(QByteArray("not a database ").repeated(100));
        damaged.close();
        ChatClient client;
        client.setMessageStoreFolder(m_dir->path());
        SessionController session(&client, SessionOptions{});
        QSignalSpy problems(&client, &ChatClient::messageStoreProblem);
        client.setProfile(profile);
        client.resume(u"alice"_s);
        client.resume(u"alice"_s); // the same account again: said once
        QCOMPARE(problems.size(), 1);
        const auto *notice = session.mainWindow()->findChild<QLabel *>(u"noticeLabel"_s);
        QVERIFY(notice);
        QVERIFY2(notice->text().contains(u"damaged"_s), qPrintable(notice->text()));
        // The rooms work without it.
        MainWindow *window = session.mainWindow();
        window->joinRoom(u"lobby"_s);
        QVERIFY(window->model(u"lobby"_s));
        QCOMPARE(window->model(u"lobby"_s)->rowCount(), 0);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_MAIN(TestStoredConversation)
#include "tst_storedconversation.moc"
