#pragma once

// The local copy of received messages (README, "Local message store"): one SQLite file per account
// (server origin + user), mode 0600, beside the outbox. Holds what the rooms received, newest
// maxPerRoom() per room, so the window opens on the last conversation before the network answers,
// offline too, and find searches more than the rows in memory. Holds message texts only, never a
// token or a password.
//
// Writes are queued and written in batches, off the hot path of an inbound burst; reads answer from
// the file and what is still queued. Ids: a message with a server id is kept once per room (a second
// append of the same id is ignored); one without is kept as it came.
//
// A store that cannot be used (corrupt, locked, read-only, no folder) reports it once with
// problem() and then does nothing: every read is empty, every write dropped; the app runs on
// without it and nothing else is lost.
#include "chatmessage.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

struct ServerProfile;

class MessageStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultMaxPerRoom = 20000;
    // Appends wait to be written together, in one transaction, on a thread of the store's own: a
    // batch goes once nothing more came in for BatchDelayMs (a burst is stored after the window has
    // taken it in, not while), and at the latest MaxBatchDelayMs after its first message (a flood
    // that does not stop is stored every MaxBatchDelayMs).
    static constexpr int BatchDelayMs = 250;
    static constexpr int MaxBatchDelayMs = 2000;

    explicit MessageStore(QObject *parent = nullptr);
    ~MessageStore() override;

    // The file of this account under dataDir (QStandardPaths::AppDataLocation in the app): the
    // name is a hash of the server's origin and the user, so neither shows in a file listing.
    static QString pathFor(const QString &dataDir, const ServerProfile &profile, const QString &user);
    // Every account file of this server under dataDir (all users), for "Forget this server".
    static QStringList pathsForServer(const QString &dataDir, const ServerProfile &profile);
    // Deletes an account's file (and SQLite's -wal/-shm beside it); true when none is left.
    static bool deleteFile(const QString &path);

    // Opens or creates the file (mode 0600). False with a sentence for the user in *error (and
    // problem() emitted once) when it cannot be used; the store is then inert.
    bool open(const QString &path, QString *error = nullptr);
    bool isOpen() const;
    QString path() const;
    void close(); // writes what is queued, then closes

    // True when search() uses the full-text index (SQLite's FTS5 with the trigram tokenizer) for a
    // needle of 3 characters or more; otherwise it scans the room's messages (LIKE).
    bool hasFullTextIndex() const;

    int maxPerRoom() const;
    void setMaxPerRoom(int messages); // older ones are deleted as newer arrive

    // Queued; written within a short while in one transaction with everything else queued.
    void append(const QString &room, const ChatMessage &message);
    void append(const QString &room, const QList<ChatMessage> &messages);
    // Messages from before the one with this server id (scroll-back, a gap filled from the server),
    // oldest first: stored in their place, before it, not as the room's newest. When that id is not
    // stored, before the room's oldest. Queued like append(); latest() does not wait for them.
    void insertBefore(const QString &room, const QString &serverId, const QList<ChatMessage> &messages);
    void flush(); // writes everything queued now (quit, tests)

    // The newest `limit` messages of the room, oldest first (in the room's order: as they arrived,
    // older ones from insertBefore() in their place).
    QList<ChatMessage> latest(const QString &room, int limit) const;
    // Up to `limit` messages stored before the one with this server id, oldest first.
    QList<ChatMessage> before(const QString &room, const QString &serverId, int limit) const;
    // Messages of the room whose text contains `needle` (case-insensitive), newest first, at most
    // `limit`. With more matches than `limit`, those kept are the last stored (for live messages the
    // newest; older ones stored by insertBefore() count as stored when they were). A needle of 3 characters
    // or more uses the full-text index (well under 20 ms in a room of 100,000, BENCHMARKS.md); a shorter one,
    // which no index serves, looks through the newest ShortNeedleScope messages of the room only, so that it
    // too answers while the user types.
    static constexpr int ShortNeedleScope = 20000;
    QList<ChatMessage> search(const QString &room, const QString &needle, int limit) const;
    qsizetype count(const QString &room) const;
    QStringList rooms() const;
    // Deletes everything of the room (the user left it and asked to forget it) or of the account.
    void removeRoom(const QString &room);
    void removeAll();

Q_SIGNALS:
    // The store stopped working (corrupt, locked, full disk): once, a sentence for the user.
    void problem(const QString &sentence);

public:
    struct Private; // messagestore_p.h, shared with the writer thread

private:
    std::unique_ptr<Private> d;
};
