#pragma once

// The compose box: a plain-text editor where Enter sends and Shift+Enter starts a new line.
// It grows with what is typed, up to a few lines, so a long message stays readable.
#include <QPlainTextEdit>

class ComposeEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ComposeEdit(QWidget *parent = nullptr);

    QString text() const { return toPlainText(); }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

Q_SIGNALS:
    // Enter was pressed; the text is left in place so the receiver decides whether to clear it.
    void submitted(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    static constexpr int MaxVisibleLines = 6;
};
