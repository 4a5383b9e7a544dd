#include "scrollback.h"

#include "chatclient.h"
#include "chatview.h"
#include "messagemodel.h"
#include "messagestore.h"

#include <QLoggingCategory>
#include <QScrollBar>
#include <QTimer>

ScrollBack::ScrollBack(ChatClient *client, ChatView *view, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_view(view)
{
    HistoryClient *history = m_client->history();
    connect(history, &HistoryClient::pageLoaded, this,
            [this](quint64 request, const QString &room, const QString &,
                   const QList<ChatMessage> &messages) { onPageLoaded(request, room, messages); });
    connect(history, &HistoryClient::pageFailed, this,
            [this](quint64 request, const QString &room, const QString &, HistoryClient::Error error,
                   const QString &) { onPageFailed(request, room, error); });
    connect(m_view, &ChatView::topReached, this, [this] {
        // Only for the room shown: the view passes the top while it changes models too.
        if (const Room room = m_rooms.value(m_current); room.model && m_view->model() == room.model)
            loadOlder(m_current);
    });
    // Scrolling shows other rows; but the view following new rows down while a new gap waits for the
    // rest of its join's history must not look at it early (GapCheckDelayMs).
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (!m_gapCheck.isActive())
            m_gapCheck.start(0);
    });
    setObjectName(QStringLiteral("scrollBack"));
    m_gapCheck.setSingleShot(true);
    connect(&m_gapCheck, &QTimer::timeout, this, &ScrollBack::fillGapsInView);
}

void ScrollBack::watch(RoomConnection *room, MessageModel *model)
{
    const QString name = room->room();
    Room state;
    state.connection = room;
    state.model = model;
    m_rooms.insert(name, state);
    connect(room, &RoomConnection::gapDetected, this, [this, name](const QString &beforeServerId) {
        if (const Room watched = m_rooms.value(name); watched.model)
            watched.model->insertGap(beforeServerId);
        if (name == m_current)
            fillGapsInViewSoon(GapCheckDelayMs);
    });
}

void ScrollBack::forget(const QString &room)
{
    m_rooms.remove(room);
    m_client->history()->cancel(room);
}

void ScrollBack::setCurrentRoom(const QString &room)
{
    m_current = room;
    fillGapsInViewSoon();
}

bool ScrollBack::isLoading(const QString &room) const
{
    const Room state = m_rooms.value(room);
    return state.olderRequest != 0 || state.gapRequest != 0;
}

void ScrollBack::loadOlder(const QString &name)
{
    const auto it = m_rooms.find(name);
    if (it == m_rooms.end() || !it->model || it->olderRequest != 0)
        return;
    MessageModel *model = it->model;
    // At the cap nothing older is loaded: it would have to push newer rows out of the bottom.
    const QString oldest = model->oldestServerId();
    if (oldest.isEmpty() || !model->hasRoomForOlder() || model->isLoadingOlder())
        return;
    // The local store first: at hand, and offline too.
    if (MessageStore *store = m_client->messageStore(); store && store->isOpen()) {
        const QList<ChatMessage> stored = store->before(name, oldest, PageSize);
        if (it->connection)
            it->connection->rememberSeen(stored);
        if (model->insertOlder(stored) > 0)
            return;
    }
    HistoryClient *history = m_client->history();
    if (it->atStart || !history->isAvailable())
        return;
    model->setLoadingOlder(true);
    it->olderRequest = history->fetch(name, oldest, PageSize);
    if (it->olderRequest == 0)
        model->setLoadingOlder(false);
}

void ScrollBack::fillGap(const QString &name, const QString &beforeServerId)
{
    const auto it = m_rooms.find(name);
    if (it == m_rooms.end() || !it->model || it->gapRequest != 0 || it->failedGaps.contains(beforeServerId))
        return;
    HistoryClient *history = m_client->history();
    // A gap that would take the room over its cap is left for the user to see: still missing.
    if (!history->isAvailable() || !it->model->hasRoomForOlder())
        return;
    it->gapId = beforeServerId;
    it->model->setGapLoading(beforeServerId, true);
    it->gapRequest = history->fetch(name, beforeServerId, PageSize);
    if (it->gapRequest == 0)
        it->model->setGapLoading(beforeServerId, false);
}

void ScrollBack::onPageLoaded(quint64 request, const QString &name, const QList<ChatMessage> &messages)
{
    const auto it = m_rooms.find(name);
    if (it == m_rooms.end() || !it->model)
        return;
    MessageModel *model = it->model;
    if (request == it->olderRequest) {
        it->olderRequest = 0;
        keep(name, messages, model->oldestServerId()); // what the page was asked for, before it
        // Inserted below the spinner before it goes, so the rows in view stay put (ChatView).
        model->insertOlder(messages);
        model->setLoadingOlder(false);
        it->atStart = messages.isEmpty();
    } else if (request == it->gapRequest) {
        it->gapRequest = 0;
        keep(name, messages, it->gapId);
        model->fillGap(it->gapId, messages);
        if (name == m_current)
            fillGapsInViewSoon(); // still in view and not closed: the next page
    }
}

void ScrollBack::onPageFailed(quint64 request, const QString &name, HistoryClient::Error error)
{
    const auto it = m_rooms.find(name);
    if (it == m_rooms.end() || !it->model)
        return;
    if (request == it->olderRequest) {
        it->olderRequest = 0;
        it->model->setLoadingOlder(false);
    } else if (request == it->gapRequest) {
        it->gapRequest = 0;
        it->model->setGapLoading(it->gapId, false);
        if (error != HistoryClient::Error::NoEndpoint)
            it->failedGaps.insert(it->gapId);
    }
}

// What the server sent of the past is the room's and the store's too: a later join's history does
// not pass it on again, and the next run finds it on disk.
void ScrollBack::keep(const QString &name, const QList<ChatMessage> &messages, const QString &beforeId)
{
    const Room &room = m_rooms[name];
    if (room.connection)
        room.connection->rememberSeen(messages);
    if (MessageStore *store = m_client->messageStore(); store && store->isOpen() && !messages.isEmpty())
        store->insertBefore(name, beforeId, messages); // in their place, not as the newest
}

void ScrollBack::fillGapsInViewSoon(int delayMs)
{
    // At the earliest after the view has laid the rows out: where they are is known only then.
    if (!m_gapCheck.isActive() || m_gapCheck.remainingTime() > delayMs)
        m_gapCheck.start(delayMs);
}

void ScrollBack::fillGapsInView()
{
    const Room room = m_rooms.value(m_current);
    if (room.model && m_view && m_view->model() == room.model && room.gapRequest == 0) {
        const QRect visible = m_view->viewport()->rect();
        const QStringList gaps = room.model->gaps();
        for (const QString &gap : gaps) {
            const QRect rect = m_view->visualRect(room.model->index(room.model->gapRow(gap)));
            if (rect.isValid() && rect.intersects(visible)) {
                fillGap(m_current, gap);
                break;
            }
        }
    }
    Q_EMIT gapsChecked();
}
