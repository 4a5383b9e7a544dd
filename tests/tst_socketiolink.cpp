// SocketIoLink, SocketIoConnection and SocketIoHub: the mapping of message events onto frames
// without a server, then rooms over real sockets against the real socket.io 4 server of
// tests/e2e/socketio (Node), started per test with the options the row needs.
#include "authclient.h"
#include "roomconnection.h"
#include "socketio/socketioconnection.h"
#include "socketio/socketiohub.h"
#include "socketio/socketiolink.h"
#include "socketio/socketiopacket.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
// The Node server, stopped by closing its stdin.
class NodeServer
{
public:
    explicit NodeServer(const QStringList &options)
    {
        const QString script = QStringLiteral(QTCHAT_SOCKETIO_SERVER);
        if (!QFileInfo::exists(QFileInfo(script).dir().filePath(u"node_modules/socket.io"_s))) {
            m_skip = u"tests/e2e/socketio/node_modules is missing: run `npm ci --prefix tests/e2e/socketio` "
                     u"(./test.sh does)"_s;
            return;
        }
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_log += m_process.readAllStandardError(); });
        m_process.start(QStringLiteral(QTCHAT_NODE), QStringList{script, u"--stop-on-stdin-eof"_s} + options);
        if (!m_process.waitForStarted(10000)) {
            m_skip = u"cannot run %1: %2"_s.arg(QStringLiteral(QTCHAT_NODE), m_process.errorString());
            return;
        }
        (void)QTest::qWaitFor(
            [this] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; }, 20000);
        m_url = QUrl(QString::fromUtf8(m_process.readLine().trimmed()));
    }
    ~NodeServer()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
    QString skipReason() const { return m_skip; }
    QUrl url() const { return m_url; }
    QString log() const { return QString::fromUtf8(m_log.right(1500)); }

    // A stdin command; true once its answer line came.
    bool command(const QByteArray &line, const QByteArray &answer)
    {
        m_process.write(line + '\n');
        QByteArray got;
        return QTest::qWaitFor(
            [&] {
                while (m_process.canReadLine() && got != answer)
                    got = m_process.readLine().trimmed();
                return got == answer;
            },
            10000);
    }

private:
    QProcess m_process;
    QByteArray m_log;
    QUrl m_url;
    QString m_skip;
};

#define START_SERVER(server)                                                                                 \
    if (!(server).skipReason().isEmpty())                                                                    \
        QSKIP(qPrintable((server).skipReason()));                                                            \
    QVERIFY2((server).url().isValid(), qPrintable(u"the Node server did not start: "_s + (server).log()))

ServerProfile profileFor(const QUrl &url, TokenTransport transport = TokenTransport::AuthPayload, int eio = 4)
{
    ServerProfile profile = ServerProfile::socketIoDefaults(url);
    profile.transport = transport;
    profile.socketIo.engineIoVersion = eio;
    profile.socketIo.ackTimeoutMs = 5000;
    return profile;
}

// A Socket.IO server reduced to what a row needs: the open packet, CONNECT answers, and acks for
// joins only when ackJoins is set. Never pings.
class FakeEngine : public QObject
{
public:
    explicit FakeEngine(bool ackJoins)
        : m_server(u"fake"_s, QWebSocketServer::NonSecureMode)
        , m_ackJoins(ackJoins)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *socket = m_server.nextPendingConnection();
            socket->setParent(this);
            m_socket = socket;
            socket->sendTextMessage(
                uR"(0{"sid":"fake","upgrades":[],"pingInterval":1000,"pingTimeout":1000,"maxPayload":1000000})"_s);
            if (socket->requestUrl().query().contains("EIO=3"_L1))
                socket->sendTextMessage(u"40"_s); // "/" without a CONNECT, as a v2 server does
            connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &frame) {
                if (frame.startsWith("40"_L1))
                    socket->sendTextMessage(uR"(40{"sid":"session"})"_s);
                const qsizetype bracket = frame.indexOf(u'[');
                if (m_ackJoins && frame.startsWith("42"_L1) && frame.mid(bracket).startsWith(R"(["join")"_L1))
                    socket->sendTextMessage(u"43"_s + frame.mid(2, bracket - 2) + uR"([{"ok":true}])"_s);
                // A server that stores and acks with the id but broadcasts to everyone but the sender.
                if (m_ackJoins && frame.startsWith("42"_L1) &&
                    frame.mid(bracket).startsWith(R"(["message")"_L1))
                    socket->sendTextMessage(u"43"_s + frame.mid(2, bracket - 2) +
                                            uR"([{"ok":true,"id":41}])"_s);
            });
        });
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    QWebSocket *socket() const { return m_socket; }

private:
    QWebSocketServer m_server;
    bool m_ackJoins = false;
    QPointer<QWebSocket> m_socket;
};

// A well-formed token, for servers that do not check it.
QByteArray someToken()
{
    const auto part = [](const char *json) {
        return QByteArray(json).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part(R"({"alg":"HS256","typ":"JWT"})") + '.' +
           part(R"({"sub":"1","exp":4102444800,"iat":1700000000})") + ".c2lnbmF0dXJl";
}

// POST /login through AuthClient, as the app signs in.
QByteArray signIn(const QUrl &url, const QString &user = u"alice"_s)
{
    QNetworkAccessManager network;
    AuthClient auth(&network);
    auth.setProfile(ServerProfile::socketIoDefaults(url));
    auth.setRemember(false);
    QSignalSpy signedIn(&auth, &AuthClient::signedIn);
    auth.signIn(user, user + u"-pass"_s);
    if (!signedIn.wait(10000))
        return {};
    return auth.accessToken();
}

// The same token with its signature changed: well formed, refused by the server.
QByteArray forged(const QByteArray &token)
{
    QByteArray bad = token;
    bad[bad.size() - 2] = bad.at(bad.size() - 2) == 'A' ? 'B' : 'A';
    return bad;
}

RoomLink *makeLink(SocketIoHub &hub, const QString &room, const QByteArray &token, QObject *parent = nullptr)
{
    QString problem;
    RoomLink *link = hub.factory()(room, token, 0, &problem, parent);
    if (!link)
        qWarning() << "no link:" << problem;
    return link;
}

// Opens link and waits for opened(); false (and the reason in a warning) when it ended instead.
bool openAndWait(RoomLink *link)
{
    QSignalSpy opened(link, &RoomLink::opened);
    QSignalSpy closed(link, &RoomLink::closed);
    link->open();
    (void)QTest::qWaitFor([&] { return !opened.isEmpty() || !closed.isEmpty(); }, 15000);
    if (opened.isEmpty())
        qWarning() << "not opened:" << link->closeCode() << link->closeReason() << link->errorString();
    return !opened.isEmpty();
}

// Waits for the echo of clientId; the frame, or a default one.
IncomingFrame waitForEcho(QSignalSpy &frames, const QString &clientId)
{
    IncomingFrame found;
    (void)QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &args : std::as_const(frames)) {
                const auto frame = args.at(0).value<IncomingFrame>();
                if (frame.kind == IncomingFrame::Kind::Message && frame.message.clientId == clientId) {
                    found = frame;
                    return true;
                }
            }
            return false;
        },
        10000);
    return found;
}
} // namespace

