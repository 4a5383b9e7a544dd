#include "mainwindow.h"

#include "chatclient.h"
#include "chatview.h"
#include "composeedit.h"
#include "findbar.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "protocollogdock.h"
#include "roomheader.h"
#include "roomsidebar.h"
#include "scrollback.h"
#include "statetext.h"
#include "traynotifier.h"
#include "untrustedtext.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(ChatClient *client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_sidebar(new RoomSidebar)
    , m_messages(new ChatView)
    , m_compose(new ComposeEdit)
    , m_send(new QPushButton(tr("Send")))
    , m_status(new QLabel)
    , m_notice(new QLabel)
    , m_tray(new TrayNotifier(this))
    , m_findBar(new FindBar(m_messages))
    , m_header(new RoomHeader)
    , m_scrollBack(new ScrollBack(client, m_messages, this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("QtChat"));
    m_sidebar->setObjectName(u"roomSidebar"_s);
    m_compose->setObjectName(u"composeEdit"_s);
    m_compose->setPlaceholderText(tr("Write a message… (Enter sends, Shift+Enter starts a new line)"));
    m_send->setObjectName(u"sendButton"_s);
    m_status->setObjectName(u"roomStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_status, 1);
    m_notice->setObjectName(u"noticeLabel"_s);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->hide();
    statusBar()->addPermanentWidget(m_notice);
    connect(m_messages, &QWidget::customContextMenuRequested, this, &MainWindow::showMessageMenu);
    connect(m_messages, &ChatView::quoteRequested, this, &MainWindow::quoteInCompose);

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_header);
    rightLayout->addWidget(m_findBar);
    rightLayout->addWidget(m_messages, 1);
    auto *composeRow = new QHBoxLayout;
    composeRow->addWidget(m_compose, 1);
    composeRow->addWidget(m_send, 0, Qt::AlignBottom);
    rightLayout->addLayout(composeRow);
    auto *splitter = new QSplitter;
    splitter->addWidget(m_sidebar);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 680});
    setCentralWidget(splitter);
    resize(960, 640);
    createMenus();
    createFindActions();
    connectRoomExtras();

    // The countdown to the next reconnect is only as fresh as the last repaint of the status.
    m_countdown.setInterval(500);
    connect(&m_countdown, &QTimer::timeout, this, &MainWindow::showStatus);
    connect(m_sidebar, &RoomSidebar::joinRequested, this, &MainWindow::joinRoom);
    connect(m_sidebar, &RoomSidebar::leaveRequested, m_client, &ChatClient::leaveRoom);
    connect(m_sidebar, &RoomSidebar::currentRoomChanged, this, &MainWindow::onCurrentRoomChanged);
    connect(m_compose, &ComposeEdit::submitted, this, &MainWindow::sendCompose);
    connect(m_send, &QPushButton::clicked, this, &MainWindow::sendCompose);
    connect(m_client, &ChatClient::roomJoined, this, &MainWindow::onRoomJoined);
    connect(m_client, &ChatClient::roomLeft, this, &MainWindow::onRoomLeft);
    connect(m_tray, &TrayNotifier::activated, this, [this](const QString &room) {
        showNormal();
        raise();
        activateWindow();
        setCurrentRoom(room);
    });
    // Rooms the client joined before this window was built (the remembered ones are joined as
    // soon as a session starts, so their handshakes overlap with building this window).
    // In the order they were remembered, as the sidebar showed them last time.
    QStringList joined = m_client->rememberedRooms();
    joined.removeIf([this](const QString &name) { return !m_client->room(name); });
    for (const QString &name : m_client->roomNames()) {
        if (!joined.contains(name))
            joined << name;
    }
    for (const QString &name : std::as_const(joined))
        onRoomJoined(m_client->room(name));
    onCurrentRoomChanged();
}

