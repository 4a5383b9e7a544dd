// MessageStore against real SQLite files in a temporary folder; ChatClient opening the account's
// store as soon as a saved session is resumed.
#include "chatclient.h"
#include "messagestore.h"
#include "serverprofile.h"
#include "sqlitelock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

ChatMessage message(const QString &id, const QString &text, const QString &user = u"bob"_s)
{
    ChatMessage m;
    m.id = id;
    m.text = text;
    m.user = user;
    return m;
}

QStringList texts(const QList<ChatMessage> &messages)
{
    QStringList out;
    for (const ChatMessage &m : messages)
        out << m.text;
    return out;
}

ServerProfile server(const QString &url)
{
    ServerProfile profile;
    profile.baseUrl = QUrl(url);
    profile.name = profile.baseUrl.host();
    return profile;
}

// Rows in the file itself, read over a connection of the test's own.
int rowsInFile(const QString &path)
{
    int rows = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"peek"_s);
        db.setDatabaseName(path);
        QSqlQuery query(db);
        if (db.open() && query.exec(u"SELECT COUNT(*) FROM messages"_s) && query.next())
            rows = query.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(u"peek"_s);
    return rows;
}

} // namespace

class tst_MessageStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void appendedMessagesComeBackOldestFirst();
    void queuedMessagesAreReadBeforeTheyAreWritten();
    void batchesAreWrittenWithoutAFlush();
    void aFloodThatDoesNotStopIsStillWritten();
    void everyFieldSurvivesAReopen();
    void beforeGivesTheOlderOnes();
    void olderMessagesAreStoredInTheirPlace();
    void searchFindsSubstringsWhateverTheCase_data();
    void searchFindsSubstringsWhateverTheCase();
    void searchIsPerRoomNewestFirstAndLimited();
    void eachRoomKeepsOnlyItsNewest();
    void aServerIdIsKeptOncePerRoom();
    void theFilesAreTheUsersOnly();
    void aLockedFileIsReportedOnceAndLeftAlone();
    void aDamagedFileIsReportedOnceAndLeftAlone();
    void removeRoomAndRemoveAll();
    void pathsDifferPerUserAndServer();
    void deleteFileTakesSqlitesCompanionsToo();
    void resumingASessionOpensTheAccountsStoreAtOnce();

private:
    QString path() const { return m_dir->filePath(u"data/messages.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_MessageStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_MessageStore::appendedMessagesComeBackOldestFirst()
{
    MessageStore store;
    QString error;
    QVERIFY2(store.open(path(), &error), qPrintable(error));
    QVERIFY(store.isOpen());
    store.append(u"lobby"_s, message(u"1"_s, u"one"_s));
    store.append(u"lobby"_s, {message(u"2"_s, u"two"_s), message(u"3"_s, u"three"_s)});
    store.append(u"other"_s, message(u"4"_s, u"elsewhere"_s));
    store.flush();
    QCOMPARE(texts(store.latest(u"lobby"_s, 10)), (QStringList{u"one"_s, u"two"_s, u"three"_s}));
    QCOMPARE(texts(store.latest(u"lobby"_s, 2)), (QStringList{u"two"_s, u"three"_s}));
    QCOMPARE(store.count(u"lobby"_s), 3);
    QCOMPARE(store.rooms(), (QStringList{u"lobby"_s, u"other"_s}));
    QVERIFY(store.latest(u"nowhere"_s, 10).isEmpty());
}

void tst_MessageStore::queuedMessagesAreReadBeforeTheyAreWritten()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    store.append(u"lobby"_s, message(u"1"_s, u"written"_s));
    store.flush();
    store.append(u"lobby"_s, {message(u"2"_s, u"queued"_s), message(u"1"_s, u"written"_s)});
    QCOMPARE(texts(store.latest(u"lobby"_s, 10)), (QStringList{u"written"_s, u"queued"_s}));
    QCOMPARE(texts(store.search(u"lobby"_s, u"QUEUE"_s, 10)), QStringList{u"queued"_s});
    QCOMPARE(texts(store.before(u"lobby"_s, u"2"_s, 10)), QStringList{u"written"_s});
    QCOMPARE(store.rooms(), QStringList{u"lobby"_s});
}

// Off the caller's thread and without anyone asking: what is appended is in the file shortly after.
void tst_MessageStore::batchesAreWrittenWithoutAFlush()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    for (int i = 0; i < 500; ++i)
        store.append(u"lobby"_s, message(QString::number(i), u"message %1"_s.arg(i)));
    QCOMPARE(rowsInFile(path()), 0);
    QTRY_COMPARE_WITH_TIMEOUT(rowsInFile(path()), 500, 5000);
}

