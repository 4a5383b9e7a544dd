#pragma once

// Paints one chat message: sender and time on the first line, the wrapped text below.
// Own messages get a tinted background; pending ones are greyed until the server echoes them.
#include <QStyledItemDelegate>

class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    static constexpr int Margin = 6;
    QRect textRect(const QStyleOptionViewItem &option, const QString &text) const;
};
