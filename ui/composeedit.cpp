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
