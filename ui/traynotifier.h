#pragma once

// Tells the user about messages while the window is in the background, through the system tray
// where the desktop has one; elsewhere it does nothing (the unread counts still show). A room can
// be muted: no notification for it, its unread count still rises. Mutes are kept per server, user
// and room in the settings (never a secret), for the account set with setAccount().
#include <QObject>
#include <QSet>

class QSettings;
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

    // Not owned; without settings a mute lasts until the app quits.
    void setSettings(QSettings *settings);
    // The server's origin and the user, as ChatClient keys its settings; reads that account's mutes.
    void setAccount(const QString &account);
    bool isMuted(const QString &room) const { return m_muted.contains(room); }
    void setMuted(const QString &room, bool muted);

Q_SIGNALS:
    // The user clicked the notification or the tray icon: show that room.
    void activated(const QString &room);
    // A notification went out (or would have, on a desktop without a tray): for tests and logs.
    void notified(const QString &room, const QString &title, const QString &body);
    void mutedChanged(const QString &room, bool muted);

private:
    QString settingsKey() const;

    QSystemTrayIcon *m_tray = nullptr;
    QString m_lastRoom;
    QSettings *m_settings = nullptr;
    QString m_account;
    QSet<QString> m_muted;
};