void MainWindow::createMenus()
{
    m_chatMenu = menuBar()->addMenu(tr("&Chat"));
    m_chatMenu->addAction(tr("&Join room…"), QKeySequence(Qt::CTRL | Qt::Key_K), m_sidebar,
                          &RoomSidebar::focusJoinField);
    m_chatMenu->addAction(tr("&Leave room"), QKeySequence(Qt::CTRL | Qt::Key_W), this,
                          &MainWindow::leaveCurrentRoom);
    m_chatMenu->addSeparator();
    m_profilesAction = m_chatMenu->addAction(tr("Server &profiles…"), this, &MainWindow::profilesRequested);
    m_profilesAction->setObjectName(u"profilesAction"_s);
    m_profilesAction->setVisible(false);
    m_chatMenu->addAction(tr("Sign &out"), this, &MainWindow::signOutRequested);
    m_chatMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(tr("&Next room"), QKeySequence(Qt::ALT | Qt::Key_Down), this,
                          [this] { m_sidebar->stepRoom(1); });
    m_viewMenu->addAction(tr("&Previous room"), QKeySequence(Qt::ALT | Qt::Key_Up), this,
                          [this] { m_sidebar->stepRoom(-1); });
    // Ctrl+Tab is not a menu-able key on every platform; a window-wide shortcut always works.
    auto *next = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab), this);
    connect(next, &QShortcut::activated, this, [this] { m_sidebar->stepRoom(1); });
    auto *previous = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), this);
    connect(previous, &QShortcut::activated, this, [this] { m_sidebar->stepRoom(-1); });
    m_viewMenu->addSeparator();
    auto *log = new ProtocolLogDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, log);
    log->hide(); // for QA; it listens only while shown
    m_viewMenu->addAction(log->toggleViewAction());
}

// Find in room: Ctrl+F opens the bar over the messages, F3 and Shift+F3 step through the matches
// from anywhere in the window, Esc in the bar gives the compose box its focus back.
void MainWindow::createFindActions()
{
    QAction *find = m_viewMenu->addAction(tr("&Find in room…"), QKeySequence::Find, this, [this] {
        if (!currentRoom().isEmpty())
            m_findBar->open();
    });
    find->setObjectName(u"findAction"_s);
    const auto step = [this](bool older) {
        if (currentRoom().isEmpty())
            return;
        if (m_findBar->isHidden())
            m_findBar->open();
        else if (older)
            m_findBar->findNext();
        else
            m_findBar->findPrevious();
    };
    auto *next = new QShortcut(QKeySequence::FindNext, this);
    connect(next, &QShortcut::activated, this, [step] { step(true); });
    auto *previous = new QShortcut(QKeySequence::FindPrevious, this);
    connect(previous, &QShortcut::activated, this, [step] { step(false); });
    connect(m_findBar, &FindBar::closed, this, [this] { m_compose->setFocus(Qt::OtherFocusReason); });
    connect(m_findBar, &FindBar::olderMatchWanted, this, &MainWindow::loadOlderForFind);
    // The local store holds more of the room than the rows in memory.
    m_findBar->setStoreSearch([this](const QString &needle, int limit) {
        const MessageStore *store = m_client->messageStore();
        return store ? store->search(currentRoom(), needle, limit) : QList<ChatMessage>();
    });
}

// Mute (header and room list), the compose box's recall of the last message sent.
void MainWindow::connectRoomExtras()
{
    m_tray->setSettings(m_client->settings());
    connect(m_header, &RoomHeader::muteToggled, this,
            [this](bool muted) { setRoomMuted(currentRoom(), muted); });
    connect(m_sidebar, &RoomSidebar::muteRequested, this, &MainWindow::setRoomMuted);
}

// Find stepped past the oldest loaded match: older rows from the store, a page at a time, down to
// the stored match (as far as the model has room: insertOlder() drops no row for older ones).
void MainWindow::loadOlderForFind(const ChatMessage &wanted)
{
    MessageModel *model = m_models.value(currentRoom());
    const MessageStore *store = m_client->messageStore();
    if (!model || !store)
        return;
    constexpr int Page = 500;
    while (model->hasRoomForOlder()) {
        const QString oldest = model->oldestServerId();
        const QList<ChatMessage> older =
            oldest.isEmpty() ? QList<ChatMessage>() : store->before(currentRoom(), oldest, Page);
        if (older.isEmpty() || model->insertOlder(older) == 0)
            return;
        const bool reached = std::any_of(older.cbegin(), older.cend(), [&wanted](const ChatMessage &message) {
            return (!wanted.id.isEmpty() && message.id == wanted.id) ||
                   (wanted.createdAt.isValid() && message.createdAt.isValid() &&
                    message.createdAt <= wanted.createdAt);
        });
        if (reached)
            return;
    }
}

QString MainWindow::accountKey() const
{
    return m_client->profile().origin() + u' ' + m_client->userName();
}

