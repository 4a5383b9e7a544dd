// The message store's reads: from the file on the caller's thread (its own connection, in WAL mode
// the writer does not hold it up), together with what is queued or being written.
#include "messagestore_p.h"

#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

const QString columns = QString::fromUtf16(MessageStoreSql::Columns);

// `stored` (oldest first) and after it the `unwritten` ones not in it already (by server id): the
// writer may have been given a message the file has (ids are kept once per room).
QList<ChatMessage> joined(QList<ChatMessage> stored, const QList<ChatMessage> &unwritten)
{
    if (unwritten.isEmpty())
        return stored;
    QSet<QString> ids;
    for (const ChatMessage &message : std::as_const(stored)) {
        if (!message.id.isEmpty())
            ids.insert(message.id);
    }
    for (const ChatMessage &message : unwritten) {
        if (!message.id.isEmpty()) {
            if (ids.contains(message.id))
                continue;
            ids.insert(message.id);
        }
        stored.append(message);
    }
    return stored;
}

QList<ChatMessage> newest(QList<ChatMessage> messages, int limit)
{
    if (messages.size() > limit)
        messages.remove(0, messages.size() - limit);
    return messages;
}

// A needle for LIKE: its own % and _ taken literally.
QString likePattern(const QString &needle)
{
    QString escaped = needle;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

// A needle for FTS5 MATCH: one phrase, its quotes doubled, so nothing in it is query syntax. With
// the trigram tokenizer a phrase matches wherever the needle is a substring.
QString phrase(const QString &needle)
{
    QString escaped = needle;
    return u'"' + escaped.replace(u'"', u"\"\""_s) + u'"';
}

} // namespace

std::optional<QSqlQuery> MessageStore::Private::read(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(QSqlDatabase::database(readConnection, false));
    query.setForwardOnly(true);
    bool ok = query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    ok = ok && query.exec();
    if (ok)
        return query;
    const QSqlError error = query.lastError();
    reportProblem(OutboxStore::classify(error), error.text().trimmed());
    return std::nullopt;
}

QList<ChatMessage> MessageStore::Private::messages(QSqlQuery &query)
{
    QList<ChatMessage> found;
    while (query.next())
        found.append(MessageStoreSql::rowToMessage(query));
    return found;
}

QList<ChatMessage> MessageStore::latest(const QString &room, int limit) const
{
    if (!isOpen() || limit <= 0)
        return {};
    QMutexLocker lock(&d->commitMutex);
    auto query = d->read(u"SELECT %1 FROM messages WHERE room = ? ORDER BY pos DESC LIMIT ?"_s.arg(columns),
                         {room, limit});
    if (!query)
        return {};
    QList<ChatMessage> stored = Private::messages(*query);
    std::reverse(stored.begin(), stored.end());
    return newest(joined(stored, d->unwritten(room)), limit);
}

QList<ChatMessage> MessageStore::before(const QString &room, const QString &serverId, int limit) const
{
    if (!isOpen() || limit <= 0 || serverId.isEmpty())
        return {};
    QMutexLocker lock(&d->commitMutex);
    auto query = d->read(u"SELECT pos FROM messages WHERE room = ? AND server_id = ?"_s, {room, serverId});
    if (!query)
        return {};
    if (query->next()) {
        const double pos = query->value(0).toDouble();
        query = d->read(
            u"SELECT %1 FROM messages WHERE room = ? AND pos < ? ORDER BY pos DESC LIMIT ?"_s.arg(columns),
            {room, pos, limit});
        if (!query)
            return {};
        QList<ChatMessage> stored = Private::messages(*query);
        std::reverse(stored.begin(), stored.end());
        return stored;
    }
    // Not written yet: the file's newest and what was queued before it.
    QList<ChatMessage> unwritten = d->unwritten(room);
    const auto at = std::find_if(unwritten.cbegin(), unwritten.cend(),
                                 [&serverId](const ChatMessage &message) { return message.id == serverId; });
    if (at == unwritten.cend())
        return {};
    unwritten.erase(at, unwritten.cend());
    query = d->read(u"SELECT %1 FROM messages WHERE room = ? ORDER BY pos DESC LIMIT ?"_s.arg(columns),
                    {room, limit});
    if (!query)
        return {};
    QList<ChatMessage> stored = Private::messages(*query);
    std::reverse(stored.begin(), stored.end());
    return newest(joined(stored, unwritten), limit);
}

