// OutboxStore against real SQLite files in a temporary folder.

#include "outboxstore.h"
#include "sqlitelock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

const QString alice = u"https://chat.example.org|alice"_s;
const QString bob = u"https://chat.example.org|bob"_s;

OutboxEntry entry(const QString &clientId, const QString &text, qint64 createdMs = 1000)
{
    return {clientId, text, createdMs, OutboxEntry::State::Pending, {}};
}

QStringList clientIds(const QList<OutboxEntry> &entries)
{
    QStringList ids;
    for (const OutboxEntry &e : entries)
        ids.append(e.clientId);
    return ids;
}

} // namespace

class tst_OutboxStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void entriesComeBackInSendOrder();
    void removeForgetsOneMessage();
    void failedMessageCanBeRetried();
    void repeatedAddKeepsTheFirstCopy();
    void profilesAndRoomsAreSeparate();
    void reopeningTheFileReturnsWhatWasStored();
    void unusablePathGivesAClearError_data();
    void unusablePathGivesAClearError();
    void callsBeforeOpenFailCleanly();
    void theFirstSendIsKept();
    void aVersion1FileIsUpgradedInPlace();
    void aLockedFileNeitherHoldsUpNorLosesAWrite();
    void aFileLockedAtOpenIsReadOnceItIsFree();
    void aReadOnlyFileIsReportedWhenOpened_data();
    void aReadOnlyFileIsReportedWhenOpened();
    void aDamagedFileIsMovedAsideAndANewOneStarted();

private:
    QString path() const { return m_dir->filePath(u"data/outbox.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_OutboxStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_OutboxStore::entriesComeBackInSendOrder()
{
    OutboxStore store;
    QString error;
    QVERIFY2(store.open(path(), &error), qPrintable(error)); // also creates the missing data/ folder
    // Created times deliberately out of order: the order of add() is the send order.
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c3"_s, u"first"_s, 3000)));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c1"_s, u"second"_s, 1000)));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c2"_s, u"third ✓ with ünïcode"_s, 2000)));
    const QList<OutboxEntry> entries = store.entries(alice, u"lobby"_s);
    QCOMPARE(clientIds(entries), (QStringList{u"c3"_s, u"c1"_s, u"c2"_s}));
    QCOMPARE(entries[2], entry(u"c2"_s, u"third ✓ with ünïcode"_s, 2000));
}

void tst_OutboxStore::removeForgetsOneMessage()
{
    OutboxStore store;
    QVERIFY(store.open(path()));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c1"_s, u"one"_s)));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c2"_s, u"two"_s)));
    QVERIFY(store.remove(alice, u"lobby"_s, u"c1"_s));
    QCOMPARE(clientIds(store.entries(alice, u"lobby"_s)), QStringList{u"c2"_s});
    QVERIFY(store.remove(alice, u"lobby"_s, u"c1"_s)); // acknowledged twice: not an error
    QVERIFY(store.remove(alice, u"lobby"_s, u"c2"_s));
    QVERIFY(store.entries(alice, u"lobby"_s).isEmpty());
    QVERIFY(store.rooms(alice).isEmpty());
}

void tst_OutboxStore::failedMessageCanBeRetried()
{
    OutboxStore store;
    QVERIFY(store.open(path()));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c1"_s, u"too big"_s)));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c2"_s, u"fine"_s)));
    QVERIFY(
        store.markFailed(alice, u"lobby"_s, u"c1"_s, u"The server closed with 1009 (message too big)."_s));
    QList<OutboxEntry> entries = store.entries(alice, u"lobby"_s);
    QCOMPARE(entries[0].state, OutboxEntry::State::Failed);
    QCOMPARE(entries[0].failureReason, u"The server closed with 1009 (message too big)."_s);
    QCOMPARE(entries[1].state, OutboxEntry::State::Pending);

    QVERIFY(store.markPending(alice, u"lobby"_s, u"c1"_s));
    entries = store.entries(alice, u"lobby"_s);
    QCOMPARE(clientIds(entries), (QStringList{u"c1"_s, u"c2"_s})); // the retry keeps its place
    QCOMPARE(entries[0].state, OutboxEntry::State::Pending);
    QVERIFY(entries[0].failureReason.isEmpty());
}

