// A keychain that never answers (locked behind a prompt nobody sees) holds nothing up for longer
// than KeychainSecretStore's timeout (item 7 of issue 15): a write carries on in memory and lands
// when the keychain answers; a read at resume gives the sign-in dialog its turn, and a late
// answer still resumes.
#include "authclient.h"
#include "keychainsecretstore.h"
#include "mockserver.h"
#include "silentsecretstore.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
constexpr int ShortTimeoutMs = 50;

SecretResult found(const QByteArray &secret)
{
    SecretResult result;
    result.secret = secret;
    return result;
}
} // namespace

class TestKeychainTimeout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theDefaultIsAFewSeconds()
    {
        KeychainSecretStore store;
        QCOMPARE(store.timeout(), KeychainSecretStore::DefaultTimeoutMs);
        QVERIFY(store.timeout() >= 2000 && store.timeout() <= 10000);
    }

    void aReadThatIsNotAnsweredTimesOutAndIsAnnouncedWhenAnswered()
    {
        SilentSecretStore silent;
        KeychainSecretStore store;
        store.setBackend(&silent);
        store.setTimeout(ShortTimeoutMs);
        QSignalSpy late(&store, &SecretStore::readAnsweredLate);
        int answers = 0;
        SecretResult answer;
        QElapsedTimer clock;
        clock.start();
        store.read(u"service"_s, u"alice"_s, this, [&](const SecretResult &result) {
            ++answers;
            answer = result;
        });
        QTRY_COMPARE(answers, 1);
        QVERIFY(clock.elapsed() >= ShortTimeoutMs);
        QCOMPARE(answer.status, SecretResult::Status::TimedOut);
        QVERIFY(answer.errorString.contains(u"did not answer"_s));

        silent.answerReads(found("the-token"));
        QCOMPARE(late.size(), 1);
        QCOMPARE(late.first().at(0).toString(), u"service"_s);
        QCOMPARE(late.first().at(1).toString(), u"alice"_s);
        QCOMPARE(late.first().at(2).value<SecretResult>().secret, "the-token");
        QTest::qWait(ShortTimeoutMs);
        QCOMPARE(answers, 1); // the callback was answered once, not again
    }

    void anAnswerInTimeIsPassedOnAsItIs()
    {
        SilentSecretStore silent;
        KeychainSecretStore store;
        store.setBackend(&silent);
        store.setTimeout(10000);
        QSignalSpy late(&store, &SecretStore::readAnsweredLate);
        SecretResult answer;
        bool answered = false;
        store.read(u"service"_s, u"alice"_s, this, [&](const SecretResult &result) {
            answer = result;
            answered = true;
        });
        silent.answerReads(found("in-time"));
        QVERIFY(answered);
        QCOMPARE(answer.secret, "in-time");
        QCOMPARE(late.size(), 0);
    }

    void aWriteThatIsNotAnsweredCarriesOnAndLandsLater()
    {
        SilentSecretStore silent;
        KeychainSecretStore store;
        store.setBackend(&silent);
        store.setTimeout(ShortTimeoutMs);
        QSignalSpy waiting(&store, &KeychainSecretStore::waitingForKeychain);
        QSignalSpy answered(&store, &KeychainSecretStore::keychainAnswered);
        SecretResult answer;
        bool done = false;
        store.write(u"service"_s, u"alice"_s, "secret", this, [&](const SecretResult &result) {
            answer = result;
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(answer.status, SecretResult::Status::TimedOut);
        QCOMPARE(waiting.size(), 1);
        QVERIFY(waiting.first().first().toString().contains(u"keychain"_s));
        QCOMPARE(silent.lastWritten(), "secret"); // the write is still with the keychain
        QCOMPARE(answered.size(), 0);
        silent.answerWrites();
        QCOMPARE(answered.size(), 1);
    }

    void signingInDoesNotWaitForAKeychainThatDoesNotAnswer()
    {
        MockServer server;
        QVERIFY(server.listen());
        SilentSecretStore silent;
        KeychainSecretStore store;
        store.setBackend(&silent);
        store.setTimeout(ShortTimeoutMs);
        QSignalSpy waiting(&store, &KeychainSecretStore::waitingForKeychain);
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        auth.setSecretStore(&store);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait(3000));
        QVERIFY(auth.isSignedIn());
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(silent.lastWritten(), auth.refreshToken()); // stored when the keychain answers
    }

    void aResumeWhoseReadIsNotAnsweredAsksAndALateAnswerStillResumes()
    {
        MockServer server;
        QVERIFY(server.listen());
        SilentSecretStore silent;
        KeychainSecretStore store;
        store.setBackend(&silent);
        store.setTimeout(ShortTimeoutMs);
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        auth.setSecretStore(&store);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        QSignalSpy signInFailed(&auth, &AuthClient::signInFailed);
        auth.resume(u"alice"_s);
        QVERIFY(auth.hasSession());
        QVERIFY(signInFailed.wait(3000));
        QCOMPARE(signInFailed.first().first().value<AuthError>(), AuthError::NotRemembered);
        QVERIFY2(signInFailed.first().at(1).toString().contains(u"keychain did not answer"_s),
                 qPrintable(signInFailed.first().at(1).toString()));
        QVERIFY(!auth.hasSession()); // the dialog's turn: nothing waits for the session now

        silent.answerReads(found(server.issueRefreshToken(u"alice"_s, 3600)));
        QVERIFY(signedIn.wait());
        QVERIFY(auth.isSignedIn());
        QCOMPARE(server.refreshRequestCount(), 1);
    }

    void aLateAnswerAfterSigningInWithThePasswordChangesNothing()
    {
        MockServer server;
        QVERIFY(server.listen());
        SilentSecretStore silent;
        KeychainSecretStore store;
        store.setBackend(&silent);
        store.setTimeout(ShortTimeoutMs);
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        auth.setSecretStore(&store);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        QSignalSpy signInFailed(&auth, &AuthClient::signInFailed);
        auth.resume(u"alice"_s);
        QVERIFY(signInFailed.wait(3000));
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait(3000));
        const QByteArray access = auth.accessToken();

        silent.answerReads(found(server.issueRefreshToken(u"alice"_s, 3600)));
        QTest::qWait(100);
        QCOMPARE(signedIn.size(), 1);
        QCOMPARE(server.refreshRequestCount(), 0);
        QCOMPARE(auth.accessToken(), access);
    }
};

QTEST_GUILESS_MAIN(TestKeychainTimeout)
#include "tst_keychaintimeout.moc"
