#pragma once

// Where a Socket.IO server's one shared connection lives, beside AuthClient (ChatClient owns one):
// the factory it hands to RoomConnection makes SocketIoLinks over it. The first link opens the
// connection with its token, later ones join it. A link with a newer token (after a refresh) joins
// over its namespace's open session, and the namespace's next CONNECT on the same socket (after a
// refusal or the server's DISCONNECT) carries that token (SocketIoConnection::connectNamespace()).
// A connection no link uses is closed after a short linger, so a room that reconnects at once does
// not reopen the engine.
#include "roomlink.h"
#include "serverprofile.h"

#include <QList>
#include <QObject>
#include <QPointer>

class SocketIoConnection;

class SocketIoHub : public QObject
{
    Q_OBJECT
public:
    explicit SocketIoHub(QObject *parent = nullptr);
    ~SocketIoHub() override;

    // The server whose rooms factory() makes (read each time a link is made).
    void setProfile(const ServerProfile &profile) { m_profile = profile; }
    ServerProfile profile() const { return m_profile; }
    RoomLink::Factory factory();
    RoomLink::Factory factory(const ServerProfile &profile);

    // For SocketIoLink: the open (or opening) connection to this server, made and opened when there
    // is none; every acquire() is matched by one release().
    SocketIoConnection *acquire(const ServerProfile &profile, const QByteArray &token, int endpoint);
    void release(SocketIoConnection *connection);

    // How long a connection no link uses stays open.
    void setLingerMs(int ms) { m_lingerMs = ms; }
    // The connections not yet ended, and how many were ever made (tests: rooms share one).
    QList<SocketIoConnection *> connections() const;
    int connectionsMade() const { return m_made; }

private:
    struct Entry
    {
        QPointer<SocketIoConnection> connection;
        QString key;
        int users = 0;
    };
    static QString keyOf(const ServerProfile &profile, int endpoint);
    void closeIfUnused(SocketIoConnection *connection);

    ServerProfile m_profile;
    QList<Entry> m_entries;
    int m_lingerMs = 1000;
    int m_made = 0;
};
