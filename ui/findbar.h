#pragma once

// Find in room (Ctrl+F): a bar over the message list. It looks in the room's loaded rows and the
// local store as the user types, highlights every match in the rows (the delegate paints them) and
// steps through them newest first: Enter or F3 goes to the next older match, Shift+Enter or Shift+F3
// back. "3 of 41" counts the loaded matches; matches only in the store are counted apart ("12 more
// in older messages"), and stepping past the oldest loaded one asks for older rows down to it
// (olderMatchWanted). Esc closes it and takes the highlights away.
#include "roomsearch.h"

#include <QPersistentModelIndex>

#include <QPointer>
#include <QTimer>
#include <QWidget>

class ChatView;
class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QToolButton;

class FindBar : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(ChatView *view, QWidget *parent = nullptr);

    void setStoreSearch(RoomSearch::StoreSearch search);
    // Shows the bar with its field focused and selected, and looks again.
    void open();
    void close();
    void findNext();     // older
    void findPrevious(); // newer
    // The view shows another room (or its model changed): look again there.
    void refresh();

    QString text() const;
    int matchCount() const { return int(m_search.loaded().size()); }
    int currentMatch() const { return m_current; } // 0 for the newest match, -1 for none
    QModelIndex currentRow() const { return m_currentRow; }
    QString countText() const;
    const RoomSearch &search() const { return m_search; }

Q_SIGNALS:
    void closed();
    // Stepping past the oldest loaded match when there are older ones in the store: the receiver
    // loads older rows down to this message, if it can.
    void olderMatchWanted(const ChatMessage &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onTextChanged();
    void watchModel();
    void onRowsChanged();
    void catchUp();
    void showCurrent();
    void showCount();

    QPointer<ChatView> m_view;
    QLineEdit *m_edit;
    QLabel *m_count;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_close;
    RoomSearch m_search;
    int m_current = -1;
    QPersistentModelIndex m_currentRow; // kept when rows come or go
    QPointer<QAbstractItemModel> m_watched;
    QList<QMetaObject::Connection> m_modelConnections;
    QTimer m_rowsChanged; // one look at the rows per burst of insertions
};
