#pragma once

// Tells the user about messages while the window is in the background, through the system tray
// where the desktop has one; elsewhere it does nothing (the unread counts still show).
#include <QObject>

class QSystemTrayIcon;

class TrayNotifier : public QObject
{
    Q_OBJECT
public:
    explicit TrayNotifier(QObject *parent = nullptr);

    bool isAvailable() const { return m_tray != nullptr; }
    void notify(const QString &room, const QString &user, const QString &text, int count);
    // What notify() shows: names on one visible line, each in its own directional isolate; the
    // text one escaped line (notification servers read it as markup).
    static QString title(const QString &room, const QString &user, int count);
    static QString body(const QString &text);
    QString lastRoom() const { return m_lastRoom; }

Q_SIGNALS:
    // The user clicked the notification or the tray icon: show that room.
    void activated(const QString &room);

private:
    QSystemTrayIcon *m_tray = nullptr;
    QString m_lastRoom;
};
