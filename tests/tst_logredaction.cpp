// Everything QtChat and Qt's network modules log during a whole session, with every category
// on, must not contain a password or any part of a token that would let someone use it.
#include "chatclient.h"
#include "jwt.h"
#include "mockserver.h"
#include "secretstore.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using State = RoomConnection::State;

namespace {
QMutex logMutex;
QStringList captured;
QtMessageHandler previousHandler = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        captured << QString::fromLatin1(context.category ? context.category : "") + u' ' + message;
    }
    if (type == QtFatalMsg && previousHandler)
        previousHandler(type, context, message);
}

// The parts of a JWT that identify it: its payload and signature (the header is the same for all).
QStringList secretParts(const QByteArray &token)
{
    QStringList parts;
    const QList<QByteArray> pieces = token.split('.');
    for (qsizetype i = 1; i < pieces.size(); ++i) {
        if (pieces[i].size() >= 16)
            parts << QString::fromLatin1(pieces[i].left(24));
    }
    if (pieces.size() != 3 && !token.isEmpty())
        parts << QString::fromLatin1(token);
    return parts;
}
} // namespace

class TestLogRedaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"*.debug=true\nqt.*.debug=true"_s);
        previousHandler = qInstallMessageHandler(capture);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void aWholeSessionLogsNoSecret_data()
    {
        QTest::addColumn<TokenTransport>("transport");
        QTest::newRow("with the token as subprotocol") << TokenTransport::Subprotocol;
        QTest::newRow("with the subprotocol pair") << TokenTransport::SubprotocolPair;
        QTest::newRow("with an Authorization header") << TokenTransport::Header;
        QTest::newRow("with a query parameter") << TokenTransport::Query;
    }

    void aWholeSessionLogsNoSecret()
    {
        QFETCH(TokenTransport, transport);
        captured.clear();
        MockServerOptions options;
        options.rotateRefresh = true;
        options.users = {{u"alice"_s, u"correct horse battery staple"_s}};
        MockServer server(options);
        QVERIFY(server.listen());
        MemorySecretStore store;
        ChatClient client(&store);
        ServerProfile profile;
        profile.baseUrl = server.baseUrl();
        profile.transport = transport;
        client.setProfile(profile);

        QStringList secrets{u"correct horse battery staple"_s};
        QSignalSpy failed(&client, &ChatClient::signInFailed);
        client.signIn(u"alice"_s, u"wrong password here"_s);
        QVERIFY(failed.wait());
        secrets << u"wrong password here"_s;

        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        client.signIn(u"alice"_s, u"correct horse battery staple"_s);
        QVERIFY(signedIn.wait());
        secrets << secretParts(client.auth()->accessToken()) << secretParts(client.auth()->refreshToken());

        RoomConnection *room = client.joinRoom(u"lobby"_s);
        QTRY_COMPARE(room->state(), State::Open);
        QSignalSpy delivered(room, &RoomConnection::messageDelivered);
        room->send(u"hello"_s);
        QVERIFY(delivered.wait());

        QSignalSpy refreshed(client.auth(), &AuthClient::refreshed);
        client.auth()->refresh();
        QVERIFY(refreshed.wait());
        secrets << secretParts(client.auth()->accessToken()) << secretParts(client.auth()->refreshToken());

        room->open(client.auth()->accessToken()); // a reconnect with the new token
        QTRY_COMPARE(room->state(), State::Open);
        client.signOut();
        QTRY_COMPARE(server.clientCount(u"lobby"_s), 0);

        QMutexLocker lock(&logMutex);
        QVERIFY2(captured.size() > 10, "the logging under test did not run");
        for (const QString &line : std::as_const(captured)) {
            for (const QString &secret : std::as_const(secrets))
                QVERIFY2(!line.contains(secret), qPrintable(u"a secret reached the log: "_s + line.left(80)));
        }
    }
};

QTEST_GUILESS_MAIN(TestLogRedaction)
#include "tst_logredaction.moc"
