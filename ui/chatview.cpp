#include "chatview.h"

#include "messagedelegate.h"
#include "messagelinks.h"
#include "messagemodel.h"
#include "untrustedtext.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>
#include <QToolButton>
#include <QWheelEvent>

using namespace Qt::StringLiterals;

namespace {
// Within this many pixels of the end counts as "at the bottom" (rounding, a last partial row).
constexpr int PinSlack = 4;
} // namespace

// Each row's size as last measured, in the model's order. QListView keeps no sizes: it asks for
// every row's on each insertion or removal, and for each visible row on every paint. Under a flood
// that is every row of the room each time the model inserts (MessageModel::FlushGapMs); measured
// once, a row costs a lookup. A size is measured again when its row changed (dataChanged), or the
// width or the font did.
class ChatView::RowSizes : public MessageDelegate
{
public:
    using MessageDelegate::MessageDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        // The width the text wraps in, found as MessageDelegate finds it.
        int width = option.rect.width();
        if (width <= 0) {
            if (const auto *view = qobject_cast<const QAbstractScrollArea *>(option.widget))
                width = view->viewport()->width();
        }
        if (width != m_width || option.font != m_font) {
            m_sizes.fill(QSize());
            m_width = width;
            m_font = option.font;
        }
        const int row = index.row();
        if (index.parent().isValid() || row >= m_sizes.size()) // not ours: measured each time
            return MessageDelegate::sizeHint(option, index);
        QSize &size = m_sizes[row];
        if (!size.isValid())
            size = MessageDelegate::sizeHint(option, index);
        return size;
    }
    // The row at y of the list as last laid out (rows touch: no spacing), and y within it.
    std::pair<int, int> rowAt(int y) const
    {
        int top = 0;
        for (int row = 0; row < m_sizes.size(); ++row) {
            const int height = qMax(0, m_sizes.at(row).height());
            if (y < top + height)
                return {row, y - top};
            top += height;
        }
        return {int(m_sizes.size()), 0};
    }
    int heightOf(int row) const { return row < m_sizes.size() ? qMax(0, m_sizes.at(row).height()) : 0; }
    void reset(int rows) { m_sizes = QList<QSize>(rows); }
    void inserted(int first, int last) { m_sizes.insert(first, last - first + 1, QSize()); }
    void removed(int first, int last) { m_sizes.remove(first, last - first + 1); }
    void changed(int first, int last)
    {
        for (int row = first; row <= last && row < m_sizes.size(); ++row)
            m_sizes[row] = QSize();
    }

private:
    mutable QList<QSize> m_sizes;
    mutable int m_width = -1;
    mutable QFont m_font;
};

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
    , m_jump(new QToolButton(this))
    , m_rowSizes(new RowSizes(this))
{
    setObjectName(u"messageView"_s);
    setItemDelegate(m_rowSizes);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Rows are measured at the viewport's width. A scroll bar that appears once the rows no longer
    // fit narrows it, and every row was measured again: twice the work when a big room is laid
    // out (BENCHMARKS.md, scrolling). Always there, it never changes the width.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setWordWrap(true);
    setUniformItemSizes(false);
    setResizeMode(QListView::Adjust); // rows re-wrap when the window is resized
    // Only message rows can be selected (MessageModel::flags()); copied with Ctrl+C.
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setMouseTracking(true); // the pointing hand over links

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
    for (const QMetaObject::Connection &connection : std::as_const(m_modelConnections))
        disconnect(connection);
    m_modelConnections.clear();
    QListView::setModel(model);
    m_watched = model;
    m_rowSizes->reset(model ? model->rowCount() : 0);
    m_anchor = QPersistentModelIndex();
    if (model) {
        // After QListView's own connections: it only schedules a layout, which finds the sizes
        // already in step with the rows.
        const auto top = [](const QModelIndex &parent) {
            return !parent.isValid();
        };
        const auto resetSizes = [this] {
            m_rowSizes->reset(m_watched ? m_watched->rowCount() : 0);
        };
        m_modelConnections = {
            connect(model, &QAbstractItemModel::rowsInserted, this, &ChatView::onRowsInserted),
            connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                    &ChatView::onRowsAboutToBeRemoved),
            connect(model, &QAbstractItemModel::rowsRemoved, this,
                    [this, top](const QModelIndex &parent, int first, int last) {
                        if (top(parent))
                            m_rowSizes->removed(first, last);
                        m_paintAfterLayout = true;
                    }),
            connect(model, &QAbstractItemModel::dataChanged, this,
                    [this, top](const QModelIndex &from, const QModelIndex &to) {
                        if (top(from.parent()))
                            m_rowSizes->changed(from.row(), to.row());
                    }),
            connect(model, &QAbstractItemModel::modelReset, this, resetSizes),
            connect(model, &QAbstractItemModel::layoutChanged, this, resetSizes),
            connect(model, &QAbstractItemModel::rowsMoved, this, resetSizes),
        };
    }
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
    if (value == verticalScrollBar()->minimum() && verticalScrollBar()->maximum() > 0)
        Q_EMIT topReached();
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
    if (parent.isValid())
        return;
    if (!m_pinned)
        anchorAboveInsertion(first, last); // from the sizes as they were
    m_rowSizes->inserted(first, last);
    m_paintAfterLayout = true;
    // Only rows at the end are new; older messages and the client's own rows come in above.
    if (m_pinned || last + 1 < model()->rowCount())
        return;
    m_unseen += last - first + 1;
    updateJumpButton();
}

