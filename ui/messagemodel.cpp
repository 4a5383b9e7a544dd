#include "messagemodel.h"

#include "untrustedtext.h"

#include <QLocale>

#include <chrono>

using namespace Qt::StringLiterals;

MessageModel::MessageModel(const QString &ownUser, QObject *parent)
    : QAbstractListModel(parent)
    , m_ownUser(ownUser)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &MessageModel::flushQueued);
}

qint64 MessageModel::now() const
{
    if (m_clock)
        return m_clock();
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString MessageModel::dayLabel(const QDate &day)
{
    const QDate today = QDate::currentDate();
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (row.kind == RowKind::Gap || row.kind == RowKind::LoadingOlder)
        return historyRowData(row, role);
    if (row.kind == RowKind::ServerNotice) {
        if (QVariant notice = noticeData(row, role); notice.isValid())
            return notice;
    }
    switch (role) {
    case Qt::DisplayRole:
        if (row.omitted) {
            return tr("a message too large to show (%1)")
                .arg(QLocale().formattedDataSize(row.text.toLongLong(), 1, QLocale::DataSizeIecFormat));
        }
        return row.text;
    case UserRole:
        return row.user;
    case TimeRole:
        if (row.pending) {
            return row.note.isEmpty() ? tr("sending…")
                                      : tr("not sent: %1 (right-click to retry or delete)").arg(row.note);
        }
        return ChatMessage::displayTime(row.createdAt, row.note);
    case FailedRole:
        return row.pending && !row.note.isEmpty();
    case OwnRole:
        return row.user == m_ownUser;
    case PendingRole:
        return row.pending;
    case ClientIdRole:
        return row.clientId;
    case DaySeparatorRole:
        if (index.row() > 0 && m_rows.at(index.row() - 1).day == row.day)
            return QString();
        if (index.row() == 0 && m_dropped > 0)
            return tr("%1 · older messages are not kept in memory").arg(dayLabel(row.day));
        return dayLabel(row.day);
    case OlderDroppedRole:
        return index.row() == 0 && m_dropped > 0;
    case CreatedAtRole:
        return row.createdAt;
    case OmittedRole:
        return row.omitted;
    case KindRole:
        return QVariant::fromValue(row.kind);
    case ServerIdRole:
        return row.serverId;
    case NotSavedRole:
        if (m_notSaved.isEmpty() || !row.pending || !m_notSaved.contains(row.clientId))
            return QString();
        return tr("not saved: it will be lost if QtChat quits");
    case Qt::ToolTipRole:
        if (row.createdAt.isValid())
            return QLocale().toString(row.createdAt.toLocalTime());
        return row.pending ? QString() : row.note;
    default:
        return {};
    }
}

Qt::ItemFlags MessageModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const QVariant kind = data(index, KindRole);
    if (kind.isValid() && kind.toInt() != int(RowKind::Message))
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(UserRole, "user");
    names.insert(TimeRole, "time");
    names.insert(OwnRole, "own");
    names.insert(PendingRole, "pending");
    names.insert(FailedRole, "failed");
    names.insert(DaySeparatorRole, "daySeparator");
    names.insert(OmittedRole, "omitted");
    names.insert(OlderDroppedRole, "olderDropped");
    names.insert(NotSavedRole, "notSaved");
    return names;
}

QDate MessageModel::localDay(const QDateTime &time)
{
    const qint64 ms = time.toMSecsSinceEpoch();
    if (!m_cachedDay.isValid() || ms < m_cachedDayStartMs || ms >= m_cachedDayEndMs) {
        m_cachedDay = time.toLocalTime().date();
        m_cachedDayStartMs = m_cachedDay.startOfDay().toMSecsSinceEpoch();
        m_cachedDayEndMs = m_cachedDay.addDays(1).startOfDay().toMSecsSinceEpoch();
    }
    return m_cachedDay;
}

MessageModel::Row MessageModel::makeRow(const ChatMessage &message, bool pending)
{
    Row row;
    // The text of an omitted message is empty; its size takes the text's place rather than a field
    // of its own, which every row would pay for.
    row.omitted = message.omittedBytes > 0;
    row.text = row.omitted ? QString::number(message.omittedBytes) : message.text;
    row.user = *m_users.insert(message.user);
    row.clientId = message.clientId;
    row.serverId = message.id;
    if (!pending && !message.createdAt.isValid())
        row.note = message.createdAtText;
    row.createdAt = message.createdAt;
    row.day = message.createdAt.isValid() ? localDay(message.createdAt) : QDate::currentDate();
    row.pending = pending;
    return row;
}

