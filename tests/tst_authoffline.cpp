// A saved session and an unreachable server (item 0 of issue 15): only a refresh token the server
// refuses (400/401) asks for the password; a network error, a timeout or a 5xx keep the session
// offline, retried with backoff on the profile's ReconnectPolicy, and at once when the network
// comes back. The remembered rooms exist from the start and wait for the session's token.
#include "authclient.h"
#include "cannedhttpserver.h"
#include "chatclient.h"
#include "mockserver.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;
using State = RoomConnection::State;

namespace {
// A loopback port nothing listens on (any more): connecting is refused at once.
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QUrl urlOf(quint16 port)
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

void saveRefreshToken(MemorySecretStore &store, const ServerProfile &profile, const QString &user,
                      const QByteArray &token)
{
    AuthClient probe(nullptr);
    probe.setProfile(profile);
    bool written = false;
    store.write(probe.secretService(), user, token, &store, [&](const SecretResult &) { written = true; });
    QTRY_VERIFY(written);
}

QByteArray tokenBody(const MockServer &issuer)
{
    return QJsonDocument(
               QJsonObject{{"access"_L1, QString::fromLatin1(issuer.issueAccessToken(u"alice"_s, 300))},
                           {"refresh"_L1, QString::fromLatin1(issuer.issueRefreshToken(u"alice"_s, 3600))}})
        .toJson(QJsonDocument::Compact);
}

// What ChatClient keeps as the rooms of an account (its settingsKey()).
QString roomsKey(const ServerProfile &profile, const QString &user)
{
    return u"rooms/"_s + QString::fromLatin1((profile.origin() + u' ' + user).toUtf8().toPercentEncoding());
}
} // namespace

