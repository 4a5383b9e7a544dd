#include "outboxstore.h"

#include "logging.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

QString stateName(OutboxEntry::State state)
{
    return state == OutboxEntry::State::Failed ? u"failed"_s : u"pending"_s;
}

// COALESCE: Qt binds an empty, null QString as NULL.
const auto insertEntry =
    u"INSERT INTO outbox (profile, room, client_id, text, created_ms, state, failure_reason, "
    "first_sent_ms) VALUES (?, ?, ?, COALESCE(?, ''), ?, ?, COALESCE(?, ''), ?) "
    "ON CONFLICT (profile, room, client_id) "_s;

QVariantList entryValues(const QString &profileKey, const QString &room, const OutboxEntry &entry)
{
    return {profileKey,          room,
            entry.clientId,      entry.text,
            entry.createdMs,     stateName(entry.state),
            entry.failureReason, entry.firstSentMs};
}

} // namespace

OutboxStore::OutboxStore(QObject *parent)
    : QObject(parent)
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

bool OutboxStore::isOpen() const
{
    return QSqlDatabase::database(m_connectionName, false).isOpen();
}

std::optional<QSqlQuery> OutboxStore::run(Access access, const QString &sql, const QVariantList &values) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen()) {
        m_lastError = u"The unsent-messages file is not open."_s;
        m_lastProblem = Problem::Other;
        return std::nullopt;
    }
    if (!ensureReady()) {
        noteResult(access, false);
        return std::nullopt;
    }
    QSqlQuery query(db);
    bool ok = query.prepare(sql); // preparing reads the schema, so it too can find the file locked
    for (const QVariant &value : values)
        query.addBindValue(value);
    ok = ok && query.exec();
    noteResult(access, ok, query.lastError());
    if (!ok)
        return std::nullopt;
    return query;
}

// Records how a statement went and tells the signals' listeners when writing stopped or started
// working; a failure without an error is one ensureReady() recorded already.
void OutboxStore::noteResult(Access access, bool ok, const QSqlError &error) const
{
    const bool failed = !ok;
    if (failed && error.isValid()) {
        m_lastError = error.text().trimmed();
        m_lastProblem = classify(error);
    }
    if (failed && m_lastProblem == Problem::Locked)
        waitForLocks(false);
    if (access != Access::Write)
        return;
    auto *self = const_cast<OutboxStore *>(this); // signals are not const; the state they report is
    if (failed && !std::exchange(m_writeFailing, true)) {
        qCWarning(lcRoom) << "cannot save unsent messages:" << m_lastError;
        Q_EMIT self->writeFailed(describeProblem(m_lastProblem));
    } else if (!failed) {
        m_lastProblem = Problem::None;
        waitForLocks(true);
        if (std::exchange(m_writeFailing, false))
            Q_EMIT self->writesResumed();
    }
}

void OutboxStore::waitForLocks(bool wait) const
{
    if (m_waitingForLocks == wait)
        return;
    m_waitingForLocks = wait;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.exec(u"PRAGMA busy_timeout = %1"_s.arg(wait ? m_options.busyTimeoutMs : 0));
}

bool OutboxStore::add(const QString &profileKey, const QString &room, const OutboxEntry &entry)
{
    // Only the UNIQUE conflict is ignored (INSERT OR IGNORE would also drop a row that breaks NOT NULL).
    return run(Access::Write, insertEntry + u"DO NOTHING"_s, entryValues(profileKey, room, entry))
        .has_value();
}

bool OutboxStore::save(const QString &profileKey, const QString &room, const OutboxEntry &entry)
{
    return run(Access::Write,
               insertEntry +
                   u"DO UPDATE SET state = excluded.state, failure_reason = excluded.failure_reason, "
                   "first_sent_ms = excluded.first_sent_ms"_s,
               entryValues(profileKey, room, entry))
        .has_value();
}

bool OutboxStore::remove(const QString &profileKey, const QString &room, const QString &clientId)
{
    return run(Access::Write, u"DELETE FROM outbox WHERE profile = ? AND room = ? AND client_id = ?"_s,
               {profileKey, room, clientId})
        .has_value();
}

bool OutboxStore::markFailed(const QString &profileKey, const QString &room, const QString &clientId,
                             const QString &reason)
{
    return run(Access::Write,
               u"UPDATE outbox SET state = 'failed', failure_reason = COALESCE(?, '') "
               "WHERE profile = ? AND room = ? AND client_id = ?"_s,
               {reason, profileKey, room, clientId})
        .has_value();
}

bool OutboxStore::markPending(const QString &profileKey, const QString &room, const QString &clientId)
{
    return run(Access::Write,
               u"UPDATE outbox SET state = 'pending', failure_reason = '', first_sent_ms = 0 "
               "WHERE profile = ? AND room = ? AND client_id = ?"_s,
               {profileKey, room, clientId})
        .has_value();
}

bool OutboxStore::markSent(const QString &profileKey, const QString &room, const QString &clientId,
                           qint64 firstSentMs)
{
    return run(Access::Write,
               u"UPDATE outbox SET first_sent_ms = ? WHERE profile = ? AND room = ? AND client_id = ?"_s,
               {firstSentMs, profileKey, room, clientId})
        .has_value();
}

QList<OutboxEntry> OutboxStore::entries(const QString &profileKey, const QString &room) const
{
    return read(profileKey, room).value_or(QList<OutboxEntry>{});
}

std::optional<QList<OutboxEntry>> OutboxStore::read(const QString &profileKey, const QString &room) const
{
    auto query = run(Access::Read,
                     u"SELECT client_id, text, created_ms, state, failure_reason, first_sent_ms FROM outbox "
                     "WHERE profile = ? AND room = ? ORDER BY seq"_s,
                     {profileKey, room});
    if (!query)
        return std::nullopt;
    QList<OutboxEntry> result;
    while (query->next()) {
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
        run(Access::Read, u"SELECT room FROM outbox WHERE profile = ? GROUP BY room ORDER BY MIN(seq)"_s,
            {profileKey});
    while (query && query->next())
        result.append(query->value(0).toString());
    return result;
}
