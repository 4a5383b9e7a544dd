#include "jwt.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QByteArray part(const QByteArray &json)
{
    return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray token(const QByteArray &payloadJson)
{
    return part(R"({"alg":"HS256","typ":"JWT"})") + '.' + part(payloadJson) + ".c2lnbmF0dXJl";
}
} // namespace

class TestJwt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesSimplejwtClaims()
    {
        const Jwt jwt = Jwt::decode(token(
            R"({"token_type":"access","exp":1700000300,"iat":1700000000,"jti":"x","user_id":1,"username":"alice"})"));
        QVERIFY2(jwt.isValid(), qPrintable(jwt.errorString()));
        QCOMPARE(jwt.expiresAt(), 1700000300);
        QCOMPARE(jwt.issuedAt(), 1700000000);
        QCOMPARE(jwt.lifetimeMs(), 300000);
        QCOMPARE(jwt.username(), u"alice"_s);
        QCOMPARE(jwt.tokenType(), u"access"_s);
    }

    void fractionalExpiryKeepsMilliseconds()
    {
        const Jwt jwt = Jwt::decode(token(R"({"exp":1700000000.25,"iat":1700000000})"));
        QVERIFY(jwt.isValid());
        QCOMPARE(jwt.lifetimeMs(), 250);
    }

    void tokenWithoutExpiryHasNoLifetime()
    {
        const Jwt jwt = Jwt::decode(token(R"({"user_id":1})"));
        QVERIFY(jwt.isValid());
        QCOMPARE(jwt.expiresAt(), std::nullopt);
        QCOMPARE(jwt.lifetimeMs(), std::nullopt);
    }

    void garbageIsRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("reason");
        QTest::newRow("an empty token is refused") << QByteArray() << u"empty"_s;
        QTest::newRow("a token of one part is refused") << "abc"_ba << u"3 parts"_s;
        QTest::newRow("a token of four parts is refused") << "a.b.c.d"_ba << u"3 parts"_s;
        QTest::newRow("spaces are not base64url") << "a b.c d.e"_ba << u"base64url"_s;
        QTest::newRow("standard base64 padding is not base64url") << "YQ==.YQ==.YQ"_ba << u"base64url"_s;
        QTest::newRow("an empty payload is refused") << "eyJ9..sig"_ba << u"base64url"_s;
        QTest::newRow("a payload that is not JSON is refused") << token("not json") << u"JSON object"_s;
        QTest::newRow("a payload that is a JSON array is refused") << token("[1,2]") << u"JSON object"_s;
        QTest::newRow("an exp that is text is refused") << token(R"({"exp":"tomorrow"})") << u"\"exp\""_s;
        QTest::newRow("a negative iat is refused") << token(R"({"iat":-5})") << u"\"iat\""_s;
        QTest::newRow("an absurdly far exp is refused") << token(R"({"exp":1e300})") << u"\"exp\""_s;
        QTest::newRow("a 20 KiB token is refused") << QByteArray(20 * 1024, 'a') << u"too long"_s;
    }

    void garbageIsRefusedWithAReason()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, reason);
        const Jwt jwt = Jwt::decode(input);
        QVERIFY(!jwt.isValid());
        QVERIFY2(jwt.errorString().contains(reason), qPrintable(jwt.errorString()));
        if (input.size() > 3)
            QVERIFY2(!jwt.errorString().contains(QString::fromLatin1(input)),
                     "the error must not quote the token");
    }
};

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
