// MessageModel's scroll-back and gaps: older messages inserted above the rows, the spinner row
// while they load, and "Earlier messages may be missing" where a rejoin's history did not reach
// back to what the room had, until the messages before it are loaded.
#include "messagemodel.h"

using namespace Qt::StringLiterals;

QVariant MessageModel::historyRowData(const Row &row, int role) const
{
    const bool loading = row.kind == RowKind::LoadingOlder || row.omitted; // omitted: a gap loading
    switch (role) {
    case Qt::DisplayRole:
        return loading ? tr("Loading earlier messages…") : tr("Earlier messages may be missing");
    case Qt::ToolTipRole:
        if (row.kind != RowKind::Gap)
            return {};
        return tr("The server's history did not reach back to the last message QtChat had; scroll here to "
                  "load what was said in between.");
    case KindRole:
        return QVariant::fromValue(row.kind);
    case DaySeparatorRole:
    case UserRole:
    case TimeRole:
    case ClientIdRole:
    case NotSavedRole:
    case ServerIdRole:
        return QString();
    case OwnRole:
    case PendingRole:
    case FailedRole:
    case OmittedRole:
    case OlderDroppedRole:
        return false;
    default:
        return {};
    }
}

QSet<QString> MessageModel::shownServerIds() const
{
    QSet<QString> ids;
    ids.reserve(m_rows.size());
    for (const Row &row : m_rows) {
        if (row.kind == RowKind::Message && !row.serverId.isEmpty())
            ids.insert(row.serverId);
    }
    return ids;
}

// Bottom up: a gap is reported for a message that has just come.
int MessageModel::messageRow(const QString &serverId) const
{
    for (int i = int(m_rows.size()) - 1; i >= 0 && !serverId.isEmpty(); --i) {
        if (m_rows.at(i).kind == RowKind::Message && m_rows.at(i).serverId == serverId)
            return i;
    }
    return -1;
}

QString MessageModel::oldestServerId() const
{
    for (const Row &row : m_rows) {
        if (row.kind == RowKind::Message && !row.pending)
            return row.serverId;
    }
    return {};
}

bool MessageModel::isLoadingOlder() const
{
    return !m_rows.isEmpty() && m_rows.first().kind == RowKind::LoadingOlder;
}

void MessageModel::setLoadingOlder(bool loading)
{
    if (loading == isLoadingOlder())
        return;
    if (!loading) {
        beginRemoveRows({}, 0, 0);
        m_rows.removeFirst();
        endRemoveRows();
        reindexClientIds();
        if (!m_rows.isEmpty())
            rowChanged(0); // it starts a day again
        return;
    }
    Row spinner;
    spinner.kind = RowKind::LoadingOlder;
    beginInsertRows({}, 0, 0);
    m_rows.prepend(spinner);
    endInsertRows();
    reindexClientIds();
}

int MessageModel::insertOlder(const QList<ChatMessage> &messages)
{
    const qsizetype room = m_maxRows - m_rows.size();
    if (room <= 0 || messages.isEmpty())
        return 0;
    const QSet<QString> shown = shownServerIds();
    QList<Row> rows;
    // The newest first, so that what does not fit is the oldest (still on the server, and next time
    // there may be room).
    for (auto it = messages.crbegin(); it != messages.crend() && rows.size() < room; ++it) {
        if (it->id.isEmpty() || !shown.contains(it->id))
            rows.prepend(makeRow(*it, false));
    }
    if (rows.isEmpty())
        return 0;
    const int at = isLoadingOlder() ? 1 : 0;
    beginInsertRows({}, at, at + int(rows.size()) - 1);
    m_rows = m_rows.mid(0, at) + rows + m_rows.mid(at);
    endInsertRows();
    reindexClientIds();
    if (at + rows.size() < m_rows.size())
        rowChanged(at + int(rows.size())); // the row that was first may no longer start a day
    return int(rows.size());
}

void MessageModel::insertGap(const QString &beforeServerId)
{
    flushQueued();
    const int below = messageRow(beforeServerId);
    if (below < 0 || gapRow(beforeServerId) >= 0)
        return;
    Row gap;
    gap.kind = RowKind::Gap;
    gap.serverId = beforeServerId;
    beginInsertRows({}, below, below);
    m_rows.insert(below, gap);
    endInsertRows();
    reindexClientIds();
    rowChanged(below + 1); // its day is shown again under the gap
}

QStringList MessageModel::gaps() const
{
    QStringList ids;
    for (const Row &row : m_rows) {
        if (row.kind == RowKind::Gap)
            ids << row.serverId;
    }
    return ids;
}

int MessageModel::gapRow(const QString &beforeServerId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).kind == RowKind::Gap && m_rows.at(i).serverId == beforeServerId)
            return i;
    }
    return -1;
}

void MessageModel::setGapLoading(const QString &beforeServerId, bool loading)
{
    const int row = gapRow(beforeServerId);
    if (row < 0 || m_rows.at(row).omitted == loading)
        return;
    m_rows[row].omitted = loading;
    rowChanged(row);
}

bool MessageModel::fillGap(const QString &beforeServerId, const QList<ChatMessage> &messages)
{
    const int gap = gapRow(beforeServerId);
    if (gap < 0)
        return true;
    const QSet<QString> shown = shownServerIds();
    // The newest message of the page that is shown already: the gap ends there.
    qsizetype reached = -1;
    for (qsizetype i = messages.size() - 1; i >= 0 && reached < 0; --i) {
        if (!messages.at(i).id.isEmpty() && shown.contains(messages.at(i).id))
            reached = i;
    }
    QList<Row> rows;
    for (qsizetype i = reached + 1; i < messages.size(); ++i)
        rows.append(makeRow(messages.at(i), false));
    if (!rows.isEmpty()) {
        beginInsertRows({}, gap + 1, gap + int(rows.size()));
        m_rows = m_rows.mid(0, gap + 1) + rows + m_rows.mid(gap + 1);
        endInsertRows();
    }
    // Closed when the page reached what we had, or the server has nothing older; a first message
    // without an id gives nothing to ask before, so the gap cannot be followed further.
    const bool closed = reached >= 0 || messages.isEmpty() || messages.first().id.isEmpty();
    if (closed) {
        beginRemoveRows({}, gap, gap);
        m_rows.removeAt(gap);
        endRemoveRows();
    } else {
        m_rows[gap].serverId = messages.first().id;
        m_rows[gap].omitted = false;
        rowChanged(gap);
    }
    reindexClientIds();
    // The message that was below the gap starts no day of its own any more, nor does the first
    // row that took the gap's place.
    const int below = (closed ? gap : gap + 1) + int(rows.size());
    if (below < m_rows.size())
        rowChanged(below);
    if (closed && gap < m_rows.size() && gap != below)
        rowChanged(gap);
    dropOldest(m_rows.size() - m_maxRows);
    return closed;
}
