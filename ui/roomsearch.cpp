#include "roomsearch.h"

#include "messagemodel.h"

#include <QStringMatcher>

using namespace Qt::StringLiterals;

namespace {
bool isMessage(const QModelIndex &index)
{
    const QVariant kind = index.data(MessageModel::KindRole);
    return !kind.isValid() || kind.toInt() == int(MessageModel::RowKind::Message);
}

QString undatedKey(const QString &user, const QString &text)
{
    return user + u'\x1f' + text;
}
} // namespace

void RoomSearch::clear()
{
    m_needle.clear();
    m_loaded.clear();
    m_oldestLoaded = {};
    m_loadedUndated.clear();
    m_stored.clear();
    m_older.clear();
    m_olderCapped = false;
    m_storeSkipped = false;
}

void RoomSearch::find(const QAbstractItemModel *model, const QString &needle)
{
    clear();
    m_needle = needle;
    if (needle.isEmpty())
        return;
    refreshLoaded(model);
    if (!m_storeSearch)
        return;
    if (needle.toUcs4().size() < MinStoreNeedle || m_loaded.size() > MaxLoadedForStore) {
        m_storeSkipped = true;
        return;
    }
    // The loaded matches are the newest stored ones: asked for on top of MaxOlder.
    const int limit = int(m_loaded.size()) + MaxOlder + 1;
    m_stored = m_storeSearch(needle, limit);
    m_olderCapped = m_stored.size() >= limit;
    filterOlder();
}

void RoomSearch::refreshLoaded(const QAbstractItemModel *model)
{
    m_loaded.clear();
    m_oldestLoaded = {};
    m_loadedUndated.clear();
    if (!model || m_needle.isEmpty())
        return;
    // Built once: a case-insensitive contains() folds the needle again for every row.
    const QStringMatcher matcher(m_needle, Qt::CaseInsensitive);
    const int rows = model->rowCount();
    for (int row = 0; row < rows && !m_oldestLoaded.isValid(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (isMessage(index) && !index.data(MessageModel::PendingRole).toBool())
            m_oldestLoaded = index.data(MessageModel::CreatedAtRole).toDateTime();
    }
    for (int row = rows - 1; row >= 0; --row) {
        const QModelIndex index = model->index(row, 0);
        const QString text = index.data(Qt::DisplayRole).toString();
        if (matcher.indexIn(text) < 0 || !isMessage(index) || index.data(MessageModel::OmittedRole).toBool())
            continue;
        m_loaded.append(row);
        if (!index.data(MessageModel::CreatedAtRole).toDateTime().isValid())
            m_loadedUndated.insert(undatedKey(index.data(MessageModel::UserRole).toString(), text));
    }
    filterOlder();
}

void RoomSearch::filterOlder()
{
    m_older.clear();
    for (const ChatMessage &message : std::as_const(m_stored)) {
        if (m_older.size() >= MaxOlder)
            break;
        // The rows in memory are the room's newest (older ones are added above them, never between).
        const bool loaded = message.createdAt.isValid()
                                ? m_oldestLoaded.isValid() && message.createdAt >= m_oldestLoaded
                                : m_loadedUndated.contains(undatedKey(message.user, message.text));
        if (!loaded)
            m_older.append(message);
    }
}

int RoomSearch::loadedRowOf(const QAbstractItemModel *model, const ChatMessage &message) const
{
    if (!model)
        return -1;
    for (const int row : m_loaded) {
        const QModelIndex index = model->index(row, 0);
        const QString id = index.data(MessageModel::ServerIdRole).toString();
        if (!message.id.isEmpty() && !id.isEmpty()) {
            if (id == message.id)
                return row;
            continue;
        }
        if (index.data(MessageModel::UserRole).toString() == message.user &&
            index.data(MessageModel::CreatedAtRole).toDateTime() == message.createdAt &&
            index.data(Qt::DisplayRole).toString() == message.text)
            return row;
    }
    return -1;
}
