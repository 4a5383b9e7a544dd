#include "socketiohub.h"

#include "socketio/socketioconnection.h"
#include "socketio/socketiolink.h"

#include <QTimer>

using namespace Qt::StringLiterals;

SocketIoHub::SocketIoHub(QObject *parent)
    : QObject(parent)
{}

SocketIoHub::~SocketIoHub()
{
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.connection)
            entry.connection->abort();
    }
}

RoomLink::Factory SocketIoHub::factory()
{
    return [hub = QPointer<SocketIoHub>(this)](const QString &room, const QByteArray &token, int endpoint,
                                               QString *problem, QObject *parent) -> RoomLink * {
        if (!hub) {
            *problem = tr("The Socket.IO connections of this server are gone.");
            return nullptr;
        }
        return SocketIoLink::create(hub, room, hub->m_profile, token, endpoint, problem, parent);
    };
}

RoomLink::Factory SocketIoHub::factory(const ServerProfile &profile)
{
    return [hub = QPointer<SocketIoHub>(this), profile](const QString &room, const QByteArray &token,
                                                        int endpoint, QString *problem,
                                                        QObject *parent) -> RoomLink * {
        if (!hub) {
            *problem = tr("The Socket.IO connections of this server are gone.");
            return nullptr;
        }
        return SocketIoLink::create(hub, room, profile, token, endpoint, problem, parent);
    };
}

QString SocketIoHub::keyOf(const ServerProfile &profile, int endpoint)
{
    // Everything that shapes the engine's handshake; the token is not part of it (a refresh
    // connects the namespace again on the same socket).
    return QStringList{profile.engineIoUrl(endpoint).toString(QUrl::FullyEncoded),
                       QString::number(int(profile.transport)),
                       profile.originHeader(),
                       profile.caFile,
                       QString::fromLatin1(profile.pinSha256),
                       QString::number(profile.handshakeTimeoutMs),
                       QString::number(profile.socketIo.ackTimeoutMs)}
        .join(u'\n');
}

SocketIoConnection *SocketIoHub::acquire(const ServerProfile &profile, const QByteArray &token, int endpoint)
{
    const QString key = keyOf(profile, endpoint);
    for (Entry &entry : m_entries) {
        if (entry.key == key && entry.connection &&
            entry.connection->state() != SocketIoConnection::State::Ended) {
            ++entry.users;
            return entry.connection;
        }
    }
    auto *connection = new SocketIoConnection(profile, token, endpoint, this);
    ++m_made;
    m_entries.append(Entry{connection, key, 1});
    connect(connection, &SocketIoConnection::ended, this, [this, connection] {
        // Its rooms heard it too; they release it when they are dropped.
        for (Entry &entry : m_entries) {
            if (entry.connection == connection)
                entry.key.clear(); // never handed out again
        }
    });
    connection->open();
    return connection;
}

void SocketIoHub::release(SocketIoConnection *connection)
{
    for (Entry &entry : m_entries) {
        if (entry.connection != connection || entry.users == 0)
            continue;
        if (--entry.users == 0)
            QTimer::singleShot(m_lingerMs, this, [this, guard = QPointer(connection)] {
                if (guard)
                    closeIfUnused(guard);
            });
        return;
    }
}

void SocketIoHub::closeIfUnused(SocketIoConnection *connection)
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).connection != connection)
            continue;
        if (m_entries.at(i).users > 0)
            return;
        m_entries.removeAt(i);
        connection->close();
        connection->deleteLater();
        return;
    }
}

QList<SocketIoConnection *> SocketIoHub::connections() const
{
    QList<SocketIoConnection *> list;
    for (const Entry &entry : m_entries) {
        if (entry.connection && entry.connection->state() != SocketIoConnection::State::Ended)
            list.append(entry.connection);
    }
    return list;
}
