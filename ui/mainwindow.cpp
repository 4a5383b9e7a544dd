#include "mainwindow.h"

#include "chatclient.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "statetext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(ChatClient *client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_rooms(new QListWidget)
    , m_joinEdit(new QLineEdit)
    , m_messages(new QListView)
    , m_compose(new QLineEdit)
    , m_send(new QPushButton(tr("Send")))
    , m_status(new QLabel)
    , m_notice(new QLabel)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("QtChat"));
    m_rooms->setObjectName(u"roomList"_s);
    m_joinEdit->setObjectName(u"joinEdit"_s);
    m_joinEdit->setPlaceholderText(tr("Join a room… (Ctrl+K)"));
    m_messages->setObjectName(u"messageView"_s);
    m_messages->setItemDelegate(new MessageDelegate(m_messages));
    m_messages->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_messages->setWordWrap(true);
    m_messages->setUniformItemSizes(false);
    m_messages->setSelectionMode(QAbstractItemView::NoSelection);
    m_messages->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_messages, &QWidget::customContextMenuRequested, this, &MainWindow::showMessageMenu);
    m_compose->setObjectName(u"composeEdit"_s);
    m_compose->setPlaceholderText(tr("Write a message… (Enter sends)"));
    m_send->setObjectName(u"sendButton"_s);
    m_status->setObjectName(u"roomStatus"_s);
    statusBar()->addWidget(m_status, 1);
    m_notice->setObjectName(u"noticeLabel"_s);
    m_notice->hide();
    statusBar()->addPermanentWidget(m_notice);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_joinEdit);
    leftLayout->addWidget(m_rooms);
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_messages);
    auto *composeRow = new QHBoxLayout;
    composeRow->addWidget(m_compose);
    composeRow->addWidget(m_send);
    rightLayout->addLayout(composeRow);
    auto *splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 600});
    setCentralWidget(splitter);
    resize(900, 600);

    QMenu *chat = menuBar()->addMenu(tr("&Chat"));
    chat->addAction(tr("&Join room…"), QKeySequence(Qt::CTRL | Qt::Key_K), this, [this] {
        m_joinEdit->setFocus();
        m_joinEdit->selectAll();
    });
    chat->addAction(tr("&Leave room"), this, &MainWindow::leaveCurrentRoom);
    chat->addSeparator();
    chat->addAction(tr("Sign &out"), this, &MainWindow::signOutRequested);
    chat->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    connect(m_joinEdit, &QLineEdit::returnPressed, this, [this] { joinRoom(m_joinEdit->text().trimmed()); });
    connect(m_compose, &QLineEdit::returnPressed, this, &MainWindow::sendCompose);
    connect(m_send, &QPushButton::clicked, this, &MainWindow::sendCompose);
    connect(m_rooms, &QListWidget::currentItemChanged, this, &MainWindow::onCurrentRoomChanged);
    connect(m_client, &ChatClient::roomJoined, this, &MainWindow::onRoomJoined);
    connect(m_client, &ChatClient::roomLeft, this, &MainWindow::onRoomLeft);
    onCurrentRoomChanged();
}