void tst_OutboxStore::repeatedAddKeepsTheFirstCopy()
{
    OutboxStore store;
    QVERIFY(store.open(path()));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c1"_s, u"original"_s)));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c2"_s, u"later"_s)));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c1"_s, u"again"_s)));
    const QList<OutboxEntry> entries = store.entries(alice, u"lobby"_s);
    QCOMPARE(clientIds(entries), (QStringList{u"c1"_s, u"c2"_s}));
    QCOMPARE(entries[0].text, u"original"_s);
}

void tst_OutboxStore::profilesAndRoomsAreSeparate()
{
    OutboxStore store;
    QVERIFY(store.open(path()));
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"same-id"_s, u"alice in lobby"_s)));
    QVERIFY(store.add(alice, u"dev"_s, entry(u"same-id"_s, u"alice in dev"_s)));
    QVERIFY(store.add(bob, u"lobby"_s, entry(u"same-id"_s, u"bob in lobby"_s)));

    QCOMPARE(store.rooms(alice), (QStringList{u"lobby"_s, u"dev"_s}));
    QCOMPARE(store.rooms(bob), QStringList{u"lobby"_s});
    QCOMPARE(store.entries(bob, u"lobby"_s).value(0).text, u"bob in lobby"_s);
    QVERIFY(store.entries(bob, u"dev"_s).isEmpty());

    QVERIFY(store.markFailed(alice, u"dev"_s, u"same-id"_s, u"no"_s));
    QVERIFY(store.remove(alice, u"lobby"_s, u"same-id"_s));
    QCOMPARE(store.entries(bob, u"lobby"_s).value(0).state, OutboxEntry::State::Pending);
    QCOMPARE(store.entries(alice, u"dev"_s).value(0).state, OutboxEntry::State::Failed);
    QCOMPARE(store.rooms(alice), QStringList{u"dev"_s});
    QCOMPARE(store.rooms(bob), QStringList{u"lobby"_s});
}

// What survives a new OutboxStore on the same file survives a restart of the app.
void tst_OutboxStore::reopeningTheFileReturnsWhatWasStored()
{
    {
        OutboxStore store;
        QVERIFY(store.open(path()));
        QVERIFY(store.add(alice, u"lobby"_s, entry(u"c1"_s, u"typed before the crash"_s, 111)));
        QVERIFY(store.add(alice, u"lobby"_s, entry(u"c2"_s, u"and this one failed"_s, 222)));
        QVERIFY(store.markFailed(alice, u"lobby"_s, u"c2"_s, u"Room not found."_s));
    }
    OutboxStore second;
    OutboxStore third; // two open stores on one file at once, as with two app instances
    QVERIFY(second.open(path()));
    QVERIFY(third.open(path()));
    const QList<OutboxEntry> expected{
        entry(u"c1"_s, u"typed before the crash"_s, 111),
        {u"c2"_s, u"and this one failed"_s, 222, OutboxEntry::State::Failed, u"Room not found."_s},
    };
    QCOMPARE(second.entries(alice, u"lobby"_s), expected);
    QVERIFY(third.add(alice, u"lobby"_s, entry(u"c3"_s, u"after the restart"_s)));
    QCOMPARE(clientIds(second.entries(alice, u"lobby"_s)), (QStringList{u"c1"_s, u"c2"_s, u"c3"_s}));
}

void tst_OutboxStore::unusablePathGivesAClearError_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("a folder below a regular file cannot be created")
        << u"file.txt/outbox.sqlite"_s << u"cannot create the folder"_s;
    QTest::newRow("a folder in place of the file cannot be opened") << u"folder"_s << u"is a folder"_s;
    // A file that is not SQLite is moved aside instead: aDamagedFileIsMovedAsideAndANewOneStarted.
}

