// One WebSocket frame announced as 1.5 GiB must not be held in memory: the socket reads at most
// RoomConnection::MaxIncomingMessageSize per frame and closes (1009) as soon as the header says
// more. Judged on the real qtchat-cli's peak memory, against a raw server that completes the
// handshake by hand and then streams the frame for as long as the client takes it.
#include "mockserver.h"
#include "roomconnection.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 Announced = 1536LL * 1024 * 1024;   // 1.5 GiB
constexpr qint64 StreamAtMost = 400LL * 1024 * 1024; // what an unbounded client would buffer

// Accepts WebSocket handshakes (any path, the offered subprotocol echoed), then sends one text frame
// header announcing `Announced` bytes and streams its payload while the client reads.
class HugeFrameServer : public QTcpServer
{
public:
    HugeFrameServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onRequest(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    int handshakes = 0;
    qint64 streamed = 0;

private:
    void onRequest(QTcpSocket *socket)
    {
        if (socket->property("upgraded").toBool()) {
            socket->readAll(); // the client's close frame, if any
            return;
        }
        QByteArray head = socket->property("head").toByteArray() + socket->readAll();
        socket->setProperty("head", head);
        if (!head.contains("\r\n\r\n"))
            return;
        const auto header = [&](const char *name) {
            const QRegularExpression pattern(u"\\r\\n%1:\\s*([^\\r]*)"_s.arg(QLatin1StringView(name)),
                                             QRegularExpression::CaseInsensitiveOption);
            return pattern.match(QString::fromLatin1(head)).captured(1).toLatin1();
        };
        const QByteArray accept =
            QCryptographicHash::hash(header("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                     QCryptographicHash::Sha1)
                .toBase64();
        QByteArray answer =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: " +
            accept + "\r\n";
        if (const QByteArray protocol = header("Sec-WebSocket-Protocol"); !protocol.isEmpty())
            answer += "Sec-WebSocket-Protocol: " + protocol.split(',').first().trimmed() + "\r\n";
        socket->write(answer + "\r\n");
        socket->setProperty("upgraded", true);
        ++handshakes;
        QByteArray frameHead("\x81\x7f", 2); // FIN + text, 64-bit length follows
        for (int shift = 56; shift >= 0; shift -= 8)
            frameHead += char((Announced >> shift) & 0xff);
        socket->write(frameHead);
        const auto more = [this, socket] {
            static const QByteArray chunk(1024 * 1024, 'x');
            if (socket->state() == QAbstractSocket::ConnectedState &&
                socket->bytesToWrite() < 4 * chunk.size() && streamed < StreamAtMost) {
                socket->write(chunk);
                streamed += chunk.size();
            }
        };
        connect(socket, &QTcpSocket::bytesWritten, socket, more);
        more();
    }
};
} // namespace

class TestHugeFrame : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aFrameAnnouncedAs1_5GiBIsRefusedWithoutBeingHeld()
    {
        MockServer tokens; // sign-in only; the room's WebSocket URL points at the raw server
        QVERIFY(tokens.listen());
        HugeFrameServer huge;
        QVERIFY(huge.isListening());
        QProcess cli;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QTCHAT_TEST_PASSWORD"_s, u"alice-pass"_s);
        cli.setProcessEnvironment(environment);
        cli.start(QStringLiteral(QTCHAT_CLI_PATH),
                  {u"--server"_s, tokens.baseUrl().toString(), u"--user"_s, u"alice"_s, u"--password-env"_s,
                   u"QTCHAT_TEST_PASSWORD"_s, u"--room"_s, u"lobby"_s, u"--ws-url"_s,
                   u"ws://127.0.0.1:%1/"_s.arg(huge.serverPort()), u"--duration"_s, u"10"_s, u"--timeout"_s,
                   u"20"_s});
        QSignalSpy finished(&cli, &QProcess::finished);
        QVERIFY(finished.wait(30000));

        // The same close on two joins in a row stops the room: exit 3 with the reason, no loop.
        QCOMPARE(cli.exitCode(), 3);
        QCOMPARE(huge.handshakes, RoomConnection::MaxBadFrameCloses);
        const QByteArray out = cli.readAllStandardOutput();
        QVERIFY2(out.contains("1009"), out.right(600).constData());
        // The client closed on the header, so the server could stream little of the frame.
        QVERIFY2(huge.streamed < StreamAtMost, qPrintable(QString::number(huge.streamed)));

        struct rusage usage = {};
        QCOMPARE(::getrusage(RUSAGE_CHILDREN, &usage), 0);
        const qint64 peakMiB = usage.ru_maxrss / 1024; // the largest child waited for: this one
#if defined(__SANITIZE_ADDRESS__)
        const qint64 limitMiB = 700; // shadow memory and quarantine on top
#else
        const qint64 limitMiB = 300;
#endif
        qInfo("qtchat-cli peak RSS %lld MiB, %lld MiB of the frame streamed", peakMiB, huge.streamed >> 20);
        QVERIFY2(peakMiB < limitMiB, qPrintable(u"qtchat-cli peaked at %1 MiB"_s.arg(peakMiB)));
    }
};

QTEST_GUILESS_MAIN(TestHugeFrame)
#include "tst_hugeframe.moc"