QList<ChatMessage> MessageStore::search(const QString &room, const QString &needle, int limit) const
{
    if (!isOpen() || limit <= 0 || needle.isEmpty())
        return {};
    QMutexLocker lock(&d->commitMutex);
    // Trigrams need 3 characters (code points, not UTF-16 units); a shorter needle scans the room,
    // newest first, which stops after `limit` matches: a short needle matches often.
    std::optional<QSqlQuery> query;
    const bool shortNeedle = needle.toUcs4().size() < 3;
    if (d->hasFts && !shortNeedle) {
        // The index hands out matches by rowid, the order they were written: newest written first
        // stops after `limit` without reading the rest (under 1 ms for 100,000, BENCHMARKS.md), where
        // the room's order would read and sort every match. The page is then put in the room's order.
        query = d->read(u"SELECT %1 FROM (SELECT m.* FROM messages_text JOIN messages m ON m.seq = "
                        "messages_text.rowid WHERE messages_text MATCH ? AND m.room = ? "
                        "ORDER BY messages_text.rowid DESC LIMIT ?) ORDER BY pos DESC"_s.arg(columns),
                        {phrase(needle), room, limit});
    } else {
        // LIKE ignores case for ASCII letters only; the trigram index folds all of Unicode.
        query = d->read(
            u"SELECT %1 FROM messages WHERE room = ? AND text LIKE ? ESCAPE '\\' AND pos >= "
            "COALESCE((SELECT pos FROM messages WHERE room = ? ORDER BY pos DESC LIMIT 1 OFFSET ?), -1e300) "
            "ORDER BY pos DESC LIMIT ?"_s.arg(columns),
            {room, likePattern(needle), room,
             shortNeedle ? ShortNeedleScope - 1 : std::numeric_limits<int>::max(), limit});
    }
    if (!query)
        return {};
    QList<ChatMessage> found = Private::messages(*query); // newest first
    QList<ChatMessage> unwritten = d->unwritten(room);
    lock.unlock();
    unwritten.removeIf([&needle](const ChatMessage &message) {
        return !message.text.contains(needle, Qt::CaseInsensitive);
    });
    if (unwritten.isEmpty())
        return found;
    // The unwritten ones are the newest: first, newest first, then the file's.
    std::reverse(found.begin(), found.end());
    QList<ChatMessage> all = joined(found, unwritten);
    std::reverse(all.begin(), all.end());
    return all.mid(0, limit);
}

qsizetype MessageStore::count(const QString &room) const
{
    if (!isOpen())
        return 0;
    QMutexLocker lock(&d->commitMutex);
    auto query = d->read(u"SELECT COUNT(*) FROM messages WHERE room = ?"_s, {room});
    if (!query || !query->next())
        return 0;
    return query->value(0).toLongLong() + d->unwritten(room).size();
}

QStringList MessageStore::rooms() const
{
    if (!isOpen())
        return {};
    QMutexLocker lock(&d->commitMutex);
    auto query = d->read(u"SELECT DISTINCT room FROM messages"_s, {});
    if (!query)
        return {};
    QSet<QString> names;
    while (query->next())
        names.insert(query->value(0).toString());
    for (const QueuedMessage &queued : std::as_const(d->inFlight))
        names.insert(queued.room);
    QMutexLocker queueLock(&d->queueMutex);
    for (const QueuedMessage &queued : std::as_const(d->queue))
        names.insert(queued.room);
    QStringList sorted = names.values();
    sorted.sort();
    return sorted;
}
