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

// For the placeholder of an omitted message: set apart from anything someone wrote.
QFont italicFont(QFont font)
{
    font.setItalic(true);
    return font;
}

int wrappedHeight(const QFontMetrics &metrics, int width, const QString &text)
{
    return metrics.boundingRect(QRect(0, 0, width, 1000000), Qt::TextWordWrap, text).height();
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
    const int height = wrappedHeight(option.fontMetrics, width, text);
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
    // Placeholders are rare and short: measured in italics each time rather than in the cache,
    // which holds one font.
    const int body = index.data(MessageModel::OmittedRole).toBool()
                         ? wrappedHeight(QFontMetrics(italicFont(option.font)), textWidth(option), text)
                         : textHeight(option, text);
    int height = Margin + header + 2 + body + Margin;
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
    const bool omitted = index.data(MessageModel::OmittedRole).toBool();
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

    painter->setFont(omitted ? italicFont(option.font) : option.font);
    painter->setPen((pending && !failed) || omitted ? palette.color(QPalette::PlaceholderText)
                                                    : palette.color(QPalette::Text));
    painter->drawText(QRect(inner.left(), inner.top() + header + 2, inner.width(), inner.height() - header),
                      Qt::TextWordWrap, index.data(Qt::DisplayRole).toString());
    painter->restore();
}
