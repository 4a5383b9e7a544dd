// Start-up: from starting the process to the first paint of its first window; with a saved session
// (refresh token in the keychain, rooms in the settings, messages in the store) to the first paint
// of the stored conversation, and to its first room open. The app is its own main.cpp with a probe
// linked in (startupprobe.cpp); the baselines an empty QMainWindow, and for the room open the bare
// steps it cannot do without (startupsteps.cpp: a window, a keychain read, a refresh, a handshake).
#include "benches.h"
#include "benchsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

using namespace Qt::StringLiterals;

namespace Bench {
namespace {
// Milliseconds from QProcess::start() to the probe's line `marker` on the child's stdout.
double timeTo(const QByteArray &marker, const QString &program, const QStringList &arguments,
              const QString &home, const QProcessEnvironment &extra = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(extra);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    // A fresh user: no saved session (so the sign-in dialog), no settings, no outbox.
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    env.insert(u"XDG_CACHE_HOME"_s, home + u"/cache"_s);
    process.setProcessEnvironment(env);
    process.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer clock;
    double atMs = -1;
    QByteArray output;
    QObject::connect(&process, &QProcess::readyReadStandardOutput, &process, [&] {
        output += process.readAllStandardOutput();
        if (atMs < 0 && output.split('\n').contains(marker))
            atMs = double(clock.nsecsElapsed()) / 1e6;
    });
    clock.start();
    process.start(program, arguments);
    const QString what = u"%1 to print %2"_s.arg(program, QString::fromLatin1(marker));
    waitFor([&] { return atMs >= 0 || process.state() == QProcess::NotRunning; }, 30000, what);
    if (atMs < 0)
        fail(u"%1 ended without printing %2"_s.arg(program, QString::fromLatin1(marker)));
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(10000))
        fail(program + u" did not quit after printing "_s + QString::fromLatin1(marker));
    return atMs;
}

double timeToShown(const QString &program, const QStringList &arguments, const QString &home)
{
    return timeTo("shown", program, arguments, home);
}

// Messages in #lobby before the app first joins it: its history, which the store keeps.
constexpr int StoredConversationLength = 30;

// count messages from bob in room, sent over a bare WebSocket; returns once the server echoed them.
void postToRoom(const QUrl &base, const QString &room, int count)
{
    const QString access = signIn(base, u"bob"_s).value(u"access"_s).toString();
    QWebSocket socket;
    int echoed = 0;
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [&echoed] { ++echoed; });
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({access});
    socket.open(QNetworkRequest(roomUrl(base, room)), options);
    waitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10000, u"bob's socket"_s);
    for (int i = 0; i < count; ++i) {
        const QJsonObject message{{u"message"_s, u"Stored message %1 of the last conversation"_s.arg(i + 1)}};
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }
    waitFor([&] { return echoed >= count; }, 10000, u"the echoes of bob's messages"_s);
    socket.close();
}

void reportAgainstEmptyWindow(const QString &benchmark, const QList<double> &app, const QList<double> &bare)
{
    const double ratio = percentile(app, 50) / percentile(bare, 50);
    report({benchmark, u"median %1, max %2"_s.arg(ms(percentile(app, 50)), ms(percentile(app, 100))),
            u"median %1, max %2 (QApplication + empty QMainWindow)"_s.arg(ms(percentile(bare, 50)),
                                                                          ms(percentile(bare, 100))),
            ratio, u"<= 2x"_s, ratio <= 2});
}
} // namespace

int startup(int runs)
{
    QTemporaryDir home;
    QList<double> app;
    QList<double> bare;
    const QStringList appArguments{u"--server"_s, u"http://127.0.0.1:9"_s, u"--user"_s, u"alice"_s};
    timeToShown(QStringLiteral(QTCHAT_STARTUP_BASELINE_PATH), {}, home.path()); // warm the disk cache
    timeToShown(QStringLiteral(QTCHAT_STARTUP_PROBE_PATH), appArguments, home.path());
    for (int run = 0; run < runs; ++run) {
        bare.append(timeToShown(QStringLiteral(QTCHAT_STARTUP_BASELINE_PATH), {}, home.path()));
        app.append(timeToShown(QStringLiteral(QTCHAT_STARTUP_PROBE_PATH), appArguments, home.path()));
    }
    reportAgainstEmptyWindow(u"5 start-up to sign-in window (%1 runs)"_s.arg(runs), app, bare);
    return 0;
}

