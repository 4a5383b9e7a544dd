#include "outboxstore.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr int schemaVersion = 2;

// seq orders the messages: SQLite's AUTOINCREMENT never reuses a value, so send order survives
// removals and restarts. UNIQUE makes a repeated add of one client id harmless.
const auto createTable = uR"(CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    profile TEXT NOT NULL,
    room TEXT NOT NULL,
    client_id TEXT NOT NULL,
    text TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),
    failure_reason TEXT NOT NULL DEFAULT '',
    first_sent_ms INTEGER NOT NULL DEFAULT 0,
    UNIQUE (profile, room, client_id)))"_s;

// Version 1 files lack first_sent_ms: their messages count as never sent, as version 1 treated them.
const auto addFirstSent = u"ALTER TABLE outbox ADD COLUMN first_sent_ms INTEGER NOT NULL DEFAULT 0"_s;

QString stateName(OutboxEntry::State state)
{
    return state == OutboxEntry::State::Failed ? u"failed"_s : u"pending"_s;
}

QString describe(const QSqlError &error)
{
    return error.text().trimmed();
}

} // namespace

OutboxStore::OutboxStore()
{
    static std::atomic<int> instances{0};
    m_connectionName = u"qtchat-outbox-%1"_s.arg(++instances);
}

OutboxStore::~OutboxStore()
{
    // removeDatabase() warns and leaks if a QSqlDatabase handle is still alive, so the one used to
    // close lives in its own scope. No QSqlQuery outlives the member function that made it.
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

bool OutboxStore::open(const QString &path, QString *error)
{
    const auto fail = [this, error](const QString &why) {
        m_lastError = why;
        if (error)
            *error = why;
        QSqlDatabase::database(m_connectionName, false).close();
        return false;
    };
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return fail(u"Cannot keep unsent messages: the Qt SQLite driver is not installed."_s);
    const QFileInfo file(path);
    if (!QDir().mkpath(file.absolutePath()))
        return fail(u"Cannot keep unsent messages: cannot create the folder %1."_s.arg(file.absolutePath()));
    if (file.isDir())
        return fail(u"Cannot keep unsent messages: %1 is a folder."_s.arg(path));

    QSqlDatabase db = QSqlDatabase::contains(m_connectionName)
                          ? QSqlDatabase::database(m_connectionName, false)
                          : QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    db.close();
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s); // a second instance of the app may be writing
    if (!db.open())
        return fail(u"Cannot open the unsent-messages file %1: %2"_s.arg(path, describe(db.lastError())));

    // FULL: a message is on disk before add() returns, even if the machine loses power next.
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA synchronous = FULL"_s) || !query.exec(u"PRAGMA user_version"_s) || !query.next())
        return fail(u"Cannot read the unsent-messages file %1: %2"_s.arg(path, describe(query.lastError())));
    const int version = query.value(0).toInt();
    if (version > schemaVersion)
        return fail(u"The unsent-messages file %1 was written by a newer QtChat."_s.arg(path));
    if (version < schemaVersion) {
        // Table and version mark belong together: a half-made file must not look finished.
        if (!db.transaction() || !query.exec(version == 1 ? addFirstSent : createTable) ||
            !query.exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion)) || !db.commit()) {
            const QString why = describe(query.lastError().isValid() ? query.lastError() : db.lastError());
            db.rollback();
            return fail(u"Cannot write the unsent-messages file %1: %2"_s.arg(path, why));
        }
    }
    m_lastError.clear();
    return true;
}

bool OutboxStore::isOpen() const
{
    return QSqlDatabase::database(m_connectionName, false).isOpen();
}

std::optional<QSqlQuery> OutboxStore::run(const QString &sql, const QVariantList &values) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen()) {
        m_lastError = u"The unsent-messages file is not open."_s;
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        m_lastError = describe(query.lastError());
        return std::nullopt;
    }
    return query;
}

bool OutboxStore::add(const QString &profileKey, const QString &room, const OutboxEntry &entry)
{
    // Only the UNIQUE conflict is ignored (INSERT OR IGNORE would also drop a row that breaks NOT NULL).
    // COALESCE: Qt binds an empty, null QString as NULL.
    return run(u"INSERT INTO outbox (profile, room, client_id, text, created_ms, state, failure_reason, "
               "first_sent_ms) VALUES (?, ?, ?, COALESCE(?, ''), ?, ?, COALESCE(?, ''), ?) "
               "ON CONFLICT (profile, room, client_id) DO NOTHING"_s,
               {profileKey, room, entry.clientId, entry.text, entry.createdMs, stateName(entry.state),
                entry.failureReason, entry.firstSentMs})
        .has_value();
}

bool OutboxStore::remove(const QString &profileKey, const QString &room, const QString &clientId)
{
    return run(u"DELETE FROM outbox WHERE profile = ? AND room = ? AND client_id = ?"_s,
               {profileKey, room, clientId})
        .has_value();
}

bool OutboxStore::markFailed(const QString &profileKey, const QString &room, const QString &clientId,
                             const QString &reason)
{
    return run(u"UPDATE outbox SET state = 'failed', failure_reason = COALESCE(?, '') "
               "WHERE profile = ? AND room = ? AND client_id = ?"_s,
               {reason, profileKey, room, clientId})
        .has_value();
}

bool OutboxStore::markPending(const QString &profileKey, const QString &room, const QString &clientId)
{
    return run(u"UPDATE outbox SET state = 'pending', failure_reason = '', first_sent_ms = 0 "
               "WHERE profile = ? AND room = ? AND client_id = ?"_s,
               {profileKey, room, clientId})
        .has_value();
}

bool OutboxStore::markSent(const QString &profileKey, const QString &room, const QString &clientId,
                           qint64 firstSentMs)
{
    return run(u"UPDATE outbox SET first_sent_ms = ? WHERE profile = ? AND room = ? AND client_id = ?"_s,
               {firstSentMs, profileKey, room, clientId})
        .has_value();
}

QList<OutboxEntry> OutboxStore::entries(const QString &profileKey, const QString &room) const
{
    QList<OutboxEntry> result;
    auto query = run(u"SELECT client_id, text, created_ms, state, failure_reason, first_sent_ms FROM outbox "
                     "WHERE profile = ? AND room = ? ORDER BY seq"_s,
                     {profileKey, room});
    while (query && query->next()) {
        result.append({query->value(0).toString(), query->value(1).toString(), query->value(2).toLongLong(),
                       query->value(3).toString() == u"failed"_s ? OutboxEntry::State::Failed
                                                                 : OutboxEntry::State::Pending,
                       query->value(4).toString(), query->value(5).toLongLong()});
    }
    return result;
}

QStringList OutboxStore::rooms(const QString &profileKey) const
{
    QStringList result;
    auto query =
        run(u"SELECT room FROM outbox WHERE profile = ? GROUP BY room ORDER BY MIN(seq)"_s, {profileKey});
    while (query && query->next())
        result.append(query->value(0).toString());
    return result;
}