QString MainWindow::currentRoom() const
{
    const QListWidgetItem *item = m_rooms->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

QListWidgetItem *MainWindow::itemFor(const QString &room) const
{
    for (int i = 0; i < m_rooms->count(); ++i) {
        if (m_rooms->item(i)->data(Qt::UserRole).toString() == room)
            return m_rooms->item(i);
    }
    return nullptr;
}

void MainWindow::joinRoom(const QString &name)
{
    QString problem;
    if (!m_client->joinRoom(name, &problem)) {
        m_status->setText(tr("Cannot join \"%1\": %2").arg(name, problem));
        return;
    }
    m_joinEdit->clear();
    if (QListWidgetItem *item = itemFor(name))
        m_rooms->setCurrentItem(item);
    m_compose->setFocus();
}

void MainWindow::onRoomJoined(RoomConnection *room)
{
    auto *model = new MessageModel(m_client->userName(), this);
    m_models.insert(room->room(), model);
    connect(room, &RoomConnection::messageReceived, model, &MessageModel::addReceived);
    connect(room, &RoomConnection::messageFailed, model, &MessageModel::markFailed);
    // Messages kept from an earlier run (or typed before this window knew the room) show as
    // they are: pending, or failed with the reason.
    const QList<OutboxEntry> unsent = room->outbox();
    for (const OutboxEntry &entry : unsent) {
        model->addPending(entry.clientId, entry.text);
        if (entry.state == OutboxEntry::State::Failed)
            model->markFailed(entry.clientId, entry.failureReason);
    }
    connect(room, &RoomConnection::stateChanged, this, [this, room] { onRoomStateChanged(room); });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this, model] {
        // Stay pinned to the newest message unless the user has scrolled up to read.
        QScrollBar *bar = m_messages->verticalScrollBar();
        if (m_messages->model() == model && bar->value() >= bar->maximum() - 4)
            QMetaObject::invokeMethod(m_messages, &QListView::scrollToBottom, Qt::QueuedConnection);
    });
    auto *item = new QListWidgetItem(m_rooms);
    item->setData(Qt::UserRole, room->room());
    onRoomStateChanged(room);
    if (!m_rooms->currentItem())
        m_rooms->setCurrentItem(item);
}

void MainWindow::onRoomLeft(const QString &name)
{
    delete itemFor(name);
    if (MessageModel *model = m_models.take(name)) {
        if (m_messages->model() == model)
            m_messages->setModel(nullptr);
        model->deleteLater();
    }
    onCurrentRoomChanged();
}

void MainWindow::onRoomStateChanged(RoomConnection *room)
{
    if (QListWidgetItem *item = itemFor(room->room())) {
        item->setText(u"#%1  ·  %2"_s.arg(room->room(), stateText(room->state())));
        item->setToolTip(stateSentence(room->room(), room->state(), room->stateReason()));
    }
    if (room->room() == currentRoom())
        showStatus();
}

void MainWindow::onCurrentRoomChanged()
{
    const QString room = currentRoom();
    m_messages->setModel(m_models.value(room));
    m_messages->scrollToBottom();
    m_compose->setEnabled(!room.isEmpty());
    m_send->setEnabled(!room.isEmpty());
    setWindowTitle(room.isEmpty() ? tr("QtChat") : tr("#%1 - QtChat").arg(room));
    showStatus();
}

void MainWindow::showStatus()
{
    RoomConnection *room = m_client->room(currentRoom());
    if (!room) {
        m_status->setText(tr("Signed in as %1. Join a room to start chatting.").arg(m_client->userName()));
        return;
    }
    m_status->setText(stateSentence(room->room(), room->state(), room->stateReason()));
}

void MainWindow::showNotice(const QString &message)
{
    m_notice->setText(u"⚠ "_s + message);
    m_notice->setToolTip(message);
    m_notice->setVisible(!message.isEmpty());
}

void MainWindow::sendCompose()
{
    const QString text = m_compose->text();
    RoomConnection *room = m_client->room(currentRoom());
    if (!room || text.trimmed().isEmpty())
        return;
    const QString clientId = room->send(text);
    m_models.value(room->room())->addPending(clientId, text);
    m_compose->clear();
    m_messages->scrollToBottom();
}

void MainWindow::showMessageMenu(const QPoint &position)
{
    const QModelIndex index = m_messages->indexAt(position);
    RoomConnection *room = m_client->room(currentRoom());
    MessageModel *model = m_models.value(currentRoom());
    if (!index.isValid() || !room || !model || !index.data(MessageModel::FailedRole).toBool())
        return;
    const QString clientId = index.data(MessageModel::ClientIdRole).toString();
    QMenu menu(this);
    menu.addAction(tr("&Retry"), this, [room, model, clientId] {
        if (room->retry(clientId))
            model->markPending(clientId);
    });
    menu.addAction(tr("&Delete"), this, [room, model, clientId] {
        room->discard(clientId);
        model->removeMessage(clientId);
    });
    menu.exec(m_messages->viewport()->mapToGlobal(position));
}

void MainWindow::leaveCurrentRoom()
{
    const QString room = currentRoom();
    if (!room.isEmpty())
        m_client->leaveRoom(room);
}