int startupWithStoredToken(int runs)
{
    // The refresh token goes to the keychain: run inside a private D-Bus session with a keyring
    // of its own (tests/with-keyring.sh), as the keychain tests do.
    if (!qEnvironmentVariableIsSet("QTCHAT_IN_KEYRING_SESSION")) {
        QProcess inner;
        inner.setProcessChannelMode(QProcess::ForwardedChannels);
        inner.start(QStringLiteral(QTCHAT_WITH_KEYRING_PATH),
                    {QCoreApplication::applicationFilePath(), u"startup-stored"_s, QString::number(runs)});
        waitFor([&] { return inner.state() == QProcess::NotRunning; }, 600000,
                u"the benchmark inside a keyring session"_s);
        return inner.exitStatus() == QProcess::NormalExit ? inner.exitCode() : 2;
    }
    MockProcess mock;
    QTemporaryDir home;
    const QString probe = QStringLiteral(QTCHAT_STARTUP_PROBE_PATH);
    const QString emptyWindow = QStringLiteral(QTCHAT_STARTUP_BASELINE_PATH);
    const QString steps = QStringLiteral(QTCHAT_STARTUP_STEPS_PATH);
    const QStringList stepsArguments{mock.baseUrl().toString(), u"alice"_s, u"lobby"_s};
    postToRoom(mock.baseUrl(), u"lobby"_s, StoredConversationLength);
    // Once with the password: the app saves the session (keychain), the room (settings) and, once
    // the room's history is in, its messages (the store).
    QProcessEnvironment firstTime;
    firstTime.insert(u"QTCHAT_PROBE_UNTIL"_s, u"rooms"_s);
    firstTime.insert(u"QTCHAT_PROBE_LINGER_MS"_s, u"1500"_s);
    firstTime.insert(u"QTCHAT_BENCH_PASSWORD"_s, u"alice-pass"_s);
    timeTo("rooms-open", probe,
           {u"--server"_s, mock.baseUrl().toString(), u"--user"_s, u"alice"_s, u"--password-env"_s,
            u"QTCHAT_BENCH_PASSWORD"_s, u"--room"_s, u"lobby"_s},
           home.path(), firstTime);
    // Then as a user starts it again: no arguments; the saved session resumes and rejoins, on the
    // stored conversation. Each figure beside its baseline, alternating, after one warm-up each.
    QProcessEnvironment untilRooms;
    untilRooms.insert(u"QTCHAT_PROBE_UNTIL"_s, u"rooms"_s);
    QProcessEnvironment untilConversation;
    untilConversation.insert(u"QTCHAT_PROBE_UNTIL"_s, u"conversation"_s);
    timeToShown(emptyWindow, {}, home.path());
    timeTo("rooms-open", steps, stepsArguments, home.path());
    QList<double> open;
    QList<double> bareSteps;
    QList<double> conversation;
    QList<double> bare;
    for (int run = 0; run < runs; ++run) {
        bareSteps.append(timeTo("rooms-open", steps, stepsArguments, home.path()));
        open.append(timeTo("rooms-open", probe, {}, home.path(), untilRooms));
        bare.append(timeToShown(emptyWindow, {}, home.path()));
        conversation.append(timeTo("conversation-shown", probe, {}, home.path(), untilConversation));
    }
    const double openRatio = percentile(open, 50) / percentile(bareSteps, 50);
    report({u"Start-up with a saved session to the room open (%1 runs)"_s.arg(runs),
            u"median %1, max %2"_s.arg(ms(percentile(open, 50)), ms(percentile(open, 100))),
            u"median %1, max %2 (window + keychain read + refresh POST + handshake, bare)"_s.arg(
                ms(percentile(bareSteps, 50)), ms(percentile(bareSteps, 100))),
            openRatio, u"<= 1.3x"_s, openRatio <= 1.3});
    reportAgainstEmptyWindow(u"Start-up to the stored conversation (%1 runs)"_s.arg(runs), conversation,
                             bare);
    note(u"start-up with a saved session: keychain read over D-Bus (gnome-keyring), token refresh and "
         "WebSocket handshake on loopback included, in the app and in its bare baseline "
         "(qtchat-startup-steps); the stored conversation is %1 messages of #lobby in the local store, "
         "painted before the keychain, the refresh and the handshake have answered"_s.arg(
             StoredConversationLength));
    return 0;
}

} // namespace Bench
