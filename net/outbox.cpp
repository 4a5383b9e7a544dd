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
    if (!m_store)
        return;
    const QList<OutboxEntry> kept = m_store->entries(m_profileKey, m_room);
    for (const OutboxEntry &entry : kept) {
        if (!find(entry.clientId))
            m_entries.append(entry);
    }
    // Messages written before the store was attached are kept too.
    for (const OutboxEntry &entry : std::as_const(m_entries))
        m_store->add(m_profileKey, m_room, entry);
}

OutboxEntry Outbox::add(const QString &text, qint64 sentMs)
{
    OutboxEntry entry;
    entry.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.text = text;
    entry.createdMs = QDateTime::currentMSecsSinceEpoch();
    entry.firstSentMs = sentMs;
    m_entries.append(entry);
    if (m_store && !m_store->add(m_profileKey, m_room, entry))
        qCWarning(lcRoom) << m_room << "could not save an outgoing message:" << m_store->lastError();
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
    if (removed > 0 && m_store)
        m_store->remove(m_profileKey, m_room, clientId);
    return removed > 0;
}

void Outbox::markFailed(const QString &clientId, const QString &reason)
{
    for (OutboxEntry &entry : m_entries) {
        if (entry.clientId == clientId) {
            entry.state = OutboxEntry::State::Failed;
            entry.failureReason = reason;
            if (m_store)
                m_store->markFailed(m_profileKey, m_room, clientId, reason);
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
            if (m_store)
                m_store->markPending(m_profileKey, m_room, clientId);
            return true;
        }
    }
    return false;
}

void Outbox::discard(const QString &clientId)
{
    m_entries.removeIf([&](const OutboxEntry &e) { return e.clientId == clientId; });
    if (m_store)
        m_store->remove(m_profileKey, m_room, clientId);
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
            if (m_store)
                m_store->markSent(m_profileKey, m_room, clientId, nowMs);
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
