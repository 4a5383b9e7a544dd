#include "messagedelegate.h"

#include "messagelinks.h"
#include "messagemodel.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QPainter>
#include <QTextLayout>
#include <QToolTip>

#include <cmath>

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

// A line break to the person who typed it, but not to QTextLayout: the same length, so positions
// in the text (links, matches) stay where they were.
QString layoutText(const QString &text)
{
    if (!text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    QString lines = text;
    for (QChar &c : lines) {
        if (c == u'\n')
            c = QChar::LineSeparator;
        else if (c == u'\r')
            c = u' ';
    }
    return lines;
}

// Lays the text out in lines of `width`, breaking between words, and inside a word only when it is
// wider than a line (a long URL). Returns the height.
int layOut(QTextLayout &layout, int width)
{
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    qreal height = 0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, height));
        height += line.height();
    }
    layout.endLayout();
    return int(std::ceil(height));
}

// The longest run of characters without a space: no line break falls inside one, unless it is wider
// than a line.
qsizetype longestRun(const QString &text)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c.isSpace() ? 0 : run + 1;
        longest = std::max(longest, run);
    }
    return longest;
}

// The height of the text laid out as paintBody() lays it out. Every row is measured when a room is
// laid out (100,000 of them in the benchmark), so the common case takes QFontMetrics' word wrap,
// which lays out on the stack and gives the same lines when no word is wider than a line (checked:
// no line came out wider); a text with a run too long for that is laid out as it is painted.
int bodyHeight(const QString &text, const QFont &font, int width)
{
    const QFontMetrics metrics(font);
    if (longestRun(text) * metrics.maxWidth() <= width) {
        const QRect rect = metrics.boundingRect(QRect(0, 0, width, 1000000), Qt::TextWordWrap, text);
        if (rect.width() <= width)
            return rect.height();
    }
    QTextLayout layout(layoutText(text), font);
    return layOut(layout, width);
}

// A server's notice is set apart like a placeholder: in italics, with the failure bar and the
// client's own label in place of a name, so no one's message can pass for it.
bool isNotice(const QModelIndex &index)
{
    return index.data(MessageModel::KindRole).toInt() == int(MessageModel::RowKind::ServerNotice);
}

QFont bodyFont(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    return index.data(MessageModel::OmittedRole).toBool() || isNotice(index) ? italicFont(option.font)
                                                                             : option.font;
}

// The row of a message, not one of the client's own (a gap, the spinner).
bool isMessage(const QModelIndex &index)
{
    const QVariant kind = index.data(MessageModel::KindRole);
    return !kind.isValid() || kind.toInt() == int(MessageModel::RowKind::Message);
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

// The line under the text of a message that is only in memory; 0 without one.
int MessageDelegate::noteHeight(const QStyleOptionViewItem &option, const QString &note)
{
    return note.isEmpty() ? 0 : 2 + QFontMetrics(smallFont(option.font)).height();
}

int MessageDelegate::separatorHeight(const QStyleOptionViewItem &option) const
{
    return QFontMetrics(boldFont(smallFont(option.font))).height() + 2 * Margin;
}

int MessageDelegate::markerHeight(const QStyleOptionViewItem &option)
{
    return QFontMetrics(boldFont(smallFont(option.font))).height() + Margin;
}

int MessageDelegate::bandsHeight(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    int height = 0;
    if (!index.data(MessageModel::DaySeparatorRole).toString().isEmpty())
        height += separatorHeight(option);
    if (m_unreadMarker.isValid() && m_unreadMarker == index)
        height += markerHeight(option);
    return height;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (isHistoryRow(index))
        return historyRowSize(option);
    const int header = QFontMetrics(boldFont(option.font)).height();
    // Placeholders are set in italics, so measured in that font.
    const int body =
        bodyHeight(index.data(Qt::DisplayRole).toString(), bodyFont(option, index), bodyWidth(option));
    const int height = bandsHeight(option, index) + Margin + header + 2 + body +
                       noteHeight(option, index.data(MessageModel::NotSavedRole).toString()) + Margin;
    return {textWidth(option) + 2 * Margin + AccentWidth, height};
}

QRect MessageDelegate::bodyRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QRect inner =
        option.rect.adjusted(Margin + AccentWidth, Margin + bandsHeight(option, index), -Margin, -Margin);
    const int header = QFontMetrics(boldFont(option.font)).height();
    const int note = noteHeight(option, index.data(MessageModel::NotSavedRole).toString());
    return {inner.left() + BodyIndent, inner.top() + header + 2, inner.width() - BodyIndent,
            inner.height() - header - 2 - note};
}

