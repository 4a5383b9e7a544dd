#pragma once

// The messages of one room, oldest first. Own messages appear at once as pending and are
// settled in place when the server's echo with the same client id arrives; a message seen
// twice (history sent again on every join) is shown once: the room drops repeats before they get
// here (RoomConnection's seen ids, the one set). Failed ones say why until retried
// or deleted; ones the outbox file refused say they are not saved until it takes them or the
// server has them. A message too large to keep (ChatMessage::omittedBytes) is a placeholder row
// that says how large it was. Incoming messages can be queued: a burst that arrives within one
// pass of the event loop becomes one insertion, so a view relayouts once, not once per message.
// Under a flood, insertions come at most every FlushGapMs, and only the newest maxRows() rows
// are kept (own unsent ones always), so a view's relayout and paint stay bounded work.
#include "chatmessage.h"
#include "outbox.h"

#include <QAbstractListModel>
#include <QDate>
#include <QSet>
#include <QTimer>

#include <functional>
#include <limits>

class MessageModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        UserRole = Qt::UserRole + 1,
        TimeRole,
        OwnRole,
        PendingRole,
        ClientIdRole,
        FailedRole,
        DaySeparatorRole, // non-empty ("Today", a date) on the first message of a day
        CreatedAtRole,    // the server's time as a QDateTime; invalid when it gave none we can read
        OmittedRole,      // true when the text was too large to keep and a placeholder stands in
        OlderDroppedRole, // true on the first row when older rows were dropped (maxRows())
        NotSavedRole,     // own unsent message the outbox file refused: a note saying so, else empty
        KindRole,         // RowKind: a chat message, or a row the client adds to say something
        ServerIdRole,     // the server's id of a received message; empty for any other row
    };
    // What a row is. Only Message rows are messages; the others are the client's own words.
    enum class RowKind {
        Message,
        ServerNotice, // the server's {"error": ...} answer, shown in its words (untrusted text)
        Gap,          // "Earlier messages may be missing": history did not reach back to what we had
        LoadingOlder, // the spinner row while older messages are fetched
    };
    Q_ENUM(RowKind)

    // 5,000 rows: about 2.3 MB at the 457 B a message of BENCHMARKS.md (memory per message). The
    // bound that matters more is time: a view measures every new row when it lays out, and under a
    // flood each insertion can bring a whole cap of new ones (5,000: 30-45 ms here), which must fit
    // in the 100 ms between paints. Still days of a busy room, and more than a history window.
    static constexpr int DefaultMaxRows = 5000;
    // Insertions under a flood are at least this far apart, so a view lays out and paints a few
    // dozen times a second rather than on every pass of the event loop; a message after a quiet
    // spell is still inserted on the next pass.
    static constexpr int FlushGapMs = 30;
    // The most of a server's notice that is shown (a frame can be megabytes).
    static constexpr qsizetype MaxNoticeLength = 500;
    using Clock = std::function<qint64()>; // monotonic milliseconds

    explicit MessageModel(const QString &ownUser, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // Only message rows can be selected (and copied); the client's own rows cannot.
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    void addPending(const QString &clientId, const QString &text);
    // Own messages kept from an earlier run (or queued before the room had a model): pending, or
    // failed with their reason.
    void addUnsent(const QList<OutboxEntry> &entries);
    // A server's {"error": ...} answer as a row of its own (RowKind::ServerNotice), in its words.
    void addServerNotice(const QString &serverWords);
    // Inserted at once (anything queued goes first, to keep the order).
    void addReceived(const ChatMessage &message);
    // One rowsInserted for all the new ones; echoes of own messages settle in place.
    void addReceivedBatch(const QList<ChatMessage> &messages);
    // Messages kept from earlier (the local store), oldest first: shown as received ones, above any
    // row already there, before the network has answered. A message shown here is not shown again
    // when the server sends it (same server id).
    void addStored(const QList<ChatMessage> &messages);
    // Inserted together with everything else queued, on the next pass of the event loop.
    void queueReceived(const ChatMessage &message);
    void flushQueued();
    // A message the server refused or could not take: shown with the reason, retry or delete.
    void markFailed(const QString &clientId, const QString &reason);
    void markPending(const QString &clientId);
    void removeMessage(const QString &clientId);
    // An own message that exists only in memory (RoomConnection::messageNotSaved) until the outbox
    // file takes it or the server has it; the row says it would be lost if the app quit.
    void markNotSaved(const QString &clientId);
    void markSaved(const QString &clientId);
    qsizetype notSavedCount() const { return m_notSaved.size(); }

    static QString dayLabel(const QDate &day);

    // Scroll-back and gaps (messagemodelhistory.cpp). The client's own rows say what is missing
    // (RowKind::Gap, above the first message after it) or coming (RowKind::LoadingOlder, the top row
    // while older messages load). Messages already shown (same server id) are never inserted twice.
    // The server id of the oldest message row: the next older page ends before it. Empty when none.
    QString oldestServerId() const;
    // Older messages, oldest first, all older than the first row: inserted above the rows there
    // (below the spinner). Only as many as fit under maxRows(), the newest of them: rows are never
    // dropped for older ones. How many were inserted.
    int insertOlder(const QList<ChatMessage> &messages);
    bool hasRoomForOlder() const { return m_rows.size() < m_maxRows; }
    void setLoadingOlder(bool loading);
    bool isLoadingOlder() const;
    // "Earlier messages may be missing" above the message with this server id
    // (RoomConnection::gapDetected); queued messages are inserted first, so it may be one of them.
    void insertGap(const QString &beforeServerId);
    // The open gaps, each by the server id of the message below it, top down.
    QStringList gaps() const;
    // The row of the gap above this message, or -1.
    int gapRow(const QString &beforeServerId) const;
    // The gap row says "Loading…" while its messages are fetched.
    void setGapLoading(const QString &beforeServerId, bool loading);
    // The messages before the gap's (oldest first) go into the gap. When they reach a message
    // already shown, or there are none (nothing older), the gap is closed: its row goes. Otherwise
    // the gap now lies above the first of them. True when the gap is closed.
    bool fillGap(const QString &beforeServerId, const QList<ChatMessage> &messages);

    // The most rows kept; beyond it the oldest are dropped, own pending or failed ones never.
    // There is no local store yet (a later issue adds one), so dropped rows are gone from the
    // client; the first row says so (OlderDroppedRole and its day separator).
    int maxRows() const { return m_maxRows; }
    void setMaxRows(int rows);
    qint64 droppedCount() const { return m_dropped; }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    // The names seen in this room, for telling look-alike names apart.
    const QSet<QString> &users() const { return m_users; }

private:
    // One message as the view needs it. Kept small: a busy room holds a great many (BENCHMARKS.md,
    // memory per message), so the date text is kept only when it could not be read as a date. The
    // server's id is kept (shared with the decoded frame's string): scroll-back asks for what came
    // before the oldest row, and a gap is filled up to the message below it.
    struct Row
    {
        QString text; // omitted: the size in UTF-8 bytes, as digits (formatted when shown)
        QString user; // one shared copy per sender (m_users)
        QString clientId;
        // pending: why it was not sent (empty while sending); received: the server's date text,
        // kept only when it is not ISO 8601
        QString note;
        QDateTime createdAt;
        QDate day; // local day it was written (or arrived, when the server gives no date)
        bool pending = false;
        bool omitted = false;            // beside pending: fits in the padding, the row grows by nothing
        RowKind kind = RowKind::Message; // and so does this
        // The server's id (a gap: that of the message below it). Where scroll-back and gaps continue.
        QString serverId;
    };
    Row makeRow(const ChatMessage &message, bool pending);
    // messagemodelhistory.cpp
    QVariant historyRowData(const Row &row, int role) const;
    QSet<QString> shownServerIds() const;
    int messageRow(const QString &serverId) const;
    QVariant noticeData(const Row &row, int role) const;
    QDate localDay(const QDateTime &time);
    void rowChanged(int row);
    void dropOldest(qsizetype count);
    void reindexClientIds();
    qint64 now() const;
    QSet<QString> m_users; // one shared copy of each sender's name
    QString m_ownUser;
    QList<Row> m_rows;
    QHash<QString, int> m_rowByClientId;
    QSet<QString> m_notSaved; // client ids of pending rows the outbox file refused; rarely any
    // The local day last worked out and the instants it spans [start, end) in ms since the epoch:
    // a burst of messages of the same day needs no time zone conversion each.
    QDate m_cachedDay;
    qint64 m_cachedDayStartMs = 0;
    qint64 m_cachedDayEndMs = 0;
    QList<ChatMessage> m_queue;
    QTimer m_flushTimer;
    Clock m_clock;
    qint64 m_lastFlushMs = std::numeric_limits<qint64>::min() / 2;
    int m_maxRows = DefaultMaxRows;
    qint64 m_dropped = 0;
};
