#pragma once

// Keeps the chat messages the server has not acknowledged yet in an SQLite file, so a message typed
// before a crash or a quit is sent on the next start (DESIGN.md: never silently lost). Holds message
// texts only, never tokens. Use it from one thread: a Qt SQL connection belongs to its thread.

#include <QList>
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

class OutboxStore
{
public:
    OutboxStore();
    ~OutboxStore();
    OutboxStore(const OutboxStore &) = delete;
    OutboxStore &operator=(const OutboxStore &) = delete;

    // Opens or creates the file (and its folder). On failure returns false with a sentence for the
    // user in *error; every other call then fails too.
    bool open(const QString &path, QString *error = nullptr);
    bool isOpen() const;

    // profileKey names the account (server origin + user). Every write is on disk when it returns;
    // false means the database refused it (lastError() says why). An unknown clientId is no error,
    // so a message acknowledged twice is simply gone. Adding a clientId that is already queued in
    // that room keeps the first copy.
    bool add(const QString &profileKey, const QString &room, const OutboxEntry &entry);
    bool remove(const QString &profileKey, const QString &room, const QString &clientId);
    bool markFailed(const QString &profileKey, const QString &room, const QString &clientId,
                    const QString &reason);
    bool markPending(const QString &profileKey, const QString &room,
                     const QString &clientId); // retry, as new
    bool markSent(const QString &profileKey, const QString &room, const QString &clientId,
                  qint64 firstSentMs);

    // In the order they were added; a retried message keeps its place. Empty on failure (lastError()).
    QList<OutboxEntry> entries(const QString &profileKey, const QString &room) const;
    // Rooms with queued messages, in the order of their oldest message.
    QStringList rooms(const QString &profileKey) const;

    QString lastError() const { return m_lastError; }

private:
    // Prepares, binds and runs one statement; on failure records why in m_lastError.
    std::optional<QSqlQuery> run(const QString &sql, const QVariantList &values) const;

    QString m_connectionName;    // the QSqlDatabase itself is looked up by name, never kept
    mutable QString m_lastError; // reads report failures too
};
