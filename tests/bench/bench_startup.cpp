// Start-up: from starting the process to the first paint of its first window. The app is its own
// main.cpp with a probe linked in (startupprobe.cpp); the baseline is an empty QMainWindow.
#include "benches.h"
#include "benchsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace Bench {
namespace {
double timeToShown(const QString &program, const QStringList &arguments, const QString &home)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    // A fresh user: no saved session (so the sign-in dialog), no settings, no outbox.
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    env.insert(u"XDG_CACHE_HOME"_s, home + u"/cache"_s);
    process.setProcessEnvironment(env);
    process.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer clock;
    double shownMs = -1;
    QObject::connect(&process, &QProcess::readyReadStandardOutput, &process, [&] {
        if (shownMs < 0 && process.readAllStandardOutput().contains("shown"))
            shownMs = double(clock.nsecsElapsed()) / 1e6;
    });
    clock.start();
    process.start(program, arguments);
    waitFor([&] { return shownMs >= 0 || process.state() == QProcess::NotRunning; }, 30000,
            program + u" to show a window"_s);
    if (shownMs < 0)
        fail(program + u" ended without showing a window"_s);
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(10000))
        fail(program + u" did not quit after showing its window"_s);
    return shownMs;
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
    const double ratio = percentile(app, 50) / percentile(bare, 50);
    report({u"5 start-up to sign-in window (%1 runs)"_s.arg(runs),
            u"median %1, max %2"_s.arg(ms(percentile(app, 50)), ms(percentile(app, 100))),
            u"median %1, max %2 (QApplication + empty QMainWindow)"_s.arg(ms(percentile(bare, 50)),
                                                                          ms(percentile(bare, 100))),
            ratio, u"<= 2x"_s, ratio <= 2});
    return 0;
}

} // namespace Bench
