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
#include "untrustedtext.h"

#include <QHash>
#include <QPointer>
#include <QStyledItemDelegate>

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

    // Reads on light and dark palettes alike; the one colour not taken from the palette.
    static QColor failureColor() { return {0xe5, 0x39, 0x35}; }
    // For what is not wrong yet but could go wrong (a message only in memory); the same on any palette.
    static QColor warningColor() { return {0xe6, 0x51, 0x00}; }

private:
    static constexpr int Margin = 6;
    static constexpr int AccentWidth = 3;
    // Every line of a message starts this far right of its header's name.
    static constexpr int BodyIndent = 14;
    int bodyWidth(const QStyleOptionViewItem &option) const { return textWidth(option) - BodyIndent; }
    int textWidth(const QStyleOptionViewItem &option) const;
    int textHeight(const QStyleOptionViewItem &option, const QString &text) const;
    int separatorHeight(const QStyleOptionViewItem &option) const;
    static int noteHeight(const QStyleOptionViewItem &option, const QString &note);
    static QString nameWarning(const QString &user, const QString &imitated);

    // The look-alike index of the room last painted, rebuilt when a new name appears in it.
    mutable UntrustedText::LookAlikes m_lookAlikes;
    mutable QPointer<const MessageModel> m_lookAlikesModel;
    mutable QHash<QString, QString> m_warnings; // by user name, for m_lookAlikes as it is
};
