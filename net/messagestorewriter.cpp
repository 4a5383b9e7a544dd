// The message store's file: opening it (schema, WAL, a trial write) and its writes, in batches of
// one transaction each, on the writer's thread.
#include "messagestore_p.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using Problem = OutboxStore::Problem;

Q_LOGGING_CATEGORY(lcStore, "chat.store")

namespace {

constexpr int schemaVersion = 1;

// seq is the order messages arrived in, which is the order they are shown in. A server id is kept
// once per room (NULLs, messages without one, are all distinct). (room, seq) serves every read.
const auto createTables = {
    uR"(CREATE TABLE messages (
    seq INTEGER PRIMARY KEY,
    room TEXT NOT NULL,
    server_id TEXT,
    client_id TEXT NOT NULL DEFAULT '',
    user TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    created_text TEXT NOT NULL DEFAULT '',
    created_ms INTEGER,
    omitted_bytes INTEGER NOT NULL DEFAULT 0))"_s,
    u"CREATE UNIQUE INDEX messages_by_server_id ON messages (room, server_id)"_s,
    u"CREATE INDEX messages_by_room ON messages (room, seq)"_s,
};

// The full-text index for find: trigrams match any substring of 3 characters or more, case-
// insensitively, without reading every message. It indexes the table's text (external content),
// kept in step by triggers. An SQLite without FTS5 or its trigram tokenizer (before 3.34) goes
// without: search() then scans.
const auto createIndex = {
    u"CREATE VIRTUAL TABLE messages_text USING fts5(text, content='messages', content_rowid='seq', "
    "tokenize='trigram')"_s,
    u"CREATE TRIGGER messages_text_added AFTER INSERT ON messages BEGIN "
    "INSERT INTO messages_text (rowid, text) VALUES (new.seq, new.text); END"_s,
    u"CREATE TRIGGER messages_text_removed AFTER DELETE ON messages BEGIN "
    "INSERT INTO messages_text (messages_text, rowid, text) VALUES ('delete', old.seq, old.text); END"_s,
};

// COALESCE: Qt binds an empty, null QString as NULL.
const auto insertMessage =
    u"INSERT INTO messages (room, server_id, client_id, user, text, created_text, created_ms, omitted_bytes) "
    "VALUES (?, ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), ?, ?) "
    "ON CONFLICT (room, server_id) DO NOTHING"_s;

StoreOpening failedWith(const QSqlError &error)
{
    return {OutboxStore::classify(error), error.text().trimmed(), false};
}

bool runAll(QSqlQuery &query, std::initializer_list<QString> statements)
{
    for (const QString &sql : statements) {
        if (!query.exec(sql))
            return false;
    }
    return true;
}

// Makes the tables (and the index when this SQLite can) in one transaction with the version mark,
// so a half-made file never looks finished.
StoreOpening setUpSchema(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return failedWith(query.lastError());
    const int version = query.value(0).toInt();
    query.finish();
    if (version > schemaVersion)
        return {Problem::Newer, u"written by a newer QtChat"_s, false};
    if (version == 0) {
        if (!db.transaction())
            return failedWith(db.lastError());
        if (!runAll(query, createTables)) {
            const QSqlError error = query.lastError();
            db.rollback();
            return failedWith(error);
        }
        // A savepoint, so that an SQLite without FTS5 keeps the tables and goes without the index.
        query.exec(u"SAVEPOINT fts"_s);
        if (!runAll(query, createIndex)) {
            qCInfo(lcStore) << "no full-text index (" << query.lastError().text() << "): find scans";
            query.exec(u"ROLLBACK TO fts"_s);
        }
        query.exec(u"RELEASE fts"_s);
        if (!query.exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion)) || !db.commit()) {
            const QSqlError error = query.lastError().isValid() ? query.lastError() : db.lastError();
            db.rollback();
            return failedWith(error);
        }
    }
    if (!query.exec(u"SELECT 1 FROM sqlite_master WHERE name = 'messages_text'"_s))
        return failedWith(query.lastError());
    StoreOpening opening;
    opening.hasFts = query.next();
    return opening;
}

} // namespace

ChatMessage MessageStoreSql::rowToMessage(const QSqlQuery &query)
{
    ChatMessage message;
    message.id = query.value(1).toString();
    message.clientId = query.value(2).toString();
    message.user = query.value(3).toString();
    message.text = query.value(4).toString();
    message.createdAtText = query.value(5).toString();
    if (const QVariant ms = query.value(6); !ms.isNull())
        message.createdAt = QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), Qt::UTC);
    message.omittedBytes = query.value(7).toLongLong();
    return message;
}

StoreOpening MessageStoreSql::openConnection(const QString &connectionName, const QString &path, int busyMs)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(busyMs));
    if (!db.open())
        return failedWith(db.lastError());
    QSqlQuery query(db);
    // WAL: the reading connection reads while the writer writes. NORMAL: a commit does not wait
    // for the disk; a power cut may lose the last batch, which the server's history still has.
    // The log is emptied into the file now and then (SQLite's checkpoints); journal_size_limit gives
    // the disk back after a large batch rather than keeping the log at its largest size.
    if (!query.exec(u"PRAGMA journal_mode = WAL"_s) || !query.exec(u"PRAGMA synchronous = NORMAL"_s) ||
        !query.exec(u"PRAGMA journal_size_limit = 4194304"_s))
        return failedWith(query.lastError());
    query.finish();
    StoreOpening opening = setUpSchema(db);
    if (opening.problem != Problem::None)
        return opening;
    // A real write, rolled back: a lock another program holds or a read-only file shows now, once.
    const bool writable =
        query.exec(u"BEGIN IMMEDIATE"_s) && query.exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion));
    const QSqlError error = query.lastError();
    query.exec(u"ROLLBACK"_s);
    if (!writable)
        return failedWith(error);
    return opening;
}

