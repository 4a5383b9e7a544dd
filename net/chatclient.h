#pragma once

// The one object the UI talks to: owns the server profile, the AuthClient (shared by all rooms,
// so a refused token refreshes once for all of them) and the rooms. A saved session resumes
// without a password and re-joins the rooms the user had open; when the system says the network
// is back, waiting rooms try at once.
#include "authclient.h"
#include "historyclient.h"
#include "roomconnection.h"

#include <QHash>
#include <QObject>

class MessageStore;
class QNetworkAccessManager;
class SocketIoHub;
class OutboxStore;
class QSettings;
class SecretStore;

class ChatClient : public QObject
{
    Q_OBJECT
public:
    // Neither is owned. Without a store the session ends with the process; without settings
    // nothing (rooms, last server) is remembered.
    explicit ChatClient(SecretStore *store = nullptr, QSettings *settings = nullptr,
                        QObject *parent = nullptr);

    // Not owned. With one, unacknowledged messages survive a quit or a crash.
    void setOutboxStore(OutboxStore *store);
    // Where each account's received messages are kept (the app: beside the outbox); empty, the
    // default, keeps none. chatclientstore.cpp.
    void setMessageStoreFolder(const QString &folder) { m_messageFolder = folder; }
    QString messageStoreFolder() const { return m_messageFolder; }
    // The store of the account signing in or signed in (opened as soon as the user is known, before
    // the keychain or the server answer), else nullptr. It may be one that could not be opened
    // (isOpen() false): its reads are then empty.
    MessageStore *messageStore() const { return m_messageStore; }
    // The stored messages a room starts with, oldest first: the window shows them before any
    // network answer, and the room does not pass them on again when the server's history has them.
    static constexpr int StoredMessagesPerRoom = 1000;
    QList<ChatMessage> storedMessages(const QString &room) const;
    // Deletes an account's stored messages (the file at path, or what the open store holds when it
    // is that file); true when they are gone.
    bool deleteStoredMessages(const QString &path);
    // "Forget this server": the stored messages of every account of that server; the number of
    // files deleted.
    int deleteServerMessages(const ServerProfile &profile);
    void setProfile(const ServerProfile &profile);
    ServerProfile profile() const { return m_auth->profile(); }
    AuthClient *auth() const { return m_auth; }
    // Older messages of the rooms, from the server's history endpoint (scroll-back, gaps).
    HistoryClient *history() const { return m_history; }

    void signIn(const QString &user, const QString &password, bool remember = true);
    // Signs in with the saved session for this profile and user: signedIn() or signInFailed().
    void resume(const QString &user);
    // Closes every room with 1000, deletes the saved session, keeps the list of rooms.
    void signOut();
    bool isSignedIn() const { return m_auth->isSignedIn(); }
    QString userName() const { return m_auth->userName(); }

    // The server and user of the last session, from the settings (never a secret).
    QString lastServer() const;
    // Not owned; nullptr when nothing is remembered. For the UI's own non-secret settings.
    QSettings *settings() const { return m_settings; }
    QString lastUser() const;

    // Returns the room (new or already joined), or nullptr with *error set.
    RoomConnection *joinRoom(const QString &name, QString *error = nullptr);
    // The user leaves: closed with 1000 and no longer re-joined on the next start.
    void leaveRoom(const QString &name);
    RoomConnection *room(const QString &name) const { return m_rooms.value(name); }
    QStringList roomNames() const;
    QStringList rememberedRooms() const;

    // The system says the network is back: an offline session and waiting rooms try now.
    void onNetworkReachable();

Q_SIGNALS:
    void signedIn(const QString &user);
    void signInFailed(AuthError error, const QString &message);
    // The session ended without the user asking (refresh refused): show the sign-in dialog.
    void sessionExpired(const QString &message);
    void signedOut();
    void roomJoined(RoomConnection *room);
    void roomLeft(const QString &name);
    // The message store cannot be used (once per account): a sentence for the user.
    void messageStoreProblem(const QString &sentence);

private:
    void onSignedIn(const QString &user);
    void onSignInFailed(AuthError error, const QString &message);
    void rememberSession(const QString &user);
    void openRememberedRooms();
    void watchNetwork();
    void onRefreshFailed(AuthError error, const QString &message);
    void closeAllRooms();
    void setRememberedRooms(const QStringList &rooms);
    QString settingsKey() const;
    QString accountKey() const;
    // chatclientstore.cpp
    void openMessageStore(const QString &user);
    void closeMessageStore();
    void attachMessageStore(RoomConnection *room);

    QNetworkAccessManager *m_network;
    AuthClient *m_auth;
    HistoryClient *m_history;
    QSettings *m_settings;
    SocketIoHub *m_socketIo; // the shared connection of a Socket.IO server's rooms
    OutboxStore *m_outboxStore = nullptr;
    QString m_messageFolder;
    MessageStore *m_messageStore = nullptr; // a child: flushed and closed with the client
    bool m_watchingNetwork = false;
    bool m_resuming = false; // the attempt under way resumes a saved session (its rooms were made for it)
    QHash<QString, RoomConnection *> m_rooms;
};