QList<std::pair<qsizetype, qsizetype>> MessageDelegate::matches(const QString &text, const QString &needle)
{
    QList<std::pair<qsizetype, qsizetype>> found;
    if (needle.isEmpty())
        return found;
    for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive))
        found.append({at, needle.size()});
    return found;
}

void MessageDelegate::paintBody(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index, const QRect &rect) const
{
    const QString text = index.data(Qt::DisplayRole).toString();
    QTextLayout layout(layoutText(text), bodyFont(option, index));
    if (isMessage(index) && !index.data(MessageModel::OmittedRole).toBool()) {
        QList<QTextLayout::FormatRange> formats;
        for (const MessageLinks::Link &link : MessageLinks::find(text)) {
            QTextCharFormat format;
            format.setForeground(option.palette.link());
            format.setFontUnderline(true);
            formats.append({int(link.start), int(link.length), format});
        }
        const bool current = m_currentMatch.isValid() && m_currentMatch == index;
        for (const auto &[start, length] : matches(text, m_findText)) {
            QTextCharFormat format;
            format.setBackground(current ? currentMatchColor() : matchColor());
            format.setForeground(QColor(Qt::black));
            formats.append({int(start), int(length), format});
        }
        layout.setFormats(formats);
    }
    layOut(layout, rect.width());
    layout.draw(painter, rect.topLeft());
}

QUrl MessageDelegate::linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                             const QPoint &pos) const
{
    if (!isMessage(index) || index.data(MessageModel::OmittedRole).toBool())
        return {};
    const QRect rect = bodyRect(option, index);
    if (!rect.contains(pos))
        return {};
    const QString text = index.data(Qt::DisplayRole).toString();
    QTextLayout layout(layoutText(text), bodyFont(option, index));
    layOut(layout, rect.width());
    const QPointF at = pos - rect.topLeft();
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        if (at.y() < line.y() || at.y() >= line.y() + line.height())
            continue;
        if (at.x() > line.x() + line.naturalTextWidth())
            return {}; // right of the line's end
        return MessageLinks::linkAt(text, line.xToCursor(at.x(), QTextLine::CursorOnCharacter));
    }
    return {};
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    if (isHistoryRow(index))
        return paintHistoryRow(painter, option, index);
    painter->save();
    const QPalette &palette = option.palette;
    const bool own = index.data(MessageModel::OwnRole).toBool();
    const bool pending = index.data(MessageModel::PendingRole).toBool();
    const bool failed = index.data(MessageModel::FailedRole).toBool();
    const bool notice = isNotice(index);
    const bool omitted = index.data(MessageModel::OmittedRole).toBool() || notice;
    const QString notSaved = index.data(MessageModel::NotSavedRole).toString();
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
    if (m_unreadMarker.isValid() && m_unreadMarker == index) {
        const QRect band(rect.left(), rect.top(), rect.width(), markerHeight(option));
        paintUnreadMarker(painter, option, band);
        rect.setTop(band.bottom() + 1);
    }

    if (own) {
        const QBrush accent = failed               ? QBrush(failureColor())
                              : notSaved.isEmpty() ? palette.highlight()
                                                   : QBrush(warningColor());
        painter->fillRect(rect, palette.alternateBase());
        painter->fillRect(QRect(rect.left(), rect.top(), AccentWidth, rect.height()), accent);
    } else if (failed || notice) {
        painter->fillRect(QRect(rect.left(), rect.top(), AccentWidth, rect.height()), failureColor());
    }
    if (option.state & QStyle::State_Selected) { // see-through, so the own-message tint still shows
        QColor selection = palette.color(QPalette::Highlight);
        selection.setAlpha(70);
        painter->fillRect(rect, selection);
    }

    const QRect inner = rect.adjusted(Margin + AccentWidth, Margin, -Margin, -Margin);
    const QFont bold = boldFont(option.font);
    const QFontMetrics boldMetrics(bold);
    const int header = boldMetrics.height();
    int x = inner.left();
    painter->setFont(bold);
    if (!nameWarning(index).isEmpty()) {
        const QString mark = u"\u26A0"_s;
        painter->setPen(failureColor());
        painter->drawText(QRect(x, inner.top(), inner.width(), header), Qt::AlignLeft | Qt::AlignVCenter,
                          mark);
        x += boldMetrics.horizontalAdvance(mark) + 4;
    }

    const QFont small = smallFont(option.font);
    // The server's date text when it is not ISO 8601, or its reason for refusing: one line too.
    QString time = UntrustedText::oneLine(index.data(MessageModel::TimeRole).toString(), 300);
    if (failed)
        time = u"\u26A0 "_s + time;
    // The name gets what the time leaves, but never so little that only "…" is left of it.
    const int nameSpace = qMax(boldMetrics.averageCharWidth() * 6,
                               inner.right() - x - 8 - QFontMetrics(small).horizontalAdvance(time));
    const QString user = index.data(MessageModel::UserRole).toString();
    const QString name = boldMetrics.elidedText(notice           ? tr("Server notice")
                                                : user.isEmpty() ? tr("(unknown)")
                                                                 : UntrustedText::displayName(user),
                                                Qt::ElideRight, nameSpace);
    painter->setPen(notice ? failureColor() : palette.color(QPalette::Text));
    painter->drawText(QRect(x, inner.top(), inner.right() - x, header), Qt::AlignLeft | Qt::AlignVCenter,
                      u'\u2068' + name + u'\u2069');
    x += boldMetrics.horizontalAdvance(name) + 8;
    painter->setFont(small);
    painter->setPen(failed ? failureColor() : palette.color(QPalette::PlaceholderText));
    const QRect timeRect(x, inner.top(), qMax(0, inner.right() - x), header);
    painter->drawText(timeRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(small).elidedText(time, Qt::ElideRight, timeRect.width()));

    const int note = noteHeight(option, notSaved);
    painter->setFont(omitted ? italicFont(option.font) : option.font);
    painter->setPen((pending && !failed) || omitted ? palette.color(QPalette::PlaceholderText)
                                                    : palette.color(QPalette::Text));
    paintBody(painter, option, index,
              QRect(inner.left() + BodyIndent, inner.top() + header + 2, inner.width() - BodyIndent,
                    inner.height() - header - 2 - note));
    if (note > 0) {
        const QRect noteRect(inner.left() + BodyIndent, inner.bottom() + 1 - (note - 2),
                             inner.width() - BodyIndent, note - 2);
        painter->setFont(small);
        painter->setPen(warningColor());
        painter->drawText(
            noteRect, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(small).elidedText(u"\u26A0 "_s + notSaved, Qt::ElideRight, noteRect.width()));
    }
    painter->restore();
}