void MessageStoreSql::closeConnection(const QString &connectionName)
{
    // removeDatabase() warns if a handle is alive: the one used to close lives in its own scope.
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(connectionName))
        QSqlDatabase::removeDatabase(connectionName);
}

MessageStoreWriter::MessageStoreWriter(MessageStore::Private *store, const QString &connectionName)
    : d(store)
    , m_connectionName(connectionName)
{}

StoreOpening MessageStoreWriter::open(const QString &path)
{
    // The window waits for the open: a lock another program holds is found after a moment. Batches
    // are written off the window's thread and may wait longer before the store gives up.
#ifdef Q_OS_LINUX
    // Nice 10 for this thread alone (Linux nices threads one by one): writing a batch, mostly
    // SQLite's trigram indexing (0.1-0.2 ms a message), yields to the window and the sockets when
    // they have work, and has the CPU to itself when they do not.
    setpriority(PRIO_PROCESS, id_t(gettid()), 10);
#endif
    StoreOpening opening = MessageStoreSql::openConnection(m_connectionName, path, 100);
    if (opening.problem == Problem::None)
        QSqlQuery(QSqlDatabase::database(m_connectionName, false)).exec(u"PRAGMA busy_timeout = 2000"_s);
    return opening;
}

void MessageStoreWriter::close()
{
    MessageStoreSql::closeConnection(m_connectionName);
}

bool MessageStoreWriter::failed(const QSqlError &error, const char *what)
{
    QSqlDatabase::database(m_connectionName, false).rollback();
    if (!d->broken.exchange(true)) {
        const Problem problem = OutboxStore::classify(error);
        const QString why = error.text().trimmed();
        qCWarning(lcStore) << "cannot" << what << "the stored messages:" << why;
        QMetaObject::invokeMethod(d->q, [d = d, problem, why] { d->reportProblem(problem, why); });
    }
    return false;
}

bool MessageStoreWriter::writeQueued()
{
    QList<QueuedMessage> batch;
    {
        QMutexLocker commitLock(&d->commitMutex);
        QMutexLocker queueLock(&d->queueMutex);
        batch = std::exchange(d->queue, {});
        d->inFlight = batch;
    }
    if (batch.isEmpty() || d->broken)
        return !d->broken;
    const bool ok = writeBatch(batch);
    if (!ok) {
        QMutexLocker commitLock(&d->commitMutex);
        d->inFlight.clear(); // dropped with the store: it is inert now
    }
    return ok;
}

bool MessageStoreWriter::writeBatch(const QList<QueuedMessage> &batch)
{
    const int keep = d->maxPerRoom;
    // Per room, only the newest `keep` of the batch: older ones would be deleted again at once.
    QHash<QString, qsizetype> skip;
    for (const QueuedMessage &queued : batch)
        ++skip[queued.room];
    for (auto it = skip.begin(); it != skip.end(); ++it)
        *it = qMax<qsizetype>(0, *it - keep);

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction())
        return failed(db.lastError(), "write");
    QSqlQuery query(db);
    if (!query.prepare(insertMessage))
        return failed(query.lastError(), "write");
    const QVariant noId(QMetaType::fromType<QString>());
    for (const QueuedMessage &queued : batch) {
        if (qsizetype &left = skip[queued.room]; left > 0) {
            --left;
            continue;
        }
        const ChatMessage &message = queued.message;
        query.bindValue(0, queued.room);
        query.bindValue(1, message.id.isEmpty() ? noId : QVariant(message.id));
        query.bindValue(2, message.clientId);
        query.bindValue(3, message.user);
        query.bindValue(4, message.text);
        query.bindValue(5, message.createdAtText);
        query.bindValue(6, message.createdAt.isValid() ? QVariant(message.createdAt.toMSecsSinceEpoch())
                                                       : QVariant(QMetaType::fromType<qint64>()));
        query.bindValue(7, message.omittedBytes);
        if (!query.exec())
            return failed(query.lastError(), "write");
    }
    query.finish();
    for (auto it = skip.cbegin(); it != skip.cend(); ++it) {
        if (!trimRoom(query, it.key(), keep))
            return failed(query.lastError(), "trim");
    }
    QMutexLocker commitLock(&d->commitMutex);
    if (!db.commit())
        return failed(db.lastError(), "write");
    d->inFlight.clear();
    return true;
}

// Deletes all but the newest `keep` messages of the room.
bool MessageStoreWriter::trimRoom(QSqlQuery &query, const QString &room, int keep)
{
    query.prepare(u"DELETE FROM messages WHERE room = ? AND seq <= (SELECT seq FROM messages WHERE room = ? "
                  "ORDER BY seq DESC LIMIT 1 OFFSET ?)"_s);
    query.addBindValue(room);
    query.addBindValue(room);
    query.addBindValue(keep);
    return query.exec();
}

bool MessageStoreWriter::removeRoom(const QString &room)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"DELETE FROM messages WHERE room = ?"_s);
    query.addBindValue(room);
    return query.exec() || failed(query.lastError(), "delete");
}

bool MessageStoreWriter::removeAll()
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    return query.exec(u"DELETE FROM messages"_s) || failed(query.lastError(), "delete");
}
