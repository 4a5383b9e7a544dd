#pragma once

// The room list on the left: a join field and button on top, then one row per room with its
// connection state and an unread badge. It only shows and asks; MainWindow does the joining.
#include <QWidget>

class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;

class RoomSidebar : public QWidget
{
    Q_OBJECT
public:
    enum Role { RoomRole = Qt::UserRole, UnreadRole, StateRole, ProblemRole, MutedRole };

    explicit RoomSidebar(QWidget *parent = nullptr);

    void addRoom(const QString &room);
    void removeRoom(const QString &room);
    // stateWords: short ("connected"); detail: the tooltip; problem: shown as a warning.
    void setRoomState(const QString &room, const QString &stateWords, const QString &detail, bool problem);
    void addUnread(const QString &room, int count);
    void clearUnread(const QString &room);
    int unread(const QString &room) const;
    // Muted rooms say so under their name; their unread count still rises.
    void setMuted(const QString &room, bool muted);
    bool isMuted(const QString &room) const;

    QString currentRoom() const;
    void setCurrentRoom(const QString &room);
    // Moves the selection by delta rooms, wrapping around (Ctrl+Tab, Alt+Up/Down).
    void stepRoom(int delta);
    void focusJoinField();
    void clearJoinField();
    QStringList rooms() const;

Q_SIGNALS:
    void joinRequested(const QString &room);
    void leaveRequested(const QString &room);
    void muteRequested(const QString &room, bool muted);
    void currentRoomChanged(const QString &room);

private:
    QListWidgetItem *itemFor(const QString &room) const;
    void showRoomMenu(const QPoint &position);

    QLineEdit *m_joinEdit;
    QPushButton *m_joinButton;
    QListWidget *m_list;
};
