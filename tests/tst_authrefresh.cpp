#include "authclient.h"
#include "cannedhttpserver.h"
#include "jwt.h"
#include "mockserver.h"
#include "secretstore.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
QByteArray unsignedJwt(const QByteArray &payload)
{
    const auto part = [](const QByteArray &json) {
        return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part(R"({"alg":"HS256"})") + '.' + part(payload) + ".c2ln";
}

// What a token endpoint answers. (Built with QJsonObject: moc 6.4 misreads raw strings that
// contain quotes.)
QByteArray tokenBody(const QByteArray &access, const QByteArray &refresh)
{
    const QJsonObject object{{"access"_L1, QString::fromLatin1(access)},
                             {"refresh"_L1, QString::fromLatin1(refresh)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// A refresh answer from a server that does not rotate.
QByteArray accessOnlyBody(const QByteArray &access)
{
    return QJsonDocument(QJsonObject{{"access"_L1, QString::fromLatin1(access)}})
        .toJson(QJsonDocument::Compact);
}

SecretResult readBack(SecretStore &store, const QString &service, const QString &key)
{
    SecretResult answer;
    bool done = false;
    store.read(service, key, &store, [&](const SecretResult &result) {
        answer = result;
        done = true;
    });
    [&] {
        QTRY_VERIFY(done);
    }();
    return answer;
}
} // namespace

class TestAuthRefresh : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refreshIsScheduledFromTheLifetime_data()
    {
        QTest::addColumn<double>("lifetimeSeconds");
        QTest::addColumn<qint64>("serverClockOffsetMs");
        QTest::addColumn<qint64>("expectedDelayMs");
        const qint64 tenMinutes = 10 * 60 * 1000;
        const struct
        {
            const char *name;
            double seconds;
            qint64 delay;
        } lifetimes[] = {{"5 s", 5, 2500}, {"300 s", 300, 240000}, {"1 day", 86400, 69120000}};
        for (const auto &lifetime : lifetimes) {
            for (const qint64 offset : {-tenMinutes, qint64(0), tenMinutes}) {
                QTest::addRow("a %s token with the server clock %+lld min off is refreshed after %lld ms",
                              lifetime.name, offset / 60000, lifetime.delay)
                    << lifetime.seconds << offset << lifetime.delay;
            }
        }
    }

    void refreshIsScheduledFromTheLifetime()
    {
        QFETCH(double, lifetimeSeconds);
        QFETCH(qint64, serverClockOffsetMs);
        MockServerOptions options;
        options.accessTtlSeconds = lifetimeSeconds;
        options.clock = [serverClockOffsetMs] {
            return QDateTime::currentMSecsSinceEpoch() + serverClockOffsetMs;
        };
        MockServer server(options);
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        AuthClient auth(&network);
        const qint64 frozenLocalTime = 1000000;
        auth.setClock([=] { return frozenLocalTime; });
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QTEST(auth.msUntilRefresh(), "expectedDelayMs");
        QVERIFY(!auth.isAccessTokenStale());
    }

    void tokenWithoutExpiryIsNotScheduled()
    {
        const QByteArray body = tokenBody(unsignedJwt(R"({"user_id":1})"), "r1");
        CannedHttpServer server(CannedHttpServer::response(200, "application/json", body));
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.url()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QCOMPARE(auth.msUntilRefresh(), -1);
        QVERIFY(!auth.isAccessTokenStale());
    }

    void aRefreshedTokenThatKeepsAnOldIatIsScheduledFromItsRealLife()
    {
        // simplejwt 5.2: the refreshed access token carries the refresh token's iat.
        const qint64 iat = QDateTime::currentSecsSinceEpoch();
        const auto claims = [iat](qint64 exp) {
            return QByteArray(R"({"iat":)") + QByteArray::number(iat) + R"(,"exp":)" +
                   QByteArray::number(exp) + "}";
        };
        const QByteArray refresh = unsignedJwt(claims(iat + 86400));
        CannedHttpServer server(
            {CannedHttpServer::response(200, "application/json",
                                        tokenBody(unsignedJwt(claims(iat + 300)), refresh)),
             CannedHttpServer::response(200, "application/json",
                                        accessOnlyBody(unsignedJwt(claims(iat + 100 + 300))))});
        QNetworkAccessManager network;
        AuthClient auth(&network);
        qint64 localNow = 1000;
        auth.setClock([&localNow] { return localNow; });
        auth.setProfile(profileFor(server.url()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QCOMPARE(auth.msUntilRefresh(), AuthClient::refreshDelayMs(300000));
        localNow += 100000; // 100 s later the refresh is answered; exp - iat says 400 s
        QSignalSpy refreshed(&auth, &AuthClient::refreshed);
        auth.refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(auth.msUntilRefresh(), AuthClient::refreshDelayMs(300000));
    }

    void theServerDateBeatsACopiedIat()
    {
        // simplejwt: a refreshed access token keeps the refresh token's iat (here an hour old).
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray access = unsignedJwt(QByteArray(R"({"iat":)") + QByteArray::number(now - 3600) +
                                              R"(,"exp":)" + QByteArray::number(now + 300) + "}");
        const QByteArray date =
            "Date: " +
            QLocale::c()
                .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
                .toLatin1() +
            "\r\n";
        CannedHttpServer server(
            CannedHttpServer::response(200, "application/json", tokenBody(access, "r1"), date));
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setClock([] { return qint64(5000); });
        auth.setProfile(profileFor(server.url()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        // 298-300 s left by the server's clock: refreshed at 80% of that, not of 3900 s.
        const qint64 due = auth.msUntilRefresh();
        QVERIFY2(due >= AuthClient::refreshDelayMs(297000) && due <= AuthClient::refreshDelayMs(300000),
                 qPrintable(QString::number(due)));
    }

    void theTimerRefreshesBeforeExpiry()
    {
        MockServerOptions options;
        options.accessTtlSeconds = 0.2;
        MockServer server(options);
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        const QByteArray first = auth.accessToken();
        QSignalSpy refreshed(&auth, &AuthClient::refreshed);
        QVERIFY(refreshed.wait(1000)); // due at 100 ms: half of a 200 ms life
        QVERIFY(auth.accessToken() != first);
        QCOMPARE(server.refreshRequestCount(), 1);
    }

    void aLongLivedTokenIsRefreshedOnceAtItsTime_data()
    {
        QTest::addColumn<qint64>("lifetimeDays");
        QTest::newRow("a token living 30 days is refreshed once, after 24 days") << qint64(30);
        QTest::newRow("a token living 70 days is refreshed once, after 56 days, not after a wrapped 6")
            << qint64(70);
        QTest::newRow("a token living 365 days is refreshed once, after 292 days") << qint64(365);
    }

    void aLongLivedTokenIsRefreshedOnceAtItsTime()
    {
        QFETCH(qint64, lifetimeDays);
        // An int timer interval would wrap: "Timers cannot have negative intervals", or a refresh
        // days early.
        QTest::failOnWarning(QRegularExpression(u"interval"_s, QRegularExpression::CaseInsensitiveOption));
        const qint64 lifetimeMs = lifetimeDays * 24 * 60 * 60 * 1000;
        const qint64 dueMs = AuthClient::refreshDelayMs(lifetimeMs);
        const qint64 iat = QDateTime::currentSecsSinceEpoch();
        const auto access = [lifetimeMs](qint64 issuedAt) {
            return unsignedJwt(QByteArray(R"({"iat":)") + QByteArray::number(issuedAt) + R"(,"exp":)" +
                               QByteArray::number(issuedAt + lifetimeMs / 1000) + "}");
        };
        // The refreshed token is issued when the refresh is due, so it lives as long again.
        CannedHttpServer server(
            {CannedHttpServer::response(200, "application/json", tokenBody(access(iat), "r1")),
             CannedHttpServer::response(200, "application/json",
                                        accessOnlyBody(access(iat + dueMs / 1000)))});
        QNetworkAccessManager network;
        AuthClient auth(&network);
        qint64 localNow = 1000;
        int clockReads = 0; // each timer step reads the clock once
        auth.setClock([&] {
            ++clockReads;
            return localNow;
        });
        auth.setLongestTimerStep(5); // days of token life in milliseconds of test
        auth.setProfile(profileFor(server.url()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QCOMPARE(auth.msUntilRefresh(), dueMs);

        QSignalSpy refreshed(&auth, &AuthClient::refreshed);
        localNow += dueMs - 1; // a millisecond early: the steps go on and nothing is sent
        int reads = clockReads;
        QTRY_VERIFY(clockReads >= reads + 10);
        QCOMPARE(server.requests(), 1);
        QCOMPARE(refreshed.size(), 0);
        QCOMPARE(auth.msUntilRefresh(), 1);

        localNow += 1;
        QVERIFY(refreshed.wait());
        QCOMPARE(server.requests(), 2);
        QCOMPARE(auth.msUntilRefresh(), dueMs);
        reads = clockReads;
        QTRY_VERIFY(clockReads >= reads + 10);
        QCOMPARE(refreshed.size(), 1); // exactly one refresh
        QCOMPARE(server.requests(), 2);
    }

    void aTrickledRefreshTimesOutAndIsRetried()
    {
        // The refresh answer crawls in at a byte every 100 ms: only the 1 s deadline ends it, and
        // it counts as a timeout, so it is retried with backoff while the old token stays.
        MockServer issuer;
        const QByteArray body =
            tokenBody(issuer.issueAccessToken(u"alice"_s, 300), issuer.issueRefreshToken(u"alice"_s, 3600));
        CannedHttpServer server(CannedHttpServer::response(200, "application/json", body));
        server.trickleFrom(1, std::chrono::milliseconds(100));
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setRequestTimeout(10000);
        auth.setRequestDeadline(1000);
        auth.setProfile(profileFor(server.url()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        const QByteArray access = auth.accessToken();

        QSignalSpy failed(&auth, &AuthClient::refreshFailed);
        QElapsedTimer elapsed;
        elapsed.start();
        auth.refresh();
        QVERIFY(failed.wait(3000)); // the deadline and a margin for a loaded machine
        QVERIFY2(elapsed.elapsed() >= 900, qPrintable(QString::number(elapsed.elapsed())));
        QCOMPARE(failed.first().at(0).value<AuthError>(), AuthError::Timeout);
        QVERIFY2(failed.first().at(1).toString().contains(u"did not answer in time"_s),
                 qPrintable(failed.first().at(1).toString()));
        QVERIFY(server.trickledBytes() > 0);
        QVERIFY(auth.isSignedIn());
        QCOMPARE(auth.accessToken(), access);
        const qint64 retryIn = auth.msUntilRefresh();
        QVERIFY2(retryIn >= 50 && retryIn <= 1100, qPrintable(QString::number(retryIn)));
        QVERIFY(failed.wait(1100 + 3000)); // the retry, cut off by the deadline again
        QCOMPARE(server.requests(), 3);
    }

    void rotatedTokenIsStoredAndTheOldOneIsDead()
    {
        MockServerOptions options;
        options.rotateRefresh = true;
        MockServer server(options);
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        MemorySecretStore store;
        AuthClient auth(&network);
        auth.setSecretStore(&store);
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        const QByteArray old = auth.refreshToken();
        QCOMPARE(readBack(store, auth.secretService(), u"alice"_s).secret, old);

        QSignalSpy refreshed(&auth, &AuthClient::refreshed);
        auth.refresh();
        QVERIFY(refreshed.wait());
        QVERIFY(auth.refreshToken() != old);
        QCOMPARE(readBack(store, auth.secretService(), u"alice"_s).secret, auth.refreshToken());

        // Another client still holding the old token: the server refuses it, it asks for a
        // sign-in, forgets that token and sends nothing more.
        MemorySecretStore staleStore;
        AuthClient stale(&network);
        stale.setSecretStore(&staleStore);
        stale.setProfile(profileFor(server.baseUrl()));
        bool written = false;
        staleStore.write(stale.secretService(), u"alice"_s, old, this,
                         [&](const SecretResult &) { written = true; });
        QTRY_VERIFY(written);
        QSignalSpy failed(&stale, &AuthClient::signInFailed);
        stale.resume(u"alice"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().first().value<AuthError>(), AuthError::SessionExpired);
        QCOMPARE(server.refreshRequestCount(), 2);
        QCOMPARE(readBack(staleStore, stale.secretService(), u"alice"_s).status,
                 SecretResult::Status::NotFound);
        QVERIFY(!stale.isSignedIn());
        QCOMPARE(stale.msUntilRefresh(), -1);
    }

    void twoProcessesResumingOneSessionKeepEachOthersRotatedTokens()
    {
        // Two qtchat-cli runs resuming one saved session (one keychain entry): each refresh
        // retires the token the other holds. The loser of each race takes the winner's token
        // from the store instead of deleting it.
        MockServerOptions options;
        options.rotateRefresh = true;
        MockServer server(options);
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        MemorySecretStore keychain;
        AuthClient first(&network);
        AuthClient second(&network);
        for (AuthClient *auth : {&first, &second}) {
            auth->setSecretStore(&keychain);
            auth->setProfile(profileFor(server.baseUrl()));
        }
        QSignalSpy signedIn(&first, &AuthClient::signedIn);
        first.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QSignalSpy secondIn(&second, &AuthClient::signedIn);
        second.resume(u"alice"_s); // rotates: the first one's token is dead now
        QVERIFY(secondIn.wait());

        for (AuthClient *auth : {&first, &second, &first}) {
            QSignalSpy refreshed(auth, &AuthClient::refreshed);
            QSignalSpy failed(auth, &AuthClient::refreshFailed);
            auth->refresh();
            QVERIFY(refreshed.wait());
            QCOMPARE(failed.count(), 0);
            QCOMPARE(readBack(keychain, auth->secretService(), u"alice"_s).secret, auth->refreshToken());
        }
        // Each loser asked twice (refused, then with the stored token); the winners once.
        QCOMPARE(server.refreshRequestCount(), 1 + 2 + 2 + 2);
    }

    void transientRefreshFailuresAreRetriedWithBackoff_data()
    {
        QTest::addColumn<QByteArray>("failure");
        QTest::newRow("a 502 from the refresh endpoint is retried")
            << CannedHttpServer::response(502, "text/html", "bad gateway");
        QTest::newRow("a 503 from the refresh endpoint is retried")
            << CannedHttpServer::response(503, "text/html", "down");
    }

    void transientRefreshFailuresAreRetriedWithBackoff()
    {
        QFETCH(QByteArray, failure);
        MockServer issuer;
        const QByteArray body =
            tokenBody(issuer.issueAccessToken(u"alice"_s, 300), issuer.issueRefreshToken(u"alice"_s, 3600));
        CannedHttpServer server({CannedHttpServer::response(200, "application/json", body), failure});
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.url()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        const QByteArray access = auth.accessToken();
        QSignalSpy failed(&auth, &AuthClient::refreshFailed);
        auth.refresh();
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().first().value<AuthError>(), AuthError::Server);
        QVERIFY(auth.isSignedIn()); // the old access token stays usable meanwhile
        QCOMPARE(auth.accessToken(), access);
        const qint64 retryIn = auth.msUntilRefresh();
        QVERIFY2(retryIn >= 50 && retryIn <= 1100, qPrintable(QString::number(retryIn)));
        QVERIFY(failed.wait(2000)); // the retry happened on its own
        QCOMPARE(server.requests(), 3);
    }
};

QTEST_GUILESS_MAIN(TestAuthRefresh)
#include "tst_authrefresh.moc"
