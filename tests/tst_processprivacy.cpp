// What the app and qtchat-cli do at start so nothing of the user's leaks through the machine:
// new files 0600 and folders 0700, older ones tightened, no core dumps, a password variable gone
// from the environment once read.
#include "processprivacy.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/prctl.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {
int modeOf(const QString &path)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

bool writeFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write("x") == 1;
}
} // namespace

class TestProcessPrivacy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newFilesAndFoldersAreTheUsersOnly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ::umask(022); // the usual default: files 0644, folders 0755
        QVERIFY(writeFile(dir.filePath(u"before.sqlite"_s)));
        QCOMPARE(modeOf(dir.filePath(u"before.sqlite"_s)), 0644);

        ProcessPrivacy::restrictNewFiles();
        QVERIFY(writeFile(dir.filePath(u"outbox.sqlite"_s)));
        QVERIFY(QDir().mkpath(dir.filePath(u"QtChat/logs"_s)));
        QCOMPARE(modeOf(dir.filePath(u"outbox.sqlite"_s)), 0600);
        QCOMPARE(modeOf(dir.filePath(u"QtChat"_s)), 0700);
        QCOMPARE(modeOf(dir.filePath(u"QtChat/logs"_s)), 0700);
    }

    void olderFilesAndFoldersAreTightened()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"QtChat"_s);
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(writeFile(folder + u"/QtChat.conf"_s));
        QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(folder + u"/QtChat.conf"_s).constData(), 0644) == 0);
        QVERIFY(writeFile(dir.filePath(u"someone-elses"_s)));
        QVERIFY(::chmod(QFile::encodeName(dir.filePath(u"someone-elses"_s)).constData(), 0644) == 0);
        QVERIFY(QFile::link(dir.filePath(u"someone-elses"_s), folder + u"/link"_s));

        QVERIFY(ProcessPrivacy::tightenExisting(folder));
        QVERIFY(ProcessPrivacy::tightenExisting(folder + u"/QtChat.conf"_s));
        QVERIFY(ProcessPrivacy::tightenExisting(folder + u"/link"_s)); // left alone, no error
        QVERIFY(ProcessPrivacy::tightenExisting(folder + u"/not-there-yet.sqlite"_s));
        QCOMPARE(modeOf(folder), 0700);
        QCOMPARE(modeOf(folder + u"/QtChat.conf"_s), 0600);
        QCOMPARE(modeOf(dir.filePath(u"someone-elses"_s)), 0644); // not followed through the link
    }

    void noCoreDumps()
    {
        QCOMPARE(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1); // the default for a test process
        ProcessPrivacy::forbidCoreDumps();
        QCOMPARE(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    }

    void aPasswordVariableIsGoneOnceRead()
    {
        qputenv("QTCHAT_TEST_SECRET", "hunter2");
        QCOMPARE(ProcessPrivacy::takeFromEnvironment(u"QTCHAT_TEST_SECRET"_s), u"hunter2"_s);
        QVERIFY(!qEnvironmentVariableIsSet("QTCHAT_TEST_SECRET"));
        QCOMPARE(ProcessPrivacy::takeFromEnvironment(u"QTCHAT_TEST_SECRET"_s), QString());
    }
};

QTEST_GUILESS_MAIN(TestProcessPrivacy)
#include "tst_processprivacy.moc"