// A burst is written once it is over; one that goes on is written all the same, every
// MaxBatchDelayMs.
void tst_MessageStore::aFloodThatDoesNotStopIsStillWritten()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    int sent = 0;
    QTimer flood;
    flood.setInterval(MessageStore::BatchDelayMs / 5);
    connect(&flood, &QTimer::timeout, &store, [&] {
        ++sent;
        store.append(u"lobby"_s, message(QString::number(sent), u"flood %1"_s.arg(sent)));
    });
    flood.start();
    QTRY_VERIFY_WITH_TIMEOUT(rowsInFile(path()) > 0, MessageStore::MaxBatchDelayMs * 3);
    QVERIFY(flood.isActive()); // written while it still came in
    flood.stop();
    QTRY_COMPARE_WITH_TIMEOUT(rowsInFile(path()), sent, MessageStore::MaxBatchDelayMs * 3);
}

void tst_MessageStore::everyFieldSurvivesAReopen()
{
    ChatMessage full = message(u"id-7"_s, u"with everything"_s, u"alice"_s);
    full.clientId = u"c-1"_s;
    full.createdAtText = u"2026-12-01T10:00:00.5Z"_s;
    full.createdAt = QDateTime::fromString(full.createdAtText, Qt::ISODateWithMs);
    ChatMessage minimal;
    minimal.text = u"from a minimal server"_s;
    minimal.createdAtText = u"1. Dezember 2026 11:00"_s;
    ChatMessage omitted = message(u"8"_s, QString());
    omitted.omittedBytes = 2'000'000;
    {
        MessageStore store;
        QVERIFY(store.open(path()));
        store.append(u"lobby"_s, {full, minimal, omitted});
    } // closing writes what is queued
    MessageStore store;
    QVERIFY(store.open(path()));
    const QList<ChatMessage> back = store.latest(u"lobby"_s, 10);
    QCOMPARE(back.size(), 3);
    QCOMPARE(back[0].id, full.id);
    QCOMPARE(back[0].user, full.user);
    QCOMPARE(back[0].clientId, full.clientId);
    QCOMPARE(back[0].createdAtText, full.createdAtText);
    QCOMPARE(back[0].createdAt, full.createdAt);
    QVERIFY(back[1].id.isEmpty());
    QVERIFY(back[1].user.isEmpty());
    QCOMPARE(back[1].text, minimal.text);
    QCOMPARE(back[1].createdAtText, minimal.createdAtText);
    QVERIFY(!back[1].createdAt.isValid());
    QCOMPARE(back[2].omittedBytes, omitted.omittedBytes);
}

void tst_MessageStore::beforeGivesTheOlderOnes()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    for (int i = 1; i <= 10; ++i)
        store.append(u"lobby"_s, message(QString::number(i), u"m%1"_s.arg(i)));
    store.flush();
    QCOMPARE(texts(store.before(u"lobby"_s, u"6"_s, 3)), (QStringList{u"m3"_s, u"m4"_s, u"m5"_s}));
    QCOMPARE(texts(store.before(u"lobby"_s, u"2"_s, 3)), QStringList{u"m1"_s});
    QVERIFY(store.before(u"lobby"_s, u"1"_s, 3).isEmpty());
    QVERIFY(store.before(u"lobby"_s, u"unknown"_s, 3).isEmpty());
    QVERIFY(store.before(u"other"_s, u"6"_s, 3).isEmpty());
}

