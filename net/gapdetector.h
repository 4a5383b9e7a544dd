#pragma once

// Tells when a (re)join's history does not reach back to the newest message the room already had
// (from earlier in this run, or shown from the local store): the server replays only its newest
// messages on a join, and whatever was said between those and ours is missing. The first message
// of a join decides: one the room had already means the history overlaps what we had; a new one,
// newer than ours, means there is a gap just before it. A value type fed by RoomConnection, so the
// rule is tested without sockets.
#include <QString>

#include <optional>

class GapDetector
{
public:
    // The first message must come within this long of the join to be part of its history (a
    // server with an empty history sends nothing, and a message minutes later is live).
    static constexpr qint64 HistoryWindowMs = 3000;

    // A message the room has (passed on, or shown from the store). The newest one counts: plain
    // integer ids by value, others in the order they came.
    void noteKnown(const QString &id);
    QString newestKnown() const { return m_newest; }

    // A socket opened: the next messages are its history.
    void joined(qint64 nowMs);
    // Each message as it came, with whether the room had it already. The server id of the first
    // message after a gap, at most once per join; nullopt otherwise.
    std::optional<QString> onMessage(const QString &id, bool alreadyKnown, qint64 nowMs);

private:
    QString m_newest;
    QString m_expected; // the newest known when the socket opened
    bool m_checking = false;
    qint64 m_joinedAtMs = 0;
};
