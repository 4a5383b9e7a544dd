// The message store's file: opening it (schema, WAL, a trial write) and its writes, in batches of
// one transaction each, on the writer's thread.
#include "messagestore_p.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>

using namespace Qt::StringLiterals;
using Problem = OutboxStore::Problem;

Q_LOGGING_CATEGORY(lcStore, "chat.store")

namespace {

constexpr int schemaVersion = 2;

// pos is the order of the room's messages: live ones get the next number as they arrive; older ones
// (scroll-back, a gap filled: insertBefore()) get places between those around them. seq, the row's
// id, is the order rows were written in. A server id is kept once per room (NULLs, messages without
// one, are all distinct). (room, pos) serves every read.
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
    omitted_bytes INTEGER NOT NULL DEFAULT 0,
    pos REAL NOT NULL DEFAULT 0))"_s,
    u"CREATE UNIQUE INDEX messages_by_server_id ON messages (room, server_id)"_s,
    u"CREATE INDEX messages_in_order ON messages (room, pos)"_s,
};

// Version 1 (development builds of the same day) ordered by seq alone.
const auto upgradeFrom1 = {
    u"ALTER TABLE messages ADD COLUMN pos REAL NOT NULL DEFAULT 0"_s,
    u"UPDATE messages SET pos = seq"_s,
    u"DROP INDEX IF EXISTS messages_by_room"_s,
    u"CREATE INDEX messages_in_order ON messages (room, pos)"_s,
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
    u"INSERT INTO messages (room, server_id, client_id, user, text, created_text, created_ms, omitted_bytes, "
    "pos) VALUES (?, ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), ?, ?, ?) "
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
    if (version == 1) {
        if (!db.transaction())
            return failedWith(db.lastError());
        if (!runAll(query, upgradeFrom1) || !query.exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion)) ||
            !db.commit()) {
            const QSqlError error = query.lastError().isValid() ? query.lastError() : db.lastError();
            db.rollback();
            return failedWith(error);
        }
    }
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
    // Per room, only the newest `keep` live ones of the batch: older ones would be deleted at once.
    QHash<QString, qsizetype> skip;
    for (const QueuedMessage &queued : batch) {
        qsizetype &live = skip[queued.room]; // every room written to is trimmed
        if (queued.beforeId.isEmpty())
            ++live;
    }
    for (auto it = skip.begin(); it != skip.end(); ++it)
        *it = qMax<qsizetype>(0, *it - keep);

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction())
        return failed(db.lastError(), "write");
    QSqlQuery insert(db);
    QSqlQuery lookup(db);
    if (!insert.prepare(insertMessage))
        return failed(insert.lastError(), "write");
    const QVariant noId(QMetaType::fromType<QString>());
    QHash<QString, double> lastPos; // per room, the place of its newest message
    QList<double> places;           // for the run of older messages being written
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const QueuedMessage &queued = batch.at(i);
        double pos = 0;
        if (queued.beforeId.isEmpty()) {
            if (qsizetype &left = skip[queued.room]; left > 0) {
                --left;
                continue;
            }
            auto last = lastPos.find(queued.room);
            if (last == lastPos.end()) {
                const auto newest =
                    value(lookup, u"SELECT MAX(pos) FROM messages WHERE room = ?"_s, {queued.room});
                if (!newest)
                    return failed(lookup.lastError(), "write");
                last = lastPos.insert(queued.room, newest->toDouble());
            }
            pos = ++*last;
        } else {
            if (places.isEmpty() && !placeOlder(lookup, batch, i, &places))
                return failed(lookup.lastError(), "write");
            pos = places.takeFirst();
            lastPos.remove(queued.room); // in a room that was empty, these are its newest now
        }
        const ChatMessage &message = queued.message;
        insert.bindValue(0, queued.room);
        insert.bindValue(1, message.id.isEmpty() ? noId : QVariant(message.id));
        insert.bindValue(2, message.clientId);
        insert.bindValue(3, message.user);
        insert.bindValue(4, message.text);
        insert.bindValue(5, message.createdAtText);
        insert.bindValue(6, message.createdAt.isValid() ? QVariant(message.createdAt.toMSecsSinceEpoch())
                                                        : QVariant(QMetaType::fromType<qint64>()));
        insert.bindValue(7, message.omittedBytes);
        insert.bindValue(8, pos);
        if (!insert.exec())
            return failed(insert.lastError(), "write");
    }
    insert.finish();
    for (auto it = skip.cbegin(); it != skip.cend(); ++it) {
        if (!trimRoom(lookup, it.key(), keep))
            return failed(lookup.lastError(), "trim");
    }
    QMutexLocker commitLock(&d->commitMutex);
    if (!db.commit())
        return failed(db.lastError(), "write");
    d->inFlight.clear();
    return true;
}

// The first column of a one-row query (an invalid QVariant when it has no row, a null one for
// NULL); std::nullopt when it failed.
std::optional<QVariant> MessageStoreWriter::value(QSqlQuery &query, const QString &sql,
                                                  const QVariantList &values)
{
    query.prepare(sql);
    for (const QVariant &each : values)
        query.addBindValue(each);
    if (!query.exec())
        return std::nullopt;
    QVariant result = query.next() ? query.value(0) : QVariant();
    query.finish();
    return result;
}

// Places for the run of older messages that starts at batch[first] (same room, same beforeId):
// evenly between the message with that id and the one stored before it, so they read in order
// where they belong. Before the room's oldest when that id is not stored; as if live when the room
// has nothing yet.
bool MessageStoreWriter::placeOlder(QSqlQuery &query, const QList<QueuedMessage> &batch, qsizetype first,
                                    QList<double> *places)
{
    const QString &room = batch.at(first).room;
    const QString &beforeId = batch.at(first).beforeId;
    qsizetype count = 0;
    while (first + count < batch.size() && batch.at(first + count).room == room &&
           batch.at(first + count).beforeId == beforeId)
        ++count;
    auto upper =
        value(query, u"SELECT pos FROM messages WHERE room = ? AND server_id = ?"_s, {room, beforeId});
    if (upper && upper->isNull())
        upper = value(query, u"SELECT MIN(pos) FROM messages WHERE room = ?"_s, {room});
    if (!upper)
        return false;
    if (upper->isNull()) {
        const auto newest = value(query, u"SELECT MAX(pos) FROM messages WHERE room = ?"_s, {room});
        if (!newest)
            return false;
        for (qsizetype i = 1; i <= count; ++i)
            places->append(newest->toDouble() + double(i));
        return true;
    }
    const double high = upper->toDouble();
    const auto lower =
        value(query, u"SELECT MAX(pos) FROM messages WHERE room = ? AND pos < ?"_s, {room, high});
    if (!lower)
        return false;
    const double low = lower->isNull() ? high - double(count + 1) : lower->toDouble();
    for (qsizetype i = 1; i <= count; ++i)
        places->append(low + (high - low) * double(i) / double(count + 1));
    return true;
}

// Deletes all but the newest `keep` messages of the room.
bool MessageStoreWriter::trimRoom(QSqlQuery &query, const QString &room, int keep)
{
    query.prepare(u"DELETE FROM messages WHERE room = ? AND pos <= (SELECT pos FROM messages WHERE room = ? "
                  "ORDER BY pos DESC LIMIT 1 OFFSET ?)"_s);
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