// Scroll-back and a gap filled from the server: what the next start shows is in the room's order,
// and the bound drops the oldest, not what was loaded last.
void tst_MessageStore::olderMessagesAreStoredInTheirPlace()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    store.append(u"lobby"_s, {message(u"10"_s, u"m10"_s), message(u"14"_s, u"m14"_s)});
    store.flush();
    store.insertBefore(u"lobby"_s, u"10"_s,
                       {message(u"8"_s, u"m8"_s), message(u"9"_s, u"m9"_s)}); // scroll-back
    store.insertBefore(u"lobby"_s, u"14"_s,
                       {message(u"12"_s, u"m12"_s), message(u"13"_s, u"m13"_s)}); // a gap
    store.append(u"lobby"_s, message(u"15"_s, u"m15"_s));
    store.insertBefore(u"lobby"_s, u"12"_s, {message(u"11"_s, u"m11"_s)}); // the gap's next page
    store.flush();
    store.insertBefore(u"lobby"_s, u"unknown"_s, {message(u"7"_s, u"m7"_s)});
    store.flush();
    QCOMPARE(texts(store.latest(u"lobby"_s, 100)), (QStringList{u"m7"_s, u"m8"_s, u"m9"_s, u"m10"_s, u"m11"_s,
                                                                u"m12"_s, u"m13"_s, u"m14"_s, u"m15"_s}));
    QCOMPARE(texts(store.before(u"lobby"_s, u"12"_s, 2)), (QStringList{u"m10"_s, u"m11"_s}));
    QCOMPARE(texts(store.search(u"lobby"_s, u"m1"_s, 10)),
             (QStringList{u"m15"_s, u"m14"_s, u"m13"_s, u"m12"_s, u"m11"_s, u"m10"_s}));
    store.setMaxPerRoom(4);
    store.insertBefore(u"lobby"_s, u"7"_s, {message(u"6"_s, u"m6"_s)}); // trimmed at once
    store.flush();
    QCOMPARE(texts(store.latest(u"lobby"_s, 100)), (QStringList{u"m12"_s, u"m13"_s, u"m14"_s, u"m15"_s}));

    MessageStore empty; // older messages in a room with nothing yet
    QVERIFY(empty.open(m_dir->filePath(u"other.sqlite"_s)));
    empty.insertBefore(u"lobby"_s, u"5"_s, {message(u"3"_s, u"m3"_s), message(u"4"_s, u"m4"_s)});
    empty.append(u"lobby"_s, message(u"5"_s, u"m5"_s));
    empty.flush();
    QCOMPARE(texts(empty.latest(u"lobby"_s, 10)), (QStringList{u"m3"_s, u"m4"_s, u"m5"_s}));
}

void tst_MessageStore::searchFindsSubstringsWhateverTheCase_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QStringList>("found");
    QTest::newRow("a word inside others (the index)") << u"deploy"_s << QStringList{u"Deploying at 5"_s};
    QTest::newRow("upper case finds lower") << u"LUNCH"_s << QStringList{u"lunch?"_s};
    QTest::newRow("accented letters fold too (the index)") << u"ÉTÉ"_s << QStringList{u"L'été arrive"_s};
    QTest::newRow("two letters scan") << u"at"_s << QStringList{u"Deploying at 5"_s};
    QTest::newRow("one character") << u"?"_s << QStringList{u"lunch?"_s};
    QTest::newRow("quotes are text, not query syntax")
        << u"\"quoted\" OR"_s << QStringList{u"a \"quoted\" OR b"_s};
    QTest::newRow("% and _ are text") << u"50%_off"_s << QStringList{u"now 50%_off"_s};
    QTest::newRow("nothing") << u"xyzzy"_s << QStringList{};
    QTest::newRow("empty needle") << QString() << QStringList{};
}