void tst_OutboxStore::unusablePathGivesAClearError()
{
    QFETCH(QString, relativePath);
    QFETCH(QString, mentions);
    QFile junk(m_dir->filePath(u"file.txt"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(4096, 'x'));
    junk.close();
    QVERIFY(QDir(m_dir->path()).mkdir(u"folder"_s));

    OutboxStore store;
    QString error;
    QVERIFY(!store.open(m_dir->filePath(relativePath), &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QCOMPARE(store.lastError(), error);
    QVERIFY(!store.isOpen());
    QVERIFY(!store.add(alice, u"lobby"_s, entry(u"c1"_s, u"lost?"_s)));
    QVERIFY(store.entries(alice, u"lobby"_s).isEmpty());
}

void tst_OutboxStore::callsBeforeOpenFailCleanly()
{
    OutboxStore store;
    QVERIFY(!store.isOpen());
    QVERIFY(!store.add(alice, u"lobby"_s, entry(u"c1"_s, u"x"_s)));
    QVERIFY(!store.lastError().isEmpty());
    QVERIFY(!store.markFailed(alice, u"lobby"_s, u"c1"_s, u"x"_s));
    QVERIFY(store.rooms(alice).isEmpty());
}

QTEST_GUILESS_MAIN(tst_OutboxStore)
#include "tst_outboxstore.moc"

void tst_OutboxStore::theFirstSendIsKept()
{
    {
        OutboxStore store;
        QVERIFY(store.open(path()));
        QVERIFY(store.add(alice, u"lobby"_s, entry(u"c1"_s, u"sent, no echo yet"_s)));
        QVERIFY(store.add(alice, u"lobby"_s, entry(u"c2"_s, u"never sent"_s)));
        QVERIFY(store.markSent(alice, u"lobby"_s, u"c1"_s, 1700000000123));
    }
    OutboxStore reopened;
    QVERIFY(reopened.open(path()));
    const QList<OutboxEntry> entries = reopened.entries(alice, u"lobby"_s);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).firstSentMs, 1700000000123); // after a restart it is still "maybe stored"
    QCOMPARE(entries.at(1).firstSentMs, 0);
}

void tst_OutboxStore::aVersion1FileIsUpgradedInPlace()
{
    QVERIFY(QDir().mkpath(QFileInfo(path()).absolutePath()));
    {
        // The file as QtChat 0.1 wrote it: schema 1, without first_sent_ms.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"version1"_s);
        db.setDatabaseName(path());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(
            query.exec(u"CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, profile TEXT NOT NULL, "
                       "room TEXT NOT NULL, client_id TEXT NOT NULL, text TEXT NOT NULL, created_ms INTEGER "
                       "NOT NULL, state TEXT NOT NULL CHECK (state IN ('pending', 'failed')), failure_reason "
                       "TEXT NOT NULL DEFAULT '', UNIQUE (profile, room, client_id))"_s));
        QVERIFY(query.exec(u"INSERT INTO outbox (profile, room, client_id, text, created_ms, state) VALUES "
                           "('%1', 'lobby', 'old', 'kept from 0.1', 5, 'pending')"_s.arg(alice)));
        QVERIFY(query.exec(u"PRAGMA user_version = 1"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"version1"_s);

    OutboxStore store;
    QVERIFY2(store.open(path()), qPrintable(store.lastError()));
    QCOMPARE(store.entries(alice, u"lobby"_s), QList<OutboxEntry>{entry(u"old"_s, u"kept from 0.1"_s, 5)});
    QVERIFY(store.markSent(alice, u"lobby"_s, u"old"_s, 42));
    QCOMPARE(store.entries(alice, u"lobby"_s).first().firstSentMs, 42);
}

// Issue 13: another program holding the file used to freeze the window for SQLite's 5 s busy wait,
// and the message was lost. Now the write fails at once and works once the lock is gone.
void tst_OutboxStore::aLockedFileNeitherHoldsUpNorLosesAWrite()
{
    OutboxStore store;
    QVERIFY(store.open(path()));
    QVERIFY(store.openNotice().isEmpty());
    QSignalSpy failed(&store, &OutboxStore::writeFailed);
    QSignalSpy resumed(&store, &OutboxStore::writesResumed);
    SqliteLock lock(path());
    QVERIFY(lock.hold());

    QElapsedTimer clock;
    clock.start();
    QVERIFY(!store.add(alice, u"lobby"_s, entry(u"c1"_s, u"typed while locked"_s)));
    QCOMPARE_LT(clock.elapsed(), 200);
    QCOMPARE(store.lastProblem(), OutboxStore::Problem::Locked);
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains(u"locked by another program"_s),
             qPrintable(failed.first().first().toString()));

    clock.restart();
    QVERIFY(!store.add(alice, u"lobby"_s, entry(u"c2"_s, u"and another"_s)));
    QVERIFY(!store.read(alice, u"lobby"_s).has_value()); // unreadable, which is not empty
    QCOMPARE_LT(clock.elapsed(), 50);                    // the lock is known: no more waiting at all
    QCOMPARE(failed.size(), 1);                          // one outage, one signal
    QCOMPARE(resumed.size(), 0);

    QVERIFY(lock.release());
    QVERIFY(store.save(alice, u"lobby"_s, entry(u"c1"_s, u"typed while locked"_s)));
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(store.lastProblem(), OutboxStore::Problem::None);
    QCOMPARE(store.entries(alice, u"lobby"_s), QList<OutboxEntry>{entry(u"c1"_s, u"typed while locked"_s)});
}

void tst_OutboxStore::aFileLockedAtOpenIsReadOnceItIsFree()
{
    {
        OutboxStore earlier;
        QVERIFY(earlier.open(path()));
        QVERIFY(earlier.add(alice, u"lobby"_s, entry(u"old"_s, u"from the last run"_s)));
    }
    SqliteLock lock(path());
    QVERIFY(lock.hold());
    OutboxStore store;
    QElapsedTimer clock;
    clock.start();
    QString error;
    QVERIFY2(store.open(path(), &error), qPrintable(error)); // what it holds is not given up on
    QCOMPARE_LT(clock.elapsed(), 500);                       // one short wait, not SQLite's 5 s
    QVERIFY2(store.openNotice().contains(u"locked by another program"_s), qPrintable(store.openNotice()));
    QSignalSpy failed(&store, &OutboxStore::writeFailed);
    QSignalSpy resumed(&store, &OutboxStore::writesResumed);
    QVERIFY(!store.read(alice, u"lobby"_s).has_value());
    QVERIFY(!store.add(alice, u"lobby"_s, entry(u"new"_s, u"typed now"_s)));
    QCOMPARE(failed.size(), 0); // the open's notice said so already

    QVERIFY(lock.release());
    QCOMPARE(store.read(alice, u"lobby"_s).value_or(QList<OutboxEntry>{}),
             QList<OutboxEntry>{entry(u"old"_s, u"from the last run"_s)});
    QVERIFY(store.add(alice, u"lobby"_s, entry(u"new"_s, u"typed now"_s)));
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(clientIds(store.entries(alice, u"lobby"_s)), (QStringList{u"old"_s, u"new"_s}));
}

void tst_OutboxStore::aReadOnlyFileIsReportedWhenOpened_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("a file its owner may only read (0400)") << u"file"_s;
    QTest::newRow("a folder its owner may only read and enter (0500)") << u"folder"_s;
    QTest::newRow("a file opened for reading only, as 0400 does for anyone but root") << u"option"_s;
}

// Issue 13: a read-only file gave no notice and lost the message.
void tst_OutboxStore::aReadOnlyFileIsReportedWhenOpened()
{
    QFETCH(QString, how);
    if (how != u"option"_s && ::geteuid() == 0)
        QSKIP("running as root, whom file permissions do not stop; the row opened for reading only "
              "makes SQLite refuse the same writes");
    {
        OutboxStore earlier;
        QVERIFY(earlier.open(path()));
        QVERIFY(earlier.add(alice, u"lobby"_s, entry(u"old"_s, u"from the last run"_s)));
    }
    const QString folder = QFileInfo(path()).absolutePath();
    const auto writable = QFile::ReadOwner | QFile::WriteOwner;
    const auto restore = qScopeGuard([&] {
        QFile::setPermissions(folder, writable | QFile::ExeOwner);
        QFile::setPermissions(path(), writable);
    });
    if (how == u"file"_s)
        QVERIFY(QFile::setPermissions(path(), QFile::ReadOwner));
    if (how == u"folder"_s)
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));

    OutboxStore::Options options;
    options.readOnly = how == u"option"_s;
    OutboxStore store;
    QString error;
    QVERIFY2(store.open(path(), options, &error), qPrintable(error));
    QVERIFY2(store.openNotice().contains(u"cannot be written"_s), qPrintable(store.openNotice()));
    QVERIFY2(store.openNotice().contains(u"lost if QtChat quits"_s), qPrintable(store.openNotice()));
    QCOMPARE(store.entries(alice, u"lobby"_s), QList<OutboxEntry>{entry(u"old"_s, u"from the last run"_s)});

    QSignalSpy failed(&store, &OutboxStore::writeFailed);
    QSignalSpy resumed(&store, &OutboxStore::writesResumed);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!store.add(alice, u"lobby"_s, entry(u"new"_s, u"typed now"_s)));
    QCOMPARE_LT(clock.elapsed(), 200);
    QCOMPARE(store.lastProblem(), OutboxStore::Problem::ReadOnly);
    QCOMPARE(failed.size(), 0); // the open's notice said so already
    if (how == u"option"_s)
        return;

    QFile::setPermissions(folder, writable | QFile::ExeOwner);
    QFile::setPermissions(path(), writable);
    QVERIFY2(store.add(alice, u"lobby"_s, entry(u"new"_s, u"typed now"_s)), qPrintable(store.lastError()));
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(clientIds(store.entries(alice, u"lobby"_s)), (QStringList{u"old"_s, u"new"_s}));
}

