#include "chatclient.h"

#include "logging.h"

#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_auth(new AuthClient(m_network, this))
{
    connect(m_auth, &AuthClient::signedIn, this, [this](const QString &user) {
        for (RoomConnection *room : std::as_const(m_rooms))
            room->open(m_auth->accessToken());
        Q_EMIT signedIn(user);
    });
    connect(m_auth, &AuthClient::signInFailed, this, &ChatClient::signInFailed);
    connect(m_auth, &AuthClient::refreshed, this, &ChatClient::onRefreshed);
    connect(m_auth, &AuthClient::refreshFailed, this, &ChatClient::onRefreshFailed);
}

void ChatClient::setProfile(const ServerProfile &profile)
{
    signOut();
    m_auth->setProfile(profile);
}

void ChatClient::signIn(const QString &user, const QString &password)
{
    m_auth->signIn(user, password);
}

void ChatClient::signOut()
{
    const QStringList names = roomNames();
    for (const QString &name : names)
        leaveRoom(name);
    const bool wasSignedIn = m_auth->isSignedIn();
    m_auth->forgetTokens();
    if (wasSignedIn)
        Q_EMIT signedOut();
}

QStringList ChatClient::roomNames() const
{
    QStringList names = m_rooms.keys();
    names.sort();
    return names;
}

RoomConnection *ChatClient::joinRoom(const QString &name, QString *error)
{
    if (RoomConnection *existing = m_rooms.value(name))
        return existing;
    QString problem;
    if (!m_auth->profile().roomUrl(name, &problem).isValid()) {
        if (error)
            *error = problem;
        return nullptr;
    }
    auto *room = new RoomConnection(name, m_auth->profile(), this);
    m_rooms.insert(name, room);
    connect(room, &RoomConnection::tokenRefused, this, [this, room] { onTokenRefused(room); });
    connect(room, &RoomConnection::stateChanged, this, [this, room](RoomConnection::State state) {
        if (state == RoomConnection::State::Open)
            m_refusals.remove(room);
    });
    Q_EMIT roomJoined(room);
    if (m_auth->isSignedIn())
        room->open(m_auth->accessToken());
    return room;
}

void ChatClient::leaveRoom(const QString &name)
{
    RoomConnection *room = m_rooms.take(name);
    if (!room)
        return;
    m_refusals.remove(room);
    room->close();
    room->deleteLater();
    Q_EMIT roomLeft(name);
}

void ChatClient::onTokenRefused(RoomConnection *room)
{
    const int refusals = ++m_refusals[room];
    if (refusals > MaxTokenRefusals) {
        qCInfo(lcAuth) << room->room() << "refused" << refusals - 1 << "fresh tokens; giving up";
        return; // the room stays in AuthRequired with the reason it gave
    }
    if (!m_waitingForToken.contains(room))
        m_waitingForToken.append(room);
    m_auth->refresh(); // single flight: rooms refused together share one request
}

void ChatClient::onRefreshed()
{
    const auto waiting = std::exchange(m_waitingForToken, {});
    for (const QPointer<RoomConnection> &room : waiting) {
        if (room)
            room->open(m_auth->accessToken());
    }
}

void ChatClient::onRefreshFailed(AuthError error, const QString &message)
{
    if (error != AuthError::SessionExpired) {
        // Network trouble: the rooms stay where they are; issue #3 adds the retry with backoff.
        qCInfo(lcAuth) << "refresh failed, rooms wait:" << message;
        return;
    }
    m_waitingForToken.clear();
    const QStringList names = roomNames();
    for (const QString &name : names)
        leaveRoom(name);
    Q_EMIT sessionExpired(message);
}
