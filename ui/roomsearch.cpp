#include "roomsearch.h"

#include "messagemodel.h"

using namespace Qt::StringLiterals;

namespace {
bool isMessage(const QModelIndex &index)
{
    const QVariant kind = index.data(MessageModel::KindRole);
    return !kind.isValid() || kind.toInt() == int(MessageModel::RowKind::Message);
}

// A message is known by its server id; one without (a minimal server sends none) by who wrote
// what when. A row has both keys, so either finds it.
QString idKey(const QString &id)
{
    return id.isEmpty() ? QString() : u"i:"_s + id;
}

QString contentKey(const QString &user, const QDateTime &createdAt, const QString &text)
{
    return u"t:"_s + user + u'\x1f' +
           QString::number(createdAt.isValid() ? createdAt.toMSecsSinceEpoch() : -1) + u'\x1f' + text;
}
} // namespace

void RoomSearch::clear()
{
    m_needle.clear();
    m_loaded.clear();
    m_loadedKeys.clear();
    m_stored.clear();
    m_older.clear();
    m_olderCapped = false;
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
    // The loaded matches are usually among the newest stored ones: asked for on top of MaxOlder.
    const int limit = int(m_loaded.size()) + MaxOlder + 1;
    m_stored = m_storeSearch(needle, limit);
    m_olderCapped = m_stored.size() >= limit;
    filterOlder();
}

void RoomSearch::refreshLoaded(const QAbstractItemModel *model)
{
    m_loaded.clear();
    m_loadedKeys.clear();
    if (!model || m_needle.isEmpty())
        return;
    for (int row = model->rowCount() - 1; row >= 0; --row) {
        const QModelIndex index = model->index(row, 0);
        const QString text = index.data(Qt::DisplayRole).toString();
        if (!text.contains(m_needle, Qt::CaseInsensitive) || !isMessage(index) ||
            index.data(MessageModel::OmittedRole).toBool())
            continue;
        m_loaded.append(index);
        if (const QString id = idKey(index.data(MessageModel::ServerIdRole).toString()); !id.isEmpty())
            m_loadedKeys.insert(id);
        m_loadedKeys.insert(contentKey(index.data(MessageModel::UserRole).toString(),
                                       index.data(MessageModel::CreatedAtRole).toDateTime(), text));
    }
    filterOlder();
}

void RoomSearch::filterOlder()
{
    m_older.clear();
    for (const ChatMessage &message : std::as_const(m_stored)) {
        if (m_older.size() >= MaxOlder)
            break;
        const QString id = idKey(message.id);
        if ((!id.isEmpty() && m_loadedKeys.contains(id)) ||
            m_loadedKeys.contains(contentKey(message.user, message.createdAt, message.text)))
            continue;
        m_older.append(message);
    }
}

QModelIndex RoomSearch::loadedRowOf(const ChatMessage &message) const
{
    const QString id = message.id;
    const QString content = contentKey(message.user, message.createdAt, message.text);
    for (const QPersistentModelIndex &index : m_loaded) {
        if (!id.isEmpty() && index.data(MessageModel::ServerIdRole).toString() == id)
            return index;
        if (contentKey(index.data(MessageModel::UserRole).toString(),
                       index.data(MessageModel::CreatedAtRole).toDateTime(),
                       index.data(Qt::DisplayRole).toString()) == content)
            return index;
    }
    return {};
}
