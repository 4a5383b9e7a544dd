#pragma once

// Keeps the chat messages the server has not acknowledged yet in an SQLite file, so a message typed
// before a crash or a quit is sent on the next start (DESIGN.md: never silently lost). Holds message
// texts only, never tokens. Use it from one thread: a Qt SQL connection belongs to its thread.
// It is called from the GUI thread, so no call waits long for a lock another program holds: a write
// that cannot be made now fails at once, and the room keeps the message in memory and tries again
// later (Outbox::saveNow). outboxstoreopen.cpp opens the file; this file reads and writes it.

#include <QList>
#include <QObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>

struct OutboxEntry
{
    enum class State { Pending, Failed };

    QString clientId;
    QString text;
    qint64 createdMs = 0; // ms since the epoch
    State state = State::Pending;
    QString failureReason; // empty unless Failed
    // When it first went out on a socket (ms since the epoch); 0 while it never has. A message that
    // was sent but never echoed may be stored already: after a reconnect it is looked for in the
    // room's history before it is sent again (RoomConnection, "reconcile before resend").
    qint64 firstSentMs = 0;

    friend bool operator==(const OutboxEntry &, const OutboxEntry &) = default;
};

class OutboxStore : public QObject
{
    Q_OBJECT
public:
    // How long one statement may wait for another program's lock: short, because the GUI thread
    // waits with it. After one such wait has failed, statements do not wait at all until a write
    // works again, so an outage costs the window one wait, not one per message.
    static constexpr int DefaultBusyTimeoutMs = 100;

    struct Options
    {
        int busyTimeoutMs = DefaultBusyTimeoutMs;
        // Open for reading only: every write then fails as it does on a file the user cannot write
        // (what the tests use when they run as root, whom chmod does not stop).
        bool readOnly = false;
    };

    // Why the last statement failed, as far as what to do about it goes.
    enum class Problem { None, Locked, ReadOnly, Damaged, Newer, Other };
    Q_ENUM(Problem)

    explicit OutboxStore(QObject *parent = nullptr);
    ~OutboxStore() override;

    // Opens or creates the file (and its folder) and checks that it can be written. A damaged file
    // is moved aside to "<path>.corrupt-<yyyy-MM-dd-hhmmss>" and a new one started. A file that is
    // locked by another program or cannot be written still opens (what it holds may be readable,
    // and writes are tried again later); openNotice() then says so. Returns false only when nothing
    // can be kept at all, with a sentence for the user in *error; every other call then fails too.
    bool open(const QString &path, QString *error = nullptr);
    bool open(const QString &path, const Options &options, QString *error = nullptr);
    bool isOpen() const;
    // One sentence for the user about the last open (moved aside, locked, read-only), or empty.
    QString openNotice() const { return m_openNotice; }
    QString path() const { return m_path; }

    // profileKey names the account (server origin + user). Every write is on disk when it returns;
    // false means the database refused it (lastError() and lastProblem() say why). An unknown
    // clientId is no error, so a message acknowledged twice is simply gone. Adding a clientId that
    // is already queued in that room keeps the first copy.
    bool add(const QString &profileKey, const QString &room, const OutboxEntry &entry);
    // Writes the entry's whole state: inserts it, or updates the copy already there (keeping its
    // place in the order). What a room uses to catch up after a refused write.
    bool save(const QString &profileKey, const QString &room, const OutboxEntry &entry);
    bool remove(const QString &profileKey, const QString &room, const QString &clientId);
    bool markFailed(const QString &profileKey, const QString &room, const QString &clientId,
                    const QString &reason);
    bool markPending(const QString &profileKey, const QString &room,
                     const QString &clientId); // retry, as new
    bool markSent(const QString &profileKey, const QString &room, const QString &clientId,
                  qint64 firstSentMs);

    // In the order they were added; a retried message keeps its place. Empty on failure (lastError()).
    QList<OutboxEntry> entries(const QString &profileKey, const QString &room) const;
    // The same, but std::nullopt when the file could not be read (locked, damaged), which an empty
    // room is not.
    std::optional<QList<OutboxEntry>> read(const QString &profileKey, const QString &room) const;
    // Rooms with queued messages, in the order of their oldest message.
    QStringList rooms(const QString &profileKey) const;

    // What an SQLite error means for whoever keeps a file (the message store asks too).
    static Problem classify(const QSqlError &error);

    QString lastError() const { return m_lastError; }
    Problem lastProblem() const { return m_lastProblem; }
    // The last problem as a phrase for the user ("the unsent-messages file … is locked by another
    // program"), or empty when the last write worked.
    QString lastProblemText() const { return describeProblem(m_lastProblem); }

Q_SIGNALS:
    // A write failed where the one before worked (or the file opened fine): once per outage.
    // why is a phrase for the user, e.g. "the file … is locked by another program".
    void writeFailed(const QString &why);
    // A write worked again after writeFailed(), or after an open that reported a problem.
    void writesResumed();

private:
    enum class Access { Read, Write };
    // Prepares, binds and runs one statement; on failure records why in m_lastError.
    std::optional<QSqlQuery> run(Access access, const QString &sql, const QVariantList &values) const;
    void noteResult(Access access, bool ok, const QSqlError &error = {}) const;
    void waitForLocks(bool wait) const;
    // outboxstoreopen.cpp
    bool connectToFile(QString *why) const;
    Problem setUpSchema(QString *why) const;
    Problem probeWrite(QString *why) const;
    bool ensureReady() const;
    QString describeProblem(Problem problem) const;

    QString m_connectionName; // the QSqlDatabase itself is looked up by name, never kept
    QString m_path;
    Options m_options;
    QString m_openNotice;
    // Reads and writes are const to callers but keep the connection's state: whether the schema is
    // known good (a file locked at open is checked at the first call that finds it free), whether
    // writes are failing (for the signals), and whether statements wait for locks.
    mutable bool m_ready = false;
    mutable bool m_writeFailing = false;
    mutable bool m_waitingForLocks = true;
    mutable QString m_lastError;
    mutable Problem m_lastProblem = Problem::None;
};
