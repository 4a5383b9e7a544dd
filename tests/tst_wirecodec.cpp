#include "chatmessage.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

class TestWireCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesAFullMessage()
    {
        const IncomingFrame frame = WireCodec::decode(
            uR"({"message":"hi","user":"alice","created_at":"2026-11-23T10:00:00.123Z","id":7,"client_id":"c1"})"_s);
        QCOMPARE(frame.kind, IncomingFrame::Kind::Message);
        QCOMPARE(frame.message.text, u"hi"_s);
        QCOMPARE(frame.message.user, u"alice"_s);
        QCOMPARE(frame.message.id, u"7"_s);
        QCOMPARE(frame.message.clientId, u"c1"_s);
        QVERIFY(frame.message.createdAt.isValid());
        QCOMPARE(frame.message.createdAt.toMSecsSinceEpoch() % 1000, 123);
    }

    void keepsALocalisedDateAsText()
    {
        const IncomingFrame frame =
            WireCodec::decode(uR"({"message":"hi","created_at":"23. November 2026 10:00"})"_s);
        QCOMPARE(frame.kind, IncomingFrame::Kind::Message);
        QVERIFY(!frame.message.createdAt.isValid());
        QCOMPARE(frame.message.displayTime(), u"23. November 2026 10:00"_s);
        QVERIFY(frame.message.user.isEmpty());
    }

    void readsAServerError()
    {
        const IncomingFrame frame = WireCodec::decode(uR"({"error":"slow down"})"_s);
        QCOMPARE(frame.kind, IncomingFrame::Kind::ServerError);
        QCOMPARE(frame.errorText, u"slow down"_s);
    }

    // A number id is the text it was written with, unless it is a plain 64-bit integer; in a
    // double, 1e300 and 2e300 were one id and 1e3 was 1000, and the later message was dropped.
    void keepsANumberIdAsWritten_data()
    {
        QTest::addColumn<QString>("id");       // as written in the frame
        QTest::addColumn<QString>("expected"); // ChatMessage::id
        QTest::newRow("a small integer is its decimal") << u"7"_s << u"7"_s;
        QTest::newRow("minus zero is zero") << u"-0"_s << u"0"_s;
        QTest::newRow("the largest 64-bit integer") << u"9223372036854775807"_s << u"9223372036854775807"_s;
        QTest::newRow("the smallest 64-bit integer")
            << u"-9223372036854775808"_s << u"-9223372036854775808"_s;
        QTest::newRow("an integer past 64 bits is its text")
            << u"18446744073709551616"_s << u"18446744073709551616"_s;
        QTest::newRow("the next integer past 64 bits is its own text")
            << u"18446744073709551617"_s << u"18446744073709551617"_s;
        QTest::newRow("an integer past a double's precision keeps every digit")
            << u"9007199254740993"_s << u"9007199254740993"_s;
        QTest::newRow("1e300 is its text") << u"1e300"_s << u"1e300"_s;
        QTest::newRow("2e300 is its text") << u"2e300"_s << u"2e300"_s;
        QTest::newRow("1.5 is its text") << u"1.5"_s << u"1.5"_s;
        QTest::newRow("2.5 is its text") << u"2.5"_s << u"2.5"_s;
        QTest::newRow("1e3 is not 1000") << u"1e3"_s << u"1e3"_s;
        QTest::newRow("1E3 as written") << u"1E3"_s << u"1E3"_s;
        QTest::newRow("1.0 is not 1") << u"1.0"_s << u"1.0"_s;
        QTest::newRow("a negative fraction") << u"-2.5e-3"_s << u"-2.5e-3"_s;
    }

    void keepsANumberIdAsWritten()
    {
        QFETCH(QString, id);
        QFETCH(QString, expected);
        const QStringList frames{
            u"{\"message\":\"m\",\"id\":%1}"_s.arg(id),
            u"{\"id\" : %1 , \"message\":\"m\"}"_s.arg(id),
            // Not flat, so decode() too reads them with QJsonDocument.
            u"{\"message\":\"caf\\u00e9\",\"id\":%1}"_s.arg(id),
            u"{\"x\":{\"id\":[1,\"}\"]},\"id\":%1,\"y\":[2.5],\"message\":\"m\"}"_s.arg(id),
            u"{\"\\u0069d\":%1,\"message\":\"m\"}"_s.arg(id),
            u"{\"id\":\"x\",\"message\":\"m\",\"id\":%1}"_s.arg(id),
        };
        for (const QString &frame : frames) {
            const IncomingFrame fast = WireCodec::decode(frame);
            const IncomingFrame reference = WireCodec::decodeReference(frame);
            QVERIFY2(fast.kind == IncomingFrame::Kind::Message, qPrintable(frame));
            QCOMPARE(fast.message.id, expected);
            QCOMPARE(reference.message.id, expected);
        }
    }

    void refusesWhatIsNotAMessage_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<QString>("reason");
        QTest::newRow("text that is not JSON") << u"hello"_s << u"not JSON"_s;
        QTest::newRow("a JSON array") << u"[1]"_s << u"not an object"_s;
        QTest::newRow("an object without message") << uR"({"user":"a"})"_s << u"no \"message\""_s;
        QTest::newRow("a message that is a number") << uR"({"message":5})"_s << u"not text"_s;
    }

    void refusesWhatIsNotAMessage()
    {
        QFETCH(QString, frame);
        const IncomingFrame decoded = WireCodec::decode(frame);
        QCOMPARE(decoded.kind, IncomingFrame::Kind::Invalid);
        QFETCH(QString, reason);
        QVERIFY2(decoded.errorText.contains(reason), qPrintable(decoded.errorText));
    }

    // decode() reads common frames with its own reader and everything else with QJsonDocument;
    // decodeReference() only ever uses QJsonDocument and QDateTime::fromString. They must agree.
    void agreesWithTheReferenceDecoder_data()
    {
        QTest::addColumn<QString>("frame");
        const QString flood = u"{\"message\":\"flood 00000001 xxx\",\"user\":\"flood\","
                              "\"created_at\":\"2026-11-23T10:00:00.123Z\",\"id\":41}"_s;
        QTest::newRow("the mock's flood frame") << flood;
        QTest::newRow("Django's frame: microseconds and +00:00")
            << u"{\"message\": \"hi\", \"user\": \"alice\", \"created_at\": "
               "\"2026-11-23T10:00:00.123456+00:00\", \"id\": 7, \"client_id\": \"c-1\"}"_s;
        QTest::newRow("every short escape") << u"{\"message\":\"a\\\"b\\\\c\\/d\\n\\t\\b\\f\\r\"}"_s;
        QTest::newRow("a \\u escape") << u"{\"message\":\"caf\\u00e9\"}"_s;
        QTest::newRow("an emoji as a surrogate pair") << u"{\"message\":\"\U0001F600 ok\"}"_s;
        QTest::newRow("a lone high surrogate") << u"{\"message\":\"a"_s + QChar(0xD800) + u"b\"}"_s;
        QTest::newRow("a lone low surrogate") << u"{\"message\":\"a"_s + QChar(0xDC00) + u"b\"}"_s;
        QTest::newRow("space everywhere") << u" \n{ \"message\" :\t\"hi\" , \"id\" : 7 }\r\n"_s;
        QTest::newRow("a negative id") << u"{\"message\":\"m\",\"id\":-12}"_s;
        QTest::newRow("a zero id") << u"{\"message\":\"m\",\"id\":0}"_s;
        QTest::newRow("minus zero") << u"{\"message\":\"m\",\"id\":-0}"_s;
        QTest::newRow("a 15-digit id") << u"{\"message\":\"m\",\"id\":999999999999999}"_s;
        QTest::newRow("a 16-digit id") << u"{\"message\":\"m\",\"id\":9007199254740993}"_s;
        QTest::newRow("a 40-digit id")
            << u"{\"message\":\"m\",\"id\":9999999999999999999999999999999999999999}"_s;
        QTest::newRow("a fractional id") << u"{\"message\":\"m\",\"id\":1.5}"_s;
        QTest::newRow("an id with an exponent") << u"{\"message\":\"m\",\"id\":1e3}"_s;
        QTest::newRow("an id with a leading zero") << u"{\"message\":\"m\",\"id\":01}"_s;
        QTest::newRow("a string id") << u"{\"message\":\"m\",\"id\":\"007\"}"_s;
        const QStringList numbers{
            u"1e300"_s,
            u"2e300"_s,
            u"2.5"_s,
            u"18446744073709551616"_s,
            u"18446744073709551617"_s,
            u"1000"_s,
            u"1E3"_s,
            u"1e+3"_s,
            u"1."_s,
            u".5"_s,
            u"-1.5e-7"_s,
            u"123456789012345678"_s,
            u"1234567890123456789"_s,
            u"-9223372036854775808"_s,
            u"9223372036854775808"_s,
            u"1e400"_s,
            u"1e-400"_s,
            u"+1"_s,
            u"1e"_s,
            u"-01"_s,
        };
        for (const QString &number : numbers) {
            QTest::addRow("id %s", qPrintable(number)) << u"{\"message\":\"m\",\"id\":%1}"_s.arg(number);
            QTest::addRow("user %s", qPrintable(number)) << u"{\"message\":\"m\",\"user\":%1}"_s.arg(number);
            QTest::addRow("error %s", qPrintable(number)) << u"{\"error\":%1}"_s.arg(number);
        }
        QTest::newRow("a number id beside a \\u escape") << u"{\"message\":\"caf\\u00e9\",\"id\":1e300}"_s;
        QTest::newRow("a number id after nesting that holds an id")
            << u"{\"x\":{\"id\":[1,\"]}\\\"\"]},\"message\":\"m\",\"id\":2.5}"_s;
        QTest::newRow("a number id spelled with an escape") << u"{\"message\":\"m\",\"\\u0069d\":2e300}"_s;
        QTest::newRow("a repeated number id") << u"{\"message\":\"m\",\"id\":1e3,\"id\":1.5}"_s;
        QTest::newRow("a number id repeated as text") << u"{\"message\":\"m\",\"id\":1e3,\"id\":\"t\"}"_s;
        QTest::newRow("a byte order mark") << QChar(0xFEFF) + u"{\"message\":\"m\",\"id\":1e3}"_s;
        QTest::newRow("true, null, an object and a list as fields")
            << u"{\"message\":\"m\",\"id\":true,\"user\":null,\"client_id\":{},\"created_at\":[1]}"_s;
        QTest::newRow("an unknown nested field") << u"{\"message\":\"m\",\"x\":{\"a\":[1,{\"b\":2}]}}"_s;
        QTest::newRow("an unknown field with an escape") << u"{\"message\":\"m\",\"x\":\"\\\"\"}"_s;
        QTest::newRow("a message that is null") << u"{\"message\":null}"_s;
        QTest::newRow("an error that is a number") << u"{\"error\":429}"_s;
        QTest::newRow("an error that is null") << u"{\"error\":null}"_s;
        QTest::newRow("an error beside a message") << u"{\"error\":\"e\",\"message\":\"m\"}"_s;
        QTest::newRow("a repeated message field") << u"{\"message\":\"a\",\"message\":\"b\"}"_s;
        QTest::newRow("a key spelled with an escape") << u"{\"mess\\u0061ge\":\"m\"}"_s;
        QTest::newRow("text after the object") << u"{\"message\":\"m\"} x"_s;
        QTest::newRow("a trailing comma") << u"{\"message\":\"m\",}"_s;
        QTest::newRow("a missing colon") << u"{\"message\" \"m\"}"_s;
        QTest::newRow("an unterminated string") << u"{\"message\":\"m}"_s;
        QTest::newRow("a raw tab in a string") << u"{\"message\":\"a\tb\"}"_s;
        QTest::newRow("a NUL in a string") << u"{\"message\":\"a"_s + QChar(0) + u"b\"}"_s;
        QTest::newRow("an empty object") << u"{}"_s;
        QTest::newRow("nothing") << QString();
        QTest::newRow("only space") << u"  "_s;
        QTest::newRow("a bare minus") << u"{\"message\":\"m\",\"id\":-}"_s;
        QTest::newRow("truncated true") << u"{\"message\":\"m\",\"id\":tru}"_s;
        const QStringList dates{
            u"2026-11-23T10:00:00Z"_s,          u"2026-11-23T10:00:00.1Z"_s,
            u"2026-11-23T10:00:00.12Z"_s,       u"2026-11-23T10:00:00.9996Z"_s,
            u"2026-12-31T23:59:59.9999Z"_s,     u"2026-11-23T10:00:00.0005Z"_s,
            u"2026-11-23T10:00:00.00051Z"_s,    u"2026-11-23T10:00:00.0004999Z"_s,
            u"2026-11-23T10:00:00.123+05:30"_s, u"2026-11-23T10:00:00.123-05:30"_s,
            u"2026-11-23T10:00:00.123+0530"_s,  u"2026-11-23T10:00:00.123+05"_s,
            u"2026-11-23T10:00:00-00:00"_s,     u"2026-11-23T10:00:00"_s,
            u"2026-11-23T24:00:00Z"_s,          u"2026-11-23T10:00Z"_s,
            u"2026-11-23 10:00:00Z"_s,          u"2026-11-23T10:00:00,5Z"_s,
            u"2026-11-23t10:00:00z"_s,          u"2026-02-30T10:00:00Z"_s,
            u"2026-11-23T10:00:60Z"_s,          u"2026-11-23T10:00:00.1234567891Z"_s,
            u"2026-11-23T10:00:00.Z"_s,         u"1969-12-31T23:59:59.999Z"_s,
            u"0001-01-01T00:00:00Z"_s,          u"9999-12-31T23:59:59.999+23:59"_s,
            u"2026-11-23T10:00:00+24:00"_s,     u"2026-11-23T10:00:00Z "_s,
            u"23. November 2026 10:00"_s,       u"2026-1-23T10:00:00Z"_s,
        };
        for (const QString &date : dates)
            QTest::addRow("created_at %s", qPrintable(date))
                << u"{\"message\":\"m\",\"created_at\":\"%1\"}"_s.arg(date);
    }

    void agreesWithTheReferenceDecoder()
    {
        QFETCH(QString, frame);
        const IncomingFrame fast = WireCodec::decode(frame);
        const IncomingFrame reference = WireCodec::decodeReference(frame);
        QCOMPARE(fast.kind, reference.kind);
        QCOMPARE(fast.errorText, reference.errorText);
        QCOMPARE(fast.message.text, reference.message.text);
        QCOMPARE(fast.message.user, reference.message.user);
        QCOMPARE(fast.message.id, reference.message.id);
        QCOMPARE(fast.message.clientId, reference.message.clientId);
        QCOMPARE(fast.message.createdAtText, reference.message.createdAtText);
        QCOMPARE(fast.message.createdAt.isValid(), reference.message.createdAt.isValid());
        if (reference.message.createdAt.isValid()) {
            QCOMPARE(fast.message.createdAt.toMSecsSinceEpoch(),
                     reference.message.createdAt.toMSecsSinceEpoch());
            QCOMPARE(fast.message.createdAt.timeSpec(), reference.message.createdAt.timeSpec());
            QCOMPARE(fast.message.createdAt.offsetFromUtc(), reference.message.createdAt.offsetFromUtc());
        }
    }

    void encodesMessageAndClientId()
    {
        const QString frame = WireCodec::encodeOutgoing(u"a \"quoted\" line"_s, u"id-1"_s);
        const QJsonObject object = QJsonDocument::fromJson(frame.toUtf8()).object();
        QCOMPARE(object.value("message"_L1).toString(), u"a \"quoted\" line"_s);
        QCOMPARE(object.value("client_id"_L1).toString(), u"id-1"_s);
    }
};

QTEST_GUILESS_MAIN(TestWireCodec)
#include "tst_wirecodec.moc"
