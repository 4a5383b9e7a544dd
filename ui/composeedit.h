#pragma once

// The compose box: a plain-text editor where Enter sends and Shift+Enter starts a new line.
// It grows with what is typed, up to a few lines, so a long message stays readable. Up in an empty
// box brings back the last message sent in this room, to edit and send again; Down (from its last
// line) or Esc empties the box again.
#include <QHash>
#include <QPlainTextEdit>

class ComposeEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ComposeEdit(QWidget *parent = nullptr);

    QString text() const { return toPlainText(); }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

    // The room the box writes to: what Up recalls is per room.
    void setRoom(const QString &room);
    // A message was sent in the current room: Up brings it back.
    void rememberSent(const QString &text);
    bool isRecalled() const { return m_recalled; }

Q_SIGNALS:
    // Enter was pressed; the text is left in place so the receiver decides whether to clear it.
    void submitted(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    static constexpr int MaxVisibleLines = 6;
    bool recallKey(QKeyEvent *event);

    QString m_room;
    QHash<QString, QString> m_lastSent; // by room
    bool m_recalled = false;            // the text is a recalled message (edited or not)
};
