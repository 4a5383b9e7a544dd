#pragma once

// The one object the UI talks to: owns the server profile, the AuthClient and the rooms,
// and ties them together (a refused token refreshes once for all rooms, then they reopen).
#include "authclient.h"
#include "roomconnection.h"

#include <QHash>
#include <QObject>

class QNetworkAccessManager;

class ChatClient : public QObject
{
    Q_OBJECT
public:
    explicit ChatClient(QObject *parent = nullptr);

    void setProfile(const ServerProfile &profile);
    ServerProfile profile() const { return m_auth->profile(); }
    AuthClient *auth() const { return m_auth; }

    void signIn(const QString &user, const QString &password);
    // Closes every room with 1000 and forgets the tokens.
    void signOut();
    bool isSignedIn() const { return m_auth->isSignedIn(); }
    QString userName() const { return m_auth->userName(); }

    // Returns the room (new or already joined), or nullptr with *error set.
    RoomConnection *joinRoom(const QString &name, QString *error = nullptr);
    void leaveRoom(const QString &name);
    RoomConnection *room(const QString &name) const { return m_rooms.value(name); }
    QStringList roomNames() const;

    // Refusals of a fresh token before a room gives up and asks for a new sign-in.
    static constexpr int MaxTokenRefusals = 3;

Q_SIGNALS:
    void signedIn(const QString &user);
    void signInFailed(AuthError error, const QString &message);
    // The session ended without the user asking (refresh refused): show the sign-in dialog.
    void sessionExpired(const QString &message);
    void signedOut();
    void roomJoined(RoomConnection *room);
    void roomLeft(const QString &name);

private:
    void onTokenRefused(RoomConnection *room);
    void onRefreshed();
    void onRefreshFailed(AuthError error, const QString &message);

    QNetworkAccessManager *m_network;
    AuthClient *m_auth;
    QHash<QString, RoomConnection *> m_rooms;
    QHash<RoomConnection *, int> m_refusals;
    QList<QPointer<RoomConnection>> m_waitingForToken;
};
