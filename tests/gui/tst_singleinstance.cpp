// The desktop app runs once per settings folder (README, "Files and memory"): the real qtchat
// binary, started twice on one HOME, under the offscreen platform.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QProcessEnvironment environmentFor(const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, home);
    environment.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    environment.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"QT_LOGGING_RULES"_s, u"chat.app.info=true"_s);
    environment.insert(u"QT_FORCE_STDERR_LOGGING"_s, u"1"_s); // not to the journal
    environment.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);        // no keychain prompt: this is not about it
    return environment;
}

// Started and holding its lock (the lock file names the process).
void startApp(QProcess &app, const QString &home)
{
    app.setProcessEnvironment(environmentFor(home));
    app.start(QStringLiteral(QTCHAT_APP_PATH), {});
    QVERIFY(app.waitForStarted());
    const QString lock = home + u"/config/QtChat/QtChat.lock"_s;
    QTRY_VERIFY_WITH_TIMEOUT(
        QFile::exists(lock) && QFile(lock).size() > 0 &&
            [&] {
                QFile file(lock);
                return file.open(QIODevice::ReadOnly) &&
                       file.readLine().trimmed().toLongLong() == app.processId();
            }(),
        10000);
}
} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aSecondStartBringsTheFirstForwardAndStops()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcess first;
        startApp(first, home.path());
        if (QTest::currentTestFailed())
            return;

        QProcess second;
        second.setProcessEnvironment(environmentFor(home.path()));
        second.start(QStringLiteral(QTCHAT_APP_PATH), {});
        QVERIFY(second.waitForFinished(10000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QVERIFY2(second.readAllStandardError().contains("already running"),
                 "the second start says why it stops");
        QCOMPARE(first.state(), QProcess::Running);
        QByteArray log;
        QTRY_VERIFY((log += first.readAllStandardError()).contains("asked this window to come forward"));
        first.kill();
        QVERIFY(first.waitForFinished());
    }

    void aLockLeftByACrashIsTakenOver()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcess crashed;
        startApp(crashed, home.path());
        if (QTest::currentTestFailed())
            return;
        crashed.kill(); // SIGKILL: the lock file stays behind, naming a dead process
        QVERIFY(crashed.waitForFinished());
        QVERIFY(QFile::exists(home.path() + u"/config/QtChat/QtChat.lock"_s));

        QProcess next;
        startApp(next, home.path()); // it runs, and the lock names it now
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(next.state(), QProcess::Running);
        next.kill();
        QVERIFY(next.waitForFinished());
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