void tst_MessageStore::searchFindsSubstringsWhateverTheCase()
{
    QFETCH(QString, needle);
    QFETCH(QStringList, found);
    MessageStore store;
    QVERIFY(store.open(path()));
    QVERIFY(store.hasFullTextIndex()); // Debian's SQLite has FTS5 with trigrams
    store.append(u"lobby"_s, {message(u"1"_s, u"Deploying at 5"_s), message(u"2"_s, u"lunch?"_s),
                              message(u"3"_s, u"L'été arrive"_s), message(u"4"_s, u"a \"quoted\" OR b"_s),
                              message(u"5"_s, u"now 50%_off"_s), message(u"6"_s, u"now 50 off"_s)});
    store.flush();
    QCOMPARE(texts(store.search(u"lobby"_s, needle, 10)), found);
}

void tst_MessageStore::searchIsPerRoomNewestFirstAndLimited()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    for (int i = 1; i <= 6; ++i)
        store.append(u"lobby"_s, message(QString::number(i), u"release %1"_s.arg(i)));
    store.append(u"other"_s, message(u"7"_s, u"release elsewhere"_s));
    store.flush();
    store.append(u"lobby"_s, message(u"8"_s, u"release 8, still queued"_s));
    QCOMPARE(texts(store.search(u"lobby"_s, u"release"_s, 3)),
             (QStringList{u"release 8, still queued"_s, u"release 6"_s, u"release 5"_s}));
    QCOMPARE(texts(store.search(u"lobby"_s, u"re"_s, 2)),
             (QStringList{u"release 8, still queued"_s, u"release 6"_s}));
    QCOMPARE(texts(store.search(u"other"_s, u"release"_s, 10)), QStringList{u"release elsewhere"_s});
}

void tst_MessageStore::eachRoomKeepsOnlyItsNewest()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    QCOMPARE(store.maxPerRoom(), MessageStore::DefaultMaxPerRoom);
    store.setMaxPerRoom(5);
    for (int i = 1; i <= 4; ++i)
        store.append(u"busy"_s, message(QString::number(i), u"b%1"_s.arg(i)));
    store.append(u"quiet"_s, message(u"q"_s, u"q1"_s));
    store.flush();
    for (int i = 5; i <= 12; ++i) // in a second batch, more than a room keeps
        store.append(u"busy"_s, message(QString::number(i), u"b%1"_s.arg(i)));
    store.flush();
    QCOMPARE(store.count(u"busy"_s), 5);
    QCOMPARE(texts(store.latest(u"busy"_s, 100)),
             (QStringList{u"b8"_s, u"b9"_s, u"b10"_s, u"b11"_s, u"b12"_s}));
    QCOMPARE(store.count(u"quiet"_s), 1);
    QVERIFY(store.search(u"busy"_s, u"b1"_s, 10).size() == 3); // b10, b11, b12: the index follows
    QCOMPARE(rowsInFile(path()), 6);
}

void tst_MessageStore::aServerIdIsKeptOncePerRoom()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    store.append(u"lobby"_s, {message(u"1"_s, u"first"_s), message(u"1"_s, u"first again"_s),
                              message(QString(), u"no id"_s), message(QString(), u"no id"_s)});
    store.flush();
    store.append(u"lobby"_s, message(u"1"_s, u"first in a later batch"_s));
    store.append(u"other"_s, message(u"1"_s, u"the same id in another room"_s));
    store.flush();
    QCOMPARE(texts(store.latest(u"lobby"_s, 10)), (QStringList{u"first"_s, u"no id"_s, u"no id"_s}));
    QCOMPARE(texts(store.latest(u"other"_s, 10)), QStringList{u"the same id in another room"_s});
}

