// HistoryClient against the mock's history endpoint and against canned answers: one page, the
// two shapes of answer, one refresh on a 401 and never a loop, a missing endpoint remembered, and
// answers that are malformed, too large, too slow or redirected.
#include "authclient.h"
#include "cannedhttpserver.h"
#include "historyclient.h"
#include "mockserver.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
QByteArray json(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

QJsonObject message(int id, const QString &text)
{
    return {{u"message"_s, text},
            {u"user"_s, u"alice"_s},
            {u"id"_s, id},
            {u"created_at"_s, u"2026-01-02T03:04:05.000Z"_s}};
}

QByteArray ok(const QByteArray &body)
{
    return CannedHttpServer::response(200, "application/json", body);
}

QStringList texts(const QList<ChatMessage> &messages)
{
    QStringList out;
    for (const ChatMessage &message : messages)
        out << message.text;
    return out;
}

QStringList logged;
void keepLog(QtMsgType, const QMessageLogContext &, const QString &text)
{
    logged << text;
}
} // namespace

class TestHistoryClient : public QObject
{
    Q_OBJECT

    // A token the canned server hands out at sign-in and refresh (any well-formed JWT will do).
    MockServer m_signer;

    QByteArray tokens(const QByteArray &access)
    {
        return ok(json(
            QJsonObject{{u"access"_s, QString::fromLatin1(access)},
                        {u"refresh"_s, QString::fromLatin1(m_signer.issueRefreshToken(u"alice"_s, 600))}}));
    }

