#pragma once

// The chat window: rooms on the left with their connection state, the current room's
// messages and a compose line on the right, the current room's state in the status bar.
#include "roomconnection.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class ChatClient;
class MessageModel;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QListWidgetItem;
class QPushButton;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ChatClient *client, QWidget *parent = nullptr);

    // Joins (or switches to) a room; a name the server cannot take is explained in the status bar.
    void joinRoom(const QString &name);
    QString currentRoom() const;
    MessageModel *model(const QString &room) const { return m_models.value(room); }
    // A lasting notice in the status bar (for example: the sign-in will not be remembered).
    void showNotice(const QString &message);

Q_SIGNALS:
    void signOutRequested();

private:
    void onRoomJoined(RoomConnection *room);
    void onRoomLeft(const QString &name);
    void onCurrentRoomChanged();
    void onRoomStateChanged(RoomConnection *room);
    void sendCompose();
    void leaveCurrentRoom();
    void showMessageMenu(const QPoint &position);
    void showStatus();
    QListWidgetItem *itemFor(const QString &room) const;

    ChatClient *m_client;
    QListWidget *m_rooms;
    QLineEdit *m_joinEdit;
    QListView *m_messages;
    QLineEdit *m_compose;
    QPushButton *m_send;
    QLabel *m_status;
    QLabel *m_notice;
    QHash<QString, MessageModel *> m_models;
};
