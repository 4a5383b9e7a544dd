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