    // An AuthClient signed in at server (whose first answer is the sign-in's).
    bool signIn(AuthClient &auth, const QUrl &base)
    {
        auth.setProfile(profileFor(base));
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        return signedIn.wait(5000);
    }

private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"chat.mock.info=false"_s); }

    void aPageFromTheMock_data()
    {
        QTest::addColumn<bool>("paginated");
        QTest::newRow("a plain list, oldest first") << false;
        QTest::newRow("DRF's paginated results") << true;
    }

    void aPageFromTheMock()
    {
        QFETCH(bool, paginated);
        MockServerOptions options;
        options.historyPaginated = paginated;
        MockServer server(options);
        QVERIFY(server.listen());
        server.storeUnseen(u"lobby"_s, 10);
        ChatClient client;
        QVERIFY(signInAndWait(client, profileFor(server.baseUrl()), u"alice"_s));
        HistoryClient *history = client.history();
        QVERIFY(history->isAvailable());
        QSignalSpy loaded(history, &HistoryClient::pageLoaded);
        const quint64 request = history->fetch(u"lobby"_s, u"8"_s, 3);
        QVERIFY(request > 0);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(loaded[0][0].value<quint64>(), request);
        QCOMPARE(loaded[0][1].toString(), u"lobby"_s);
        QCOMPARE(loaded[0][2].toString(), u"8"_s);
        const auto page = loaded[0][3].value<QList<ChatMessage>>();
        QCOMPARE(texts(page), (QStringList{u"unseen 5"_s, u"unseen 6"_s, u"unseen 7"_s}));
        QCOMPARE(page.first().id, u"5"_s);
        QCOMPARE(page.first().user, u"history"_s);
        QVERIFY(page.first().createdAt.isValid());
        QCOMPARE(history->requestsInFlight(), 0);
    }

    void anExpiredTokenIsRefreshedOnceAndTheRequestRepeated()
    {
        qint64 offsetMs = 0;
        MockServerOptions options;
        options.clock = [&offsetMs] {
            return QDateTime::currentMSecsSinceEpoch() + offsetMs;
        };
        MockServer server(options);
        QVERIFY(server.listen());
        server.storeUnseen(u"lobby"_s, 3);
        ChatClient client;
        QVERIFY(signInAndWait(client, profileFor(server.baseUrl()), u"alice"_s));
        offsetMs = 3600 * 1000; // the access token is an hour past its end for the server
        QSignalSpy loaded(client.history(), &HistoryClient::pageLoaded);
        QVERIFY(client.history()->fetch(u"lobby"_s, {}, 50) > 0);
        QVERIFY(loaded.wait(5000));
        QCOMPARE(loaded[0][3].value<QList<ChatMessage>>().size(), 3);
        QCOMPARE(server.refreshRequestCount(), 1);
        QCOMPARE(server.historyRequestCount(), 2);
    }

    void a401AfterTheRefreshFailsThePageWithoutALoop()
    {
        const QByteArray refused = CannedHttpServer::response(401, "application/json", R"({"detail":"no"})");
        const QByteArray access = m_signer.issueAccessToken(u"alice"_s, 600);
        CannedHttpServer server({tokens(access), refused, tokens(access), refused, ok("[]")});
        QNetworkAccessManager network;
        AuthClient auth(&network);
        QVERIFY(signIn(auth, server.url()));
        HistoryClient history(&auth, &network);
        QSignalSpy failed(&history, &HistoryClient::pageFailed);
        QSignalSpy refreshed(&auth, &AuthClient::refreshed);
        QVERIFY(history.fetch(u"lobby"_s, u"10"_s) > 0);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed[0][3].value<HistoryClient::Error>(), HistoryClient::Error::Unauthorized);
        QCOMPARE(refreshed.size(), 1);
        QTest::qWait(100); // nothing else goes out: sign-in, 401, refresh, 401
        QCOMPARE(server.requests(), 4);
        QCOMPARE(history.requestsInFlight(), 0);
    }

    void a404MeansNoEndpointForTheRestOfTheRun()
    {
        MockServerOptions options;
        options.historyEndpoint = false;
        MockServer server(options);
        QVERIFY(server.listen());
        server.storeUnseen(u"lobby"_s, 3);
        ChatClient client;
        QVERIFY(signInAndWait(client, profileFor(server.baseUrl()), u"alice"_s));
        HistoryClient *history = client.history();
        QSignalSpy failed(history, &HistoryClient::pageFailed);
        QSignalSpy missing(history, &HistoryClient::endpointMissing);
        QVERIFY(history->fetch(u"lobby"_s, u"3"_s) > 0);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed[0][3].value<HistoryClient::Error>(), HistoryClient::Error::NoEndpoint);
        QCOMPARE(missing.size(), 1);
        QVERIFY(!history->isAvailable());
        QCOMPARE(history->fetch(u"lobby"_s, u"2"_s), quint64(0)); // not asked again
        QCOMPARE(history->fetch(u"other"_s, u"2"_s), quint64(0));
        QTest::qWait(50);
        QCOMPARE(server.historyRequestCount(), 1);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(missing.size(), 1);
    }

    void aProfileWithoutAnEndpointAsksNothing()
    {
        QNetworkAccessManager network;
        AuthClient auth(&network);
        ServerProfile profile = profileFor(QUrl(u"http://127.0.0.1:9"_s));
        profile.hasHistoryEndpoint = false;
        auth.setProfile(profile);
        HistoryClient history(&auth, &network);
        QVERIFY(!history.isAvailable());
        QCOMPARE(history.fetch(u"lobby"_s, u"1"_s), quint64(0));
    }

    void answersAreRead_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("texts"); // empty: the page fails as Malformed
        QTest::addColumn<QString>("reason");    // a part of the reason
        const QJsonArray two{message(4, u"four"_s), message(5, u"five"_s)};
        QTest::newRow("a plain list") << json(two) << QStringList{u"four"_s, u"five"_s} << QString();
        QTest::newRow("paginated results")
            << json(QJsonObject{{u"next"_s, QJsonValue::Null}, {u"results"_s, two}})
            << QStringList{u"four"_s, u"five"_s} << QString();
        QTest::newRow("newest first is put oldest first")
            << json(QJsonArray{message(5, u"five"_s), message(4, u"four"_s)})
            << QStringList{u"four"_s, u"five"_s} << QString();
        QTest::newRow("an empty list is an empty page") << QByteArray("[]") << QStringList{} << QString();
        QTest::newRow("not JSON") << QByteArray("<html>") << QStringList{} << u"not JSON"_s;
        QTest::newRow("an object without results")
            << QByteArray(R"({"detail":"x"})") << QStringList{} << u"neither a list"_s;
        QTest::newRow("an entry that is not an object")
            << json(QJsonArray{message(4, u"four"_s), 5}) << QStringList{} << u"entry 2 is not an object"_s;
        QTest::newRow("an entry without a message")
            << json(QJsonArray{QJsonObject{{u"user"_s, u"x"_s}, {u"id"_s, 1}}}) << QStringList{}
            << u"entry 1 is not a chat message"_s;
        QTest::newRow("an error object as an entry")
            << json(QJsonArray{QJsonObject{{u"error"_s, u"x"_s}}}) << QStringList{} << u"an error frame"_s;
    }

    void answersAreRead()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, texts);
        QFETCH(QString, reason);
        const QByteArray access = m_signer.issueAccessToken(u"alice"_s, 600);
        CannedHttpServer server({tokens(access), ok(body)});
        QNetworkAccessManager network;
        AuthClient auth(&network);
        QVERIFY(signIn(auth, server.url()));
        HistoryClient history(&auth, &network);
        QSignalSpy loaded(&history, &HistoryClient::pageLoaded);
        QSignalSpy failed(&history, &HistoryClient::pageFailed);
        history.fetch(u"lobby"_s, u"6"_s);
        QTRY_COMPARE(loaded.size() + failed.size(), 1);
        if (!reason.isEmpty()) {
            QCOMPARE(failed.size(), 1);
            QCOMPARE(failed[0][3].value<HistoryClient::Error>(), HistoryClient::Error::Malformed);
            QVERIFY2(failed[0][4].toString().contains(reason), qPrintable(failed[0][4].toString()));
            return;
        }
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(::texts(loaded[0][3].value<QList<ChatMessage>>()), texts);
        // The request carried the token as Bearer, and before and limit.
        QVERIFY(server.received().contains("GET /api/rooms/lobby/messages/?before=6&limit=50 "));
        QVERIFY(server.received().contains("Authorization: Bearer " + access));
    }

    void badAnswersFailClearly_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<HistoryClient::Error>("error");
        QTest::addColumn<bool>("trickle");
        QByteArray huge = "[";
        for (int i = 1; i <= 200; ++i)
            huge += json(message(i, QString(100, u'x'))) + (i < 200 ? "," : "]");
        QTest::newRow("an answer over the size cap") << ok(huge) << HistoryClient::Error::TooLarge << false;
        QTest::newRow("a redirect is not followed")
            << CannedHttpServer::response(302, "text/plain", "", "Location: http://example.com/x\r\n")
            << HistoryClient::Error::Redirected << false;
        QTest::newRow("a 500") << CannedHttpServer::response(500, "text/plain", "boom")
                               << HistoryClient::Error::Server << false;
        QTest::newRow("an answer that trickles past the deadline")
            << ok(json(QJsonArray{message(1, u"one"_s)})) << HistoryClient::Error::Timeout << true;
    }

    void badAnswersFailClearly()
    {
        QFETCH(QByteArray, response);
        QFETCH(HistoryClient::Error, error);
        QFETCH(bool, trickle);
        const QByteArray access = m_signer.issueAccessToken(u"alice"_s, 600);
        CannedHttpServer server({tokens(access), response});
        if (trickle)
            server.trickleFrom(1, std::chrono::milliseconds(20));
        QNetworkAccessManager network;
        AuthClient auth(&network);
        QVERIFY(signIn(auth, server.url()));
        HistoryClient history(&auth, &network);
        history.setMaxAnswerBytes(8 * 1024);
        history.setRequestDeadline(300);
        QSignalSpy failed(&history, &HistoryClient::pageFailed);
        QVERIFY(history.fetch(u"lobby"_s, {}) > 0);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed[0][3].value<HistoryClient::Error>(), error);
        QVERIFY(history.isAvailable()); // none of these means "no endpoint"
        QCOMPARE(server.requests(), 2);
    }

    void theTokenIsNeverLogged()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.storeUnseen(u"lobby"_s, 2);
        ChatClient client;
        QVERIFY(signInAndWait(client, profileFor(server.baseUrl()), u"alice"_s));
        QLoggingCategory::setFilterRules(u"chat.*=true\nchat.mock=false"_s);
        logged.clear();
        const QtMessageHandler previous = qInstallMessageHandler(keepLog);
        QSignalSpy loaded(client.history(), &HistoryClient::pageLoaded);
        client.history()->fetch(u"lobby"_s, {});
        const bool done = loaded.wait(5000);
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(u"chat.mock.info=false"_s);
        QVERIFY(done);
        QVERIFY(!logged.isEmpty());
        const QString token = QString::fromLatin1(client.auth()->accessToken());
        for (const QString &line : std::as_const(logged))
            QVERIFY2(!line.contains(token.right(20)), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestHistoryClient)
#include "tst_historyclient.moc"
