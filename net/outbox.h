#pragma once

// A room's messages that the server has not acknowledged: each has a client id and stays until
// the server's broadcast with that id comes back, or until the user deletes it. Mirrored into an
// OutboxStore when one is given, so they survive a crash or a quit.
#include "outboxstore.h"

#include <QList>

class Outbox
{
public:
    explicit Outbox(const QString &room);

    // Loads what the store kept for this room and account; later changes are written through.
    void attach(OutboxStore *store, const QString &profileKey);

    OutboxEntry add(const QString &text);
    // True when the client id was ours and is now settled.
    bool acknowledge(const QString &clientId);
    void markFailed(const QString &clientId, const QString &reason);
    bool retry(const QString &clientId); // back to pending, keeping its place
    void discard(const QString &clientId);

    QList<OutboxEntry> entries() const { return m_entries; }
    QList<OutboxEntry> pending() const;
    int size() const { return int(m_entries.size()); }
    const OutboxEntry *find(const QString &clientId) const;

private:
    QString m_room;
    OutboxStore *m_store = nullptr;
    QString m_profileKey;
    QList<OutboxEntry> m_entries;
};
