#pragma once

// Paints one chat message: an optional day separator, sender and time on the first line, the
// wrapped text below. Own messages get a tinted background and an accent bar; pending ones are
// greyed until the server echoes them; failed ones say so in red, unsaved ones in an orange line
// under the text (lost if the app quits); the placeholder of a message too large to show is grey
// and italic, so it is not taken for words someone wrote. Nothing here caches a size: ChatView
// keeps each row's (ui/chatview.cpp) until the row, the width or the font changes.
// Names are untrusted: one line, visible, isolated and elided (ui/untrustedtext.h), with a
// warning mark and a tooltip when a name only looks like another one in the room. The text sits
// indented under its header, so no line of a message can pass for a header of its own.
// The text is laid out here rather than by QPainter::drawText, for three things drawText cannot do:
// a word wider than the row (a long URL) breaks anywhere instead of running out of the row; the
// http, https and mailto links in it are drawn as links and found under the mouse; the matches of
// find in room are highlighted. A "New" line stands above the first unread message when the view
// says which one that is.
#include "untrustedtext.h"

#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QStyledItemDelegate>
#include <QUrl>

class MessageModel;

class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // Why the sender's name of this row is marked, as a rich-text tooltip; empty when it is not.
    QString nameWarning(const QModelIndex &index) const;
    // The link drawn at pos (view coordinates) in the row painted at option.rect; invalid if none.
    QUrl linkAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;

    // Find in room: every match of the text is highlighted, those of the current row more strongly.
    void setFindText(const QString &text) { m_findText = text; }
    QString findText() const { return m_findText; }
    void setCurrentMatch(const QPersistentModelIndex &index) { m_currentMatch = index; }
    // Where `needle` occurs in `text`, ignoring case: (start, length) pairs.
    static QList<std::pair<qsizetype, qsizetype>> matches(const QString &text, const QString &needle);
    // The row with the "New" line above it; it changes the row's height, so the view measures it
    // again (ChatView::setUnreadMarker).
    void setUnreadMarker(const QPersistentModelIndex &index) { m_unreadMarker = index; }
    QPersistentModelIndex unreadMarker() const { return m_unreadMarker; }

    // Reads on light and dark palettes alike; the one colour not taken from the palette.
    static QColor failureColor() { return {0xe5, 0x39, 0x35}; }
    // For what is not wrong yet but could go wrong (a message only in memory); the same on any palette.
    static QColor warningColor() { return {0xe6, 0x51, 0x00}; }
    // Behind the matches of find, with dark text on them on any palette.
    static QColor matchColor() { return {0xff, 0xe0, 0x82}; }
    static QColor currentMatchColor() { return {0xff, 0x9f, 0x1a}; }

private:
    static constexpr int Margin = 6;
    static constexpr int AccentWidth = 3;
    // Every line of a message starts this far right of its header's name.
    static constexpr int BodyIndent = 14;
    int bodyWidth(const QStyleOptionViewItem &option) const { return textWidth(option) - BodyIndent; }
    int textWidth(const QStyleOptionViewItem &option) const;
    int separatorHeight(const QStyleOptionViewItem &option) const;
    static int markerHeight(const QStyleOptionViewItem &option);
    // The height of what is drawn above the message itself: day separator, "New" line.
    int bandsHeight(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    static int noteHeight(const QStyleOptionViewItem &option, const QString &note);
    // Where the text of the row painted at option.rect goes.
    QRect bodyRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    void paintBody(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index,
                   const QRect &rect) const;
    void paintUnreadMarker(QPainter *painter, const QStyleOptionViewItem &option, const QRect &band) const;
    static QString nameWarning(const QString &user, const QString &imitated);
    // messagedelegatehistory.cpp: the gap separator and the spinner row, one line each.
    static bool isHistoryRow(const QModelIndex &index);
    QSize historyRowSize(const QStyleOptionViewItem &option) const;
    void paintHistoryRow(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const;

    // The look-alike index of the room last painted, rebuilt when a new name appears in it.
    mutable UntrustedText::LookAlikes m_lookAlikes;
    mutable QPointer<const MessageModel> m_lookAlikesModel;
    mutable QHash<QString, QString> m_warnings; // by user name, for m_lookAlikes as it is
    QString m_findText;
    QPersistentModelIndex m_currentMatch;
    QPersistentModelIndex m_unreadMarker;
};