void MessageDelegate::paintUnreadMarker(QPainter *painter, const QStyleOptionViewItem &option,
                                        const QRect &band) const
{
    const QFont font = boldFont(smallFont(option.font));
    const QString label = tr("New");
    const int labelWidth = QFontMetrics(font).horizontalAdvance(label);
    const int y = band.center().y();
    painter->setPen(failureColor());
    painter->drawLine(band.left() + Margin, y, band.right() - 2 * Margin - labelWidth, y);
    painter->setFont(font);
    painter->drawText(band.adjusted(0, 0, -Margin, 0), Qt::AlignRight | Qt::AlignVCenter, label);
}

QString MessageDelegate::nameWarning(const QModelIndex &index) const
{
    const QString user = index.data(MessageModel::UserRole).toString();
    if (user.isEmpty())
        return {};
    const auto *model = qobject_cast<const MessageModel *>(index.model());
    if (!model)
        return nameWarning(user, {});
    if (m_lookAlikesModel != model || m_lookAlikes.size() != model->users().size()) {
        m_lookAlikes.setNames(model->users());
        m_lookAlikesModel = model;
        m_warnings.clear();
    }
    // Every paint asks for every visible row; a skeleton costs a normalisation.
    auto it = m_warnings.constFind(user);
    if (it == m_warnings.cend())
        it = m_warnings.insert(user, nameWarning(user, m_lookAlikes.imitatedName(user)));
    return *it;
}

QString MessageDelegate::nameWarning(const QString &user, const QString &imitated)
{
    using UntrustedText::htmlName;
    if (!imitated.isEmpty()) {
        return u"<p>"_s +
               tr("%1 looks like %2, another name in this room. Check who is who.")
                   .toHtmlEscaped()
                   .arg(htmlName(user), htmlName(imitated)) +
               u"</p>"_s;
    }
    if (UntrustedText::isMixedScript(user)) {
        return u"<p>"_s +
               tr("%1 mixes letters of different alphabets (like a Cyrillic \u201C\u0430\u201D among Latin "
                  "ones), so it may imitate another name.")
                   .toHtmlEscaped()
                   .arg(htmlName(user)) +
               u"</p>"_s;
    }
    return {};
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip && index.isValid()) {
        const int headerBottom = option.rect.top() + bandsHeight(option, index) + Margin +
                                 QFontMetrics(boldFont(option.font)).height();
        const QString warning = nameWarning(index);
        if (!warning.isEmpty() && event->pos().y() <= headerBottom) {
            QToolTip::showText(event->globalPos(), warning, view);
            return true;
        }
        // The model's tooltip can be the server's own date text: shown as plain text.
        const QString tip = UntrustedText::toolTip(index.data(Qt::ToolTipRole).toString());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPos(), tip, view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
