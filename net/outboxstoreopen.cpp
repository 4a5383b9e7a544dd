// Opening the outbox file: its table made or upgraded, a check that it can be written, and a
// damaged file moved aside so that this run's messages can be kept in a new one.
#include "outboxstore.h"

#include "logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using Problem = OutboxStore::Problem;

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

QString describe(const QSqlError &error)
{
    return error.text().trimmed();
}

// Renames path to "<path>.corrupt-<yyyy-MM-dd-hhmmss>" and returns that name; empty if it cannot.
QString moveAside(const QString &path)
{
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyy-MM-dd-hhmmss"_s);
    QString aside = u"%1.corrupt-%2"_s.arg(path, stamp);
    for (int n = 2; QFileInfo::exists(aside); ++n)
        aside = u"%1.corrupt-%2-%3"_s.arg(path, stamp).arg(n);
    if (!QFile::rename(path, aside))
        return {};
    // SQLite would play a journal left beside the damaged file back into the new one.
    for (const QString &suffix : {u"-journal"_s, u"-wal"_s, u"-shm"_s}) {
        if (QFileInfo::exists(path + suffix))
            QFile::rename(path + suffix, aside + suffix);
    }
    return aside;
}

} // namespace

Problem OutboxStore::classify(const QSqlError &error)
{
    // SQLite's result codes as the Qt driver passes them on (the low byte of an extended code).
    switch (error.nativeErrorCode().toInt() & 0xff) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return Problem::Locked;
    case 3:  // SQLITE_PERM
    case 8:  // SQLITE_READONLY
    case 14: // SQLITE_CANTOPEN: also a journal that cannot be made in a read-only folder
        return Problem::ReadOnly;
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return Problem::Damaged;
    default:
        return Problem::Other;
    }
}

bool OutboxStore::open(const QString &path, QString *error)
{
    return open(path, Options{}, error);
}

bool OutboxStore::open(const QString &path, const Options &options, QString *error)
{
    const auto fail = [this, error](const QString &why) {
        m_lastError = why;
        m_lastProblem = Problem::Other;
        if (error)
            *error = why;
        QSqlDatabase::database(m_connectionName, false).close();
        return false;
    };
    m_path = path;
    m_options = options;
    m_openNotice.clear();
    m_ready = false;
    m_writeFailing = false;
    m_lastProblem = Problem::None;
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return fail(u"Cannot keep unsent messages: the Qt SQLite driver is not installed."_s);
    const QFileInfo file(path);
    if (!QDir().mkpath(file.absolutePath()))
        return fail(u"Cannot keep unsent messages: cannot create the folder %1."_s.arg(file.absolutePath()));
    if (file.isDir())
        return fail(u"Cannot keep unsent messages: %1 is a folder."_s.arg(path));

    QString why;
    if (!connectToFile(&why))
        return fail(u"Cannot open the unsent-messages file %1: %2"_s.arg(path, why));
    Problem problem = setUpSchema(&why);
    if (problem == Problem::Damaged && !options.readOnly) {
        QSqlDatabase::database(m_connectionName, false).close();
        const QString aside = moveAside(path);
        if (aside.isEmpty())
            return fail(tr("The unsent-messages file %1 is damaged and cannot be moved aside.").arg(path));
        qCWarning(lcRoom) << "the unsent-messages file was damaged (" << why << "); moved aside to" << aside;
        m_openNotice = tr("The unsent-messages file was damaged: it was moved aside to %1 and a new one "
                          "was started.")
                           .arg(aside);
        if (!connectToFile(&why))
            return fail(u"Cannot open the unsent-messages file %1: %2"_s.arg(path, why));
        problem = setUpSchema(&why);
    }
    switch (problem) {
    case Problem::None:
        m_ready = true;
        problem = probeWrite(&why);
        break;
    case Problem::Locked:
    case Problem::ReadOnly:
        break; // what cannot be done now is tried again at the next read or write
    case Problem::Newer:
        return fail(u"The unsent-messages file %1 was written by a newer QtChat."_s.arg(path));
    case Problem::Damaged:
    case Problem::Other:
        return fail(u"Cannot read the unsent-messages file %1: %2"_s.arg(path, why));
    }
    m_lastError = problem == Problem::None ? QString() : why;
    m_lastProblem = problem;
    if (problem != Problem::None) {
        // Reported here, once: the first refused write must not say it again (writeFailed).
        m_writeFailing = true;
        if (problem == Problem::Locked)
            waitForLocks(false);
        QString phrase = describeProblem(problem);
        phrase[0] = phrase[0].toUpper();
        const QString notice = tr("%1. Messages are still sent, but until it can be written again, those "
                                  "not yet delivered are lost if QtChat quits.")
                                   .arg(phrase);
        qCWarning(lcRoom).noquote() << notice;
        m_openNotice = m_openNotice.isEmpty() ? notice : m_openNotice + u' ' + notice;
    }
    return true;
}

