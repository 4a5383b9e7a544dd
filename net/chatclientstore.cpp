// ChatClient and the account's message store: opened as soon as the account is known, fed by every
// room, read when a room is made, deleted when the user asks.
#include "chatclient.h"

#include "logging.h"
#include "messagestore.h"

#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

void ChatClient::openMessageStore(const QString &user)
{
    if (m_messageFolder.isEmpty() || user.isEmpty())
        return;
    const QString path = MessageStore::pathFor(m_messageFolder, m_auth->profile(), user);
    // Already this account's (a resumed session signing in): kept, also when it could not be
    // opened, so its problem is said once, not at every sign-in.
    if (m_messageStore && m_messageStore->path() == path)
        return;
    closeMessageStore();
    m_messageStore = new MessageStore(this);
    if (m_settings) {
        m_messageStore->setMaxPerRoom(
            m_settings->value("messages/maxPerRoom"_L1, MessageStore::DefaultMaxPerRoom).toInt());
    }
    connect(m_messageStore, &MessageStore::problem, this, &ChatClient::messageStoreProblem);
    m_messageStore->open(path);
    for (RoomConnection *room : std::as_const(m_rooms))
        attachMessageStore(room);
}

void ChatClient::closeMessageStore()
{
    if (!m_messageStore)
        return;
    delete std::exchange(m_messageStore, nullptr); // writes what is queued, then closes
}

void ChatClient::attachMessageStore(RoomConnection *room)
{
    if (!m_messageStore || !m_messageStore->isOpen())
        return;
    room->rememberSeen(storedMessages(room->room()));
    MessageStore *store = m_messageStore;
    const QString name = room->room();
    // Queued by the store and written by its own thread in batches: cheap enough for a flood.
    connect(room, &RoomConnection::messageReceived, store,
            [store, name](const ChatMessage &message) { store->append(name, message); });
}

QList<ChatMessage> ChatClient::storedMessages(const QString &room) const
{
    return m_messageStore ? m_messageStore->latest(room, StoredMessagesPerRoom) : QList<ChatMessage>{};
}

bool ChatClient::deleteStoredMessages(const QString &path)
{
    if (path.isEmpty())
        return false;
    if (m_messageStore && m_messageStore->path() == path) {
        // Signed in to that account again meanwhile: the file stays open, emptied.
        if (m_messageStore->isOpen()) {
            m_messageStore->removeAll();
            return true;
        }
        closeMessageStore();
    }
    const bool gone = MessageStore::deleteFile(path);
    qCInfo(lcNet) << (gone ? "deleted stored messages" : "could not delete stored messages")
                  << QFileInfo(path).fileName();
    return gone;
}

int ChatClient::deleteServerMessages(const ServerProfile &profile)
{
    if (m_messageFolder.isEmpty())
        return 0;
    int deleted = 0;
    const QStringList paths = MessageStore::pathsForServer(m_messageFolder, profile);
    for (const QString &path : paths) {
        if (m_messageStore && m_messageStore->path() == path)
            closeMessageStore(); // this run goes on without it
        if (MessageStore::deleteFile(path))
            ++deleted;
    }
    return deleted;
}
