// Servers without a refresh endpoint (a Socket.IO guide's POST /login -> {"token"}): the token is
// renewed by signing in again, with the password kept in memory (qtchat-cli) or in the keychain
// ("remember me"), and never when neither holds it.
#include "authclient.h"
#include "cannedhttpserver.h"
#include "secretstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QByteArray unsignedJwt(const QJsonObject &claims)
{
    const auto part = [](const QByteArray &json) {
        return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part(R"({"alg":"HS256","typ":"JWT"})") + '.' +
           part(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + ".c2ln";
}

// What the guide's /login answers: {"token": jwt} with {"data":{id,username}, iat, exp?}.
QByteArray loginAnswer(int lifetimeSeconds)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims{{"data"_L1, QJsonObject{{"id"_L1, 1}, {"username"_L1, u"alice"_s}}}, {"iat"_L1, now}};
    if (lifetimeSeconds > 0)
        claims.insert("exp"_L1, now + lifetimeSeconds);
    const QJsonObject body{{"token"_L1, QString::fromLatin1(unsignedJwt(claims))}};
    return CannedHttpServer::response(200, "application/json",
                                      QJsonDocument(body).toJson(QJsonDocument::Compact));
}

const QByteArray refusedWithNoBody = CannedHttpServer::response(401, "text/plain", {});

ServerProfile loginOnly(const QUrl &base)
{
    return ServerProfile::socketIoDefaults(base);
}

SecretResult readBack(SecretStore &store, const QString &service)
{
    SecretResult answer;
    bool done = false;
    store.read(service, u"alice"_s, &store, [&](const SecretResult &result) {
        answer = result;
        done = true;
    });
    [&] {
        QTRY_VERIFY(done);
    }();
    return answer;
}
} // namespace

class TestAuthRenewal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aWrongPasswordWithAnEmptyBodyIsInvalidCredentials()
    {
        CannedHttpServer server(refusedWithNoBody);
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(loginOnly(server.url()));
        QSignalSpy failed(&auth, &AuthClient::signInFailed);
        auth.signIn(u"alice"_s, u"wrong"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().first().value<AuthError>(), AuthError::InvalidCredentials);
        QCOMPARE(failed.first().at(1).toString(), u"Wrong user name or password."_s);
    }

    void aTokenWithoutRefreshIsAcceptedAndOneWithoutExpIsNeverRenewedOnATimer()
    {
        CannedHttpServer server(loginAnswer(0));
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(loginOnly(server.url()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QVERIFY(auth.isSignedIn());
        QVERIFY(auth.refreshToken().isEmpty());
        QCOMPARE(auth.msUntilRefresh(), -1);
    }

    void aKeptPasswordSignsInAgainBeforeTheTokenExpires()
    {
        CannedHttpServer server({loginAnswer(3600), loginAnswer(3600)});
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(loginOnly(server.url()));
        auth.setRemember(false);
        auth.setKeepPasswordInMemory(true);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QVERIFY(auth.msUntilRefresh() > 0); // scheduled from exp like any token
        QSignalSpy refreshed(&auth, &AuthClient::refreshed);
        auth.refresh(); // what the timer or a refused CONNECT does
        QVERIFY(refreshed.wait());
        QCOMPARE(server.requests(), 2);
        QCOMPARE(server.received().count(R"("password":"alice-pass")"), 2);
        QVERIFY(!server.received().contains("/refresh"));
    }

    void rememberMeKeepsThePasswordInTheKeychainAndResumesWithIt()
    {
        CannedHttpServer server(loginAnswer(3600));
        QNetworkAccessManager network;
        MemorySecretStore keychain;
        {
            AuthClient auth(&network);
            auth.setSecretStore(&keychain);
            auth.setProfile(loginOnly(server.url()));
            auth.setRemember(true);
            QSignalSpy signedIn(&auth, &AuthClient::signedIn);
            auth.signIn(u"alice"_s, u"alice-pass"_s);
            QVERIFY(signedIn.wait());
            QCOMPARE(readBack(keychain, auth.passwordService()).secret, QByteArray("alice-pass"));
            QSignalSpy refreshed(&auth, &AuthClient::refreshed);
            auth.refresh();
            QVERIFY(refreshed.wait());
        }
        AuthClient next(&network); // the next start of the app
        next.setSecretStore(&keychain);
        next.setProfile(loginOnly(server.url()));
        QSignalSpy signedIn(&next, &AuthClient::signedIn);
        next.resume(u"alice"_s);
        QVERIFY(signedIn.wait());
        QCOMPARE(server.requests(), 3);
    }

    void withoutRememberMeNothingIsKeptAndRenewalAsksForASignIn()
    {
        CannedHttpServer server(loginAnswer(3600));
        QNetworkAccessManager network;
        MemorySecretStore keychain;
        AuthClient auth(&network);
        auth.setSecretStore(&keychain);
        auth.setProfile(loginOnly(server.url()));
        auth.setRemember(false);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QCOMPARE(readBack(keychain, auth.passwordService()).status, SecretResult::Status::NotFound);
        QSignalSpy failed(&auth, &AuthClient::refreshFailed);
        auth.refresh();
        QTRY_COMPARE(failed.count(), 1); // at once: there is nothing to ask the server with
        QCOMPARE(failed.first().first().value<AuthError>(), AuthError::SessionExpired);
        QCOMPARE(server.requests(), 1);
    }

    void aSavedPasswordTheServerRefusesIsDeleted()
    {
        CannedHttpServer server({loginAnswer(3600), refusedWithNoBody});
        QNetworkAccessManager network;
        MemorySecretStore keychain;
        AuthClient auth(&network);
        auth.setSecretStore(&keychain);
        auth.setProfile(loginOnly(server.url()));
        auth.setRemember(true);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QSignalSpy failed(&auth, &AuthClient::refreshFailed);
        auth.refresh(); // the password was changed elsewhere
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().first().value<AuthError>(), AuthError::SessionExpired);
        QCOMPARE(readBack(keychain, auth.passwordService()).status, SecretResult::Status::NotFound);
        QVERIFY(!auth.isSignedIn());
    }
};

QTEST_GUILESS_MAIN(TestAuthRenewal)
#include "tst_authrenewal.moc"