class TestAuthOffline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aServerThatCannotBeAskedKeepsTheSavedSession_data()
    {
        QTest::addColumn<QByteArray>("answer"); // empty: nothing listens on the port
        QTest::addColumn<int>("error");
        QTest::newRow("connection refused keeps the session") << QByteArray() << int(AuthError::Network);
        QTest::newRow("a 503 keeps the session")
            << CannedHttpServer::response(503, "text/html", "down") << int(AuthError::Server);
        QTest::newRow("a 502 keeps the session")
            << CannedHttpServer::response(502, "text/html", "bad gateway") << int(AuthError::Server);
        QTest::newRow("no answer in time keeps the session")
            << QByteArray("silence") << int(AuthError::Timeout);
    }

    void aServerThatCannotBeAskedKeepsTheSavedSession()
    {
        QFETCH(QByteArray, answer);
        QFETCH(int, error);
        CannedHttpServer canned(answer == "silence" ? QByteArray() : answer);
        const QUrl url = answer.isEmpty() ? urlOf(closedPort()) : canned.url();
        const ServerProfile profile = profileFor(url);
        MemorySecretStore store;
        saveRefreshToken(store, profile, u"alice"_s, "saved-refresh-token");

        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profile);
        auth.setSecretStore(&store);
        auth.setRequestTimeout(200);
        QSignalSpy failed(&auth, &AuthClient::refreshFailed);
        QSignalSpy signInFailed(&auth, &AuthClient::signInFailed);
        auth.resume(u"alice"_s);
        QVERIFY(auth.hasSession()); // from the first moment: the rooms wait instead of asking
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<AuthError>(), AuthError(error));
        QCOMPARE(signInFailed.size(), 0);
        QVERIFY(auth.hasSession());
        QVERIFY(auth.isOffline());
        QVERIFY(!auth.isSignedIn());
        QVERIFY(!auth.offlineReason().isEmpty());
        QCOMPARE(auth.refreshToken(), "saved-refresh-token"); // kept for the retry
        const qint64 retryIn = auth.msUntilRefresh();
        QVERIFY2(retryIn >= 0 && retryIn <= 1000, qPrintable(QString::number(retryIn)));
        QVERIFY(failed.wait(5000)); // the retry came on its own, and failed the same way
        QCOMPARE(signInFailed.size(), 0);
        bool stillSaved = false;
        store.read(auth.secretService(), u"alice"_s, this,
                   [&](const SecretResult &result) { stillSaved = result.secret == "saved-refresh-token"; });
        QTRY_VERIFY(stillSaved);
    }

    void aRefusedRefreshTokenAsksForThePassword_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("400 asks for the password") << 400;
        QTest::newRow("401 asks for the password") << 401;
    }

    void aRefusedRefreshTokenAsksForThePassword()
    {
        QFETCH(int, status);
        CannedHttpServer server(CannedHttpServer::response(status, "application/json", R"({"detail":"no"})"));
        const ServerProfile profile = profileFor(server.url());
        MemorySecretStore store;
        saveRefreshToken(store, profile, u"alice"_s, "refused-token");
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profile);
        auth.setSecretStore(&store);
        QSignalSpy signInFailed(&auth, &AuthClient::signInFailed);
        auth.resume(u"alice"_s);
        QVERIFY(signInFailed.wait());
        QCOMPARE(signInFailed.first().first().value<AuthError>(), AuthError::SessionExpired);
        QVERIFY(!auth.hasSession());
        QVERIFY(!auth.isOffline());
        QCOMPARE(auth.msUntilRefresh(), -1); // nothing retries a refused token
        QCOMPARE(server.requests(), 1);
    }

    void aServerBackAfterA5xxResumesWithoutAPassword()
    {
        MockServer issuer;
        CannedHttpServer server({CannedHttpServer::response(503, "text/html", "down"),
                                 CannedHttpServer::response(200, "application/json", tokenBody(issuer))});
        ServerProfile profile = fastProfile(server.url());
        MemorySecretStore store;
        saveRefreshToken(store, profile, u"alice"_s, "saved-refresh-token");
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profile);
        auth.setSecretStore(&store);
        QSignalSpy failed(&auth, &AuthClient::refreshFailed);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        QSignalSpy signInFailed(&auth, &AuthClient::signInFailed);
        auth.resume(u"alice"_s);
        QVERIFY(signedIn.wait());
        QCOMPARE(failed.size(), 1);
        QCOMPARE(signInFailed.size(), 0);
        QVERIFY(!auth.isOffline());
        QCOMPARE(server.requests(), 2);
    }

    void retriesBackOffWithJitterOnTheInjectedClock()
    {
        ServerProfile profile = profileFor(urlOf(closedPort()));
        profile.reconnect.baseMs = 1000;
        profile.reconnect.capMs = 8000;
        MemorySecretStore store;
        saveRefreshToken(store, profile, u"alice"_s, "saved-refresh-token");
        qint64 now = 0;
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profile);
        auth.setSecretStore(&store);
        auth.setClock([&now] { return now; });
        auth.setLongestTimerStep(5); // the fake clock is looked at every few milliseconds
        auth.setRetrySeed(7);
        ReconnectPolicy expected(7, profile.reconnect);

        QSignalSpy failed(&auth, &AuthClient::refreshFailed);
        auth.resume(u"alice"_s);
        for (int attempt = 0; attempt < 6; ++attempt) {
            QVERIFY(failed.wait());
            const qint64 delay = expected.nextDelayMs(100);
            QCOMPARE(auth.msUntilRefresh(), delay);
            QVERIFY(delay <= ReconnectPolicy::windowMs(attempt, profile.reconnect));
            // Not before its time: the clock has not moved, so no request goes out.
            QVERIFY(!failed.wait(50));
            now += delay;
        }
        QVERIFY(ReconnectPolicy::windowMs(5, profile.reconnect) == 8000); // the window reached its cap
    }

    void theRoomsWaitOfflineAndOpenAtOnceWhenTheNetworkIsBack()
    {
        const quint16 port = closedPort();
        MockServer server;
        ServerProfile profile = profileFor(urlOf(port));
        profile.reconnect.baseMs = 60000; // the backoff alone would take a minute
        profile.reconnect.capMs = 60000;
        MemorySecretStore store;
        saveRefreshToken(store, profile, u"alice"_s, server.issueRefreshToken(u"alice"_s, 3600));
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(roomsKey(profile, u"alice"_s), QStringList{u"lobby"_s, u"dev"_s});

        ChatClient client(&store, &settings);
        client.setProfile(profile);
        quint32 seed = 1; // one whose first retry is far: only the network coming back is that quick
        while (ReconnectPolicy(seed, profile.reconnect).nextDelayMs(100) < 10000)
            ++seed;
        client.auth()->setRetrySeed(seed);
        QSignalSpy signedIn(&client, &ChatClient::signedIn);
        QSignalSpy signInFailed(&client, &ChatClient::signInFailed);
        client.resume(u"alice"_s);
        // At once, before the keychain has answered: the rooms exist and wait for the token.
        QCOMPARE(client.roomNames(), (QStringList{u"dev"_s, u"lobby"_s}));
        RoomConnection *lobby = client.room(u"lobby"_s);
        QCOMPARE(lobby->state(), State::Connecting);
        QTRY_COMPARE(lobby->state(), State::Reconnecting);
        QVERIFY2(lobby->stateReason().startsWith(u"offline"_s), qPrintable(lobby->stateReason()));
        const qint64 retryIn = lobby->msUntilReconnect();
        QVERIFY2(retryIn > 5000 && retryIn <= 60000, qPrintable(QString::number(retryIn)));
        QCOMPARE(client.room(u"dev"_s)->state(), State::Reconnecting);

        QVERIFY(server.listen(QHostAddress::LocalHost, port));
        client.onNetworkReachable(); // what QNetworkInformation says when the network is back
        QVERIFY(signedIn.wait(3000));
        QTRY_COMPARE(lobby->state(), State::Open);
        QTRY_COMPARE(client.room(u"dev"_s)->state(), State::Open);
        QCOMPARE(signInFailed.size(), 0);
        QCOMPARE(server.tokenRequestCount(), 0); // no password was needed
    }

    void aRefusedSavedSessionClosesTheRoomsItOpened()
    {
        MockServer server;
        QVERIFY(server.listen());
        const ServerProfile profile = profileFor(server.baseUrl());
        MemorySecretStore store;
        saveRefreshToken(store, profile, u"alice"_s, "eyJ.not.valid");
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(roomsKey(profile, u"alice"_s), QStringList{u"lobby"_s});
        ChatClient client(&store, &settings);
        client.setProfile(profile);
        QSignalSpy left(&client, &ChatClient::roomLeft);
        QSignalSpy signInFailed(&client, &ChatClient::signInFailed);
        client.resume(u"alice"_s);
        QCOMPARE(client.roomNames(), QStringList{u"lobby"_s});
        QVERIFY(signInFailed.wait());
        QCOMPARE(signInFailed.first().first().value<AuthError>(), AuthError::SessionExpired);
        QCOMPARE(left.size(), 1);
        QVERIFY(client.roomNames().isEmpty());
        QCOMPARE(client.rememberedRooms(), QStringList{u"lobby"_s}); // still remembered for next time
    }
};

QTEST_GUILESS_MAIN(TestAuthOffline)
#include "tst_authoffline.moc"
