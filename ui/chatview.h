#pragma once

// The message list of the current room. It stays pinned to the newest message while messages
// arrive, unless the user has scrolled up to read; then a "new messages" button floats over the
// bottom of the list and jumps back down. Each row's size is kept until the row, the width or the
// font changes, so the relayout after every insertion is cheap; when the model drops its oldest
// rows (MessageModel::maxRows()) a reader scrolled up keeps the rows they were reading in place.
// Messages can be selected and copied (Ctrl+C: "user (time): text" lines), their links clicked
// (opened with QDesktopServices), and the matches of find in room are highlighted.
// Scrolled to the top it says so (topReached: older messages can be loaded), and rows inserted
// above the one being read (older messages, a gap filled) leave it where it was on the screen.
#include <QListView>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QUrl>

class QMenu;
class QToolButton;

class ChatView : public QListView
{
    Q_OBJECT
public:
    explicit ChatView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    bool isPinnedToBottom() const { return m_pinned; }
    int unseenCount() const { return m_unseen; }
    void jumpToBottom();
    void doItemsLayout() override;

    // The selected messages (only message rows can be selected), oldest first, one
    // "user (time): text" line each, the text as the server sent it; what Ctrl+C copies.
    QString selectedText() const;
    void copySelection();
    static QString copyLine(const QModelIndex &index);
    // "> " before every line of the text, for the compose box.
    static QString quoted(const QString &text);
    // The link drawn at pos (viewport coordinates), or an invalid URL.
    QUrl linkAt(const QPoint &pos) const;
    // Copy text, Copy link (the link under pos, else the message's first), Quote: the actions of the
    // message at pos, added to its context menu. False (nothing added) when pos is not on a message.
    bool addMessageActions(QMenu *menu, const QPoint &pos);

    // Find in room: the text whose matches are highlighted, and the row of the current match
    // (highlighted more strongly and scrolled into view).
    void setFindText(const QString &text);
    QString findText() const;
    void setCurrentMatch(const QModelIndex &index);
    // The "New" line above the first unread message; an invalid index takes it away.
    void setUnreadMarker(const QModelIndex &index);
    QModelIndex unreadMarker() const;
    // When the "New" line is above the rows in view: scrolled to the top of the view, so the reader
    // starts at the first unread message (the "jump to the latest" button takes them down).
    void revealUnreadMarker();

Q_SIGNALS:
    // The user asked to quote a message: the text for the compose box ("> " on every line).
    void quoteRequested(const QString &quote);
    // The user scrolled to the top (or, in a list too short to scroll, tried to): a wish for older
    // messages.
    void topReached();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void updateGeometries() override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    class RowSizes;
    void onScrolled(int value);
    void onRangeChanged(int minimum, int maximum);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void anchorAboveInsertion(int first, int last);
    void updateJumpButton();

    QToolButton *m_jump;
    RowSizes *m_rowSizes; // the item delegate
    QPointer<QAbstractItemModel> m_watched;
    QList<QMetaObject::Connection> m_modelConnections;
    // The row a scrolled-up reader was reading when rows above it came or went, and where the top of
    // the view was from its bottom edge: put back there after the next layout.
    QPersistentModelIndex m_anchor;
    int m_anchorOffset = 0;
    bool m_paintAfterLayout = false; // rows came or went since the last layout
    bool m_pinned = true;
    bool m_adjusting = false;
    int m_unseen = 0;
    QUrl m_pressedLink; // opened when the button is released over the same link
};
