#pragma once

// Paints one chat message: an optional day separator, sender and time on the first line, the
// wrapped text below. Own messages get a tinted background and an accent bar; pending ones are
// greyed until the server echoes them; failed ones say so in red; the placeholder of a message
// too large to show is grey and italic, so it is not taken for words someone wrote. Text heights
// are cached per width, because a list view measures every row again on each insertion.
#include <QHash>
#include <QStyledItemDelegate>

class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Reads on light and dark palettes alike; the one colour not taken from the palette.
    static QColor failureColor() { return {0xe5, 0x39, 0x35}; }

private:
    static constexpr int Margin = 6;
    static constexpr int AccentWidth = 3;
    int textWidth(const QStyleOptionViewItem &option) const;
    int textHeight(const QStyleOptionViewItem &option, const QString &text) const;
    int separatorHeight(const QStyleOptionViewItem &option) const;

    mutable QHash<QString, int> m_heights;
    mutable int m_cachedWidth = -1;
    mutable QFont m_cachedFont;
};