void MainWindow::setRoomMuted(const QString &room, bool muted)
{
    m_tray->setAccount(accountKey());
    m_tray->setMuted(room, muted);
    m_sidebar->setMuted(room, muted);
    if (room == currentRoom())
        m_header->setMuted(muted);
}

// "#lobby - alice @ chat.example.com - QtChat": which room, which account, which server. Names are
// isolated (U+2068..U+2069) so a right-to-left one cannot reorder the rest of the title.
void MainWindow::updateWindowTitle()
{
    const QString room = currentRoom();
    const QString user = m_client->userName();
    // With the port when the URL names one: two servers on one host are two different accounts.
    const QUrl server = m_client->profile().baseUrl;
    const QString host = server.port() < 0 ? server.host() : u"%1:%2"_s.arg(server.host()).arg(server.port());
    if (user.isEmpty() || host.isEmpty()) {
        setWindowTitle(room.isEmpty() ? tr("QtChat") : tr("#%1 - QtChat").arg(UntrustedText::isolated(room)));
        return;
    }
    const QString account = tr("%1 @ %2").arg(UntrustedText::isolated(user), host);
    setWindowTitle(room.isEmpty() ? tr("%1 - QtChat").arg(account)
                                  : tr("#%1 - %2 - QtChat").arg(UntrustedText::isolated(room), account));
}

void MainWindow::updateRoomHeader()
{
    const QString name = currentRoom();
    m_header->setRoom(name);
    if (const RoomConnection *room = m_client->room(name)) {
        const RoomStatus status = room->status();
        m_header->setState(stateText(status), stateSentence(room->room(), status),
                           isProblemState(status.state));
    }
    m_tray->setAccount(accountKey());
    m_header->setMuted(m_tray->isMuted(name));
}

// The first of the messages that made a room unread, for the "New" line when it is shown next.
void MainWindow::noteFirstUnread(const QString &room, const QModelIndex &first)
{
    if (first.isValid() && m_sidebar->unread(room) == 0)
        m_firstUnread.insert(room, first);
}

// Switching to a room that had unread messages: the "New" line above the first of them, until
// the user switches away.
void MainWindow::showUnreadMarker(const QString &room)
{
    const QPersistentModelIndex first = m_firstUnread.take(room);
    m_messages->setUnreadMarker(m_sidebar->unread(room) > 0 ? QModelIndex(first) : QModelIndex());
    m_messages->revealUnreadMarker();
}

void MainWindow::setProfilesAvailable(bool available)
{
    m_profilesAction->setVisible(available);
}

QString MainWindow::currentRoom() const
{
    return m_sidebar->currentRoom();
}

void MainWindow::setCurrentRoom(const QString &room)
{
    m_sidebar->setCurrentRoom(room);
}

void MainWindow::joinRoom(const QString &name)
{
    QString problem;
    if (!m_client->joinRoom(name, &problem)) {
        m_status->setText(tr("Cannot join \"%1\": %2").arg(UntrustedText::isolated(name), problem));
        return;
    }
    m_sidebar->clearJoinField();
    m_sidebar->setCurrentRoom(name);
    m_compose->setFocus();
}

void MainWindow::onRoomJoined(RoomConnection *room)
{
    const QString name = room->room();
    auto *model = new MessageModel(m_client->userName(), this);
    m_models.insert(name, model);
    m_joinedAt.insert(name, QDateTime::currentDateTimeUtc().addSecs(-5));
    showStoredMessages(model, name);
    connectModel(room, model);
    connect(room, &RoomConnection::statusChanged, this, [this, room] { onRoomStateChanged(room); });
    m_scrollBack->watch(room, model);
    const auto statusOfThisRoom = [this, name] {
        if (name == currentRoom())
            showStatus(); // the "waiting to be sent" or "not saved" count changed
    };
    connect(room, &RoomConnection::messageDelivered, this, statusOfThisRoom);
    connect(room, &RoomConnection::messageNotSaved, this, statusOfThisRoom);
    connect(room, &RoomConnection::messageSaved, this, statusOfThisRoom);
    connect(room, &RoomConnection::unsentMessagesLoaded, this, statusOfThisRoom);
    connect(
        model, &QAbstractItemModel::rowsInserted, this,
        [this, name](const QModelIndex &, int first, int last) { onMessagesInserted(name, first, last); });
    m_sidebar->addRoom(name);
    m_tray->setAccount(accountKey());
    m_sidebar->setMuted(name, m_tray->isMuted(name));
    onRoomStateChanged(room);
}

