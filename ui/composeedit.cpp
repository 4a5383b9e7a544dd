#include "composeedit.h"

#include <QKeyEvent>
#include <QTextBlock>

using namespace Qt::StringLiterals;

ComposeEdit::ComposeEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // The height follows the number of visual lines; the layout asks sizeHint() again.
    connect(this, &QPlainTextEdit::blockCountChanged, this, &QWidget::updateGeometry);
    connect(document(), &QTextDocument::contentsChanged, this, &QWidget::updateGeometry);
    connect(document(), &QTextDocument::contentsChanged, this, [this] {
        if (document()->isEmpty())
            m_recalled = false; // sent, cleared or deleted: Up recalls again
    });
}

void ComposeEdit::setRoom(const QString &room)
{
    m_room = room;
}

void ComposeEdit::rememberSent(const QString &text)
{
    m_lastSent.insert(m_room, text);
}

// Up in an empty box recalls; Down on the last line or Esc takes a recalled message away.
bool ComposeEdit::recallKey(QKeyEvent *event)
{
    if (event->modifiers() & ~Qt::KeypadModifier)
        return false;
    if (event->key() == Qt::Key_Up && document()->isEmpty()) {
        const QString last = m_lastSent.value(m_room);
        if (last.isEmpty())
            return false;
        setPlainText(last);
        moveCursor(QTextCursor::End);
        m_recalled = true;
        return true;
    }
    if (!m_recalled)
        return false;
    QTextCursor below = textCursor();
    if (event->key() == Qt::Key_Escape ||
        (event->key() == Qt::Key_Down && !below.movePosition(QTextCursor::Down))) {
        clear();
        m_recalled = false;
        return true;
    }
    return false;
}

QSize ComposeEdit::sizeHint() const
{
    int lines = 0;
    for (QTextBlock block = document()->firstBlock(); block.isValid() && lines < MaxVisibleLines;
         block = block.next())
        lines += qMax(1, block.layout() ? block.layout()->lineCount() : 1);
    lines = qBound(1, lines, MaxVisibleLines);
    const int height =
        lines * fontMetrics().lineSpacing() + int(2 * document()->documentMargin()) + 2 * frameWidth() + 2;
    return {QPlainTextEdit::sizeHint().width(), height};
}

void ComposeEdit::keyPressEvent(QKeyEvent *event)
{
    if (recallKey(event)) {
        event->accept();
        return;
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        event->accept();
        Q_EMIT submitted(toPlainText());
        return;
    }
    if (enter) {
        // A real paragraph break (not the U+2028 soft break QPlainTextEdit would insert), so the
        // text sent reads with a plain "\n".
        event->accept();
        textCursor().insertText(u"\n"_s);
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}
