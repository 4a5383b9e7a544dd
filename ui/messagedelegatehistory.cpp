// MessageDelegate's rows for scroll-back: "Earlier messages may be missing" between dashed lines,
// and the row that says older messages are loading. The client's own words, so set apart from
// messages: centred, small, no name, no time.
#include "messagedelegate.h"
#include "messagemodel.h"

#include <QPainter>

using namespace Qt::StringLiterals;

bool MessageDelegate::isHistoryRow(const QModelIndex &index)
{
    const int kind = index.data(MessageModel::KindRole).toInt();
    return kind == int(MessageModel::RowKind::Gap) || kind == int(MessageModel::RowKind::LoadingOlder);
}

QSize MessageDelegate::historyRowSize(const QStyleOptionViewItem &option) const
{
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    return {textWidth(option) + 2 * Margin + AccentWidth, QFontMetrics(font).height() + 4 * Margin};
}

void MessageDelegate::paintHistoryRow(QPainter *painter, const QStyleOptionViewItem &option,
                                      const QModelIndex &index) const
{
    painter->save();
    const bool gap = index.data(MessageModel::KindRole).toInt() == int(MessageModel::RowKind::Gap);
    const QString label = (gap ? QString() : u"\u21bb "_s) + index.data(Qt::DisplayRole).toString();
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setItalic(!gap);
    const QFontMetrics metrics(font);
    const QRect band = option.rect.adjusted(2 * Margin, 0, -2 * Margin, 0);
    const QString shown = metrics.elidedText(label, Qt::ElideRight, band.width());
    if (gap) {
        const int labelWidth = metrics.horizontalAdvance(shown) + 4 * Margin;
        QPen dashed(warningColor());
        dashed.setStyle(Qt::DashLine);
        painter->setPen(dashed);
        const int y = band.center().y();
        painter->drawLine(band.left(), y, band.center().x() - labelWidth / 2, y);
        painter->drawLine(band.center().x() + labelWidth / 2, y, band.right(), y);
    }
    painter->setFont(font);
    painter->setPen(gap ? warningColor() : option.palette.color(QPalette::PlaceholderText));
    painter->drawText(band, Qt::AlignCenter, shown);
    painter->restore();
}
