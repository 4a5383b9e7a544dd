#pragma once

// What MessageStore's two halves share: messagestore.cpp (the calls, the reads, the queue, on the
// caller's thread) and messagestorewriter.cpp (the writes, in batches, on a thread of their own).
// Each half has its own SQLite connection to the file: a Qt SQL connection belongs to its thread.
#include "messagestore.h"
#include "outboxstore.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

struct QueuedMessage
{
    QString room;
    ChatMessage message;
    QString beforeId; // empty: arrived live (the newest); else older, stored before this server id
};

// What is known about a file once it is open (or why it is not).
struct StoreOpening
{
    OutboxStore::Problem problem = OutboxStore::Problem::None;
    QString why;         // SQLite's words, for the log
    bool hasFts = false; // the trigram index exists (FTS5 with the trigram tokenizer)
};

namespace MessageStoreSql {
// The columns every read takes, in the order rowToMessage() reads them.
inline constexpr char16_t Columns[] =
    u"seq, server_id, client_id, user, text, created_text, created_ms, omitted_bytes";
ChatMessage rowToMessage(const QSqlQuery &query);
// Opens (or makes) the file on a connection of this thread: WAL, schema, a write tried and rolled
// back, so a lock or a read-only file shows now. busyMs: how long a statement waits for a lock.
StoreOpening openConnection(const QString &connectionName, const QString &path, int busyMs);
void closeConnection(const QString &connectionName);
} // namespace MessageStoreSql

// The writing half: lives on its own thread and does all its work there.
class MessageStoreWriter : public QObject
{
public:
    MessageStoreWriter(MessageStore::Private *d, const QString &connectionName);

    StoreOpening open(const QString &path);
    void close();
    // Everything queued now, in one transaction; false (and the store broken) when it failed.
    bool writeQueued();
    bool removeRoom(const QString &room);
    bool removeAll();

private:
    bool writeBatch(const QList<QueuedMessage> &batch);
    bool trimRoom(QSqlQuery &query, const QString &room, int keep);
    static std::optional<QVariant> value(QSqlQuery &query, const QString &sql, const QVariantList &values);
    bool placeOlder(QSqlQuery &query, const QList<QueuedMessage> &batch, qsizetype first,
                    QList<double> *places);
    bool failed(const QSqlError &error, const char *what);

    MessageStore::Private *d;
    QString m_connectionName;
};

struct MessageStore::Private
{
    MessageStore *q = nullptr;
    QString path;
    QString readConnection;
    QString writeConnection;
    bool open = false;
    bool hasFts = false;
    bool reported = false;
    std::atomic<bool> broken{false}; // set by the writer when a write failed: inert from then on
    std::atomic<int> maxPerRoom{DefaultMaxPerRoom};

    // append() adds to queue (queueMutex); the writer moves it to inFlight and writes it. A read
    // holds commitMutex, so the writer cannot commit between the read of the file and the read of
    // what is still in memory: every message is in exactly one of them.
    QMutex queueMutex;
    QList<QueuedMessage> queue;
    QMutex commitMutex;
    QList<QueuedMessage> inFlight;

    // Caller's thread: when to hand the queue to the writer (BatchDelayMs, MaxBatchDelayMs).
    QTimer batchTimer;
    QElapsedTimer batchAge; // since the first message of the batch
    quint64 appended = 0;   // messages appended so far
    quint64 appendedAtCheck = 0;
    QThread thread;
    MessageStoreWriter *writer = nullptr; // lives on `thread`

    // What is not in the file yet for this room, oldest first (call with commitMutex held).
    QList<ChatMessage> unwritten(const QString &room);
    // A read on the reading connection; std::nullopt (and the store given up) when it failed.
    std::optional<QSqlQuery> read(const QString &sql, const QVariantList &values);
    static QList<ChatMessage> messages(QSqlQuery &query);
    void queued();       // after an append
    void onBatchTimer(); // writes, unless messages are still coming in
    // The writer's failure, reported on the caller's thread.
    void reportProblem(OutboxStore::Problem problem, const QString &why);
    QString sentence(OutboxStore::Problem problem) const;
};
