#pragma once

// A room's messages that the server has not acknowledged: each has a client id and stays until
// the server's broadcast with that id comes back, or until the user deletes it. Mirrored into an
// OutboxStore when one is given, so they survive a crash or a quit. The list here is the truth: a
// write the store refuses (locked, read-only) leaves the message here, still sent, and owed to the
// store until saveNow() gets it there; one delivered before that needs no saving at all.
#include "outboxstore.h"

#include "chatmessage.h"

#include <QHash>
#include <QList>

class Outbox
{
public:
    explicit Outbox(const QString &room);

    // Loads what the store kept for this room and account and saves what was queued before; later
    // changes are written through.
    void attach(OutboxStore *store, const QString &profileKey);

    // sentMs: when it goes out at once (saves a second write), 0 while it waits.
    OutboxEntry add(const QString &text, qint64 sentMs = 0);
    // True when the client id was ours and is now settled.
    bool acknowledge(const QString &clientId);
    void markFailed(const QString &clientId, const QString &reason);
    bool retry(const QString &clientId); // back to pending, keeping its place
    // It went out on a socket at nowMs (ms since the epoch); the first time is kept.
    void markSent(const QString &clientId, qint64 nowMs);

    // The pending message that `message` (a server frame without our client id) is the stored copy
    // of, or empty: the oldest one that went out, whose text is the same, from us (ownUser), and
    // whose created_at is no earlier than our first send of it less skewMs. README, "Delivery".
    QString matchStored(const ChatMessage &message, const QString &ownUser, qint64 skewMs) const;
    void discard(const QString &clientId);

    QList<OutboxEntry> entries() const { return m_entries; }
    QList<OutboxEntry> pending() const;
    // Pending ones that went out on a socket and have no echo yet: the server may have stored them.
    QList<OutboxEntry> inFlight() const;
    int size() const { return int(m_entries.size()); }
    const OutboxEntry *find(const QString &clientId) const;

    // Messages the store does not hold at all (lost if the app quits now), in send order.
    QStringList unsaved() const;
    bool isSaved(const QString &clientId) const;
    // Something is owed to the store: a refused write, or a read that failed at attach().
    bool needsSaving() const;
    // Tries again what the store refused, oldest first, stopping at the first refusal (one wait for
    // a lock at most). Returns what the store kept from before and could only be read now; those
    // come first in entries(), as they are older than anything this run added.
    QList<OutboxEntry> saveNow();
    QString saveProblem() const { return m_store ? m_store->lastProblemText() : QString(); }

private:
    // How an entry's copy in the store differs; an entry that is not in m_unsynced is saved.
    enum class Mirror { Missing, Stale };
    void changed(const QString &clientId);
    void forget(const QString &clientId);

    QString m_room;
    OutboxStore *m_store = nullptr;
    QString m_profileKey;
    QList<OutboxEntry> m_entries;
    QHash<QString, Mirror> m_unsynced;
    QStringList m_owedRemovals; // client ids whose rows are still in the store
    bool m_loaded = true;       // false while the store's copy could not be read
};