void ChatView::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || m_pinned)
        return;
    // Rows go while the reader is scrolled up (the model drops its oldest): what they read would
    // slide at the next layout, which updateGeometries() undoes. The row is found from the kept
    // sizes, not indexAt(): a layout may be pending, and that would run it twice.
    if (m_anchor.isValid())
        return; // found at the first removal since the last layout, and kept up to date by the model
    auto [row, offset] = m_rowSizes->rowAt(verticalScrollBar()->value());
    if (row >= first && row <= last) { // it goes too: the first row after it instead
        row = last + 1;
        offset = 0;
    }
    if (row < model()->rowCount()) {
        m_anchor = model()->index(row, 0);
        m_anchorOffset = offset - m_rowSizes->heightOf(row);
    }
}

// Rows inserted above the row being read (older messages, a gap filled) would push it down at the
// next layout, which updateGeometries() undoes, as for removed rows. The spinner row is skipped: it
// is there to be seen when it comes, and when it goes with the older rows in its place, the row
// below it is the one that must stay put.
void ChatView::anchorAboveInsertion(int first, int last)
{
    if (m_anchor.isValid())
        return;
    const auto isSpinner = [this](int row) {
        return model()->index(row, 0).data(MessageModel::KindRole).toInt() ==
               int(MessageModel::RowKind::LoadingOlder);
    };
    const int count = last - first + 1;
    bool onlySpinners = true;
    for (int row = first; row <= last && onlySpinners; ++row)
        onlySpinners = isSpinner(row);
    if (onlySpinners)
        return;
    auto [row, offset] = m_rowSizes->rowAt(verticalScrollBar()->value());
    const int before = model()->rowCount() - count; // rows as the kept sizes know them
    // Old row r is at r, or at r + count once it is at or after first.
    while (row < before && isSpinner(row >= first ? row + count : row)) {
        offset -= m_rowSizes->heightOf(row);
        ++row;
    }
    if (row >= before || first > row)
        return; // below the row being read: nothing above it moves
    m_anchor = model()->index(row + count, 0);
    m_anchorOffset = offset - m_rowSizes->heightOf(row);
}

void ChatView::wheelEvent(QWheelEvent *event)
{
    QListView::wheelEvent(event);
    // A list that does not fill the view cannot scroll, so it never reaches the top by scrolling.
    if (verticalScrollBar()->maximum() == 0 && event->angleDelta().y() > 0)
        Q_EMIT topReached();
}

// QListView lays out again on the pass after rows came or went and asks for a paint on the pass
// after that. Under a flood the model's next insertion can come first, and it throws the layout
// away: the view paints nothing, or an empty list. So the rows are painted as soon as they are laid
// out, and the view shows every insertion (at most one per MessageModel::FlushGapMs).
void ChatView::doItemsLayout()
{
    QListView::doItemsLayout();
    if (std::exchange(m_paintAfterLayout, false) && isVisible() && !viewport()->paintingActive())
        viewport()->repaint();
}

void ChatView::updateGeometries()
{
    QListView::updateGeometries();
    const QPersistentModelIndex anchor = std::exchange(m_anchor, QPersistentModelIndex());
    if (!anchor.isValid() || m_pinned)
        return;
    m_adjusting = true;
    // From the row's bottom: a day separator it gains or loses on top (it is the first row now, or
    // no longer the first of its day) does not move its text.
    verticalScrollBar()->setValue(rectForIndex(anchor).bottom() + 1 + m_anchorOffset);
    m_adjusting = false;
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

namespace {
bool isMessage(const QModelIndex &index)
{
    const QVariant kind = index.data(MessageModel::KindRole);
    return !kind.isValid() || kind.toInt() == int(MessageModel::RowKind::Message);
}
} // namespace

QString ChatView::copyLine(const QModelIndex &index)
{
    const QString user = index.data(MessageModel::UserRole).toString();
    // The name as the row shows it (one line, isolated: it cannot reorder the line it is pasted
    // into); the text exactly as the server sent it.
    //: A copied message: sender, time, text
    return tr("%1 (%2): %3")
        .arg(user.isEmpty() ? tr("(unknown)") : UntrustedText::isolated(user),
             UntrustedText::oneLine(index.data(MessageModel::TimeRole).toString(), 300),
             index.data(Qt::DisplayRole).toString());
}

QString ChatView::selectedText() const
{
    QModelIndexList rows = selectionModel() ? selectionModel()->selectedRows() : QModelIndexList();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &index : std::as_const(rows)) {
        if (isMessage(index))
            lines << copyLine(index);
    }
    return lines.join(u'\n');
}