void tst_MessageStore::theFilesAreTheUsersOnly()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    store.append(u"lobby"_s, message(u"1"_s, u"private"_s));
    store.flush();
    const auto owner = QFile::ReadOwner | QFile::WriteOwner;
    for (const QString &file : {path(), path() + u"-wal"_s, path() + u"-shm"_s}) {
        QVERIFY2(QFileInfo::exists(file), qPrintable(file));
        const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                          QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        QCOMPARE(QFileInfo(file).permissions() & (owner | others), owner);
    }
}

void tst_MessageStore::aLockedFileIsReportedOnceAndLeftAlone()
{
    {
        MessageStore earlier;
        QVERIFY(earlier.open(path()));
        earlier.append(u"lobby"_s, message(u"1"_s, u"from the last run"_s));
    }
    SqliteLock lock(path());
    QVERIFY(lock.hold());
    MessageStore store;
    QSignalSpy problem(&store, &MessageStore::problem);
    QElapsedTimer clock;
    clock.start();
    QString error;
    QVERIFY(!store.open(path(), &error));
    QCOMPARE_LT(clock.elapsed(), 1000); // the window waits for open(): a moment, not SQLite's 5 s
    QCOMPARE(problem.size(), 1);
    QVERIFY2(error.contains(u"locked by another program"_s), qPrintable(error));
    QCOMPARE(problem.first().first().toString(), error);
    QVERIFY(!store.isOpen());
    store.append(u"lobby"_s, message(u"2"_s, u"dropped"_s));
    store.flush();
    QVERIFY(store.latest(u"lobby"_s, 10).isEmpty());
    QVERIFY(store.search(u"lobby"_s, u"run"_s, 10).isEmpty());
    QCOMPARE(problem.size(), 1);

    QVERIFY(lock.release());
    MessageStore later; // the file itself was not touched
    QVERIFY(later.open(path()));
    QCOMPARE(texts(later.latest(u"lobby"_s, 10)), QStringList{u"from the last run"_s});
}

void tst_MessageStore::aDamagedFileIsReportedOnceAndLeftAlone()
{
    QVERIFY(QDir().mkpath(QFileInfo(path()).absolutePath()));
    const QByteArray garbage = QByteArray("this is not an SQLite file \x01\x02\xff").repeated(200);
    {
        QFile out(path());
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(garbage);
    }
    MessageStore store;
    QSignalSpy problem(&store, &MessageStore::problem);
    QString error;
    QVERIFY(!store.open(path(), &error));
    QCOMPARE(problem.size(), 1);
    QVERIFY2(error.contains(u"damaged"_s), qPrintable(error));
    store.append(u"lobby"_s, message(u"1"_s, u"dropped"_s));
    store.flush();
    QVERIFY(store.latest(u"lobby"_s, 10).isEmpty());
    QVERIFY(store.rooms().isEmpty());
    QCOMPARE(problem.size(), 1);
    QFile file(path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), garbage);
}

void tst_MessageStore::removeRoomAndRemoveAll()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    store.append(u"lobby"_s, message(u"1"_s, u"lobby one"_s));
    store.append(u"other"_s, message(u"2"_s, u"other one"_s));
    store.flush();
    store.append(u"lobby"_s, message(u"3"_s, u"lobby queued"_s));
    store.removeRoom(u"lobby"_s);
    QVERIFY(store.latest(u"lobby"_s, 10).isEmpty());
    QVERIFY(store.search(u"lobby"_s, u"lobby"_s, 10).isEmpty());
    QCOMPARE(store.rooms(), QStringList{u"other"_s});
    store.append(u"lobby"_s, message(u"4"_s, u"back in the lobby"_s));
    store.removeAll();
    QVERIFY(store.rooms().isEmpty());
    QCOMPARE(rowsInFile(path()), 0);
    store.append(u"lobby"_s, message(u"5"_s, u"after all"_s));
    QCOMPARE(texts(store.latest(u"lobby"_s, 10)), QStringList{u"after all"_s});
}

