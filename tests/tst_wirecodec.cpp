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
