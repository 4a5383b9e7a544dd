#pragma once

// The bar above the messages: the room's name, its state in words (the status bar's sentence in
// the tooltip) and a toggle that mutes the room's tray notifications. It only shows and asks;
// MainWindow keeps the mute (TrayNotifier).
#include <QWidget>

class QLabel;
class QToolButton;

class RoomHeader : public QWidget
{
    Q_OBJECT
public:
    explicit RoomHeader(QWidget *parent = nullptr);

    // An empty room hides the header.
    void setRoom(const QString &room);
    // words: short ("connected"); detail: the tooltip; problem: shown as a warning.
    void setState(const QString &words, const QString &detail, bool problem);
    void setMuted(bool muted);
    bool isMuted() const;
    QString stateText() const;

Q_SIGNALS:
    void muteToggled(bool muted);

private:
    QLabel *m_name;
    QLabel *m_state;
    QToolButton *m_mute;
};
