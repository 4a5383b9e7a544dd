#include "authclient.h"
#include "cannedhttpserver.h"
#include "jwt.h"
#include "mockserver.h"
#include "testsupport.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
// Sees what every request uploads from, and looks at it again once the answer is in (after
// AuthClient has handled it, before the reply and its upload device are deleted).
class UploadWatcher : public QNetworkAccessManager
{
public:
    QList<QByteArray> bodiesAfterAnswer;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *data) override
    {
        QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, data);
        auto *upload = qobject_cast<QBuffer *>(data);
        if (upload) {
            connect(
                reply, &QNetworkReply::finished, this,
                [this, upload = QPointer<QBuffer>(upload)] {
                    bodiesAfterAnswer.append(upload ? upload->data() : QByteArray("(deleted)"));
                },
                Qt::QueuedConnection);
        }
        return reply;
    }
};
} // namespace

class TestAuthClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void signInGivesATokenPair()
    {
        MockServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QCOMPARE(signedIn.first().first().toString(), u"alice"_s);
        QVERIFY(auth.isSignedIn());
        QCOMPARE(Jwt::decode(auth.accessToken()).username(), u"alice"_s);
        QVERIFY(!auth.refreshToken().isEmpty());
    }

    void thePasswordAndTokensInRequestBodiesAreZeroedOnceAnswered()
    {
        MockServer server;
        QVERIFY(server.listen());
        UploadWatcher network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait());
        QSignalSpy refreshed(&auth, &AuthClient::refreshed);
        auth.refresh();
        QVERIFY(refreshed.wait());
        QTRY_COMPARE(network.bodiesAfterAnswer.size(), 2);
        for (const QByteArray &body : std::as_const(network.bodiesAfterAnswer)) {
            QVERIFY2(!body.isEmpty(), "the upload buffer is still there");
            QVERIFY2(body.count('\0') == body.size(), body.constData());
        }
    }

    void aPasswordWithQuotesAndBackslashesArrivesAsTyped()
    {
        MockServerOptions options;
        options.users.insert(u"bob"_s, u"p\"a\\ss\u00e9\n"_s);
        MockServer server(options);
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"bob"_s, u"p\"a\\ss\u00e9\n"_s);
        QVERIFY(signedIn.wait());
    }

    void wrongPasswordIsInvalidCredentials()
    {
        MockServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy failed(&auth, &AuthClient::signInFailed);
        auth.signIn(u"alice"_s, u"nope"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().at(0).value<AuthError>(), AuthError::InvalidCredentials);
        QVERIFY(failed.first().at(1).toString().contains(u"Wrong user name or password"_s));
        QVERIFY(!auth.isSignedIn());
    }

    void unreachableServerIsANetworkError()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(QUrl(u"http://127.0.0.1:%1"_s.arg(port))));
        QSignalSpy failed(&auth, &AuthClient::signInFailed);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().at(0).value<AuthError>(), AuthError::Network);
        QVERIFY(failed.first().at(1).toString().contains(u"Could not reach"_s));
    }

    void wrongAnswersAreExplained_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<AuthError>("error");
        QTest::addColumn<QString>("words");
        const QByteArray jwtLike = R"({"access":"not-a-jwt","refresh":"x"})";
        QTest::newRow("an HTML page is not a chat server")
            << CannedHttpServer::response(200, "text/html", "<html>hello</html>")
            << AuthError::UnexpectedAnswer << u"not with a token"_s;
        QTest::newRow("JSON without access is not a chat server")
            << CannedHttpServer::response(200, "application/json", R"({"ok":true})")
            << AuthError::UnexpectedAnswer << u"not with a token"_s;
        QTest::newRow("an access token that is not a JWT is refused")
            << CannedHttpServer::response(200, "application/json", jwtLike) << AuthError::UnexpectedAnswer
            << u"unusable"_s;
        QTest::newRow("a redirect to another host is not followed")
            << CannedHttpServer::response(302, "text/plain", "",
                                          "Location: http://evil.example/api/token/\r\n")
            << AuthError::Redirected << u"evil.example"_s;
        QTest::newRow("a server error says try again later")
            << CannedHttpServer::response(502, "text/html", "bad gateway") << AuthError::Server
            << u"HTTP 502"_s;
        QTest::newRow("a 404 asks whether this is a chat server")
            << CannedHttpServer::response(404, "text/html", "nope") << AuthError::UnexpectedAnswer
            << u"HTTP 404"_s;
    }

    void wrongAnswersAreExplained()
    {
        QFETCH(QByteArray, response);
        QFETCH(AuthError, error);
        QFETCH(QString, words);
        CannedHttpServer server(response);
        QVERIFY(server.isListening());
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.url()));
        QSignalSpy failed(&auth, &AuthClient::signInFailed);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().at(0).value<AuthError>(), error);
        QVERIFY2(failed.first().at(1).toString().contains(words),
                 qPrintable(failed.first().at(1).toString()));
        QCOMPARE(server.requests(), 1);
    }

    void silentServerTimesOut()
    {
        CannedHttpServer server{QByteArray()}; // never answers
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setRequestTimeout(200);
        auth.setProfile(profileFor(server.url()));
        QSignalSpy failed(&auth, &AuthClient::signInFailed);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().at(0).value<AuthError>(), AuthError::Timeout);
    }

    void aTrickledAnswerTimesOutAtTheDeadline()
    {
        // A byte every 100 ms never lets the 10 s inactivity timeout strike; the 1 s deadline does.
        CannedHttpServer server(CannedHttpServer::response(200, "application/json", QByteArray(1000, ' ')));
        server.trickleFrom(0, std::chrono::milliseconds(100));
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setRequestTimeout(10000);
        auth.setRequestDeadline(1000);
        auth.setProfile(profileFor(server.url()));
        QSignalSpy failed(&auth, &AuthClient::signInFailed);
        QElapsedTimer elapsed;
        elapsed.start();
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(failed.wait(3000)); // the deadline and a margin for a loaded machine
        QVERIFY2(elapsed.elapsed() >= 900, qPrintable(QString::number(elapsed.elapsed())));
        QCOMPARE(failed.first().at(0).value<AuthError>(), AuthError::Timeout);
        QVERIFY2(failed.first().at(1).toString().contains(u"did not answer in time"_s),
                 qPrintable(failed.first().at(1).toString()));
        QVERIFY(server.trickledBytes() > 0); // bytes were flowing when it gave up
        QVERIFY(!auth.isSignedIn());
    }

    void concurrentRefreshesShareOneRequest()
    {
        MockServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"bob"_s, u"bob-pass"_s);
        QVERIFY(signedIn.wait());
        QSignalSpy refreshed(&auth, &AuthClient::refreshed);
        auth.refresh();
        auth.refresh();
        auth.refresh();
        QVERIFY(refreshed.wait());
        QCOMPARE(refreshed.size(), 1);
        QCOMPARE(server.refreshRequestCount(), 1);
        QVERIFY(!auth.isRefreshing());
    }

    void refusedRefreshForgetsTheSession()
    {
        qint64 now = QDateTime::currentMSecsSinceEpoch();
        MockServerOptions options;
        options.refreshTtlSeconds = 60;
        options.clock = [&now] {
            return now;
        };
        MockServer server(options);
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(server.baseUrl()));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"bob"_s, u"bob-pass"_s);
        QVERIFY(signedIn.wait());
        now += 61 * 1000; // the server's clock says the refresh token has expired
        QSignalSpy failed(&auth, &AuthClient::refreshFailed);
        auth.refresh();
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().at(0).value<AuthError>(), AuthError::SessionExpired);
        QVERIFY(!auth.isSignedIn());
        QVERIFY(auth.refreshToken().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAuthClient)
#include "tst_authclient.moc"
