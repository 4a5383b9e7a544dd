#include "messagedelegate.h"

#include "messagemodel.h"

#include <QApplication>
#include <QPainter>

namespace {
QFont boldFont(QFont font)
{
    font.setBold(true);
    return font;
}
} // namespace

QRect MessageDelegate::textRect(const QStyleOptionViewItem &option, const QString &text) const
{
    const int width = qMax(50, option.rect.width() - 2 * Margin);
    return option.fontMetrics.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, text);
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString text = index.data(Qt::DisplayRole).toString();
    const int header = QFontMetrics(boldFont(option.font)).height();
    return {option.rect.width(), Margin + header + 2 + textRect(option, text).height() + Margin};
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    painter->save();
    const QPalette &palette = option.palette;
    const bool own = index.data(MessageModel::OwnRole).toBool();
    const bool pending = index.data(MessageModel::PendingRole).toBool();
    const bool failed = index.data(MessageModel::FailedRole).toBool();
    if (option.state & QStyle::State_Selected)
        painter->fillRect(option.rect, palette.highlight());
    else if (own)
        painter->fillRect(option.rect, palette.alternateBase());

    const QRect inner = option.rect.adjusted(Margin, Margin, -Margin, -Margin);
    const QFont bold = boldFont(option.font);
    const int header = QFontMetrics(bold).height();
    QString user = index.data(MessageModel::UserRole).toString();
    if (user.isEmpty())
        user = tr("(unknown)");

    painter->setFont(bold);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(QRect(inner.left(), inner.top(), inner.width(), header),
                      Qt::AlignLeft | Qt::AlignVCenter, user);
    const int userWidth = QFontMetrics(bold).horizontalAdvance(user);
    painter->setFont(option.font);
    painter->setPen(failed ? QColor(0xc6, 0x28, 0x28) : palette.color(QPalette::PlaceholderText));
    painter->drawText(QRect(inner.left() + userWidth + 8, inner.top(), inner.width() - userWidth - 8, header),
                      Qt::AlignLeft | Qt::AlignVCenter, index.data(MessageModel::TimeRole).toString());

    painter->setPen(pending ? palette.color(QPalette::PlaceholderText) : palette.color(QPalette::Text));
    painter->drawText(QRect(inner.left(), inner.top() + header + 2, inner.width(), inner.height() - header),
                      Qt::TextWordWrap, index.data(Qt::DisplayRole).toString());
    painter->restore();
}