void MessageModel::addPending(const QString &clientId, const QString &text)
{
    flushQueued(); // what arrived before it was typed is shown above it
    ChatMessage message;
    message.text = text;
    message.user = m_ownUser;
    message.clientId = clientId;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(makeRow(message, true));
    m_rowByClientId.insert(clientId, row);
    endInsertRows();
    dropOldest(m_rows.size() - m_maxRows);
}

void MessageModel::addReceived(const ChatMessage &message)
{
    flushQueued();
    addReceivedBatch({message});
}

void MessageModel::queueReceived(const ChatMessage &message)
{
    m_queue.append(message);
    // Started once for the whole burst, never pushed back by the messages after it: under a flood
    // the queue is flushed every FlushGapMs. After a quiet spell, on the next pass as before.
    if (!m_flushTimer.isActive())
        m_flushTimer.start(int(qBound<qint64>(0, m_lastFlushMs + FlushGapMs - now(), qint64(FlushGapMs))));
}

void MessageModel::flushQueued()
{
    m_flushTimer.stop();
    if (m_queue.isEmpty())
        return;
    m_lastFlushMs = now();
    addReceivedBatch(std::exchange(m_queue, {}));
}

void MessageModel::addReceivedBatch(const QList<ChatMessage> &messages)
{
    // The new ones first as pointers: a burst larger than the cap has its oldest part dropped
    // before a row is ever made of it, so a flush is bounded work beyond the seen-id checks.
    QList<const ChatMessage *> fresh;
    int firstChanged = int(m_rows.size());
    int lastChanged = -1;
    for (const ChatMessage &message : messages) {
        if (!message.clientId.isEmpty()) {
            const auto it = m_rowByClientId.constFind(message.clientId);
            if (it != m_rowByClientId.cend()) {
                const int at = *it;
                // Already settled (a resend was echoed twice), or new in this same burst.
                if (at >= m_rows.size() || !m_rows.at(at).pending)
                    continue;
                m_rows[at] = makeRow(message, false);
                m_notSaved.remove(message.clientId); // the server has it: nothing to lose now
                firstChanged = qMin(firstChanged, at);
                lastChanged = qMax(lastChanged, at);
                continue;
            }
            m_rowByClientId.insert(message.clientId, int(m_rows.size() + fresh.size()));
        }
        fresh.append(&message);
    }
    if (lastChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged), index(lastChanged));
    const qsizetype surplus = qMax<qsizetype>(0, fresh.size() - m_maxRows);
    m_dropped += surplus;
    if (fresh.size() > surplus) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(fresh.size() - surplus) - 1);
        for (qsizetype i = surplus; i < fresh.size(); ++i)
            m_rows.append(makeRow(*fresh.at(i), false));
        endInsertRows();
    }
    if (surplus > 0)
        reindexClientIds(); // the client ids of the burst's dropped part pointed past the end
    dropOldest(m_rows.size() - m_maxRows);
}

void MessageModel::addStored(const QList<ChatMessage> &messages)
{
    // Only as many as fit beside the rows there already: the oldest stored ones stay in the store.
    const qsizetype room = qMax<qsizetype>(0, m_maxRows - m_rows.size());
    QList<Row> rows;
    // The room knows them as seen (RoomConnection::rememberSeen): the server's copies are not passed
    // on again. Only an own message already shown here by its client id is left out.
    for (qsizetype i = qMax<qsizetype>(0, messages.size() - room); i < messages.size(); ++i) {
        const ChatMessage &message = messages.at(i);
        if (message.clientId.isEmpty() || !m_rowByClientId.contains(message.clientId))
            rows.append(makeRow(message, false));
    }
    if (rows.isEmpty())
        return;
    const bool hadRows = !m_rows.isEmpty();
    beginInsertRows({}, 0, int(rows.size()) - 1);
    m_rows = rows + m_rows;
    endInsertRows();
    // A stored message with our client id is settled: its echo, when the server sends it, is not
    // shown again.
    reindexClientIds();
    if (hadRows)
        rowChanged(int(rows.size())); // the first row that was there may no longer start a day
}

void MessageModel::setMaxRows(int rows)
{
    m_maxRows = qMax(1, rows);
    dropOldest(m_rows.size() - m_maxRows);
}