// What the local store kept of the room, before anything from the network: the window opens on the
// last conversation, offline too. Called before onRoomJoined() follows rowsInserted, so these rows,
// read in an earlier run, count as neither unread nor new for a notification.
void MainWindow::showStoredMessages(MessageModel *model, const QString &room)
{
    model->addStored(m_client->storedMessages(room));
}

// The room tells its model everything about its messages: MainWindow only sends and asks.
void MainWindow::connectModel(RoomConnection *room, MessageModel *model)
{
    // Frames that arrive together are inserted together: one relayout per burst, not per message.
    connect(room, &RoomConnection::messageReceived, model, &MessageModel::queueReceived);
    connect(room, &RoomConnection::messageQueued, model, &MessageModel::addPending);
    connect(room, &RoomConnection::messageRetried, model, &MessageModel::markPending);
    connect(room, &RoomConnection::messageDiscarded, model, &MessageModel::removeMessage);
    connect(room, &RoomConnection::messageFailed, model, &MessageModel::markFailed);
    // The server's {"error": ...} answer is a row of the room's own, in the server's words.
    connect(room, &RoomConnection::serverErrorReceived, model,
            [model](const QString &text) { model->addServerNotice(text); });
    // A message the outbox file refused says so in its row until the file or the server has it.
    connect(room, &RoomConnection::messageNotSaved, model, &MessageModel::markNotSaved);
    connect(room, &RoomConnection::messageSaved, model, &MessageModel::markSaved);
    connect(room, &RoomConnection::messageDelivered, model, &MessageModel::markSaved);
    // Messages kept from an earlier run (or typed before this window knew the room) show as
    // they are: pending, or failed with the reason. So do those the file could only be read for
    // later (it was locked when the room was made).
    model->addUnsent(room->outbox());
    connect(room, &RoomConnection::unsentMessagesLoaded, model, &MessageModel::addUnsent);
}

void MainWindow::onRoomLeft(const QString &name)
{
    m_sidebar->removeRoom(name);
    m_joinedAt.remove(name);
    m_scrollBack->forget(name);
    if (MessageModel *model = m_models.take(name)) {
        if (m_messages->model() == model)
            m_messages->setModel(nullptr);
        model->deleteLater();
    }
    onCurrentRoomChanged();
}

bool MainWindow::isInView(const QString &room) const
{
    return room == currentRoom() && isActiveWindow() && !isMinimized();
}

void MainWindow::onMessagesInserted(const QString &room, int first, int last)
{
    const MessageModel *model = m_models.value(room);
    const QDateTime joinedAt = m_joinedAt.value(room);
    int fresh = 0;
    QModelIndex oldest;
    QModelIndex newest;
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = model->index(row);
        if (index.data(MessageModel::KindRole).toInt() != int(MessageModel::RowKind::Message))
            continue; // a gap or the spinner: the client's own row
        const QDateTime written = index.data(MessageModel::CreatedAtRole).toDateTime();
        if (index.data(MessageModel::OwnRole).toBool() || (written.isValid() && written < joinedAt) ||
            index.data(MessageModel::KindRole).value<MessageModel::RowKind>() !=
                MessageModel::RowKind::Message)
            continue;
        if (fresh++ == 0)
            oldest = index;
        newest = index;
    }
    if (fresh == 0 || isInView(room))
        return;
    noteFirstUnread(room, oldest);
    m_sidebar->addUnread(room, fresh);
    if (!isActiveWindow() || isMinimized())
        m_tray->notify(room, newest.data(MessageModel::UserRole).toString(),
                       newest.data(Qt::DisplayRole).toString(), fresh);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange && isActiveWindow()) {
        m_sidebar->clearUnread(currentRoom()); // the user is looking at it now
        m_firstUnread.remove(currentRoom());
    }
}

void MainWindow::onRoomStateChanged(RoomConnection *room)
{
    const RoomStatus status = room->status();
    m_sidebar->setRoomState(room->room(), stateText(status), stateSentence(room->room(), status),
                            isProblemState(status.state));
    if (room->room() == currentRoom()) {
        updateRoomHeader();
        showStatus();
    }
}

