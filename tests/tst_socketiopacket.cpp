// Engine.IO and Socket.IO packets: what real servers send (EIO 3 and 4, Socket.IO v4 and v5), what
// we send, and what a hostile or broken server might send instead.
#include "socketio/engineiopacket.h"
#include "socketio/socketiopacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QJsonValue json(const QString &text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    const QJsonDocument doc = QJsonDocument::fromJson((u"["_s + text + u"]"_s).toUtf8());
    Q_ASSERT(doc.isArray() && doc.array().size() == 1);
    return doc.array().first();
}

// An expected error ending in "(" is a JSON error, followed by QJsonParseError's own words.
void compareError(const QString &actual, const QString &expected)
{
    if (expected.endsWith(u'('))
        QVERIFY2(actual.startsWith(expected) && actual.endsWith(u')'), qPrintable(actual));
    else
        QCOMPARE(actual, expected);
}
} // namespace

class TestSocketIoPacket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- Engine.IO frames ---

    void readsEngineIoTextFrames_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("payload");
        QTest::newRow("an open packet keeps its handshake")
            << uR"(0{"sid":"abc","pingInterval":25000})"_s << int(EngineIo::Type::Open)
            << uR"({"sid":"abc","pingInterval":25000})"_s;
        QTest::newRow("a close packet is one digit") << u"1"_s << int(EngineIo::Type::Close) << QString();
        QTest::newRow("a ping packet is one digit") << u"2"_s << int(EngineIo::Type::Ping) << QString();
        QTest::newRow("a pong packet is one digit") << u"3"_s << int(EngineIo::Type::Pong) << QString();
        QTest::newRow("a probe ping keeps its payload")
            << u"2probe"_s << int(EngineIo::Type::Ping) << u"probe"_s;
        QTest::newRow("a probe pong keeps its payload")
            << u"3probe"_s << int(EngineIo::Type::Pong) << u"probe"_s;
        QTest::newRow("a message keeps its Socket.IO payload")
            << uR"(42["hey","Jude"])"_s << int(EngineIo::Type::Message) << uR"(2["hey","Jude"])"_s;
        QTest::newRow("an empty message is still a message")
            << u"4"_s << int(EngineIo::Type::Message) << QString();
        QTest::newRow("an upgrade packet is one digit")
            << u"5"_s << int(EngineIo::Type::Upgrade) << QString();
        QTest::newRow("a noop packet is one digit") << u"6"_s << int(EngineIo::Type::Noop) << QString();
        QTest::newRow("a message in another script keeps every character")
            << u"4Grüße, 世界 🎉"_s << int(EngineIo::Type::Message) << u"Grüße, 世界 🎉"_s;
    }

    void readsEngineIoTextFrames()
    {
        QFETCH(QString, frame);
        QFETCH(int, type);
        QFETCH(QString, payload);
        const EngineIo::ParseResult result = EngineIo::parseText(frame);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(int(result.packet.type), type);
        QCOMPARE(result.packet.payload(), payload);
        // Encoding the packet again gives the frame it came from.
        QCOMPARE(EngineIo::encode(result.packet.type, result.packet.payload()), frame);
    }

    void refusesEngineIoTextFramesThatAreNotPackets_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<QString>("error");
        QTest::newRow("an empty frame") << QString() << u"an empty Engine.IO frame"_s;
        QTest::newRow("an unknown type digit")
            << u"7"_s << u"an Engine.IO frame that starts with '7', which is not a packet type (0-6)"_s;
        QTest::newRow("plain JSON, as a Channels server would send")
            << uR"({"message":"hi"})"_s
            << u"an Engine.IO frame that starts with '{', which is not a packet type (0-6)"_s;
        QTest::newRow("a control character is named by its code point")
            << u"\u0001garbage"_s
            << u"an Engine.IO frame that starts with U+0001, which is not a packet type (0-6)"_s;
        QTest::newRow("a close packet with a payload")
            << u"1bye"_s << u"a close packet with a payload, which it never has"_s;
        QTest::newRow("an upgrade packet with a payload")
            << u"5x"_s << u"an upgrade packet with a payload, which it never has"_s;
        QTest::newRow("a noop packet with a payload")
            << u"6 "_s << u"a noop packet with a payload, which it never has"_s;
    }

    void refusesEngineIoTextFramesThatAreNotPackets()
    {
        QFETCH(QString, frame);
        QFETCH(QString, error);
        const EngineIo::ParseResult result = EngineIo::parseText(frame);
        QCOMPARE(result.status, EngineIo::ParseResult::Status::Invalid);
        QCOMPARE(result.error, error);
    }

    void recognisesBinaryFramesAsUnsupported_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("status");
        using Status = EngineIo::ParseResult::Status;
        QTest::newRow("an EIO 4 binary message is its bytes, unsupported")
            << QByteArray("\x01\x02\x03", 3) << 4 << int(Status::BinaryUnsupported);
        QTest::newRow("an EIO 4 binary message starting with a high byte is unsupported too")
            << QByteArray("\xff\x00", 2) << 4 << int(Status::BinaryUnsupported);
        QTest::newRow("an EIO 3 binary message has a type byte first, unsupported")
            << QByteArray("\x04\x01\x02", 3) << 3 << int(Status::BinaryUnsupported);
        QTest::newRow("an EIO 3 binary frame with a type byte past 6 is not a packet")
            << QByteArray("\x09\x01", 2) << 3 << int(Status::Invalid);
        QTest::newRow("an empty binary frame is not a packet in EIO 3")
            << QByteArray() << 3 << int(Status::Invalid);
        QTest::newRow("an empty binary frame is not a packet in EIO 4")
            << QByteArray() << 4 << int(Status::Invalid);
    }

    void recognisesBinaryFramesAsUnsupported()
    {
        QFETCH(QByteArray, frame);
        QFETCH(int, version);
        QFETCH(int, status);
        const EngineIo::ParseResult result = EngineIo::parseBinary(frame, EngineIo::Version(version));
        QCOMPARE(int(result.status), status);
        QVERIFY(!result.error.isEmpty());
        if (result.status == EngineIo::ParseResult::Status::BinaryUnsupported)
            QCOMPARE(result.error, u"binary attachments are not supported"_s);
    }

    void aMessageFrameIsNotCopied()
    {
        const QString frame = u"42[\"msg\",\""_s + QString(100000, u'x') + u"\"]"_s;
        const EngineIo::ParseResult result = EngineIo::parseText(frame);
        QVERIFY(result.ok());
        QCOMPARE(result.packet.frame.constData(), frame.constData()); // shared, not copied
        QCOMPARE(result.packet.payload().constData(), frame.constData() + 1);
    }

    // --- The heartbeat, which EIO 3 and EIO 4 run in opposite directions ---

    void answersHeartbeatsByVersion_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("reply"); // "-" for none
        QTest::newRow("EIO 4: the server's ping gets a pong") << u"2"_s << 4 << u"3"_s;
        QTest::newRow("EIO 4: a ping's payload comes back in the pong") << u"2probe"_s << 4 << u"3probe"_s;
        QTest::newRow("EIO 3: a pong answers our ping and needs no reply") << u"3"_s << 3 << u"-"_s;
        QTest::newRow("EIO 3: a plain ping from the server is not answered") << u"2"_s << 3 << u"-"_s;
        QTest::newRow("EIO 3: a probe is answered harmlessly") << u"2probe"_s << 3 << u"3probe"_s;
        QTest::newRow("EIO 4: a pong needs no reply") << u"3"_s << 4 << u"-"_s;
        QTest::newRow("EIO 4: a message is not a heartbeat") << u"42[\"x\"]"_s << 4 << u"-"_s;
    }

    void answersHeartbeatsByVersion()
    {
        QFETCH(QString, frame);
        QFETCH(int, version);
        QFETCH(QString, reply);
        const EngineIo::ParseResult result = EngineIo::parseText(frame);
        QVERIFY(result.ok());
        const std::optional<QString> answer =
            EngineIo::heartbeatReply(result.packet, EngineIo::Version(version));
        QCOMPARE(answer.value_or(u"-"_s), reply);
    }

    void encodesEngineIoPackets()
    {
        QCOMPARE(EngineIo::encodePing(), u"2"_s);
        QCOMPARE(EngineIo::encodePing(u"probe"), u"2probe"_s);
        QCOMPARE(EngineIo::encodePong(), u"3"_s);
        QCOMPARE(EngineIo::encodeMessage(u"2[\"hello\"]"), u"42[\"hello\"]"_s);
        QCOMPARE(EngineIo::encodeClose(), u"1"_s);
        QVERIFY(EngineIo::clientSendsPings(EngineIo::Version::Eio3));
        QVERIFY(!EngineIo::clientSendsPings(EngineIo::Version::Eio4));
    }

    // --- The open packet's handshake ---

    void readsHandshakes_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("sid");
        QTest::addColumn<QStringList>("upgrades");
        QTest::addColumn<int>("pingInterval");
        QTest::addColumn<int>("pingTimeout");
        QTest::addColumn<qint64>("maxPayload");
        QTest::addColumn<int>("notes");
        const qint64 cap = EngineIo::MaxPayloadBytes;
        QTest::newRow("an EIO 4 handshake is taken as it is")
            << uR"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})"_s
            << u"lv_VI97HAXpY6yYWAAAC"_s << QStringList{u"websocket"_s} << 25000 << 20000 << qint64(1000000)
            << 0;
        QTest::newRow("an EIO 3 handshake without maxPayload gets QtChat's own limit")
            << uR"({"sid":"lv_VI97HAXpY6yYWAAAC","pingInterval":25000,"pingTimeout":5000})"_s
            << u"lv_VI97HAXpY6yYWAAAC"_s << QStringList() << 25000 << 5000 << cap << 0;
        QTest::newRow("a WebSocket-only session may offer no upgrades")
            << uR"({"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})"_s
            << u"s"_s << QStringList() << 25000 << 20000 << qint64(1000000) << 0;
        QTest::newRow("a ping interval of 0 is taken as one second, with a note")
            << uR"({"sid":"s","pingInterval":0,"pingTimeout":20000})"_s << u"s"_s << QStringList() << 1000
            << 20000 << cap << 1;
        QTest::newRow("a ping interval of 10^12 ms is taken as five minutes, with a note")
            << uR"({"sid":"s","pingInterval":1000000000000,"pingTimeout":20000})"_s << u"s"_s << QStringList()
            << 300000 << 20000 << cap << 1;
        QTest::newRow("a negative ping timeout is taken as one second, with a note")
            << uR"({"sid":"s","pingInterval":25000,"pingTimeout":-5})"_s << u"s"_s << QStringList() << 25000
            << 1000 << cap << 1;
        QTest::newRow("a ping timeout of 1e300 does not overflow, it is five minutes")
            << uR"({"sid":"s","pingInterval":25000,"pingTimeout":1e300})"_s << u"s"_s << QStringList()
            << 25000 << 300000 << cap << 1;
        QTest::newRow("a fractional interval is rounded to a millisecond, with a note")
            << uR"({"sid":"s","pingInterval":25000.4,"pingTimeout":20000})"_s << u"s"_s << QStringList()
            << 25000 << 20000 << cap << 1;
        QTest::newRow("a huge maxPayload is capped at 16 MiB, with a note")
            << uR"({"sid":"s","pingInterval":25000,"pingTimeout":20000,"maxPayload":1e18})"_s << u"s"_s
            << QStringList() << 25000 << 20000 << cap << 1;
        QTest::newRow("a maxPayload of exactly 16 MiB needs no note")
            << uR"({"sid":"s","pingInterval":25000,"pingTimeout":20000,"maxPayload":16777216})"_s << u"s"_s
            << QStringList() << 25000 << 20000 << cap << 0;
        QTest::newRow("members a later revision adds are ignored")
            << uR"({"sid":"s","pingInterval":25000,"pingTimeout":20000,"future":{"a":[1]}})"_s << u"s"_s
            << QStringList() << 25000 << 20000 << cap << 0;
    }

    void readsHandshakes()
    {
        QFETCH(QString, payload);
        const EngineIo::OpenResult result = EngineIo::parseOpen(payload);
        QVERIFY2(result.info, qPrintable(result.error));
        QTEST(result.info->sid, "sid");
        QTEST(result.info->upgrades, "upgrades");
        QTEST(result.info->pingIntervalMs, "pingInterval");
        QTEST(result.info->pingTimeoutMs, "pingTimeout");
        QTEST(result.info->maxPayload, "maxPayload");
        QTEST(int(result.info->notes.size()), "notes");
    }

    void refusesHandshakesThatCannotBeUsed_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("error");
        QTest::newRow("an open packet without a handshake") << QString() << u"the handshake is empty"_s;
        QTest::newRow("a handshake that is not JSON") << u"sid=abc"_s << u"the handshake is not JSON ("_s;
        QTest::newRow("a handshake that is an array")
            << uR"(["sid"])"_s << u"the handshake is JSON, but not an object"_s;
        QTest::newRow("a handshake followed by garbage")
            << uR"({"sid":"s","pingInterval":1,"pingTimeout":1} x)"_s << u"the handshake is not JSON ("_s;
        QTest::newRow("a handshake without a sid")
            << uR"({"pingInterval":25000,"pingTimeout":20000})"_s << u"the handshake has no sid"_s;
        QTest::newRow("a handshake with an empty sid")
            << uR"({"sid":"","pingInterval":25000,"pingTimeout":20000})"_s
            << u"the handshake's sid is empty"_s;
        QTest::newRow("a handshake with a numeric sid")
            << uR"({"sid":12,"pingInterval":25000,"pingTimeout":20000})"_s
            << u"the handshake's sid is not text"_s;
        QTest::newRow("a handshake with a sid of two thousand characters")
            << uR"({"sid":"%1","pingInterval":25000,"pingTimeout":20000})"_s.arg(QString(2000, u'a'))
            << u"the handshake's sid is 2000 characters long, more than 1024"_s;
        QTest::newRow("a handshake without a ping interval")
            << uR"({"sid":"s","pingTimeout":20000})"_s << u"the handshake has no pingInterval"_s;
        QTest::newRow("a handshake whose ping timeout is text")
            << uR"({"sid":"s","pingInterval":25000,"pingTimeout":"20000"})"_s
            << u"the handshake's pingTimeout is not a number"_s;
        QTest::newRow("a handshake whose upgrades are not names")
            << uR"({"sid":"s","upgrades":[1],"pingInterval":25000,"pingTimeout":20000})"_s
            << u"the handshake's upgrades are not a list of transport names"_s;
        QTest::newRow("a handshake whose upgrades are one name, not a list")
            << uR"({"sid":"s","upgrades":"websocket","pingInterval":25000,"pingTimeout":20000})"_s
            << u"the handshake's upgrades are not a list of transport names"_s;
        QTest::newRow("a maxPayload of 0 leaves no room for a message")
            << uR"({"sid":"s","pingInterval":25000,"pingTimeout":20000,"maxPayload":0})"_s
            << u"the handshake's maxPayload of 0 bytes leaves no room for any message"_s;
        QTest::newRow("a maxPayload that is text")
            << uR"({"sid":"s","pingInterval":25000,"pingTimeout":20000,"maxPayload":"1e6"})"_s
            << u"the handshake's maxPayload is not a number"_s;
    }

    void refusesHandshakesThatCannotBeUsed()
    {
        QFETCH(QString, payload);
        QFETCH(QString, error);
        const EngineIo::OpenResult result = EngineIo::parseOpen(payload);
        QVERIFY(!result.info);
        compareError(result.error, error);
    }

    void notesSayWhatWasChanged()
    {
        const EngineIo::OpenResult result =
            EngineIo::parseOpen(uR"({"sid":"s","pingInterval":0,"pingTimeout":1e12,"maxPayload":1e10})"_s);
        QVERIFY(result.info);
        QCOMPARE(
            result.info->notes,
            (QStringList{
                u"the server's pingInterval of 0 ms was taken as 1000 ms"_s,
                u"the server's pingTimeout of 1000000000000 ms was taken as 300000 ms"_s,
                u"the server's maxPayload of 10000000000 bytes was taken as QtChat's own limit, 16777216 bytes"_s}));
    }

    // --- Socket.IO packets ---

    void readsSocketIoPackets_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("nameSpace");
        QTest::addColumn<qint64>("ackId");    // -1 for none
        QTest::addColumn<QString>("data");    // JSON text, empty for none
        QTest::addColumn<QString>("encoded"); // what encode() gives back; empty when it is the payload
        using T = SocketIo::Type;
        QTest::newRow("a v4 server's connect to the default namespace is one digit")
            << u"0"_s << int(T::Connect) << u"/"_s << qint64(-1) << QString() << QString();
        QTest::newRow("a v5 server's connect carries the socket's sid")
            << uR"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})"_s << int(T::Connect) << u"/"_s << qint64(-1)
            << uR"({"sid":"wZX3oN0bSVIhsaknAAAI"})"_s << QString();
        QTest::newRow("a connect to a namespace names it before a comma")
            << uR"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})"_s << int(T::Connect) << u"/admin"_s << qint64(-1)
            << uR"({"sid":"oSO0OpakMV_3jnilAAAA"})"_s << QString();
        QTest::newRow("a namespace at the very end needs no comma, and gets one back")
            << u"0/admin"_s << int(T::Connect) << u"/admin"_s << qint64(-1) << QString() << u"0/admin,"_s;
        QTest::newRow("a disconnect from the default namespace is one digit")
            << u"1"_s << int(T::Disconnect) << u"/"_s << qint64(-1) << QString() << QString();
        QTest::newRow("a disconnect from a namespace ends with its comma")
            << u"1/admin,"_s << int(T::Disconnect) << u"/admin"_s << qint64(-1) << QString() << QString();
        QTest::newRow("an event is its name and arguments")
            << uR"(2["hey","Jude"])"_s << int(T::Event) << u"/"_s << qint64(-1) << uR"(["hey","Jude"])"_s
            << QString();
        QTest::newRow("an event without arguments is its name alone")
            << uR"(2["ping"])"_s << int(T::Event) << u"/"_s << qint64(-1) << uR"(["ping"])"_s << QString();
        QTest::newRow("an event with an ack id")
            << uR"(212["foo"])"_s << int(T::Event) << u"/"_s << qint64(12) << uR"(["foo"])"_s << QString();
        QTest::newRow("an event with a namespace and an ack id keeps all three")
            << uR"(2/admin,456["project:delete",123])"_s << int(T::Event) << u"/admin"_s << qint64(456)
            << uR"(["project:delete",123])"_s << QString();
        QTest::newRow("an ack id of 18 digits is the longest there is")
            << uR"(2999999999999999999["x"])"_s << int(T::Event) << u"/"_s << qint64(999999999999999999)
            << uR"(["x"])"_s << QString();
        QTest::newRow("an ack id with leading zeros is its number")
            << uR"(2007["x"])"_s << int(T::Event) << u"/"_s << qint64(7) << uR"(["x"])"_s << uR"(27["x"])"_s;
        QTest::newRow("an explicit default namespace is the default namespace")
            << uR"(2/,["x"])"_s << int(T::Event) << u"/"_s << qint64(-1) << uR"(["x"])"_s << uR"(2["x"])"_s;
        QTest::newRow("an ack with an empty array")
            << u"3/admin,456[]"_s << int(T::Ack) << u"/admin"_s << qint64(456) << u"[]"_s << QString();
        QTest::newRow("an ack with answers") << uR"(313["bar",{"ok":true}])"_s << int(T::Ack) << u"/"_s
                                             << qint64(13) << uR"(["bar",{"ok":true}])"_s << QString();
        QTest::newRow("a v5 connect error is an object with a message")
            << uR"(4{"message":"Not authorized"})"_s << int(T::ConnectError) << u"/"_s << qint64(-1)
            << uR"({"message":"Not authorized"})"_s << QString();
        QTest::newRow("a v5 connect error for a namespace")
            << uR"(4/random,{"message":"Invalid namespace"})"_s << int(T::ConnectError) << u"/random"_s
            << qint64(-1) << uR"({"message":"Invalid namespace"})"_s << QString();
        QTest::newRow("a v4 connect error is a JSON string")
            << uR"(4"Not authorized")"_s << int(T::ConnectError) << u"/"_s << qint64(-1)
            << uR"("Not authorized")"_s << QString();
        QTest::newRow("white space around the JSON is not part of it")
            << u"2 [ \"x\" , 1 ] "_s << int(T::Event) << u"/"_s << qint64(-1) << uR"(["x",1])"_s
            << uR"(2["x",1])"_s;
        QTest::newRow("a namespace with a v4 query keeps it")
            << u"0/admin?token=abc,"_s << int(T::Connect) << u"/admin?token=abc"_s << qint64(-1) << QString()
            << QString();
    }

    void readsSocketIoPackets()
    {
        QFETCH(QString, payload);
        QFETCH(int, type);
        QFETCH(QString, nameSpace);
        QFETCH(qint64, ackId);
        QFETCH(QString, data);
        QFETCH(QString, encoded);
        const SocketIo::ParseResult result = SocketIo::parse(payload);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(int(result.packet.type), type);
        QCOMPARE(result.packet.nameSpace, nameSpace);
        QCOMPARE(result.packet.ackId.value_or(-1), ackId);
        QCOMPARE(result.packet.data, json(data));
        // Round trip: the encoding parses to the same packet.
        const QString again = SocketIo::encode(result.packet);
        QCOMPARE(again, encoded.isEmpty() ? payload : encoded);
        const SocketIo::ParseResult reparsed = SocketIo::parse(again);
        QVERIFY(reparsed.ok());
        QVERIFY(reparsed.packet == result.packet);
    }

    void refusesSocketIoPacketsOfNoKnownShape_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("error");
        QTest::newRow("an empty packet") << QString() << u"an empty Socket.IO packet"_s;
        QTest::newRow("garbage") << u"hello"_s
                                 << u"a Socket.IO packet whose type is not a digit from 0 to 6"_s;
        QTest::newRow("an unknown packet type")
            << u"7[\"x\"]"_s << u"a Socket.IO packet whose type is not a digit from 0 to 6"_s;
        QTest::newRow("an ack id of 19 digits")
            << uR"(21234567890123456789["x"])"_s << u"an ack id of more than 18 digits"_s;
        QTest::newRow("an ack id of 40 digits")
            << (u"2"_s + QString(40, u'9') + uR"(["x"])"_s) << u"an ack id of more than 18 digits"_s;
        QTest::newRow("a namespace without its comma before an array")
            << uR"(2/admin["x"])"_s << u"a namespace that is not followed by a comma"_s;
        QTest::newRow("a namespace without its comma before an object")
            << uR"(0/admin{"sid":"a"})"_s << u"a namespace that is not followed by a comma"_s;
        QTest::newRow("a namespace running into a quote")
            << uR"(4/admin"nope")"_s << u"a namespace that is not followed by a comma"_s;
        QTest::newRow("an event whose JSON is an object, not an array")
            << uR"(2{"name":"x"})"_s << u"an EVENT packet whose payload is not a JSON array"_s;
        QTest::newRow("an event whose JSON is a string")
            << uR"(2"x")"_s << u"an EVENT packet whose payload is not a JSON array"_s;
        QTest::newRow("an event with an empty array has no name")
            << u"2[]"_s << u"an EVENT packet with an empty array, so no event name"_s;
        QTest::newRow("an event whose first element is a number")
            << u"2[1,\"x\"]"_s << u"an EVENT packet whose first element, the event name, is not text"_s;
        QTest::newRow("an event whose first element is null")
            << u"2[null]"_s << u"an EVENT packet whose first element, the event name, is not text"_s;
        QTest::newRow("an event without JSON")
            << u"2"_s << u"an EVENT packet without its array of event name and arguments"_s;
        QTest::newRow("an event with an ack id and nothing else")
            << u"212"_s << u"an EVENT packet without its array of event name and arguments"_s;
        QTest::newRow("an event whose JSON is cut short")
            << uR"(2["x",)"_s << u"a Socket.IO packet whose payload is not JSON ("_s;
        QTest::newRow("an event of white space only")
            << u"2  "_s << u"a Socket.IO packet whose payload is empty"_s;
        QTest::newRow("an event of two values separated by a comma")
            << uR"(2["x"],["y"])"_s << u"a Socket.IO packet whose payload is several JSON values, not one"_s;
        QTest::newRow("an event followed by a second array")
            << uR"(2["x"]["y"])"_s << u"a Socket.IO packet whose payload is not JSON ("_s;
        QTest::newRow("an ack without an ack id") << u"3[]"_s << u"an ACK packet without an ack id"_s;
        QTest::newRow("an ack without its array")
            << u"312"_s << u"an ACK packet without its array of answers"_s;
        QTest::newRow("an ack whose JSON is an object")
            << u"312{}"_s << u"an ACK packet whose payload is not a JSON array"_s;
        QTest::newRow("a connect whose payload is an array")
            << u"0[1]"_s << u"a CONNECT packet whose payload is not a JSON object"_s;
        QTest::newRow("a connect with an ack id")
            << u"012{}"_s << u"a Socket.IO packet whose payload is not JSON ("_s;
        QTest::newRow("a disconnect with a payload")
            << u"1{}"_s << u"a DISCONNECT packet with a payload, which it never has"_s;
        QTest::newRow("a connect error that is a number")
            << u"442"_s << u"a CONNECT_ERROR packet whose payload is neither a JSON object nor text"_s;
        QTest::newRow("a connect error that is unquoted text")
            << u"4Not authorized"_s << u"a Socket.IO packet whose payload is not JSON ("_s;
    }

    void refusesSocketIoPacketsOfNoKnownShape()
    {
        QFETCH(QString, payload);
        QFETCH(QString, error);
        const SocketIo::ParseResult result = SocketIo::parse(payload);
        QCOMPARE(result.status, SocketIo::ParseResult::Status::Invalid);
        compareError(result.error, error);
    }

    void recognisesBinaryPacketsAsUnsupported_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::newRow("a binary event with one attachment")
            << uR"(51-["baz",{"_placeholder":true,"num":0}])"_s;
        QTest::newRow("a binary event to a namespace with two attachments")
            << uR"(52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])"_s;
        QTest::newRow("a binary ack") << uR"(61-15["bar",{"_placeholder":true,"num":0}])"_s;
        QTest::newRow("a binary event without its attachment count") << uR"(5["baz"])"_s;
        QTest::newRow("a binary ack that is only its type") << u"6"_s;
    }

    void recognisesBinaryPacketsAsUnsupported()
    {
        QFETCH(QString, payload);
        const SocketIo::ParseResult result = SocketIo::parse(payload);
        QCOMPARE(result.status, SocketIo::ParseResult::Status::BinaryUnsupported);
        QCOMPARE(result.error, u"binary attachments are not supported"_s);
    }

    // The caller lets frames of up to 16 MiB through; one that size is read in one pass, its text
    // converted once for the JSON parser.
    void readsAnEventOfSixteenMebibytes()
    {
        const qsizetype textSize = EngineIo::MaxPayloadBytes - 64;
        // (Built with arg(): moc misreads a raw string that ends in a quote.)
        const QString frame = uR"(42/chat,7["message",{"text":"%1"}])"_s.arg(QString(textSize, u'x'));
        const EngineIo::ParseResult engineIo = EngineIo::parseText(frame);
        QVERIFY(engineIo.ok());
        const SocketIo::ParseResult socketIo = SocketIo::parse(engineIo.packet.payload());
        QVERIFY2(socketIo.ok(), qPrintable(socketIo.error));
        QCOMPARE(socketIo.packet.eventName(), u"message"_s);
        QCOMPARE(socketIo.packet.eventArgs().at(0).toObject().value(u"text"_s).toString().size(), textSize);
    }

    void encodesWhatWeSend()
    {
        QCOMPARE(SocketIo::encodeConnect(u"/"), u"0"_s);
        QCOMPARE(SocketIo::encodeConnect(u""), u"0"_s);
        QCOMPARE(SocketIo::encodeConnect(u"/admin"), u"0/admin,"_s);
        QCOMPARE(SocketIo::encodeConnect(u"/", QJsonObject{{u"token"_s, u"123"_s}}),
                 uR"(0{"token":"123"})"_s);
        QCOMPARE(SocketIo::encodeConnect(u"/chat", QJsonObject{{u"token"_s, u"abc"_s}}),
                 uR"(0/chat,{"token":"abc"})"_s);
        QCOMPARE(SocketIo::encodeEvent(u"/", std::nullopt, u"hello"_s, {}), uR"(2["hello"])"_s);
        QCOMPARE(SocketIo::encodeEvent(u"/admin", 456, u"project:delete"_s, {123}),
                 uR"(2/admin,456["project:delete",123])"_s);
        QCOMPARE(SocketIo::encodeEvent(u"/", 0, u"say"_s, {u"\"quoted\"\n"_s}),
                 u"20[\"say\",\"\\\"quoted\\\"\\n\"]"_s);
        QCOMPARE(SocketIo::encodeAck(u"/admin", 13, {u"bar"_s}), uR"(3/admin,13["bar"])"_s);
        QCOMPARE(SocketIo::encodeAck(u"/", 456, {}), u"3456[]"_s);
        QCOMPARE(SocketIo::encodeDisconnect(u"/"), u"1"_s);
        QCOMPARE(SocketIo::encodeDisconnect(u"/admin"), u"1/admin,"_s);
        // Wrapped in an Engine.IO message, as it goes on the wire.
        QCOMPARE(EngineIo::encodeMessage(SocketIo::encodeEvent(u"/", std::nullopt, u"hello"_s, {})),
                 uR"(42["hello"])"_s);
    }

    void checksNamespacesForTheEncoders_data()
    {
        QTest::addColumn<QString>("nameSpace");
        QTest::addColumn<bool>("valid");
        QTest::newRow("the default namespace") << u"/"_s << true;
        QTest::newRow("no namespace is the default one") << QString() << true;
        QTest::newRow("a path") << u"/chat/room-1"_s << true;
        QTest::newRow("a name without its slash") << u"admin"_s << false;
        QTest::newRow("a comma would end the namespace early") << u"/a,b"_s << false;
        QTest::newRow("a bracket would look like the payload") << u"/a[b"_s << false;
    }

    void checksNamespacesForTheEncoders()
    {
        QFETCH(QString, nameSpace);
        QFETCH(bool, valid);
        QCOMPARE(SocketIo::isValidNamespace(nameSpace), valid);
    }

    void readsEventsAndErrorsThroughTheAccessors()
    {
        const SocketIo::Packet event = SocketIo::parse(uR"(2/chat,7["message",{"text":"hi"},2])"_s).packet;
        QCOMPARE(event.eventName(), u"message"_s);
        QCOMPARE(event.eventArgs(), (QJsonArray{QJsonObject{{u"text"_s, u"hi"_s}}, 2}));
        const SocketIo::Packet ack = SocketIo::parse(uR"(37["ok",1])"_s).packet;
        QCOMPARE(ack.eventName(), QString());
        QCOMPARE(ack.eventArgs(), (QJsonArray{u"ok"_s, 1}));

        QCOMPARE(SocketIo::parse(uR"(4{"message":"Not authorized","data":{"code":401}})"_s)
                     .packet.connectErrorMessage(),
                 u"Not authorized"_s);
        QCOMPARE(SocketIo::parse(uR"(4"Invalid namespace")"_s).packet.connectErrorMessage(),
                 u"Invalid namespace"_s);
        QCOMPARE(SocketIo::parse(u"4"_s).packet.connectErrorMessage(),
                 u"the server refused the connection without saying why"_s);
        QCOMPARE(SocketIo::parse(uR"(4{"message":42})"_s).packet.connectErrorMessage(),
                 u"the server refused the connection without saying why"_s);
    }

    void aWholeSessionReadsFrameByFrame()
    {
        // Frames from the Socket.IO protocol's sample session, EIO 4, as a WebSocket-only client sees them.
        const EngineIo::ParseResult open = EngineIo::parseText(
            uR"(0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000})"_s);
        QVERIFY(open.ok());
        QCOMPARE(open.packet.type, EngineIo::Type::Open);
        QVERIFY(EngineIo::parseOpen(open.packet.payload()).info);

        const EngineIo::ParseResult connected =
            EngineIo::parseText(uR"(40/admin,{"sid":"-G5j-67EZFp-q59rADQM"})"_s);
        QVERIFY(connected.ok());
        QCOMPARE(connected.packet.type, EngineIo::Type::Message);
        const SocketIo::ParseResult connect = SocketIo::parse(connected.packet.payload());
        QVERIFY(connect.ok());
        QCOMPARE(connect.packet.type, SocketIo::Type::Connect);
        QCOMPARE(connect.packet.data.toObject().value(u"sid"_s).toString(), u"-G5j-67EZFp-q59rADQM"_s);

        const EngineIo::ParseResult binaryAck =
            EngineIo::parseText(uR"(461-/admin,1[{"_placeholder":true,"num":0}])"_s);
        QVERIFY(binaryAck.ok());
        QCOMPARE(SocketIo::parse(binaryAck.packet.payload()).status,
                 SocketIo::ParseResult::Status::BinaryUnsupported);
        QCOMPARE(EngineIo::parseBinary(QByteArray("\x01\x02", 2), EngineIo::Version::Eio4).status,
                 EngineIo::ParseResult::Status::BinaryUnsupported);
    }
};

QTEST_GUILESS_MAIN(TestSocketIoPacket)
#include "tst_socketiopacket.moc"