void ChatView::copySelection()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

QString ChatView::quoted(const QString &text)
{
    QStringList lines = text.split(u'\n');
    for (QString &line : lines)
        line.prepend(u"> "_s);
    return lines.join(u'\n');
}

QUrl ChatView::linkAt(const QPoint &pos) const
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid())
        return {};
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return m_rowSizes->linkAt(option, index, pos);
}

bool ChatView::addMessageActions(QMenu *menu, const QPoint &pos)
{
    const QPersistentModelIndex index = indexAt(pos);
    if (!index.isValid() || !isMessage(index))
        return false;
    const QString text = index.data(Qt::DisplayRole).toString();
    const bool omitted = index.data(MessageModel::OmittedRole).toBool();
    QAction *copyText =
        menu->addAction(tr("&Copy text"), this, [text] { QGuiApplication::clipboard()->setText(text); });
    copyText->setObjectName(u"copyTextAction"_s);
    copyText->setEnabled(!omitted);
    QUrl link = linkAt(pos);
    if (!link.isValid() && !omitted) {
        const QList<MessageLinks::Link> links = MessageLinks::find(text);
        if (!links.isEmpty())
            link = links.first().url;
    }
    if (link.isValid()) {
        QAction *copyLink = menu->addAction(
            tr("Copy &link"), this, [link] { QGuiApplication::clipboard()->setText(link.toString()); });
        copyLink->setObjectName(u"copyLinkAction"_s);
    }
    QAction *quote =
        menu->addAction(tr("&Quote"), this, [this, text] { Q_EMIT quoteRequested(quoted(text)); });
    quote->setObjectName(u"quoteAction"_s);
    quote->setEnabled(!omitted);
    return true;
}

void ChatView::setFindText(const QString &text)
{
    m_rowSizes->setFindText(text);
    viewport()->update();
}

QString ChatView::findText() const
{
    return m_rowSizes->findText();
}

void ChatView::setCurrentMatch(const QModelIndex &index)
{
    m_rowSizes->setCurrentMatch(index);
    if (index.isValid())
        scrollTo(index, QAbstractItemView::PositionAtCenter);
    viewport()->update();
}

void ChatView::setUnreadMarker(const QModelIndex &index)
{
    const QPersistentModelIndex before = m_rowSizes->unreadMarker();
    if (before == index)
        return;
    m_rowSizes->setUnreadMarker(index);
    // The rows are a line taller or shorter: measured again at the next layout.
    for (const QModelIndex &row : {QModelIndex(before), index}) {
        if (row.isValid())
            m_rowSizes->changed(row.row(), row.row());
    }
    scheduleDelayedItemsLayout();
}

QModelIndex ChatView::unreadMarker() const
{
    return m_rowSizes->unreadMarker();
}

void ChatView::revealUnreadMarker()
{
    const QModelIndex marker = unreadMarker();
    if (!marker.isValid())
        return;
    doItemsLayout(); // the marker's row was measured again: its place is known after this
    if (visualRect(marker).top() < 0)
        scrollTo(marker, QAbstractItemView::PositionAtTop);
}

void ChatView::keyPressEvent(QKeyEvent *event)
{
    // Before QAbstractItemView's own copy, which copies the current row's text alone.
    if (event == QKeySequence::Copy) {
        copySelection();
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

void ChatView::mousePressEvent(QMouseEvent *event)
{
    m_pressedLink = event->button() == Qt::LeftButton ? linkAt(event->position().toPoint()) : QUrl();
    QListView::mousePressEvent(event);
}

void ChatView::mouseMoveEvent(QMouseEvent *event)
{
    QListView::mouseMoveEvent(event);
    if (linkAt(event->position().toPoint()).isValid())
        viewport()->setCursor(Qt::PointingHandCursor);
    else
        viewport()->unsetCursor();
}

void ChatView::mouseReleaseEvent(QMouseEvent *event)
{
    QListView::mouseReleaseEvent(event);
    const QUrl link = std::exchange(m_pressedLink, QUrl());
    // Only http, https and mailto are ever links (MessageLinks), so nothing else is opened here.
    if (event->button() == Qt::LeftButton && link.isValid() && linkAt(event->position().toPoint()) == link)
        QDesktopServices::openUrl(link);
}
