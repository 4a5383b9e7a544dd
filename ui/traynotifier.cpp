#include "traynotifier.h"

#include "untrustedtext.h"

#include <QApplication>
#include <QSystemTrayIcon>

TrayNotifier::TrayNotifier(QObject *parent)
    : QObject(parent)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
    m_tray->setToolTip(tr("QtChat"));
    m_tray->show();
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] { Q_EMIT activated(m_lastRoom); });
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            Q_EMIT activated(m_lastRoom);
    });
}

void TrayNotifier::notify(const QString &room, const QString &user, const QString &text, int count)
{
    m_lastRoom = room;
    if (!m_tray)
        return;
    m_tray->showMessage(title(room, user, count), body(text), QSystemTrayIcon::Information, 5000);
}

QString TrayNotifier::title(const QString &room, const QString &user, int count)
{
    const QString shownRoom = UntrustedText::isolated(room);
    return count > 1 ? tr("#%1: %n new message(s)", nullptr, count).arg(shownRoom)
                     : tr("#%1 - %2")
                           .arg(shownRoom, user.isEmpty() ? tr("someone") : UntrustedText::isolated(user));
}

QString TrayNotifier::body(const QString &text)
{
    return UntrustedText::notificationBody(text, 200);
}
