#include "roomsidebar.h"

#include "messagedelegate.h"
#include "serverprofile.h"
#include "untrustedtext.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
// One room: "#name" (bold while unread) over its state in small words, an unread badge right.
class RoomDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return {option.rect.width(), option.fontMetrics.height() * 2 + 3 * Pad};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem base = option;
        initStyleOption(&base, index);
        base.text.clear();
        base.icon = {};
        const QWidget *widget = option.widget;
        (widget ? widget->style() : QApplication::style())
            ->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget);

        painter->save();
        const bool selected = option.state & QStyle::State_Selected;
        const QPalette &palette = option.palette;
        const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        const int unread = index.data(RoomSidebar::UnreadRole).toInt();
        QRect area = option.rect.adjusted(2 * Pad, Pad, -2 * Pad, -Pad);

        if (unread > 0) {
            const QString count = unread > 999 ? u"999+"_s : QString::number(unread);
            QFont font = option.font;
            font.setBold(true);
            const QFontMetrics metrics(font);
            const int height = metrics.height() + 2;
            const int width = qMax(height, metrics.horizontalAdvance(count) + height / 2 + 4);
            const QRect badge(area.right() - width, area.center().y() - height / 2, width, height);
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(Qt::NoPen);
            painter->setBrush(selected ? palette.highlightedText() : palette.highlight());
            painter->drawRoundedRect(badge, height / 2.0, height / 2.0);
            painter->setFont(font);
            painter->setPen(palette.color(selected ? QPalette::Highlight : QPalette::HighlightedText));
            painter->drawText(badge, Qt::AlignCenter, count);
            area.setRight(badge.left() - Pad);
        }

        QFont nameFont = option.font;
        nameFont.setBold(unread > 0);
        const int line = option.fontMetrics.height();
        painter->setFont(nameFont);
        painter->setPen(text);
        // Names joined before the room-name rule, or read back from settings, are shown as safely.
        const QString name = UntrustedText::oneLine(index.data(RoomSidebar::RoomRole).toString(),
                                                    ServerProfile::MaxRoomNameLength);
        const QFontMetrics nameMetrics(nameFont);
        const QString elided =
            nameMetrics.elidedText(name, Qt::ElideRight, area.width() - nameMetrics.horizontalAdvance(u'#'));
        painter->drawText(QRect(area.left(), area.top(), area.width(), line),
                          Qt::AlignLeft | Qt::AlignVCenter, u"#\u2068"_s + elided + u'\u2069');
        const bool problem = index.data(RoomSidebar::ProblemRole).toBool();
        painter->setFont(option.font);
        painter->setPen(problem && !selected ? MessageDelegate::failureColor()
                                             : palette.color(selected ? QPalette::HighlightedText
                                                                      : QPalette::PlaceholderText));
        QString state = index.data(RoomSidebar::StateRole).toString();
        if (index.data(RoomSidebar::MutedRole).toBool())
            state = RoomSidebar::tr("%1 · muted").arg(state);
        painter->drawText(QRect(area.left(), area.top() + line + Pad, area.width(), line),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          option.fontMetrics.elidedText(state, Qt::ElideRight, area.width()));
        painter->restore();
    }

private:
    static constexpr int Pad = 3;
};
} // namespace

RoomSidebar::RoomSidebar(QWidget *parent)
    : QWidget(parent)
    , m_joinEdit(new QLineEdit(this))
    , m_joinButton(new QPushButton(tr("Join"), this))
    , m_list(new QListWidget(this))
{
    m_joinEdit->setObjectName(u"joinEdit"_s);
    m_joinEdit->setPlaceholderText(tr("Join a room…"));
    m_joinEdit->setToolTip(tr("Type a room name and press Enter (Ctrl+K)"));
    m_joinEdit->setClearButtonEnabled(true);
    m_joinButton->setObjectName(u"joinButton"_s);
    m_list->setObjectName(u"roomList"_s);
    m_list->setItemDelegate(new RoomDelegate(m_list));
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);

    auto *joinRow = new QHBoxLayout;
    joinRow->addWidget(m_joinEdit);
    joinRow->addWidget(m_joinButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(joinRow);
    layout->addWidget(m_list);

    auto join = [this] {
        const QString room = m_joinEdit->text().trimmed();
        if (!room.isEmpty())
            Q_EMIT joinRequested(room);
    };
    connect(m_joinEdit, &QLineEdit::returnPressed, this, join);
    connect(m_joinButton, &QPushButton::clicked, this, join);
    connect(m_list, &QListWidget::currentItemChanged, this,
            [this] { Q_EMIT currentRoomChanged(currentRoom()); });
    connect(m_list, &QWidget::customContextMenuRequested, this, &RoomSidebar::showRoomMenu);
}

