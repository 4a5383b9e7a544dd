#include "outbox.h"

#include "logging.h"

#include <QDateTime>
#include <QUuid>

Outbox::Outbox(const QString &room)
    : m_room(room)
{}

void Outbox::attach(OutboxStore *store, const QString &profileKey)
{
    m_store = store;
    m_profileKey = profileKey;
    m_unsynced.clear();
    m_owedRemovals.clear();
    if (!m_store)
        return;
    m_loaded = false;
    // Messages written before the store was attached are kept too.
    for (const OutboxEntry &entry : std::as_const(m_entries))
        m_unsynced.insert(entry.clientId, Mirror::Missing);
    saveNow();
}

QList<OutboxEntry> Outbox::saveNow()
{
    QList<OutboxEntry> loaded;
    if (!m_store)
        return loaded;
    if (!m_loaded) {
        const auto kept = m_store->read(m_profileKey, m_room);
        if (!kept)
            return loaded;
        m_loaded = true;
        for (const OutboxEntry &entry : *kept) {
            if (!find(entry.clientId))
                loaded.append(entry);
        }
        m_entries = loaded + m_entries;
    }
    while (!m_owedRemovals.isEmpty()) {
        if (!m_store->remove(m_profileKey, m_room, m_owedRemovals.constFirst()))
            return loaded;
        m_owedRemovals.removeFirst();
    }
    // In send order, so that the store's order (its seq) stays the order of sending.
    for (qsizetype i = 0; i < m_entries.size() && !m_unsynced.isEmpty(); ++i) {
        const OutboxEntry &entry = m_entries.at(i);
        if (!m_unsynced.contains(entry.clientId))
            continue;
        if (!m_store->save(m_profileKey, m_room, entry)) {
            // The store warns once per outage; this is every try.
            qCDebug(lcRoom) << m_room
                            << "could not save an outgoing message, will try again:" << m_store->lastError();
            return loaded;
        }
        m_unsynced.remove(entry.clientId);
    }
    return loaded;
}

bool Outbox::needsSaving() const
{
    return m_store && (!m_loaded || !m_unsynced.isEmpty() || !m_owedRemovals.isEmpty());
}

QStringList Outbox::unsaved() const
{
    QStringList result;
    for (const OutboxEntry &entry : m_entries) {
        if (m_unsynced.value(entry.clientId, Mirror::Stale) == Mirror::Missing)
            result.append(entry.clientId);
    }
    return result;
}

bool Outbox::isSaved(const QString &clientId) const
{
    return m_store && m_unsynced.value(clientId, Mirror::Stale) != Mirror::Missing;
}

// Every change is written at once unless earlier ones are still owed: then the store refused a
// moment ago, and the room's retry timer tries again rather than each message waiting for a lock.
void Outbox::changed(const QString &clientId)
{
    if (!m_store)
        return;
    const bool backlog = needsSaving();
    if (!m_unsynced.contains(clientId))
        m_unsynced.insert(clientId, Mirror::Stale);
    if (!backlog)
        saveNow();
}

void Outbox::forget(const QString &clientId)
{
    if (!m_store)
        return;
    const bool backlog = needsSaving();
    // A message the store never got needs no removing: delivered before it could be saved, done.
    const auto it = m_unsynced.constFind(clientId);
    if (it == m_unsynced.cend() || *it == Mirror::Stale)
        m_owedRemovals.append(clientId);
    if (it != m_unsynced.cend())
        m_unsynced.erase(it);
    if (!backlog)
        saveNow();
}

OutboxEntry Outbox::add(const QString &text, qint64 sentMs)
{
    OutboxEntry entry;
    entry.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.text = text;
    entry.createdMs = QDateTime::currentMSecsSinceEpoch();
    entry.firstSentMs = sentMs;
    m_entries.append(entry);
    if (m_store) {
        const bool backlog = needsSaving();
        m_unsynced.insert(entry.clientId, Mirror::Missing);
        if (!backlog)
            saveNow();
    }
    return entry;
}

const OutboxEntry *Outbox::find(const QString &clientId) const
{
    for (const OutboxEntry &entry : m_entries) {
        if (entry.clientId == clientId)
            return &entry;
    }
    return nullptr;
}

bool Outbox::acknowledge(const QString &clientId)
{
    const auto removed = m_entries.removeIf([&](const OutboxEntry &e) { return e.clientId == clientId; });
    if (removed > 0)
        forget(clientId);
    return removed > 0;
}

void Outbox::markFailed(const QString &clientId, const QString &reason)
{
    for (OutboxEntry &entry : m_entries) {
        if (entry.clientId == clientId) {
            entry.state = OutboxEntry::State::Failed;
            entry.failureReason = reason;
            changed(clientId);
        }
    }
}

bool Outbox::retry(const QString &clientId)
{
    for (OutboxEntry &entry : m_entries) {
        if (entry.clientId == clientId && entry.state == OutboxEntry::State::Failed) {
            entry.state = OutboxEntry::State::Pending;
            entry.failureReason.clear();
            entry.firstSentMs = 0; // the server refused it, so it was not stored: it goes as new
            changed(clientId);
            return true;
        }
    }
    return false;
}

void Outbox::discard(const QString &clientId)
{
    if (m_entries.removeIf([&](const OutboxEntry &e) { return e.clientId == clientId; }) > 0)
        forget(clientId);
}

QList<OutboxEntry> Outbox::pending() const
{
    QList<OutboxEntry> result;
    for (const OutboxEntry &entry : m_entries) {
        if (entry.state == OutboxEntry::State::Pending)
            result.append(entry);
    }
    return result;
}

QList<OutboxEntry> Outbox::inFlight() const
{
    QList<OutboxEntry> result;
    for (const OutboxEntry &entry : m_entries) {
        if (entry.state == OutboxEntry::State::Pending && entry.firstSentMs > 0)
            result.append(entry);
    }
    return result;
}

void Outbox::markSent(const QString &clientId, qint64 nowMs)
{
    for (OutboxEntry &entry : m_entries) {
        if (entry.clientId == clientId && entry.firstSentMs == 0) {
            entry.firstSentMs = nowMs;
            changed(clientId);
        }
    }
}

QString Outbox::matchStored(const ChatMessage &message, const QString &ownUser, qint64 skewMs) const
{
    // Without a readable time, an old message of ours with the same text could not be told from
    // the stored copy of a new one: no match (the message is then sent again).
    if (ownUser.isEmpty() || message.user != ownUser || !message.createdAt.isValid())
        return {};
    const qint64 createdMs = message.createdAt.toMSecsSinceEpoch();
    for (const OutboxEntry &entry : m_entries) {
        if (entry.state == OutboxEntry::State::Pending && entry.firstSentMs > 0 &&
            entry.text == message.text && createdMs >= entry.firstSentMs - skewMs)
            return entry.clientId;
    }
    return {};
}
