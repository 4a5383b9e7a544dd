#include "serverprofile.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestServerProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void derivesEndpoints_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("room");
        QTest::addColumn<QString>("origin");
        QTest::newRow("http gives ws")
            << u"http://127.0.0.1:8000"_s << u"http://127.0.0.1:8000/api/token/"_s
            << u"ws://127.0.0.1:8000/ws/chat/lobby/"_s << u"http://127.0.0.1:8000"_s;
        QTest::newRow("https gives wss and keeps a path prefix")
            << u"https://chat.example.com/site/"_s << u"https://chat.example.com/site/api/token/"_s
            << u"wss://chat.example.com/site/ws/chat/lobby/"_s << u"https://chat.example.com"_s;
    }

    void derivesEndpoints()
    {
        QFETCH(QString, base);
        ServerProfile profile;
        profile.baseUrl = QUrl(base);
        QCOMPARE(profile.validate(), QString());
        QTEST(profile.tokenUrl().toString(), "token");
        QTEST(profile.roomUrl(u"lobby"_s).toString(), "room");
        QTEST(profile.origin(), "origin");
    }

    void webSocketUrlOverrides()
    {
        ServerProfile profile;
        profile.baseUrl = QUrl(u"https://chat.example.com"_s);
        profile.webSocketUrl = QUrl(u"wss://ws.example.com"_s);
        QCOMPARE(profile.roomUrl(u"a"_s).toString(), u"wss://ws.example.com/ws/chat/a/"_s);
    }

    void roomNamesAreEncodedIntoOneSegment_data()
    {
        QTest::addColumn<QString>("room");
        QTest::addColumn<QString>("path");
        QTest::newRow("a slash stays inside the name") << u"a/b"_s << u"/ws/chat/a%2Fb/"_s;
        QTest::newRow("a question mark is not a query") << u"what?"_s << u"/ws/chat/what%3F/"_s;
        QTest::newRow("a hash is not a fragment") << u"c#"_s << u"/ws/chat/c%23/"_s;
        QTest::newRow("a space is encoded") << u"two words"_s << u"/ws/chat/two%20words/"_s;
        QTest::newRow("emoji are UTF-8 encoded") << u"\U0001F600"_s << u"/ws/chat/%F0%9F%98%80/"_s;
        QTest::newRow("dots inside a name are kept") << u"a..b"_s << u"/ws/chat/a..b/"_s;
    }

    void roomNamesAreEncodedIntoOneSegment()
    {
        QFETCH(QString, room);
        ServerProfile profile;
        profile.baseUrl = QUrl(u"http://localhost:1"_s);
        const QUrl url = profile.roomUrl(room);
        QVERIFY(url.isValid());
        QTEST(url.path(QUrl::FullyEncoded), "path");
        QVERIFY(url.query().isEmpty());
        QVERIFY(url.fragment().isEmpty());
    }

    void badRoomNamesAreRefused_data()
    {
        QTest::addColumn<QString>("room");
        QTest::newRow("an empty name") << QString();
        QTest::newRow("only spaces") << u"   "_s;
        QTest::newRow("a name of 101 characters") << QString(101, u'x');
        QTest::newRow("the parent directory") << u".."_s;
        QTest::newRow("a control character") << u"a\nb"_s;
    }

    void badRoomNamesAreRefused()
    {
        QFETCH(QString, room);
        ServerProfile profile;
        profile.baseUrl = QUrl(u"http://localhost:1"_s);
        QString error;
        QVERIFY(!profile.roomUrl(room, &error).isValid());
        QVERIFY(!error.isEmpty());
    }

    void badProfilesAreExplained_data()
    {
        QTest::addColumn<QString>("base");
        QTest::newRow("no host") << u"http://"_s;
        QTest::newRow("not http") << u"ftp://example.com"_s;
        QTest::newRow("nothing at all") << QString();
    }

    void badProfilesAreExplained()
    {
        QFETCH(QString, base);
        ServerProfile profile;
        profile.baseUrl = QUrl(base);
        QVERIFY(!profile.validate().isEmpty());
    }

    // The token goes to every WebSocket URL, so each one meets the sign-in URL's rule on its own host.
    void everyUrlTheTokenGoesToIsEncrypted_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("webSocket");
        QTest::addColumn<QStringList>("alternates");
        QTest::addColumn<bool>("allowInsecure");
        QTest::addColumn<QString>("refusedHost"); // empty: the profile is fine
        QTest::newRow("a ws:// alternate to a remote host is refused")
            << u"https://chat.example.com"_s << u"wss://chat.example.com"_s
            << QStringList{u"wss://ws1.example.com"_s, u"ws://ws2.example.com:9000"_s} << false
            << u"ws2.example.com"_s;
        QTest::newRow("a loopback sign-in with ws:// to another host is refused")
            << u"http://127.0.0.1:8000"_s << u"ws://chat.example.com/"_s << QStringList() << false
            << u"chat.example.com"_s;
        QTest::newRow("a loopback sign-in with a ws:// alternate to another host is refused")
            << u"http://127.0.0.1:8000"_s << QString() << QStringList{u"ws://203.0.113.1:9/"_s} << false
            << u"203.0.113.1"_s;
        QTest::newRow("a remote http:// sign-in is refused even with wss://")
            << u"http://chat.example.com"_s << u"wss://chat.example.com"_s << QStringList() << false
            << u"chat.example.com"_s;
        QTest::newRow("wss:// alternates on other hosts are fine")
            << u"https://api.example.com"_s << u"wss://ws.example.com"_s
            << QStringList{u"wss://ws2.example.com/"_s} << false << QString();
        QTest::newRow("ws:// to loopback is fine, by name, IPv4 or IPv6")
            << u"http://127.0.0.1:8000"_s << u"ws://localhost:8001"_s
            << QStringList{u"ws://127.0.0.1:8002"_s, u"ws://[::1]:8003"_s} << false << QString();
        QTest::newRow("allowInsecure permits a ws:// alternate to a remote host")
            << u"https://chat.example.com"_s << QString() << QStringList{u"ws://ws2.example.com"_s} << true
            << QString();
        QTest::newRow("allowInsecure permits http:// and ws:// to a remote host")
            << u"http://chat.example.com"_s << u"ws://ws.example.com"_s << QStringList() << true << QString();
    }

    void everyUrlTheTokenGoesToIsEncrypted()
    {
        QFETCH(QString, base);
        QFETCH(QString, webSocket);
        QFETCH(QStringList, alternates);
        QFETCH(QString, refusedHost);
        ServerProfile profile;
        profile.baseUrl = QUrl(base);
        profile.webSocketUrl = QUrl(webSocket);
        for (const QString &alternate : std::as_const(alternates))
            profile.alternateWebSocketUrls << QUrl(alternate);
        QFETCH(bool, allowInsecure);
        profile.allowInsecure = allowInsecure;
        const QString problem = profile.validate();
        if (refusedHost.isEmpty()) {
            QCOMPARE(problem, QString());
            return;
        }
        QVERIFY2(problem.startsWith(refusedHost + u" is not encrypted"_s), qPrintable(problem));
        // Refused when set, so no endpoint yields a URL to connect to.
        for (int endpoint = 0; endpoint < profile.endpointCount(); ++endpoint)
            QVERIFY(!profile.roomUrl(u"lobby"_s, nullptr, endpoint).isValid());
    }

    void passwordsInUrlsAreRefusedWithoutRepeatingThem_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("webSocket");
        QTest::addColumn<QString>("alternate");
        QTest::newRow("a password in an http:// server URL")
            << u"http://alice:hunter2@127.0.0.1:8000"_s << QString() << QString();
        QTest::newRow("a password in an https:// server URL")
            << u"https://alice:hunter2@chat.example.com"_s << QString() << QString();
        QTest::newRow("a password in the WebSocket URL")
            << u"https://chat.example.com"_s << u"wss://alice:hunter2@chat.example.com/"_s << QString();
        QTest::newRow("a password in a fail-over WebSocket URL")
            << u"https://chat.example.com"_s << QString() << u"wss://alice:hunter2@ws2.example.com/"_s;
        QTest::newRow("a percent-encoded password")
            << u"https://alice:hunter%32@chat.example.com"_s << QString() << QString();
    }

    void passwordsInUrlsAreRefusedWithoutRepeatingThem()
    {
        QFETCH(QString, base);
        QFETCH(QString, webSocket);
        QFETCH(QString, alternate);
        ServerProfile profile;
        profile.baseUrl = QUrl(base);
        profile.webSocketUrl = QUrl(webSocket);
        if (!alternate.isEmpty())
            profile.alternateWebSocketUrls << QUrl(alternate);
        profile.allowInsecure = true; // the password is refused for itself, not for the clear text
        const QString problem = profile.validate();
        QVERIFY2(problem.contains(u"must not contain a user name or password"_s), qPrintable(problem));
        QVERIFY(!problem.contains(u"hunter"_s));
        QString error;
        QVERIFY(!profile.roomUrl(u"lobby"_s, &error).isValid());
        QVERIFY(!error.contains(u"hunter"_s));
    }

    void aUserNameAloneInTheServerUrlIsRefusedToo()
    {
        ServerProfile profile;
        profile.baseUrl = QUrl(u"https://alice@chat.example.com"_s);
        QVERIFY(profile.validate().contains(u"must not contain a user name or password"_s));
    }

    void webSocketHostsBesideTheServerAreListed()
    {
        ServerProfile profile;
        profile.baseUrl = QUrl(u"https://api.example.com"_s);
        QCOMPARE(profile.otherWebSocketHosts(), QStringList()); // derived: the same host
        profile.webSocketUrl = QUrl(u"wss://API.example.com/ws"_s);
        QCOMPARE(profile.otherWebSocketHosts(), QStringList()); // host names are not case-sensitive
        profile.webSocketUrl = QUrl(u"wss://ws.example.com"_s);
        profile.alternateWebSocketUrls = {QUrl(u"wss://api.example.com:8443"_s),
                                          QUrl(u"wss://ws2.example.com"_s),
                                          QUrl(u"wss://ws.example.com:444"_s)};
        QCOMPARE(profile.validate(), QString()); // allowed, only said
        QCOMPARE(profile.otherWebSocketHosts(), (QStringList{u"ws.example.com"_s, u"ws2.example.com"_s}));
    }

    void sameOriginIsSchemeHostAndPort()
    {
        ServerProfile profile;
        profile.baseUrl = QUrl(u"https://chat.example.com"_s);
        QVERIFY(profile.isSameOrigin(QUrl(u"https://chat.example.com:443/api/token/"_s)));
        QVERIFY(!profile.isSameOrigin(QUrl(u"http://chat.example.com/api/token/"_s)));
        QVERIFY(!profile.isSameOrigin(QUrl(u"https://evil.example.com/api/token/"_s)));
        QVERIFY(!profile.isSameOrigin(QUrl(u"https://chat.example.com:8443/"_s)));
    }
};

QTEST_GUILESS_MAIN(TestServerProfile)
#include "tst_serverprofile.moc"
