// Outbox::matchStored: the rule that finds the stored copy of a message whose echo was lost, on a
// server that keeps no client ids (README, "Delivery"). Pure logic; no sockets. And what the outbox
// does when its file refuses a write (issue 13): against a real SQLite file and a real lock.
#include "outbox.h"
#include "sqlitelock.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 Sent = 1'800'000'000'000; // when the messages below first went out
constexpr qint64 Skew = 30'000;
const QString Account = u"https://chat.example.org alice"_s;

QStringList clientIds(const QList<OutboxEntry> &entries)
{
    QStringList ids;
    for (const OutboxEntry &entry : entries)
        ids << entry.clientId;
    return ids;
}

ChatMessage fromServer(const QString &user, const QString &text, qint64 createdMs, const QString &id)
{
    ChatMessage message;
    message.user = user;
    message.text = text;
    message.id = id;
    message.createdAt = QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC);
    message.createdAtText = message.createdAt.toString(Qt::ISODateWithMs);
    return message;
}
} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aStoredCopyIsFoundBySenderTextAndTime_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("createdMs");
        QTest::addColumn<bool>("matches");
        QTest::newRow("our text, stored after we sent it") << u"alice"_s << u"hello"_s << Sent + 50 << true;
        QTest::newRow("a server clock 20 s behind ours is within the allowance")
            << u"alice"_s << u"hello"_s << Sent - 20'000 << true;
        QTest::newRow("stored before our first send, beyond the allowance, is an older message")
            << u"alice"_s << u"hello"_s << Sent - Skew - 1 << false;
        QTest::newRow("someone else's message with our text is theirs")
            << u"bob"_s << u"hello"_s << Sent + 50 << false;
        QTest::newRow("our user with another text is another message")
            << u"alice"_s << u"hello!"_s << Sent + 50 << false;
        QTest::newRow("a message without a sender cannot be proved ours")
            << QString() << u"hello"_s << Sent + 50 << false;
    }

    void aStoredCopyIsFoundBySenderTextAndTime()
    {
        QFETCH(QString, user);
        QFETCH(QString, text);
        QFETCH(qint64, createdMs);
        QFETCH(bool, matches);
        Outbox outbox(u"lobby"_s);
        const QString clientId = outbox.add(u"hello"_s).clientId;
        outbox.markSent(clientId, Sent);
        QCOMPARE(outbox.matchStored(fromServer(user, text, createdMs, u"7"_s), u"alice"_s, Skew),
                 matches ? clientId : QString());
    }

    void aMessageNeverSentIsNeverFound()
    {
        Outbox outbox(u"lobby"_s);
        outbox.add(u"queued offline"_s);
        QVERIFY(outbox.inFlight().isEmpty());
        QCOMPARE(
            outbox.matchStored(fromServer(u"alice"_s, u"queued offline"_s, Sent, u"1"_s), u"alice"_s, Skew),
            QString());
    }

    void aTimeThatCannotBeReadMatchesNothing()
    {
        Outbox outbox(u"lobby"_s);
        const QString clientId = outbox.add(u"hello"_s).clientId;
        outbox.markSent(clientId, Sent);
        ChatMessage message = fromServer(u"alice"_s, u"hello"_s, Sent, u"1"_s);
        message.createdAt = {};
        message.createdAtText = u"2 Dec 2026, 10:00"_s;
        QCOMPARE(outbox.matchStored(message, u"alice"_s, Skew), QString());
    }

    void theSameTextTwiceSettlesInSendOrderOnePerStoredCopy()
    {
        Outbox outbox(u"lobby"_s);
        const QString first = outbox.add(u"ok"_s).clientId;
        const QString second = outbox.add(u"ok"_s).clientId;
        outbox.markSent(first, Sent);
        outbox.markSent(second, Sent + 10);
        outbox.markSent(first, Sent + 5000); // a resend keeps the first time
        QCOMPARE(outbox.inFlight().first().firstSentMs, Sent);
        const ChatMessage stored = fromServer(u"alice"_s, u"ok"_s, Sent + 100, u"8"_s);
        QCOMPARE(outbox.matchStored(stored, u"alice"_s, Skew), first);
        QVERIFY(outbox.acknowledge(first)); // the room settles it, so the next copy finds the next one
        QCOMPARE(outbox.matchStored(fromServer(u"alice"_s, u"ok"_s, Sent + 120, u"9"_s), u"alice"_s, Skew),
                 second);
    }

    void aFailedMessageIsNotInFlight()
    {
        Outbox outbox(u"lobby"_s);
        const QString clientId = outbox.add(u"too big"_s).clientId;
        outbox.markSent(clientId, Sent);
        outbox.markFailed(clientId, u"1009"_s);
        QVERIFY(outbox.inFlight().isEmpty());
        QCOMPARE(outbox.matchStored(fromServer(u"alice"_s, u"too big"_s, Sent, u"1"_s), u"alice"_s, Skew),
                 QString());
    }

    void aMessageTheFileRefusesIsKeptAndSavedOnceItCanBe()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"outbox.sqlite"_s);
        OutboxStore store;
        QVERIFY(store.open(file));
        Outbox outbox(u"lobby"_s);
        outbox.attach(&store, Account);
        const QString before = outbox.add(u"saved at once"_s).clientId;
        QVERIFY(outbox.isSaved(before));

        SqliteLock lock(file);
        QVERIFY(lock.hold());
        QElapsedTimer clock;
        clock.start();
        const QString first = outbox.add(u"typed while locked"_s).clientId;
        const QString second = outbox.add(u"and another"_s).clientId;
        outbox.markSent(first, Sent);
        QCOMPARE_LT(clock.elapsed(), 200); // one short wait for the lock, then none
        QCOMPARE(outbox.unsaved(), (QStringList{first, second}));
        QVERIFY(outbox.needsSaving());
        QCOMPARE(clientIds(outbox.pending()), (QStringList{before, first, second})); // all still to send
        QVERIFY(outbox.saveNow().isEmpty());
        QCOMPARE(outbox.unsaved().size(), 2); // still locked: still owed

        QVERIFY(lock.release());
        outbox.saveNow();
        QVERIFY(outbox.unsaved().isEmpty());
        QVERIFY(!outbox.needsSaving());
        const QList<OutboxEntry> kept = store.entries(Account, u"lobby"_s);
        QCOMPARE(clientIds(kept), (QStringList{before, first, second})); // in send order
        QCOMPARE(kept.at(1).firstSentMs, Sent);
    }

    void aMessageDeliveredBeforeItCouldBeSavedNeedsNoSaving()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"outbox.sqlite"_s);
        OutboxStore store;
        QVERIFY(store.open(file));
        Outbox outbox(u"lobby"_s);
        outbox.attach(&store, Account);
        const QString saved = outbox.add(u"saved, then delivered while locked"_s).clientId;

        SqliteLock lock(file);
        QVERIFY(lock.hold());
        const QString unsaved = outbox.add(u"never saved, delivered"_s).clientId;
        QVERIFY(outbox.acknowledge(unsaved));
        QVERIFY(outbox.acknowledge(saved)); // its row must still go
        QVERIFY(outbox.unsaved().isEmpty());
        QVERIFY(outbox.needsSaving());

        QVERIFY(lock.release());
        outbox.saveNow();
        QVERIFY(!outbox.needsSaving());
        QVERIFY(store.entries(Account, u"lobby"_s).isEmpty());
    }

    void whatTheFileKeptIsReadOnceItCanBe()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"outbox.sqlite"_s);
        OutboxStore store;
        QVERIFY(store.open(file));
        QVERIFY(store.add(Account, u"lobby"_s, {u"old"_s, u"from the last run"_s, 1, {}, {}, 0}));

        SqliteLock lock(file);
        QVERIFY(lock.hold());
        Outbox outbox(u"lobby"_s);
        outbox.attach(&store, Account);
        QCOMPARE(outbox.size(), 0);
        QVERIFY(outbox.needsSaving());
        const QString typed = outbox.add(u"typed now"_s).clientId;

        QVERIFY(lock.release());
        QCOMPARE(clientIds(outbox.saveNow()), QStringList{u"old"_s});
        QCOMPARE(clientIds(outbox.entries()), (QStringList{u"old"_s, typed})); // the older one first
        QVERIFY(!outbox.needsSaving());
        QCOMPARE(clientIds(store.entries(Account, u"lobby"_s)), (QStringList{u"old"_s, typed}));
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