void MainWindow::onCurrentRoomChanged()
{
    const QString room = currentRoom();
    m_messages->setModel(m_models.value(room));
    m_findBar->refresh();
    showUnreadMarker(room);
    m_scrollBack->setCurrentRoom(room);
    m_sidebar->clearUnread(room);
    m_compose->setEnabled(!room.isEmpty());
    m_compose->setRoom(room);
    m_send->setEnabled(!room.isEmpty());
    updateWindowTitle();
    updateRoomHeader();
    showStatus();
}

void MainWindow::showStatus()
{
    RoomConnection *room = m_client->room(currentRoom());
    if (!room) {
        m_countdown.stop();
        m_status->setText(tr("Signed in as %1. Join a room to start chatting.").arg(m_client->userName()));
        return;
    }
    QString sentence = roomStatusSentence(room, QDateTime::currentDateTimeUtc());
    // First, so a narrow window cuts off the room's state rather than the warning.
    if (const MessageModel *model = m_models.value(room->room()); model && model->notSavedCount() > 0) {
        sentence =
            tr("%n message(s) not saved, lost if QtChat quits now - %1", nullptr, int(model->notSavedCount()))
                .arg(sentence);
    }
    if (m_status->text() != sentence)
        m_status->setText(sentence);
    if (room->status().nextAttempt.isValid())
        m_countdown.start();
    else
        m_countdown.stop();
}

void MainWindow::showNotice(const QString &message)
{
    // The message may quote a server's words (a close reason): one visible line, a plain tooltip.
    m_notice->setText(u"⚠ "_s + UntrustedText::oneLine(message, 300));
    m_notice->setToolTip(UntrustedText::toolTip(message));
    m_notice->setVisible(!message.isEmpty());
}

void MainWindow::sendCompose()
{
    const QString text = m_compose->text();
    RoomConnection *room = m_client->room(currentRoom());
    if (!room || text.trimmed().isEmpty())
        return;
    // While the room reconnects this only queues: the message shows as pending (messageQueued)
    // and goes out when the room is open again.
    room->send(text);
    m_compose->rememberSent(text); // Up brings it back
    m_compose->clear();
    m_messages->jumpToBottom();
    showStatus();
}

void MainWindow::showMessageMenu(const QPoint &position)
{
    // Not exec(): a nested event loop would stall the rooms and hang widget tests.
    auto *menu = new QMenu(this);
    menu->setObjectName(u"messageMenu"_s);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const bool forMessage = m_messages->addMessageActions(menu, position);
    const bool forFailed = addFailedMessageActions(menu, m_messages->indexAt(position));
    if (!forMessage && !forFailed) {
        delete menu;
        return;
    }
    menu->popup(m_messages->viewport()->mapToGlobal(position));
}

// Retry and Delete for an own message that failed; false (nothing added) for any other row.
bool MainWindow::addFailedMessageActions(QMenu *menu, const QModelIndex &index)
{
    RoomConnection *roomNow = m_client->room(currentRoom());
    if (!index.isValid() || !roomNow || !index.data(MessageModel::FailedRole).toBool())
        return false;
    const QString clientId = index.data(MessageModel::ClientIdRole).toString();
    const QPointer<RoomConnection> room = roomNow;
    if (!menu->isEmpty())
        menu->addSeparator();
    // The room tells the model (messageRetried, messageDiscarded).
    QAction *retry = menu->addAction(tr("&Retry"), this, [this, room, clientId] {
        if (room)
            room->retry(clientId);
        showStatus();
    });
    retry->setObjectName(u"retryAction"_s);
    QAction *remove = menu->addAction(tr("&Delete"), this, [this, room, clientId] {
        if (room)
            room->discard(clientId);
        showStatus();
    });
    remove->setObjectName(u"deleteAction"_s);
    return true;
}

void MainWindow::quoteInCompose(const QString &quote)
{
    QString text = m_compose->text();
    if (!text.isEmpty() && !text.endsWith(u'\n'))
        text += u'\n';
    m_compose->setPlainText(text + quote + u'\n');
    m_compose->moveCursor(QTextCursor::End);
    m_compose->setFocus();
}

void MainWindow::leaveCurrentRoom()
{
    const QString room = currentRoom();
    if (!room.isEmpty())
        m_client->leaveRoom(room);
}