// Removes the oldest count rows that are not own pending or failed ones (those are not anywhere
// else yet: they stay, above the rest, in their order). The rows go in one removal, or one per
// run between such own rows; m_rowByClientId is rebuilt once, which costs one pass over the rows.
void MessageModel::dropOldest(qsizetype count)
{
    QList<std::pair<int, int>> runs; // [first, last], top down
    int row = 0;
    while (count > 0 && row < m_rows.size()) {
        if (m_rows.at(row).pending) {
            ++row;
            continue;
        }
        const int first = row;
        for (; count > 0 && row < m_rows.size() && !m_rows.at(row).pending; ++row)
            --count;
        runs.append({first, row - 1});
    }
    if (runs.isEmpty())
        return;
    // Bottom up, so the runs above keep their places.
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        beginRemoveRows({}, run->first, run->second);
        m_rows.remove(run->first, run->second - run->first + 1); // at the front: moves nothing
        m_dropped += run->second - run->first + 1;
        endRemoveRows();
    }
    reindexClientIds();
    rowChanged(0); // it starts a day now, and says that older rows were dropped
}

void MessageModel::reindexClientIds()
{
    m_rowByClientId.clear();
    for (int i = 0; i < m_rows.size(); ++i) {
        if (!m_rows.at(i).clientId.isEmpty())
            m_rowByClientId.insert(m_rows.at(i).clientId, i);
    }
}

void MessageModel::rowChanged(int row)
{
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed);
}

void MessageModel::markFailed(const QString &clientId, const QString &reason)
{
    const auto it = m_rowByClientId.constFind(clientId);
    if (it == m_rowByClientId.cend() || !m_rows[*it].pending)
        return;
    m_rows[*it].note = reason;
    rowChanged(*it);
}

void MessageModel::markPending(const QString &clientId)
{
    const auto it = m_rowByClientId.constFind(clientId);
    if (it == m_rowByClientId.cend())
        return;
    m_rows[*it].note.clear();
    rowChanged(*it);
}

void MessageModel::removeMessage(const QString &clientId)
{
    const auto it = m_rowByClientId.constFind(clientId);
    if (it == m_rowByClientId.cend() || !m_rows[*it].pending)
        return;
    const int row = *it;
    m_notSaved.remove(clientId);
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    reindexClientIds();
    endRemoveRows();
    if (row < m_rows.size())
        rowChanged(row); // it may now start a day
}

void MessageModel::markNotSaved(const QString &clientId)
{
    const auto it = m_rowByClientId.constFind(clientId);
    if (it == m_rowByClientId.cend() || !m_rows[*it].pending || m_notSaved.contains(clientId))
        return; // settled already: the server has it, so quitting loses nothing
    m_notSaved.insert(clientId);
    rowChanged(*it);
}

void MessageModel::markSaved(const QString &clientId)
{
    if (!m_notSaved.remove(clientId))
        return;
    if (const auto it = m_rowByClientId.constFind(clientId); it != m_rowByClientId.cend())
        rowChanged(*it);
}

void MessageModel::addUnsent(const QList<OutboxEntry> &entries)
{
    for (const OutboxEntry &entry : entries) {
        addPending(entry.clientId, entry.text);
        if (entry.state == OutboxEntry::State::Failed)
            markFailed(entry.clientId, entry.failureReason);
    }
}

void MessageModel::addServerNotice(const QString &serverWords)
{
    flushQueued(); // it answers what came before it
    Row row;
    row.kind = RowKind::ServerNotice;
    row.text = serverWords.left(4 * MaxNoticeLength); // what is shown, and room to cut it well
    row.createdAt = QDateTime::currentDateTimeUtc();  // when it came: the server gives no time
    row.day = QDate::currentDate();
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.append(row);
    endInsertRows();
    dropOldest(m_rows.size() - m_maxRows);
}

// A server notice: the client's sentence around the server's words, which are kept on one line
// and isolated, so they cannot pass for the client's own words or turn the sentence around. Roles
// not answered here (the day separator, the kind) are a message row's.
QVariant MessageModel::noticeData(const Row &row, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return tr("The server answered: %1")
            .arg(QChar(0x2068) + UntrustedText::oneLine(row.text, MaxNoticeLength) + QChar(0x2069));
    case TimeRole:
        return ChatMessage::displayTime(row.createdAt, {});
    case Qt::ToolTipRole:
        return QLocale().toString(row.createdAt.toLocalTime());
    case OwnRole:
        return false;
    default:
        return {};
    }
}
