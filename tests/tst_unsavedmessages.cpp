// Issue 13, through a room against the mock: a message the outbox file will not take (locked by
// another program, read-only) is still sent, is reported as not saved, and is saved once the file
// can be written again; one delivered before that needs no saving. Real SQLite files, real locks.
#include "mockserver.h"
#include "outboxstore.h"
#include "roomconnection.h"
#include "sqlitelock.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using State = RoomConnection::State;

namespace {
const QString Account = u"mock alice"_s;
const QString Lobby = u"lobby"_s;
} // namespace

class TestUnsavedMessages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_server = std::make_unique<MockServer>();
        QVERIFY(m_server->listen());
    }

    void aMessageTheFileRefusesIsSentAndSavedOnceItCanBe()
    {
        OutboxStore store;
        QVERIFY(store.open(file()));
        RoomConnection room(Lobby, TestSupport::fastProfile(m_server->baseUrl()));
        room.setSaveRetryDelays(20, 100);
        room.setOutboxStore(&store, Account);
        QSignalSpy notSaved(&room, &RoomConnection::messageNotSaved);
        QSignalSpy saved(&room, &RoomConnection::messageSaved);

        SqliteLock lock(file());
        QVERIFY(lock.hold());
        QElapsedTimer clock;
        clock.start();
        const QString id = room.send(u"typed while the file is locked"_s); // the room is not open yet
        QCOMPARE_LT(clock.elapsed(), 200);
        QVERIFY(!room.isSaved(id));
        QCOMPARE(notSaved.size(), 0); // not before send() has returned the id
        QVERIFY(notSaved.wait());
        QCOMPARE(notSaved.first().first().toString(), id);
        QVERIFY2(notSaved.first().at(1).toString().contains(u"locked by another program"_s),
                 qPrintable(notSaved.first().at(1).toString()));
        QTest::qWait(150); // a few retries that find the file still locked change nothing
        QCOMPARE(saved.size(), 0);
        QCOMPARE(notSaved.size(), 1);

        QVERIFY(lock.release());
        QVERIFY(saved.wait());
        QCOMPARE(saved.first().first().toString(), id);
        QVERIFY(room.isSaved(id));
        QCOMPARE(store.entries(Account, Lobby).value(0).clientId, id);

        QSignalSpy delivered(&room, &RoomConnection::messageDelivered);
        room.open(m_server->issueAccessToken(u"alice"_s, 60));
        QVERIFY(delivered.wait());
        QCOMPARE(delivered.first().first().toString(), id);
        QVERIFY(store.entries(Account, Lobby).isEmpty());
    }

    void aMessageDeliveredBeforeItCouldBeSavedNeedsNoSaving()
    {
        OutboxStore store;
        QVERIFY(store.open(file()));
        RoomConnection room(Lobby, TestSupport::fastProfile(m_server->baseUrl()));
        room.setSaveRetryDelays(20, 100);
        room.setOutboxStore(&store, Account);
        room.open(m_server->issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(room.state(), State::Open);
        QSignalSpy notSaved(&room, &RoomConnection::messageNotSaved);
        QSignalSpy saved(&room, &RoomConnection::messageSaved);
        QSignalSpy delivered(&room, &RoomConnection::messageDelivered);

        SqliteLock lock(file());
        QVERIFY(lock.hold());
        const QString id = room.send(u"sent at once, never saved"_s);
        QVERIFY(delivered.wait()); // still sent
        QCOMPARE(delivered.first().first().toString(), id);
        QTRY_COMPARE(notSaved.size(), 1);
        QCOMPARE(room.pendingCount(), 0);

        QVERIFY(lock.release());
        QTest::qWait(150); // retries, if any were still due, find nothing to save
        QCOMPARE(saved.size(), 0);
        QVERIFY(store.entries(Account, Lobby).isEmpty());
    }

    void aReadOnlyFileStillLetsMessagesThrough()
    {
        {
            OutboxStore earlier; // the file exists, as it would after an earlier run
            QVERIFY(earlier.open(file()));
        }
        OutboxStore::Options readOnly;
        readOnly.readOnly = true; // what chmod 0400 does for anyone but root
        OutboxStore store;
        QVERIFY(store.open(file(), readOnly));
        QVERIFY(!store.openNotice().isEmpty());
        RoomConnection room(Lobby, TestSupport::fastProfile(m_server->baseUrl()));
        room.setSaveRetryDelays(20, 100);
        room.setOutboxStore(&store, Account);
        room.open(m_server->issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(room.state(), State::Open);
        QSignalSpy notSaved(&room, &RoomConnection::messageNotSaved);
        QSignalSpy delivered(&room, &RoomConnection::messageDelivered);

        QElapsedTimer clock;
        clock.start();
        const QString id = room.send(u"hello from a read-only outbox"_s);
        QCOMPARE_LT(clock.elapsed(), 200);
        QVERIFY(delivered.wait());
        QCOMPARE(delivered.first().first().toString(), id);
        QTRY_COMPARE(notSaved.size(), 1);
        QCOMPARE(notSaved.first().first().toString(), id);
    }

    // The file was locked when the room was made, so what the last run left could not be read then:
    // it is read, announced and sent once the lock goes.
    void whatTheFileKeptIsSentOnceItCanBeRead()
    {
        OutboxStore store;
        QVERIFY(store.open(file()));
        QVERIFY(store.add(Account, Lobby, {u"old-1"_s, u"left by the last run"_s, 1, {}, {}, 0}));

        SqliteLock lock(file());
        QVERIFY(lock.hold());
        RoomConnection room(Lobby, TestSupport::fastProfile(m_server->baseUrl()));
        room.setSaveRetryDelays(20, 100);
        room.setOutboxStore(&store, Account);
        QCOMPARE(room.pendingCount(), 0);
        room.open(m_server->issueAccessToken(u"alice"_s, 60));
        QTRY_COMPARE(room.state(), State::Open);
        QSignalSpy loaded(&room, &RoomConnection::unsentMessagesLoaded);
        QSignalSpy delivered(&room, &RoomConnection::messageDelivered);

        QVERIFY(lock.release());
        QVERIFY(loaded.wait());
        QCOMPARE(loaded.first().first().value<QList<OutboxEntry>>().value(0).clientId, u"old-1"_s);
        QTRY_COMPARE(delivered.size(), 1);
        QCOMPARE(delivered.first().first().toString(), u"old-1"_s);
        QTRY_VERIFY(store.entries(Account, Lobby).isEmpty());
    }

private:
    QString file() const { return m_dir->filePath(u"outbox.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MockServer> m_server;
};

QTEST_GUILESS_MAIN(TestUnsavedMessages)
#include "tst_unsavedmessages.moc"
