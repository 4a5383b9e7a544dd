// Without any Secret Service: the app keeps the session in memory, says so once, and writes
// the token nowhere - not to QSettings, not to a file.
#include "chatclient.h"
#include "keychainsecretstore.h"
#include "mockserver.h"

#include <QDirIterator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestKeychainMissing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theSessionStaysInMemoryAndTheUserIsToldOnce()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        KeychainSecretStore store;
        QSignalSpy unavailable(&store, &KeychainSecretStore::keychainUnavailable);
        ChatClient client(&store, &settings);
        ServerProfile profile;
        profile.baseUrl = server.baseUrl();
        client.setProfile(profile);
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait(10000));
        QCOMPARE(unavailable.size(), 1);
        QVERIFY(unavailable.first().first().toString().contains(u"will not be remembered"_s));
        QVERIFY(store.isUsingFallback());
        QVERIFY(!store.isPersistent());

        // A second use of the store does not repeat the warning, and the memory copy works.
        QSignalSpy refreshed(client.auth(), &AuthClient::refreshed);
        client.auth()->refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(unavailable.size(), 1);

        const QByteArray token = client.auth()->refreshToken();
        QVERIFY(!token.isEmpty());
        settings.sync();
        const QStringList places{dir.path(),
                                 QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                                 QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)};
        for (const QString &place : places) {
            QDirIterator it(place, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile file(it.next());
                if (file.size() < 10 * 1024 * 1024 && file.open(QIODevice::ReadOnly))
                    QVERIFY2(!file.readAll().contains(token), qPrintable(file.fileName()));
            }
        }
    }
};

int main(int argc, char *argv[])
{
    // No session bus at all: what a headless box or a broken desktop gives QtKeychain.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/qtchat-test-bus");
    QCoreApplication app(argc, argv);
    TestKeychainMissing test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_keychainmissing.moc"
