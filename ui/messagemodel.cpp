#include "messagemodel.h"

using namespace Qt::StringLiterals;

MessageModel::MessageModel(const QString &ownUser, QObject *parent)
    : QAbstractListModel(parent)
    , m_ownUser(ownUser)
{}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return row.message.text;
    case UserRole:
        return row.message.user;
    case TimeRole:
        if (!row.failure.isEmpty())
            return tr("not sent: %1 (right-click to retry or delete)").arg(row.failure);
        return row.pending ? tr("sending…") : row.message.displayTime();
    case FailedRole:
        return !row.failure.isEmpty();
    case OwnRole:
        return row.message.user == m_ownUser;
    case PendingRole:
        return row.pending;
    case ClientIdRole:
        return row.message.clientId;
    case Qt::ToolTipRole:
        return row.message.createdAt.isValid() ? QLocale().toString(row.message.createdAt.toLocalTime())
                                               : row.message.createdAtText;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(UserRole, "user");
    names.insert(TimeRole, "time");
    names.insert(OwnRole, "own");
    names.insert(PendingRole, "pending");
    return names;
}

void MessageModel::addPending(const QString &clientId, const QString &text)
{
    ChatMessage message;
    message.text = text;
    message.user = m_ownUser;
    message.clientId = clientId;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append({message, true, {}});
    m_rowByClientId.insert(clientId, row);
    endInsertRows();
}

void MessageModel::addReceived(const ChatMessage &message)
{
    if (!message.id.isEmpty()) {
        if (m_seenIds.contains(message.id))
            return;
        m_seenIds.insert(message.id);
    }
    if (!message.clientId.isEmpty()) {
        const auto it = m_rowByClientId.constFind(message.clientId);
        if (it != m_rowByClientId.cend()) {
            Row &row = m_rows[*it];
            if (!row.pending)
                return; // already settled: a resend was echoed twice
            row = {message, false, {}};
            rowChanged(*it);
            return;
        }
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append({message, false, {}});
    if (!message.clientId.isEmpty())
        m_rowByClientId.insert(message.clientId, row);
    endInsertRows();
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
    m_rows[*it].failure = reason;
    rowChanged(*it);
}

void MessageModel::markPending(const QString &clientId)
{
    const auto it = m_rowByClientId.constFind(clientId);
    if (it == m_rowByClientId.cend())
        return;
    m_rows[*it].failure.clear();
    rowChanged(*it);
}

void MessageModel::removeMessage(const QString &clientId)
{
    const auto it = m_rowByClientId.constFind(clientId);
    if (it == m_rowByClientId.cend() || !m_rows[*it].pending)
        return;
    const int row = *it;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_rowByClientId.clear();
    for (int i = 0; i < m_rows.size(); ++i) {
        if (!m_rows[i].message.clientId.isEmpty())
            m_rowByClientId.insert(m_rows[i].message.clientId, i);
    }
    endRemoveRows();
}
