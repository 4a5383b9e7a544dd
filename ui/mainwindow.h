#pragma once

// The chat window: rooms on the left with their state and unread counts, the current room's
// messages and the compose box on the right, the current room's state in words in the status
// bar (counting down to the next reconnect), tray notifications while in the background.
#include "roomconnection.h"

#include <QDateTime>
#include <QHash>
#include <QMainWindow>
#include <QPersistentModelIndex>
#include <QTimer>

class ChatClient;
class ChatView;
class ComposeEdit;
class FindBar;
class MessageModel;
class QLabel;
class QPushButton;
class RoomHeader;
class RoomSidebar;
class ScrollBack;
class TrayNotifier;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ChatClient *client, QWidget *parent = nullptr);

    // Joins (or switches to) a room; a name the server cannot take is explained in the status bar.
    void joinRoom(const QString &name);
    QString currentRoom() const;
    void setCurrentRoom(const QString &room);
    MessageModel *model(const QString &room) const { return m_models.value(room); }
    // A lasting notice in the status bar (for example: the sign-in will not be remembered).
    void showNotice(const QString &message);
    // Extra menus (View, Settings) are added by whoever owns the docks and dialogs.
    QMenu *viewMenu() const { return m_viewMenu; }
    QMenu *chatMenu() const { return m_chatMenu; }

    void setProfilesAvailable(bool available);

Q_SIGNALS:
    void signOutRequested();
    void profilesRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void createMenus();
    void createFindActions();
    void connectRoomExtras();
    void loadOlderForFind(const ChatMessage &wanted);
    QString accountKey() const;
    void setRoomMuted(const QString &room, bool muted);
    void updateWindowTitle();
    void updateRoomHeader();
    void noteFirstUnread(const QString &room, const QModelIndex &first);
    void showUnreadMarker(const QString &room);
    void onRoomJoined(RoomConnection *room);
    void connectModel(RoomConnection *room, MessageModel *model);
    void showStoredMessages(MessageModel *model, const QString &room);
    void onRoomLeft(const QString &name);
    void onCurrentRoomChanged();
    void onRoomStateChanged(RoomConnection *room);
    void onMessagesInserted(const QString &room, int first, int last);
    void sendCompose();
    void leaveCurrentRoom();
    void showMessageMenu(const QPoint &position);
    bool addFailedMessageActions(QMenu *menu, const QModelIndex &index);
    void quoteInCompose(const QString &quote);
    void showStatus();
    bool isInView(const QString &room) const;

    ChatClient *m_client;
    RoomSidebar *m_sidebar;
    ChatView *m_messages;
    ComposeEdit *m_compose;
    QPushButton *m_send;
    QLabel *m_status;
    QLabel *m_notice;
    TrayNotifier *m_tray;
    FindBar *m_findBar;
    RoomHeader *m_header;
    ScrollBack *m_scrollBack; // older messages and gaps of the rooms' models
    QMenu *m_chatMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_profilesAction = nullptr;
    QTimer m_countdown;
    QHash<QString, MessageModel *> m_models;
    QHash<QString, QDateTime> m_joinedAt; // what the server wrote before this is history, not unread
    QHash<QString, QPersistentModelIndex> m_firstUnread; // by room, while it has unread messages
};
