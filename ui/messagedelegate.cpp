#include "messagedelegate.h"

#include "messagemodel.h"

#include <QAbstractScrollArea>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace {
QFont boldFont(QFont font)
{
    font.setBold(true);
    return font;
}

QFont smallFont(QFont font)
{
    font.setPointSizeF(font.pointSizeF() * 0.9);
    return font;
}
} // namespace

int MessageDelegate::textWidth(const QStyleOptionViewItem &option) const
{
    int width = option.rect.width();
    // A list view asks for sizes with an empty rect; the viewport is what the text wraps in.
    if (width <= 0) {
        if (const auto *area = qobject_cast<const QAbstractScrollArea *>(option.widget))
            width = area->viewport()->width();
    }
    return qMax(50, width - 2 * Margin - AccentWidth);
}

int MessageDelegate::textHeight(const QStyleOptionViewItem &option, const QString &text) const
{
    const int width = textWidth(option);
    if (width != m_cachedWidth || option.font != m_cachedFont) {
        m_heights.clear();
        m_cachedWidth = width;
        m_cachedFont = option.font;
    }
    const auto it = m_heights.constFind(text);
    if (it != m_heights.cend())
        return *it;
    const int height =
        option.fontMetrics.boundingRect(QRect(0, 0, width, 1000000), Qt::TextWordWrap, text).height();
    if (m_heights.size() > 200000)
        m_heights.clear();
    m_heights.insert(text, height);
    return height;
}

int MessageDelegate::separatorHeight(const QStyleOptionViewItem &option) const
{
    return QFontMetrics(boldFont(smallFont(option.font))).height() + 2 * Margin;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString text = index.data(Qt::DisplayRole).toString();
    const int header = QFontMetrics(boldFont(option.font)).height();
    int height = Margin + header + 2 + textHeight(option, text) + Margin;
    if (!index.data(MessageModel::DaySeparatorRole).toString().isEmpty())
        height += separatorHeight(option);
    return {textWidth(option) + 2 * Margin + AccentWidth, height};
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    painter->save();
    const QPalette &palette = option.palette;
    const bool own = index.data(MessageModel::OwnRole).toBool();
    const bool pending = index.data(MessageModel::PendingRole).toBool();
    const bool failed = index.data(MessageModel::FailedRole).toBool();
    QRect rect = option.rect;

    const QString day = index.data(MessageModel::DaySeparatorRole).toString();
    if (!day.isEmpty()) {
        const QRect band(rect.left(), rect.top(), rect.width(), separatorHeight(option));
        const QFont font = boldFont(smallFont(option.font));
        const int labelWidth = QFontMetrics(font).horizontalAdvance(day) + 4 * Margin;
        painter->setPen(palette.color(QPalette::Mid));
        const int y = band.center().y();
        painter->drawLine(band.left() + 2 * Margin, y, band.center().x() - labelWidth / 2, y);
        painter->drawLine(band.center().x() + labelWidth / 2, y, band.right() - 2 * Margin, y);
        painter->setFont(font);
        painter->setPen(palette.color(QPalette::PlaceholderText));
        painter->drawText(band, Qt::AlignCenter, day);
        rect.setTop(band.bottom() + 1);
    }

    if (own) {
        painter->fillRect(rect, palette.alternateBase());
        painter->fillRect(QRect(rect.left(), rect.top(), AccentWidth, rect.height()),
                          failed ? QBrush(failureColor()) : palette.highlight());
    } else if (failed) {
        painter->fillRect(QRect(rect.left(), rect.top(), AccentWidth, rect.height()), failureColor());
    }

    const QRect inner = rect.adjusted(Margin + AccentWidth, Margin, -Margin, -Margin);
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
    const QFont small = smallFont(option.font);
    painter->setFont(small);
    painter->setPen(failed ? failureColor() : palette.color(QPalette::PlaceholderText));
    const QRect timeRect(inner.left() + userWidth + 8, inner.top(), inner.width() - userWidth - 8, header);
    QString time = index.data(MessageModel::TimeRole).toString();
    if (failed)
        time = u"\u26A0 "_s + time;
    painter->drawText(timeRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(small).elidedText(time, Qt::ElideRight, timeRect.width()));

    painter->setFont(option.font);
    painter->setPen(pending && !failed ? palette.color(QPalette::PlaceholderText)
                                       : palette.color(QPalette::Text));
    painter->drawText(QRect(inner.left(), inner.top() + header + 2, inner.width(), inner.height() - header),
                      Qt::TextWordWrap, index.data(Qt::DisplayRole).toString());
    painter->restore();
}
