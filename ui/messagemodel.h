#pragma once

// The messages of one room, oldest first. Own messages appear at once as pending and are
// settled in place when the server's echo with the same client id arrives; a message seen
// twice (history sent again on every join) is shown once. Failed ones say why until retried
// or deleted.
#include "chatmessage.h"

#include <QAbstractListModel>
#include <QSet>

class MessageModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { UserRole = Qt::UserRole + 1, TimeRole, OwnRole, PendingRole, ClientIdRole, FailedRole };

    explicit MessageModel(const QString &ownUser, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void addPending(const QString &clientId, const QString &text);
    void addReceived(const ChatMessage &message);
    // A message the server refused or could not take: shown with the reason, retry or delete.
    void markFailed(const QString &clientId, const QString &reason);
    void markPending(const QString &clientId);
    void removeMessage(const QString &clientId);

private:
    struct Row
    {
        ChatMessage message;
        bool pending = false;
        QString failure; // non-empty: failed, with this reason
    };
    void rowChanged(int row);
    QString m_ownUser;
    QList<Row> m_rows;
    QHash<QString, int> m_rowByClientId;
    QSet<QString> m_seenIds;
};
