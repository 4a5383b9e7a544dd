// RoomConnection's side of keeping messages on disk (issue 13): the store may refuse a write (the
// file locked by another program, read-only, damaged). The message then stays in the outbox in
// memory and is sent all the same; the room says which messages are not saved, tries the store
// again with backoff until it takes them, and sends what the store could only be read for late.
#include "roomconnection.h"

#include "logging.h"

#include <algorithm>

void RoomConnection::reviewSavingSoon()
{
    // One review per event-loop turn, after the caller is done: send() returns the client id first,
    // so the signals name a message its listener already knows.
    if (std::exchange(m_savingReviewPosted, true))
        return;
    QMetaObject::invokeMethod(this, &RoomConnection::reviewSaving, Qt::QueuedConnection);
}

void RoomConnection::reviewSaving()
{
    m_savingReviewPosted = false;
    const QStringList unsaved = m_outbox.unsaved();
    for (const QString &clientId : unsaved) {
        if (!m_reportedUnsaved.contains(clientId)) {
            m_reportedUnsaved.insert(clientId);
            Q_EMIT messageNotSaved(clientId, m_outbox.saveProblem());
        }
    }
    for (const QString &clientId : QStringList(m_reportedUnsaved.cbegin(), m_reportedUnsaved.cend())) {
        if (unsaved.contains(clientId))
            continue;
        m_reportedUnsaved.remove(clientId);
        if (m_outbox.find(clientId))
            Q_EMIT messageSaved(clientId); // else delivered or deleted before it could be saved
    }
    if (!m_outbox.needsSaving()) {
        m_saveRetryTimer.stop();
        m_saveRetries = 0;
    } else if (!m_saveRetryTimer.isActive()) {
        const int shift = std::min(m_saveRetries, 20);
        const qint64 delay = std::min<qint64>(m_saveRetryCapMs, qint64(m_saveRetryFirstMs) << shift);
        m_saveRetryTimer.start(std::chrono::milliseconds(delay));
    }
}

void RoomConnection::onSaveRetryDue()
{
    ++m_saveRetries;
    const QList<OutboxEntry> loaded = m_outbox.saveNow();
    if (!loaded.isEmpty()) {
        qCInfo(lcRoom) << m_room << loaded.size()
                       << "unsent message(s) from before read from the outbox file";
        Q_EMIT unsentMessagesLoaded(loaded);
        sendLoaded(loaded);
    }
    reviewSaving();
}

void RoomConnection::sendLoaded(const QList<OutboxEntry> &loaded)
{
    // While closed, the next open sends them (onOpened); while a handover or a reconcile is under
    // way, the flush at its end sends what never went out.
    if (!canSendNow())
        return;
    QStringList inFlight;
    for (const OutboxEntry &entry : loaded) {
        if (entry.state != OutboxEntry::State::Pending)
            continue;
        if (entry.firstSentMs == 0)
            sendEntry(entry);
        else
            inFlight << entry.clientId;
    }
    // Sent by the run before and never echoed: this join's history is already in, so they go again
    // after the quiet time unless an echo comes (at least once beats lost).
    if (!inFlight.isEmpty())
        beginReconcile(inFlight);
}
