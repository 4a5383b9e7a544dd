// The protocol log dock: real traffic against the mock shows up with timestamps while the dock is
// open, never a token or a password, and nothing is captured while it is closed.
#include "chatclient.h"
#include "mockserver.h"
#include "protocollogdock.h"
#include "protocollogsource.h"

#include <QAction>
#include <QFile>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestProtocolLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void redactsWhatLooksSecret()
    {
        const QString line = u"POST /api/token/ {\"username\":\"alice\",\"password\":\"alice-pass\"} "
                             u"Bearer abc.def ?token=xyz eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"_s;
        const QString redacted = ProtocolLogSource::redact(line);
        QVERIFY(!redacted.contains(u"alice-pass"_s));
        QVERIFY(!redacted.contains(u"abc.def"_s));
        QVERIFY(!redacted.contains(u"xyz"_s));
        QVERIFY(!redacted.contains(u"eyJhbGciOiJIUzI1NiJ9"_s));
        QVERIFY(redacted.contains(u"\"username\":\"alice\""_s));
    }

    void capturesTrafficWhileOpenWithoutSecrets()
    {
        MockServer server;
        QVERIFY(server.listen());
        ProtocolLogDock dock;
        dock.show();
        QVERIFY(dock.toggleViewAction()->isChecked());
        auto *view = dock.findChild<QPlainTextEdit *>(u"protocolLogView"_s);
        QVERIFY(view);

        ChatClient client;
        ServerProfile profile;
        profile.baseUrl = server.baseUrl();
        client.setProfile(profile);
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        RoomConnection *room = client.joinRoom(u"lobby"_s);
        QTRY_COMPARE(room->state(), RoomConnection::State::Open);
        room->send(u"hello log"_s);
        QTRY_VERIFY(view->toPlainText().contains(u"<<"_s) && view->toPlainText().contains(u"hello log"_s));
        const QString text = view->toPlainText();
        QVERIFY(text.contains(u"POST"_s));
        QVERIFY(text.contains(u">>"_s));
        QVERIFY(
            QRegularExpression(u"^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d  "_s, QRegularExpression::MultilineOption)
                .match(text)
                .hasMatch());
        QVERIFY(!text.contains(u"alice-pass"_s));
        QVERIFY(!text.contains(QString::fromLatin1(client.auth()->accessToken())));
        QVERIFY(!text.contains(QString::fromLatin1(client.auth()->refreshToken())));

        QTemporaryDir dir;
        const QString path = dir.filePath(u"log.txt"_s);
        QVERIFY(dock.saveTo(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(file.readAll()).contains(u"hello log"_s));

        dock.hide();
        dock.clear();
        room->send(u"not while closed"_s);
        QSignalSpy broadcast(&server, &MockServer::messageBroadcast);
        QVERIFY(broadcast.wait());
        QTRY_VERIFY(room->pendingCount() == 0);
        QCoreApplication::processEvents();
        QVERIFY(view->toPlainText().isEmpty());
    }
};

QTEST_MAIN(TestProtocolLog)
#include "tst_protocollog.moc"
