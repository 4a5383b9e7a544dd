#include "traynotifier.h"

#include "untrustedtext.h"

#include <QApplication>
#include <QSettings>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

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
    if (isMuted(room))
        return;
    m_lastRoom = room;
    const QString shownTitle = title(room, user, count);
    const QString shownBody = body(text);
    Q_EMIT notified(room, shownTitle, shownBody);
    if (!m_tray)
        return;
    m_tray->showMessage(shownTitle, shownBody, QSystemTrayIcon::Information, 5000);
}

void TrayNotifier::setSettings(QSettings *settings)
{
    m_settings = settings;
    setAccount(m_account);
}

QString TrayNotifier::settingsKey() const
{
    // QSettings treats "/" as a group separator: the origin and user name stay in one key.
    return u"mutedRooms/"_s + QString::fromLatin1(m_account.toUtf8().toPercentEncoding());
}

void TrayNotifier::setAccount(const QString &account)
{
    m_account = account;
    if (!m_settings)
        return;
    const QStringList rooms = m_settings->value(settingsKey()).toStringList();
    m_muted = QSet<QString>(rooms.cbegin(), rooms.cend());
}

void TrayNotifier::setMuted(const QString &room, bool muted)
{
    if (muted == isMuted(room))
        return;
    if (muted)
        m_muted.insert(room);
    else
        m_muted.remove(room);
    if (m_settings) {
        QStringList rooms(m_muted.cbegin(), m_muted.cend());
        rooms.sort();
        if (rooms.isEmpty())
            m_settings->remove(settingsKey());
        else
            m_settings->setValue(settingsKey(), rooms);
    }
    Q_EMIT mutedChanged(room, muted);
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