void tst_MessageStore::pathsDifferPerUserAndServer()
{
    const QString dir = m_dir->path();
    const ServerProfile one = server(u"https://chat.example.com"_s);
    const ServerProfile sameServer = server(u"https://chat.example.com/some/path"_s);
    const ServerProfile two = server(u"https://chat.example.org"_s);
    const QString alice = MessageStore::pathFor(dir, one, u"alice"_s);
    QCOMPARE(MessageStore::pathFor(dir, sameServer, u"alice"_s), alice);
    QVERIFY(MessageStore::pathFor(dir, one, u"bob"_s) != alice);
    QVERIFY(MessageStore::pathFor(dir, two, u"alice"_s) != alice);
    QCOMPARE(QFileInfo(alice).absolutePath(), QFileInfo(dir).absoluteFilePath());
    QVERIFY2(!alice.contains(u"alice"_s) && !alice.contains(u"example"_s), qPrintable(alice));

    for (const QString &path :
         {alice, MessageStore::pathFor(dir, one, u"bob"_s), MessageStore::pathFor(dir, two, u"alice"_s)}) {
        MessageStore store;
        QVERIFY(store.open(path));
    }
    QStringList expected{alice, MessageStore::pathFor(dir, one, u"bob"_s)};
    expected.sort();
    QStringList found = MessageStore::pathsForServer(dir, one);
    found.sort();
    QCOMPARE(found, expected);
    QCOMPARE(MessageStore::pathsForServer(dir, two),
             QStringList{MessageStore::pathFor(dir, two, u"alice"_s)});
}

void tst_MessageStore::deleteFileTakesSqlitesCompanionsToo()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    store.append(u"lobby"_s, message(u"1"_s, u"gone soon"_s));
    store.flush();
    QVERIFY(QFileInfo::exists(path() + u"-wal"_s));
    store.close();
    for (const QString &companion : {u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        QFile file(path() + companion);
        QVERIFY(file.open(QIODevice::WriteOnly)); // as a crash would leave them
    }
    QVERIFY(MessageStore::deleteFile(path()));
    QCOMPARE(QDir(QFileInfo(path()).absolutePath()).entryList(QDir::Files), QStringList{});
    QVERIFY(MessageStore::deleteFile(path())); // none left is no error
}

// The store is open before the keychain has answered (here: there is no keychain, so the resume
// fails), and a room made then starts with what it holds.
void tst_MessageStore::resumingASessionOpensTheAccountsStoreAtOnce()
{
    const ServerProfile profile = server(u"http://127.0.0.1:9"_s);
    const QString file = MessageStore::pathFor(m_dir->path(), profile, u"alice"_s);
    {
        MessageStore earlier;
        QVERIFY(earlier.open(file));
        earlier.append(u"lobby"_s, {message(u"1"_s, u"stored one"_s), message(u"2"_s, u"stored two"_s)});
    }
    ChatClient client;
    client.setMessageStoreFolder(m_dir->path());
    client.setProfile(profile);
    QVERIFY(!client.messageStore());
    client.resume(u"alice"_s);
    QVERIFY(client.messageStore());
    QCOMPARE(client.messageStore()->path(), file);
    QVERIFY(client.messageStore()->isOpen());
    QCOMPARE(texts(client.storedMessages(u"lobby"_s)), (QStringList{u"stored one"_s, u"stored two"_s}));

    RoomConnection *room = client.joinRoom(u"lobby"_s);
    QVERIFY(room);
    Q_EMIT room->messageReceived(message(u"3"_s, u"live"_s));
    client.messageStore()->flush();
    QCOMPARE(texts(client.storedMessages(u"lobby"_s)),
             (QStringList{u"stored one"_s, u"stored two"_s, u"live"_s}));

    client.signOut(); // closes the store: its file can be deleted now
    QVERIFY(!client.messageStore());
    QVERIFY(client.deleteStoredMessages(file));
    QVERIFY(!QFileInfo::exists(file));
}

QTEST_GUILESS_MAIN(tst_MessageStore)
#include "tst_messagestore.moc"
