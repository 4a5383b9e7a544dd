#include "chatview.h"

#include "messagedelegate.h"

#include <QScrollBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {
// Within this many pixels of the end counts as "at the bottom" (rounding, a last partial row).
constexpr int PinSlack = 4;
} // namespace

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
    , m_jump(new QToolButton(this))
{
    setObjectName(u"messageView"_s);
    setItemDelegate(new MessageDelegate(this));
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Rows are measured at the viewport's width. A scroll bar that appears once the rows no longer
    // fit narrows it, and every row was measured again: twice the work when a big room is laid
    // out (BENCHMARKS.md, scrolling). Always there, it never changes the width.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setWordWrap(true);
    setUniformItemSizes(false);
    setResizeMode(QListView::Adjust); // rows re-wrap when the window is resized
    setSelectionMode(QAbstractItemView::NoSelection);
    setContextMenuPolicy(Qt::CustomContextMenu);

    m_jump->setObjectName(u"newMessagesButton"_s);
    m_jump->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_jump->setAutoRaise(false);
    m_jump->setCursor(Qt::PointingHandCursor);
    m_jump->hide();
    connect(m_jump, &QToolButton::clicked, this, &ChatView::jumpToBottom);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &ChatView::onScrolled);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, &ChatView::onRangeChanged);
}

void ChatView::setModel(QAbstractItemModel *model)
{
    if (m_watched)
        disconnect(m_watched, &QAbstractItemModel::rowsInserted, this, &ChatView::onRowsInserted);
    QListView::setModel(model);
    m_watched = model;
    if (model)
        connect(model, &QAbstractItemModel::rowsInserted, this, &ChatView::onRowsInserted);
    jumpToBottom();
}

void ChatView::jumpToBottom()
{
    m_pinned = true;
    m_unseen = 0;
    m_adjusting = true;
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_adjusting = false;
    updateJumpButton();
}

void ChatView::onScrolled(int value)
{
    if (m_adjusting)
        return;
    m_pinned = value >= verticalScrollBar()->maximum() - PinSlack;
    if (m_pinned)
        m_unseen = 0;
    updateJumpButton();
}

void ChatView::onRangeChanged(int, int maximum)
{
    if (!m_pinned)
        return;
    // The layout grew (new rows, or a batch of a big room laid out): follow it down.
    m_adjusting = true;
    verticalScrollBar()->setValue(maximum);
    m_adjusting = false;
}

void ChatView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || m_pinned)
        return;
    m_unseen += last - first + 1;
    updateJumpButton();
}

void ChatView::updateJumpButton()
{
    m_jump->setVisible(!m_pinned);
    if (m_pinned)
        return;
    m_jump->setText(m_unseen > 0 ? tr("%n new message(s) ↓", nullptr, m_unseen) : tr("Jump to the latest ↓"));
    m_jump->adjustSize();
    const QRect area = viewport()->geometry();
    m_jump->move(area.center().x() - m_jump->width() / 2, area.bottom() - m_jump->height() - 12);
    m_jump->raise();
}

void ChatView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    updateJumpButton();
}
