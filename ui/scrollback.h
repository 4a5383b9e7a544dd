#pragma once

// Older messages for the rooms' models. Scrolled to the top of a room, its model gets the messages
// before its oldest row: from the local store first, then from the server's history endpoint (with
// the spinner row while a page loads). A gap a rejoin left (RoomConnection::gapDetected) gets its
// separator row, and once it is in view it is filled from the server, a page at a time, until a page
// reaches a message the room had. One request per room for each at a time; nothing is asked of a
// server without a history endpoint, and no row is dropped for older ones (MessageModel::maxRows()).
#include "historyclient.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

class ChatClient;
class ChatView;
class MessageModel;
class RoomConnection;

class ScrollBack : public QObject
{
    Q_OBJECT
public:
    static constexpr int PageSize = 50;

    // Neither is owned.
    ScrollBack(ChatClient *client, ChatView *view, QObject *parent = nullptr);

    void watch(RoomConnection *room, MessageModel *model);
    void forget(const QString &room);
    // The room the view shows: the one the top of the view and the gaps in view belong to.
    void setCurrentRoom(const QString &room);

    void loadOlder(const QString &room);
    void fillGap(const QString &room, const QString &beforeServerId);
    // True while a page for the room is on its way.
    bool isLoading(const QString &room) const;
    // A new gap is looked at this long after it is reported: the rest of the join's history comes
    // first, and the gap may be out of view by then (RoomConnection::HistoryQuietMs).
    static constexpr int GapCheckDelayMs = 500;

Q_SIGNALS:
    // The gaps in view were looked at (and one of them is being filled, if any was in view).
    void gapsChecked();

private:
    struct Room
    {
        QPointer<RoomConnection> connection;
        QPointer<MessageModel> model;
        quint64 olderRequest = 0;
        quint64 gapRequest = 0;
        QString gapId;            // the gap being filled: the server id of the message below it
        bool atStart = false;     // the server had nothing older
        QSet<QString> failedGaps; // not asked again this run (no retry loop)
    };
    void onPageLoaded(quint64 request, const QString &room, const QList<ChatMessage> &messages);
    void onPageFailed(quint64 request, const QString &room, HistoryClient::Error error);
    void keep(const QString &room, const QList<ChatMessage> &messages, const QString &beforeId);
    void fillGapsInViewSoon(int delayMs = 0);
    void fillGapsInView();

    ChatClient *m_client;
    QPointer<ChatView> m_view;
    QString m_current;
    QHash<QString, Room> m_rooms;
    QTimer m_gapCheck;
};
