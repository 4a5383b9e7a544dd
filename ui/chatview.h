#pragma once

// The message list of the current room. It stays pinned to the newest message while messages
// arrive, unless the user has scrolled up to read; then a "new messages" button floats over the
// bottom of the list and jumps back down.
#include <QListView>
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

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void onScrolled(int value);
    void onRangeChanged(int minimum, int maximum);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void updateJumpButton();

    QToolButton *m_jump;
    QPointer<QAbstractItemModel> m_watched;
    bool m_pinned = true;
    bool m_adjusting = false;
    int m_unseen = 0;
};