QListWidgetItem *RoomSidebar::itemFor(const QString &room) const
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(RoomRole).toString() == room)
            return m_list->item(i);
    }
    return nullptr;
}

void RoomSidebar::addRoom(const QString &room)
{
    if (itemFor(room))
        return;
    auto *item = new QListWidgetItem(m_list);
    item->setData(RoomRole, room);
    item->setData(UnreadRole, 0);
    if (!m_list->currentItem())
        m_list->setCurrentItem(item);
}

void RoomSidebar::removeRoom(const QString &room)
{
    delete itemFor(room);
}

void RoomSidebar::setRoomState(const QString &room, const QString &stateWords, const QString &detail,
                               bool problem)
{
    if (QListWidgetItem *item = itemFor(room)) {
        item->setData(StateRole, stateWords);
        item->setData(ProblemRole, problem);
        item->setToolTip(UntrustedText::toolTip(detail)); // may hold the server's close reason
    }
}

void RoomSidebar::addUnread(const QString &room, int count)
{
    if (QListWidgetItem *item = itemFor(room))
        item->setData(UnreadRole, item->data(UnreadRole).toInt() + count);
}

void RoomSidebar::clearUnread(const QString &room)
{
    if (QListWidgetItem *item = itemFor(room))
        item->setData(UnreadRole, 0);
}

void RoomSidebar::setMuted(const QString &room, bool muted)
{
    if (QListWidgetItem *item = itemFor(room))
        item->setData(MutedRole, muted);
}

bool RoomSidebar::isMuted(const QString &room) const
{
    const QListWidgetItem *item = itemFor(room);
    return item && item->data(MutedRole).toBool();
}

int RoomSidebar::unread(const QString &room) const
{
    const QListWidgetItem *item = itemFor(room);
    return item ? item->data(UnreadRole).toInt() : 0;
}

QString RoomSidebar::currentRoom() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(RoomRole).toString() : QString();
}

void RoomSidebar::setCurrentRoom(const QString &room)
{
    if (QListWidgetItem *item = itemFor(room))
        m_list->setCurrentItem(item);
}

void RoomSidebar::stepRoom(int delta)
{
    const int count = m_list->count();
    if (count == 0)
        return;
    const int row = qMax(0, m_list->currentRow());
    m_list->setCurrentRow(((row + delta) % count + count) % count);
}

void RoomSidebar::focusJoinField()
{
    m_joinEdit->setFocus(Qt::ShortcutFocusReason);
    m_joinEdit->selectAll();
}

void RoomSidebar::clearJoinField()
{
    m_joinEdit->clear();
}

QStringList RoomSidebar::rooms() const
{
    QStringList names;
    for (int i = 0; i < m_list->count(); ++i)
        names << m_list->item(i)->data(RoomRole).toString();
    return names;
}

void RoomSidebar::showRoomMenu(const QPoint &position)
{
    const QListWidgetItem *item = m_list->itemAt(position);
    if (!item)
        return;
    const QString room = item->data(RoomRole).toString();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QString shown = UntrustedText::isolated(room).replace(u'&', u"&&"_s); // no mnemonic from the name
    menu->setObjectName(u"roomMenu"_s);
    QAction *mute = menu->addAction(tr("&Mute notifications"));
    mute->setObjectName(u"muteRoomAction"_s);
    mute->setCheckable(true);
    mute->setChecked(item->data(MutedRole).toBool());
    connect(mute, &QAction::toggled, this, [this, room](bool muted) { Q_EMIT muteRequested(room, muted); });
    menu->addAction(tr("&Leave #%1").arg(shown), this, [this, room] { Q_EMIT leaveRequested(room); });
    menu->popup(m_list->viewport()->mapToGlobal(position));
}
