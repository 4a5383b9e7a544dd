#pragma once

// The message list of the current room. It stays pinned to the newest message while messages
// arrive, unless the user has scrolled up to read; then a "new messages" button floats over the
// bottom of the list and jumps back down. Each row's size is kept until the row, the width or the
// font changes, so the relayout after every insertion is cheap; when the model drops its oldest
// rows (MessageModel::maxRows()) a reader scrolled up keeps the rows they were reading in place.
#include <QListView>
#include <QPersistentModelIndex>
#include <QPointer>

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

protected:
    void resizeEvent(QResizeEvent *event) override;
    void updateGeometries() override;

private:
    class RowSizes;
    void onScrolled(int value);
    void onRangeChanged(int minimum, int maximum);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void updateJumpButton();

    QToolButton *m_jump;
    RowSizes *m_rowSizes; // the item delegate
    QPointer<QAbstractItemModel> m_watched;
    QList<QMetaObject::Connection> m_modelConnections;
    // The row a scrolled-up reader was reading when older rows went, and how far into it they were:
    // put back at the top of the view after the next layout.
    QPersistentModelIndex m_anchor;
    int m_anchorOffset = 0;
    bool m_paintAfterLayout = false; // rows came or went since the last layout
    bool m_pinned = true;
    bool m_adjusting = false;
    int m_unseen = 0;
};