bool OutboxStore::connectToFile(QString *why) const
{
    QSqlDatabase db = QSqlDatabase::contains(m_connectionName)
                          ? QSqlDatabase::database(m_connectionName, false)
                          : QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    db.close();
    db.setDatabaseName(m_path);
    QStringList options{u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_options.busyTimeoutMs)};
    if (m_options.readOnly)
        options << u"QSQLITE_OPEN_READONLY"_s;
    db.setConnectOptions(options.join(u';'));
    m_waitingForLocks = true;
    if (db.open())
        return true;
    *why = describe(db.lastError());
    return false;
}

Problem OutboxStore::setUpSchema(QString *why) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    const auto failed = [&](const QSqlError &error) {
        *why = describe(error);
        return classify(error);
    };
    // FULL: a message is on disk before add() returns, even if the machine loses power next.
    if (!query.exec(u"PRAGMA synchronous = FULL"_s) || !query.exec(u"PRAGMA user_version"_s) || !query.next())
        return failed(query.lastError());
    const int version = query.value(0).toInt();
    query.finish();
    if (version > schemaVersion)
        return Problem::Newer;
    if (version == schemaVersion)
        return Problem::None;
    // Table and version mark belong together: a half-made file must not look finished.
    if (!db.transaction() || !query.exec(version == 1 ? addFirstSent : createTable) ||
        !query.exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion)) || !db.commit()) {
        const QSqlError error = query.lastError().isValid() ? query.lastError() : db.lastError();
        db.rollback();
        return failed(error);
    }
    return Problem::None;
}

// A real write, rolled back: a read-only file, a folder where no journal can be made, or a lock
// another program holds shows now, as one notice, rather than on the first message.
Problem OutboxStore::probeWrite(QString *why) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    const bool ok =
        query.exec(u"BEGIN IMMEDIATE"_s) && query.exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion));
    const QSqlError error = query.lastError();
    query.exec(u"ROLLBACK"_s); // also when BEGIN failed: then there is nothing to roll back
    if (ok)
        return Problem::None;
    *why = describe(error);
    return classify(error);
}

bool OutboxStore::ensureReady() const
{
    // SQLite decides at open whether it can write a file: one made writable since (chmod) shows
    // only to a new connection. The rooms retry with backoff, so this is not done per keystroke.
    if (m_lastProblem == Problem::ReadOnly && !m_options.readOnly) {
        QString why;
        if (!connectToFile(&why)) {
            m_lastError = why;
            return false;
        }
    }
    if (!m_ready) {
        QString why;
        if (const Problem problem = setUpSchema(&why); problem != Problem::None) {
            m_lastError = why;
            m_lastProblem = problem;
            return false;
        }
        m_ready = true;
    }
    return true;
}

QString OutboxStore::describeProblem(Problem problem) const
{
    switch (problem) {
    case Problem::None:
        return {};
    case Problem::Locked:
        return tr("the unsent-messages file %1 is locked by another program").arg(m_path);
    case Problem::ReadOnly:
        return tr("the unsent-messages file %1 cannot be written (a read-only file or folder)").arg(m_path);
    case Problem::Damaged:
        return tr("the unsent-messages file %1 is damaged").arg(m_path);
    case Problem::Newer:
    case Problem::Other:
        break;
    }
    return tr("the unsent-messages file %1 cannot be written: %2").arg(m_path, m_lastError);
}