class TestSocketIoLink : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- without a server ----------------------------------------------------------------------

    void frameFromEvent_data()
    {
        QTest::addColumn<QString>("payload"); // a Socket.IO EVENT packet, as it came
        QTest::addColumn<QString>("room");    // the link's; empty: one room per namespace
        QTest::addColumn<bool>("ours");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("dated");
        const auto message = int(IncomingFrame::Kind::Message);
        const auto invalid = int(IncomingFrame::Kind::Invalid);
        QTest::newRow("a broadcast of this room becomes a message with every field")
            << uR"(2["message",{"room":"lobby","text":"hi","user":"alice","created_at":"2026-12-02T09:00:00.123Z","id":7,"client_id":"c-1"}])"_s
            << u"lobby"_s << true << message << u"hi"_s << u"7"_s << u"c-1"_s << u"alice"_s << true;
        QTest::newRow("another room's broadcast is not this room's")
            << uR"(2["message",{"room":"random","text":"hi","user":"bob"}])"_s << u"lobby"_s << false << 0
            << QString() << QString() << QString() << QString() << false;
        QTest::newRow("in a room's own namespace every message is the room's")
            << uR"(2/lobby,["message",{"text":"hi","user":"bob","id":"a-1"}])"_s << QString() << true
            << message << u"hi"_s << u"a-1"_s << QString() << u"bob"_s << false;
        QTest::newRow("a number id keeps the text it was written with when a double would change it")
            << uR"(2["message",{"room":"lobby","text":"x","id":1e3}])"_s << u"lobby"_s << true << message
            << u"x"_s << u"1e3"_s << QString() << QString() << false;
        QTest::newRow("a number id beyond 2^53 is kept digit for digit")
            << uR"(2["message",{"room":"lobby","text":"x","id":9007199254740993}])"_s << u"lobby"_s << true
            << message << u"x"_s << u"9007199254740993"_s << QString() << QString() << false;
        QTest::newRow("an ack id and a namespace before the arguments change nothing")
            << uR"(2/chat,12["message", {"room":"lobby","text":"x","id":-0}])"_s << u"lobby"_s << true
            << message << u"x"_s << u"0"_s << QString() << QString() << false;
        QTest::newRow("a date that is not ISO 8601 is kept as text only")
            << uR"(2["message",{"room":"lobby","text":"x","created_at":"yesterday"}])"_s << u"lobby"_s << true
            << message << u"x"_s << QString() << QString() << QString() << false;
        QTest::newRow("a message without text is invalid")
            << uR"(2["message",{"room":"lobby","user":"bob"}])"_s << u"lobby"_s << true << invalid
            << QString() << QString() << QString() << QString() << false;
        QTest::newRow("a message whose text is a number is invalid")
            << uR"(2["message",{"room":"lobby","text":5}])"_s << u"lobby"_s << true << invalid << QString()
            << QString() << QString() << QString() << false;
        QTest::newRow("in a room's namespace a message that is not an object is invalid")
            << uR"(2/lobby,["message","hi"])"_s << QString() << true << invalid << QString() << QString()
            << QString() << QString() << false;
    }

    void frameFromEvent()
    {
        QFETCH(QString, payload);
        QFETCH(QString, room);
        QFETCH(bool, ours);
        QFETCH(int, kind);
        QFETCH(QString, text);
        QFETCH(QString, id);
        QFETCH(QString, clientId);
        QFETCH(QString, user);
        QFETCH(bool, dated);
        const SocketIo::ParseResult parsed = SocketIo::parse(QStringView(payload));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        const std::optional<IncomingFrame> frame =
            SocketIoLink::frameFromEvent(parsed.packet.eventArgs(), payload, room);
        QCOMPARE(frame.has_value(), ours);
        if (!frame)
            return;
        QCOMPARE(int(frame->kind), kind);
        if (frame->kind != IncomingFrame::Kind::Message) {
            QVERIFY(!frame->errorText.isEmpty());
            return;
        }
        QCOMPARE(frame->message.text, text);
        QCOMPARE(frame->message.id, id);
        QCOMPARE(frame->message.clientId, clientId);
        QCOMPARE(frame->message.user, user);
        QCOMPARE(frame->message.createdAt.isValid(), dated);
    }

    // SocketIo::readMessageEvent() + frameFromMessageEvent() against parse() + frameFromEvent(): the
    // same frame for every packet the fast reader takes, and the packets it leaves to parse().
    void messageEventFastPath_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<bool>("fast"); // whether the one-pass reader takes it
        const auto row = [](const char *name, const QString &payload, bool fast) {
            QTest::newRow(name) << payload << fast;
        };
        row("every field",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"hi\",\"user\":\"alice\",\"created_at\":\"2026-12-02T09:00:00.123Z\",\"id\":7,\"client_id\":\"c-1\"}]"_s,
            true);
        row("another room", u"2[\"message\",{\"room\":\"random\",\"text\":\"hi\",\"user\":\"bob\"}]"_s, true);
        row("a namespace", u"2/lobby,[\"message\",{\"text\":\"hi\",\"user\":\"bob\",\"id\":\"a-1\"}]"_s,
            true);
        row("a namespace with a query", u"2/lobby?x=1,[\"message\",{\"text\":\"hi\",\"room\":\"lobby\"}]"_s,
            true);
        row("an ack id", u"212[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":5}]"_s, true);
        row("a namespace and an ack id",
            u"2/chat,12[\"message\", {\"room\":\"lobby\",\"text\":\"x\",\"id\":-0}]"_s, true);
        row("an ack id of 18 digits",
            u"2999999999999999999[\"message\",{\"room\":\"lobby\",\"text\":\"x\"}]"_s, true);
        row("an ack id of 19 digits",
            u"29999999999999999999[\"message\",{\"room\":\"lobby\",\"text\":\"x\"}]"_s, false);
        row("id 1e3", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":1e3}]"_s, false);
        row("id 1.5", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":1.5}]"_s, false);
        row("id 1E3", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":1E3}]"_s, false);
        row("id beyond 2^53", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":9007199254740993}]"_s,
            true);
        row("id of 18 digits",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":-999999999999999999}]"_s, true);
        row("id of 19 digits",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":9223372036854775807}]"_s, false);
        row("id of 20 digits",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":18446744073709551616}]"_s, false);
        row("id 0", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":0}]"_s, true);
        row("id 007", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":007}]"_s, false);
        row("id -", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":-}]"_s, false);
        row("id true", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":true}]"_s, true);
        row("id null", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":null}]"_s, true);
        row("id an object", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"id\":{\"a\":1}}]"_s, false);
        row("nested in another field",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"meta\":{\"a\":[1,{\"b\":\"}\"}]}}]"_s,
            false);
        row("an array in another field",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"tags\":[\"a\"]}]"_s, false);
        row("a fraction in another field",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"score\":0.5}]"_s, false);
        row("other fields of every flat kind",
            u"2[\"message\",{\"a\":\"b\",\"c\":1,\"d\":true,\"e\":false,\"f\":null,\"room\":\"lobby\",\"text\":\"x\"}]"_s,
            true);
        row("escapes",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\",\"user\":\"\\\"q\\\"\"}]"_s,
            true);
        row("a \\u escape", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"caf\\u00e9\"}]"_s, false);
        row("a \\u escape in the room", u"2[\"message\",{\"room\":\"lob\\u0062y\",\"text\":\"x\"}]"_s, false);
        row("an escaped key", u"2[\"message\",{\"room\":\"lobby\",\"te\\/xt\":\"x\",\"\\\"text\":\"y\"}]"_s,
            true);
        row("a bad escape", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"\\x\"}]"_s, false);
        row("unicode",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"caf\u00e9 \u4e2d\u6587 \U0001F600\",\"user\":\"\u00e9\"}]"_s,
            true);
        row("a lone high surrogate",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"a"_s + QChar(0xd800) + u"b\"}]"_s, false);
        row("a lone low surrogate",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"a"_s + QChar(0xdc00) + u"\"}]"_s, false);
        row("U+FFFF", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"a"_s + QChar(0xffff) + u"\"}]"_s, false);
        row("U+FDD0", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"a"_s + QChar(0xfdd0) + u"\"}]"_s, false);
        row("U+10FFFF", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"a\U0010FFFF\"}]"_s, false);
        row("a control character", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"a\nb\"}]"_s, false);
        row("a tab in a string", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"a\tb\"}]"_s, false);
        row("whitespace everywhere", u"2[ \"message\" ,\n {\t\"room\" : \"lobby\" ,\r\n \"text\":\"x\" } ]"_s,
            true);
        row("whitespace after the packet", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\"}] "_s, false);
        row("whitespace before the array", u"2 [\"message\",{\"room\":\"lobby\",\"text\":\"x\"}]"_s, false);
        row("no text", u"2[\"message\",{\"room\":\"lobby\",\"user\":\"bob\"}]"_s, true);
        row("text a number", u"2[\"message\",{\"room\":\"lobby\",\"text\":5}]"_s, true);
        row("text null", u"2[\"message\",{\"room\":\"lobby\",\"text\":null}]"_s, true);
        row("room a number", u"2[\"message\",{\"room\":5,\"text\":\"x\"}]"_s, true);
        row("room null", u"2[\"message\",{\"room\":null,\"text\":\"x\"}]"_s, true);
        row("no room", u"2[\"message\",{\"text\":\"x\"}]"_s, true);
        row("an empty object", u"2[\"message\",{}]"_s, true);
        row("an empty text", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"\"}]"_s, true);
        row("a repeated field", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"text\":\"y\"}]"_s,
            false);
        row("a repeated other field", u"2[\"message\",{\"room\":\"lobby\",\"a\":1,\"a\":2,\"text\":\"y\"}]"_s,
            true);
        row("not an object", u"2/lobby,[\"message\",\"hi\"]"_s, false);
        row("two arguments", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\"},{\"a\":1}]"_s, false);
        row("no arguments", u"2[\"message\"]"_s, false);
        row("another event", u"2[\"typing\",{\"room\":\"lobby\",\"text\":\"x\"}]"_s, true);
        row("an escaped event name", u"2[\"mess\\/age\",{\"room\":\"lobby\",\"text\":\"x\"}]"_s, true);
        row("a trailing comma", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",}]"_s, false);
        row("a missing colon", u"2[\"message\",{\"room\" \"lobby\",\"text\":\"x\"}]"_s, false);
        row("unterminated", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\"}"_s, false);
        row("an unterminated string", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x"_s, false);
        row("tru", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"a\":tru}]"_s, false);
        row("nulls", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"a\":nulls}]"_s, false);
        row("a namespace without a comma", u"2/lobby[\"message\",{\"text\":\"x\"}]"_s, false);
        row("an ACK", u"312[{\"room\":\"lobby\",\"text\":\"x\"}]"_s, false);
        row("a CONNECT", u"0{\"sid\":\"x\"}"_s, false);
        row("an empty packet", QString(), false);
        row("a date with an offset",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"created_at\":\"2026-12-02T09:00:00+01:00\"}]"_s,
            true);
        row("a date that is not one",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"created_at\":\"yesterday\"}]"_s, true);
        row("a date as a number",
            u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"created_at\":1733130000}]"_s, true);
        row("client_id a number", u"2[\"message\",{\"room\":\"lobby\",\"text\":\"x\",\"client_id\":-12}]"_s,
            true);
    }

    void messageEventFastPath()
    {
        QFETCH(QString, payload);
        QFETCH(bool, fast);
        const std::optional<SocketIo::MessageEvent> event = SocketIo::readMessageEvent(payload);
        QCOMPARE(event.has_value(), fast);
        if (!event)
            return;
        const SocketIo::ParseResult parsed = SocketIo::parse(payload);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(int(parsed.packet.type), int(SocketIo::Type::Event));
        QCOMPARE(event->nameSpace, parsed.packet.nameSpace);
        QCOMPARE(event->ackId, parsed.packet.ackId);
        QCOMPARE(event->name, parsed.packet.eventName());
        for (const QString &room : {u"lobby"_s, QString(), u"random"_s}) {
            const std::optional<IncomingFrame> reference =
                SocketIoLink::frameFromEvent(parsed.packet.eventArgs(), payload, room);
            const std::optional<IncomingFrame> frame = SocketIoLink::frameFromMessageEvent(*event, room);
            QCOMPARE(frame.has_value(), reference.has_value());
            if (!frame)
                continue;
            QCOMPARE(int(frame->kind), int(reference->kind));
            QCOMPARE(frame->errorText, reference->errorText);
            QCOMPARE(frame->message.text, reference->message.text);
            QCOMPARE(frame->message.user, reference->message.user);
            QCOMPARE(frame->message.id, reference->message.id);
            QCOMPARE(frame->message.clientId, reference->message.clientId);
            QCOMPARE(frame->message.createdAtText, reference->message.createdAtText);
            QCOMPARE(frame->message.createdAt, reference->message.createdAt);
        }
    }

    void authRefusal_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("data");
        QTest::addColumn<bool>("aboutToken");
        QTest::newRow("invalid token is about the token") << u"invalid token"_s << u"{}"_s << true;
        QTest::newRow("jwt expired is about the token") << u"jwt expired"_s << u"{}"_s << true;
        QTest::newRow("Unauthorized is about the token") << u"Unauthorized"_s << u"{}"_s << true;
        QTest::newRow("an unexplained refusal with code token_expired is about the token")
            << u"nope"_s << uR"({"message":"nope","data":{"code":"token_expired"}})"_s << true;
        QTest::newRow("EIO 3's data object with code credentials_required is about the token")
            << u"nope"_s << uR"({"message":"nope","code":"credentials_required"})"_s << true;
        QTest::newRow("a refused namespace is not about the token")
            << u"namespace refused"_s << uR"({"message":"namespace refused","data":{"code":"forbidden"}})"_s
            << false;
        QTest::newRow("Invalid namespace is not about the token")
            << u"Invalid namespace"_s << u"{}"_s << false;
    }

    void authRefusal()
    {
        QFETCH(QString, message);
        QFETCH(QString, data);
        QFETCH(bool, aboutToken);
        const QJsonValue value = QJsonDocument::fromJson(data.toUtf8()).object();
        QCOMPARE(SocketIoConnection::isAuthRefusal(message, value), aboutToken);
    }

    void malformedTokenMakesNoLink()
    {
        SocketIoHub hub;
        hub.setProfile(profileFor(QUrl(u"http://127.0.0.1:1"_s)));
        QString problem;
        QCOMPARE(hub.factory()(u"lobby"_s, "not a jwt", 0, &problem, nullptr), nullptr);
        QVERIFY(problem.contains(u"JWT"_s));
    }

    void unusableNamespaceMakesNoLink_data()
    {
        QTest::addColumn<bool>("roomPerNamespace");
        QTest::addColumn<QString>("nameSpace");
        QTest::addColumn<QString>("room");
        QTest::newRow("a room with a comma cannot be a namespace") << true << u"/"_s << u"a,b"_s;
        QTest::newRow("a room with a question mark cannot be a namespace") << true << u"/"_s << u"a?b"_s;
        QTest::newRow("a profile namespace without its slash") << false << u"chat"_s << u"lobby"_s;
        QTest::newRow("a profile namespace with a comma") << false << u"/a,b"_s << u"lobby"_s;
    }

    void unusableNamespaceMakesNoLink()
    {
        QFETCH(bool, roomPerNamespace);
        QFETCH(QString, nameSpace);
        QFETCH(QString, room);
        ServerProfile profile = profileFor(QUrl(u"http://127.0.0.1:1"_s));
        profile.socketIo.roomPerNamespace = roomPerNamespace;
        profile.socketIo.nameSpace = nameSpace;
        SocketIoHub hub;
        hub.setProfile(profile);
        QString problem;
        QCOMPARE(hub.factory()(room, someToken(), 0, &problem, nullptr), nullptr);
        QVERIFY(problem.contains(u"namespace"_s));
    }

    void joinWithoutAckEndsAsADrop()
    {
        FakeEngine server(false);
        SocketIoHub hub;
        ServerProfile profile = profileFor(server.url());
        profile.socketIo.ackTimeoutMs = 300;
        hub.setProfile(profile);
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, someToken()));
        QVERIFY(link);
        QSignalSpy closeFrame(link.get(), &RoomLink::closeFrameArrived);
        QSignalSpy closed(link.get(), &RoomLink::closed);
        link->open();
        QVERIFY(closed.wait(5000));
        QCOMPARE(closeFrame.size(), 0);
        QCOMPARE(link->closeCode(), 1006);
        QVERIFY2(link->errorString().contains(u"300 ms"_s), qPrintable(link->errorString()));
    }

    void aMessageAckedWithAnIdIsDeliveredWithoutAnEcho()
    {
        FakeEngine server(true);
        SocketIoHub hub;
        ServerProfile profile = profileFor(server.url());
        RoomConnection room(u"lobby"_s, profile);
        room.setLinkFactory(hub.factory(profile));
        QSignalSpy received(&room, &RoomConnection::messageReceived);
        QSignalSpy delivered(&room, &RoomConnection::messageDelivered);
        room.open(someToken());
        QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::Open, 5000);
        const QString clientId = room.send(u"no echo for me"_s);
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 5000);
        QCOMPARE(delivered.at(0).at(0).toString(), clientId);
        QCOMPARE(room.pendingCount(), 0);
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.at(0).at(0).value<ChatMessage>().id, u"41"_s);
        QCOMPARE(received.at(0).at(0).value<ChatMessage>().text, u"no echo for me"_s);
        // An echo that comes after all carries the same id: not a second message.
        server.socket()->sendTextMessage(
            uR"(42["message",{"room":"lobby","text":"no echo for me","user":"alice","id":41}])"_s);
        server.socket()->sendTextMessage(
            uR"(42["message",{"room":"lobby","text":"next","user":"bob","id":42}])"_s);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, 5000); // bob's, behind the echo: the echo added nothing
        QCOMPARE(received.at(1).at(0).value<ChatMessage>().text, u"next"_s);
    }

    void silentServerEndsTheConnection_data()
    {
        QTest::addColumn<int>("eio");
        QTest::newRow("EIO 4: no ping from the server within interval + timeout") << 4;
        QTest::newRow("EIO 3: no pong to our ping within the timeout") << 3;
    }

    void silentServerEndsTheConnection()
    {
        QFETCH(int, eio);
        FakeEngine server(true);
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url(), TokenTransport::Query, eio));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, someToken()));
        QVERIFY(openAndWait(link.get()));
        QSignalSpy closeFrame(link.get(), &RoomLink::closeFrameArrived);
        QSignalSpy closed(link.get(), &RoomLink::closed);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(closed.wait(5000)); // EIO 4: interval + timeout, 2 s; EIO 3: our ping at 1 s + timeout
        QVERIFY(timer.elapsed() >= 1500);
        QCOMPARE(closeFrame.size(), 0);
        QCOMPARE(link->closeCode(), 1006);
        QVERIFY2(link->errorString().contains(u"ping"_s), qPrintable(link->errorString()));
    }

    void binaryFramesAndStrayAcksAreIgnored()
    {
        FakeEngine server(true);
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, someToken()));
        QVERIFY(openAndWait(link.get()));
        QSignalSpy binary(link.get(), &RoomLink::binaryFrameIgnored);
        QSignalSpy frames(link.get(), &RoomLink::frameReceived);
        server.socket()->sendBinaryMessage(QByteArray(100, 'x'));
        server.socket()->sendTextMessage(uR"(451-["message",{"_placeholder":true,"num":0}])"_s);
        server.socket()->sendTextMessage(uR"(43999[{"ok":true}])"_s);
        server.socket()->sendTextMessage(
            uR"(42["message",{"room":"lobby","text":"after","client_id":"x-1"}])"_s);
        QCOMPARE(waitForEcho(frames, u"x-1"_s).message.text, u"after"_s);
        QCOMPARE(binary.size(), 2);
        QCOMPARE(binary.at(0).at(0).toLongLong(), 100);
        QVERIFY(link->isOpen());
    }

    // --- against the Node server ---------------------------------------------------------------

    void joinSendEcho_data()
    {
        QTest::addColumn<TokenTransport>("transport");
        QTest::addColumn<int>("eio");
        QTest::newRow("token in the CONNECT auth payload, EIO 4") << TokenTransport::AuthPayload << 4;
        QTest::newRow("token in an Authorization header, EIO 4") << TokenTransport::Header << 4;
        QTest::newRow("token in the query, EIO 4") << TokenTransport::Query << 4;
        QTest::newRow("token in the query, EIO 3") << TokenTransport::Query << 3;
        QTest::newRow("auth payload asked for, EIO 3: the query it is") << TokenTransport::AuthPayload << 3;
        QTest::newRow("token in an Authorization header, EIO 3") << TokenTransport::Header << 3;
    }

    void joinSendEcho()
    {
        QFETCH(TokenTransport, transport);
        QFETCH(int, eio);
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        QVERIFY(!token.isEmpty());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url(), transport, eio));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, token));
        QVERIFY(link);
        QSignalSpy frames(link.get(), &RoomLink::frameReceived);
        QVERIFY(openAndWait(link.get()));
        QVERIFY(link->isOpen());
        link->sendMessage(u"hello över there"_s, u"c-1"_s);
        const IncomingFrame echo = waitForEcho(frames, u"c-1"_s);
        QCOMPARE(echo.message.text, u"hello över there"_s);
        QCOMPARE(echo.message.user, u"alice"_s);
        QVERIFY(!echo.message.id.isEmpty());
        QVERIFY(echo.message.createdAt.isValid());
    }

    void historyArrivesAfterOpened()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        {
            std::unique_ptr<RoomLink> first(makeLink(hub, u"lobby"_s, token));
            QSignalSpy frames(first.get(), &RoomLink::frameReceived);
            QVERIFY(openAndWait(first.get()));
            first->sendMessage(u"for the history"_s, u"h-1"_s);
            QVERIFY(!waitForEcho(frames, u"h-1"_s).message.id.isEmpty());
        }
        std::unique_ptr<RoomLink> second(makeLink(hub, u"lobby"_s, token));
        bool openedFirst = false;
        QSignalSpy frames(second.get(), &RoomLink::frameReceived);
        connect(second.get(), &RoomLink::frameReceived, this,
                [&, link = second.get()] { openedFirst = link->isOpen(); });
        QVERIFY(openAndWait(second.get()));
        QCOMPARE(waitForEcho(frames, u"h-1"_s).message.text, u"for the history"_s);
        QVERIFY2(openedFirst, "a room hears its history only once it is open");
    }

    void roomPerNamespace()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        ServerProfile profile = profileFor(server.url());
        profile.socketIo.roomPerNamespace = true;
        hub.setProfile(profile);
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, token));
        QSignalSpy frames(link.get(), &RoomLink::frameReceived);
        QVERIFY(openAndWait(link.get()));
        link->sendMessage(u"in a namespace"_s, u"n-1"_s);
        QCOMPARE(waitForEcho(frames, u"n-1"_s).message.text, u"in a namespace"_s);
    }

    void badTokenClosesWith4001ThenAFreshOnePasses_data()
    {
        QTest::addColumn<TokenTransport>("transport");
        QTest::addColumn<int>("eio");
        QTest::newRow("EIO 4, auth payload: CONNECT_ERROR, then a CONNECT with the fresh token")
            << TokenTransport::AuthPayload << 4;
        QTest::newRow("EIO 3, query: the server's own join of / refused, then a CONNECT with ?token=")
            << TokenTransport::Query << 3;
    }

    void badTokenClosesWith4001ThenAFreshOnePasses()
    {
        QFETCH(TokenTransport, transport);
        QFETCH(int, eio);
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url(), transport, eio));
        std::unique_ptr<RoomLink> refused(makeLink(hub, u"lobby"_s, forged(token)));
        QVERIFY(refused);
        QSignalSpy closeFrame(refused.get(), &RoomLink::closeFrameArrived);
        QSignalSpy closed(refused.get(), &RoomLink::closed);
        refused->open();
        QVERIFY(closed.wait(10000));
        QCOMPARE(closeFrame.size(), 1);
        QCOMPARE(refused->closeCode(), 4001);
        QCOMPARE(refused->closeReason(), u"invalid token"_s);
        SocketIoConnection *connection = hub.connections().value(0);
        QVERIFY2(connection && connection->isOpen(), "a refused CONNECT leaves the socket open");

        // What RoomConnection does next: a new link with a fresh token, a fresh CONNECT on the same socket.
        std::unique_ptr<RoomLink> fresh(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(fresh.get()));
        QCOMPARE(hub.connectionsMade(), 1);
        QCOMPARE(hub.connections().value(0), connection);
    }

    void aNewerTokenJoinsOverTheOpenSession()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray first = signIn(server.url());
        const QByteArray second = signIn(server.url());
        QVERIFY(first != second);
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> old(makeLink(hub, u"lobby"_s, first));
        QVERIFY(openAndWait(old.get()));
        SocketIoConnection *connection = static_cast<SocketIoLink *>(old.get())->connection();
        const QString sid = connection->namespaceSid(u"/"_s);
        std::unique_ptr<RoomLink> renewed(makeLink(hub, u"random"_s, second));
        QVERIFY(openAndWait(renewed.get()));
        QCOMPARE(static_cast<SocketIoLink *>(renewed.get())->connection(), connection);
        QCOMPARE(connection->namespaceSid(u"/"_s),
                 sid); // a CONNECT on a connected namespace would end it all
        QVERIFY(old->isOpen());
    }

    void reconnectNamespaceMakesANewSessionOnTheSameSocket()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray first = signIn(server.url());
        const QByteArray second = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> old(makeLink(hub, u"lobby"_s, first));
        QVERIFY(openAndWait(old.get()));
        SocketIoConnection *connection = static_cast<SocketIoLink *>(old.get())->connection();
        const QString sid = connection->namespaceSid(u"/"_s);
        QSignalSpy oldClosed(old.get(), &RoomLink::closed);
        QSignalSpy reconnected(connection, &SocketIoConnection::namespaceConnected);
        connection->reconnectNamespace(u"/"_s, second);
        QCOMPARE(oldClosed.size(), 1); // what it joined went with the old session: its room rejoins
        QCOMPARE(old->closeCode(), 1006);
        QVERIFY(reconnected.wait(5000));
        QVERIFY(connection->namespaceSid(u"/"_s) != sid);
        std::unique_ptr<RoomLink> renewed(makeLink(hub, u"lobby"_s, second));
        QSignalSpy frames(renewed.get(), &RoomLink::frameReceived);
        QVERIFY(openAndWait(renewed.get()));
        QCOMPARE(hub.connectionsMade(), 1);
        renewed->sendMessage(u"after the refresh"_s, u"r-1"_s);
        QCOMPARE(waitForEcho(frames, u"r-1"_s).message.text, u"after the refresh"_s);
    }

    void engineAuthRefusesTheHandshakeWith401()
    {
        NodeServer server({u"--auth"_s, u"engine"_s});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url(), TokenTransport::Header));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, forged(token)));
        QSignalSpy errors(link.get(), &RoomLink::errorOccurred);
        QSignalSpy opened(link.get(), &RoomLink::opened);
        link->open();
        QVERIFY(errors.wait(10000));
        QCOMPARE(link->handshakeStatus(), 401);
        QCOMPARE(opened.size(), 0);

        std::unique_ptr<RoomLink> good(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(good.get()));
    }

    void refusedRoomClosesWith4003()
    {
        NodeServer server({u"--refuse-room"_s, u"vault"_s});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"vault"_s, token));
        QSignalSpy closeFrame(link.get(), &RoomLink::closeFrameArrived);
        QSignalSpy closed(link.get(), &RoomLink::closed);
        link->open();
        QVERIFY(closed.wait(10000));
        QCOMPARE(closeFrame.size(), 1);
        QCOMPARE(link->closeCode(), 4003);
        QCOMPARE(link->closeReason(), u"room refused"_s);
    }

    void refusedNamespaceClosesWith4003()
    {
        NodeServer server({u"--refuse-namespace"_s, u"vault"_s});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        ServerProfile profile = profileFor(server.url());
        profile.socketIo.roomPerNamespace = true;
        hub.setProfile(profile);
        std::unique_ptr<RoomLink> link(makeLink(hub, u"vault"_s, token));
        std::unique_ptr<RoomLink> other(makeLink(hub, u"lobby"_s, token));
        QSignalSpy closed(link.get(), &RoomLink::closed);
        link->open();
        QVERIFY(openAndWait(other.get())); // one namespace refuses while another accepts
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
        QCOMPARE(link->closeCode(), 4003);
        QCOMPARE(link->closeReason(), u"namespace refused"_s);
        QVERIFY(other->isOpen());
    }

    void roomClosedBeforeItsNamespaceAnswersLeavesTheOthersAlone()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        ServerProfile profile = profileFor(server.url());
        profile.socketIo.roomPerNamespace = true;
        hub.setProfile(profile);
        std::unique_ptr<RoomLink> lobby(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(lobby.get()));
        SocketIoConnection *connection = static_cast<SocketIoLink *>(lobby.get())->connection();
        std::unique_ptr<RoomLink> random(makeLink(hub, u"random"_s, token));
        QSignalSpy answered(connection, &SocketIoConnection::namespaceConnected);
        random->open();
        random->close(1000, u"changed my mind"_s); // its CONNECT is on the way
        QTest::qWait(300);
        QCOMPARE(answered.size(), 0);
        QVERIFY(connection->isOpen());
        QSignalSpy frames(lobby.get(), &RoomLink::frameReceived);
        lobby->sendMessage(u"still fine"_s, u"f-1"_s);
        QCOMPARE(waitForEcho(frames, u"f-1"_s).message.text, u"still fine"_s);
    }

    void messageRefusedByItsAck()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(link.get()));
        QSignalSpy refused(link.get(), &RoomLink::messageRefused);
        link->sendMessage(u"   "_s, u"blank-1"_s);
        QVERIFY(refused.wait(10000));
        QCOMPARE(refused.at(0).at(0).toString(), u"blank-1"_s);
        QVERIFY(refused.at(0).at(1).toString().contains(u"non-empty"_s));
        QVERIFY(link->isOpen());
    }

    void tooLargeMessageIsRefusedAndTheConnectionStays()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(link.get()));
        QSignalSpy refused(link.get(), &RoomLink::messageRefused);
        link->sendMessage(QString(1000 * 1000, u'x'), u"big-1"_s); // over socket.io's 1e6 bytes
        QVERIFY(refused.wait(5000));
        QCOMPARE(refused.at(0).at(0).toString(), u"big-1"_s);
        QVERIFY(refused.at(0).at(1).toString().contains(u"1000000"_s));
        QSignalSpy frames(link.get(), &RoomLink::frameReceived);
        link->sendMessage(u"small"_s, u"small-1"_s);
        QCOMPARE(waitForEcho(frames, u"small-1"_s).message.text, u"small"_s);
    }

    void tokensNeverReachTheLog()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray first = signIn(server.url());
        const QByteArray second = signIn(server.url());
        static QStringList lines;
        lines.clear();
        QLoggingCategory::setFilterRules(u"chat.*.debug=true"_s);
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &message) { lines.append(message); });
        const auto restore = qScopeGuard([previous] {
            qInstallMessageHandler(previous);
            QLoggingCategory::setFilterRules(QString());
        });
        int renewed = 0;
        for (const TokenTransport transport : {TokenTransport::Query, TokenTransport::AuthPayload}) {
            for (const int eio : {3, 4}) {
                SocketIoHub hub;
                hub.setProfile(profileFor(server.url(), transport, eio));
                std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, first));
                QVERIFY(openAndWait(link.get()));
                SocketIoConnection *connection = static_cast<SocketIoLink *>(link.get())->connection();
                QSignalSpy reconnected(connection, &SocketIoConnection::namespaceConnected);
                connection->reconnectNamespace(u"/"_s, second); // EIO 3: the token in the CONNECT's query
                renewed += reconnected.wait(5000) ? 1 : 0;
            }
        }
        QCOMPARE(renewed, 4);
        QVERIFY(lines.size() > 20);
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(),
                            [](const QString &line) { return line.contains(u"40 /"_s); }));
        for (const QString &line : std::as_const(lines)) {
            for (const QByteArray &token : {first, second}) {
                QVERIFY2(!line.contains(QString::fromLatin1(token.split('.').last())), qPrintable(line));
                QVERIFY2(!line.contains(QString::fromLatin1(token.left(40))), qPrintable(line));
            }
        }
    }

    void serverRestartDropsWithoutCloseFrame()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(link.get()));
        QSignalSpy closeFrame(link.get(), &RoomLink::closeFrameArrived);
        QSignalSpy closed(link.get(), &RoomLink::closed);
        QVERIFY(server.command("restart 0", "restarted 0"));
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
        QCOMPARE(closeFrame.size(), 0);
        QCOMPARE(link->closeCode(), 1006);

        std::unique_ptr<RoomLink> again(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(again.get()));
        QCOMPARE(hub.connectionsMade(), 2);
    }

    void serverDisconnectEndsTheSession()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(link.get()));
        QSignalSpy closeFrame(link.get(), &RoomLink::closeFrameArrived);
        QSignalSpy closed(link.get(), &RoomLink::closed);
        QVERIFY(server.command("disconnect lobby", "disconnected lobby"));
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
        QCOMPARE(closeFrame.size(), 1);
        QCOMPARE(link->closeCode(), SocketIoLink::SessionEndedCode);
    }

    void twoRoomsShareOneConnection()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setLingerMs(50);
        hub.setProfile(profileFor(server.url()));
        std::unique_ptr<RoomLink> lobby(makeLink(hub, u"lobby"_s, token));
        std::unique_ptr<RoomLink> random(makeLink(hub, u"random"_s, token));
        QSignalSpy lobbyFrames(lobby.get(), &RoomLink::frameReceived);
        QSignalSpy randomFrames(random.get(), &RoomLink::frameReceived);
        lobby->open();
        QVERIFY(openAndWait(random.get()));
        QTRY_VERIFY(lobby->isOpen());
        QCOMPARE(hub.connectionsMade(), 1);
        QCOMPARE(static_cast<SocketIoLink *>(lobby.get())->connection(),
                 static_cast<SocketIoLink *>(random.get())->connection());
        lobby->sendMessage(u"lobby only"_s, u"l-1"_s);
        random->sendMessage(u"random only"_s, u"r-1"_s);
        QCOMPARE(waitForEcho(lobbyFrames, u"l-1"_s).message.text, u"lobby only"_s);
        QCOMPARE(waitForEcho(randomFrames, u"r-1"_s).message.text, u"random only"_s);
        for (const QList<QVariant> &args : std::as_const(lobbyFrames))
            QVERIFY(args.at(0).value<IncomingFrame>().message.clientId != u"r-1"_s);

        // Leaving: closed() follows close(), and the connection goes with the last room.
        QSignalSpy lobbyClosed(lobby.get(), &RoomLink::closed);
        lobby->close(1000, u"leaving"_s);
        QVERIFY(lobbyClosed.wait(5000));
        QCOMPARE(lobby->closeCode(), 1000);
        QTest::qWait(200);
        QCOMPARE(hub.connections().size(), 1); // random still uses it
        random->abort();
        random.reset();
        QTRY_COMPARE_WITH_TIMEOUT(hub.connections().size(), 0, 5000);
    }

    void heartbeatKeepsTheConnection_data()
    {
        QTest::addColumn<int>("eio");
        QTest::newRow("EIO 4: the server pings every second and we answer") << 4;
        QTest::newRow("EIO 3: we ping every second and the server answers") << 3;
    }

    void heartbeatKeepsTheConnection()
    {
        QFETCH(int, eio);
        // EngineIo::parseOpen() raises timings under 1 s to 1 s, so the server's are 1 s as well.
        NodeServer server({u"--ping-interval"_s, u"1000"_s, u"--ping-timeout"_s, u"1000"_s});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        SocketIoHub hub;
        hub.setProfile(profileFor(server.url(), TokenTransport::Query, eio));
        std::unique_ptr<RoomLink> link(makeLink(hub, u"lobby"_s, token));
        QVERIFY(openAndWait(link.get()));
        QSignalSpy closed(link.get(), &RoomLink::closed);
        QSignalSpy pongs(link.get(), &RoomLink::pongReceived);
        link->ping();
        QVERIFY(pongs.wait(1000));
        // Past interval + timeout (2 s): the heartbeat, not luck, kept it open.
        QVERIFY(!closed.wait(3500));
        QVERIFY(link->isOpen());
        QSignalSpy frames(link.get(), &RoomLink::frameReceived);
        link->sendMessage(u"still here"_s, u"p-1"_s);
        QCOMPARE(waitForEcho(frames, u"p-1"_s).message.text, u"still here"_s);
    }

    // --- a room (RoomConnection) over the hub's links --------------------------------------------

    void roomChatsAndComesBackAfterARestartWithEachMessageOnce()
    {
        NodeServer server({});
        START_SERVER(server);
        QNetworkAccessManager network;
        AuthClient auth(&network);
        ServerProfile profile = profileFor(server.url());
        profile.reconnect.baseMs = 20;
        profile.reconnect.capMs = 200;
        auth.setProfile(profile);
        auth.setRemember(false);
        auth.setKeepPasswordInMemory(true);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait(10000));
        SocketIoHub hub;
        RoomConnection room(u"lobby"_s, profile);
        room.setAuth(&auth);
        room.setLinkFactory(hub.factory(profile));
        QSignalSpy received(&room, &RoomConnection::messageReceived);
        QSignalSpy delivered(&room, &RoomConnection::messageDelivered);
        room.open();
        QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::Open, 10000);
        const QString first = room.send(u"before the restart"_s);
        QTRY_VERIFY_WITH_TIMEOUT(delivered.contains(QVariantList{first}), 10000);

        QVERIFY(server.command("restart 0", "restarted 0"));
        QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::Reconnecting, 10000);
        const QString second = room.send(u"during the restart"_s);
        QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::Open, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(delivered.contains(QVariantList{second}), 10000);
        QTest::qWait(500); // the rejoin's history has come in
        const auto count = [&](const QString &text) {
            return std::count_if(received.cbegin(), received.cend(), [&](const QList<QVariant> &args) {
                return args.at(0).value<ChatMessage>().text == text;
            });
        };
        QCOMPARE(count(u"before the restart"_s), 1);
        QCOMPARE(count(u"during the restart"_s), 1);
        QCOMPARE(hub.connectionsMade(), 2);
    }

    void roomWhoseFreshTokensAreRefusedAsksToSignInWithTheServersWords()
    {
        // Tokens from one server, rooms on another: every token, fresh ones too, is refused at CONNECT.
        NodeServer issuer({});
        START_SERVER(issuer);
        NodeServer server({});
        START_SERVER(server);
        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profileFor(issuer.url()));
        auth.setRemember(false);
        auth.setKeepPasswordInMemory(true);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QVERIFY(signedIn.wait(10000));
        ServerProfile profile = profileFor(server.url());
        profile.reconnect.baseMs = 20;
        profile.reconnect.capMs = 100;
        SocketIoHub hub;
        hub.setLingerMs(10000); // over the sign-ins' pauses: every CONNECT on one socket
        RoomConnection room(u"lobby"_s, profile);
        room.setAuth(&auth);
        room.setLinkFactory(hub.factory(profile));
        QSignalSpy refused(&room, &RoomConnection::tokenRefused);
        room.open();
        QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::AuthRequired, 20000);
        QVERIFY2(room.stateReason().contains(u"invalid token"_s), qPrintable(room.stateReason()));
        QCOMPARE(refused.size(), 4);        // the first refusal, then three fresh tokens
        QCOMPARE(hub.connectionsMade(), 1); // every CONNECT went over the same socket
    }

    void roomTheServerDisconnectsSaysSo()
    {
        NodeServer server({});
        START_SERVER(server);
        const QByteArray token = signIn(server.url());
        const ServerProfile profile = profileFor(server.url());
        SocketIoHub hub;
        RoomConnection room(u"lobby"_s, profile);
        room.setLinkFactory(hub.factory(profile));
        room.open(token);
        QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::Open, 10000);
        QVERIFY(server.command("disconnect lobby", "disconnected lobby"));
        QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::Failed, 10000);
        QVERIFY2(room.stateReason().contains(u"the server closed the session"_s),
                 qPrintable(room.stateReason()));
    }
};

QTEST_GUILESS_MAIN(TestSocketIoLink)
#include "tst_socketiolink.moc"