// Issue 13: a damaged file is moved aside, with its journal, and a new one started, with one notice.
void tst_OutboxStore::aDamagedFileIsMovedAsideAndANewOneStarted()
{
    const QString folder = QFileInfo(path()).absolutePath();
    QVERIFY(QDir().mkpath(folder));
    const QByteArray garbage = QByteArray("this is not an SQLite file \x01\x02\xff").repeated(200);
    for (const QString &file : {path(), path() + u"-journal"_s}) {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(garbage);
    }

    OutboxStore store;
    QString error;
    QVERIFY2(store.open(path(), &error), qPrintable(error));
    const QRegularExpression asideName(u"^outbox\\.sqlite\\.corrupt-\\d{4}-\\d\\d-\\d\\d-\\d{6}$"_s);
    const QStringList aside = QDir(folder).entryList(QDir::Files).filter(asideName);
    QCOMPARE(aside.size(), 1);
    const QString asidePath = QDir(folder).filePath(aside.first());
    QFile moved(asidePath);
    QVERIFY(moved.open(QIODevice::ReadOnly));
    QCOMPARE(moved.readAll(), garbage);
    QFile journal(path() + u"-journal"_s); // a journal is never played back into the new file
    QVERIFY(!journal.exists() || (journal.open(QIODevice::ReadOnly) && journal.readAll() != garbage));
    QCOMPARE(store.openNotice().count(u"moved aside"_s), 1);
    QVERIFY2(store.openNotice().contains(asidePath), qPrintable(store.openNotice()));

    QVERIFY(store.add(alice, u"lobby"_s, entry(u"c1"_s, u"kept in the new file"_s)));
    OutboxStore reopened; // the new file is sound: no second notice
    QVERIFY(reopened.open(path()));
    QVERIFY2(reopened.openNotice().isEmpty(), qPrintable(reopened.openNotice()));
    QCOMPARE(clientIds(reopened.entries(alice, u"lobby"_s)), QStringList{u"c1"_s});
    QCOMPARE(QDir(folder).entryList(QDir::Files).filter(asideName).size(), 1);
}
