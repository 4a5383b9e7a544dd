#include "chatclient.h"

#include "logging.h"
#include "secretstore.h"
#include "socketio/socketiohub.h"

#include <QNetworkAccessManager>
#include <QNetworkInformation>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

ChatClient::ChatClient(SecretStore *store, QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_auth(new AuthClient(m_network, this))
    , m_history(new HistoryClient(m_auth, m_network, this))
    , m_settings(settings)
    , m_socketIo(new SocketIoHub(this))
{
    m_auth->setSecretStore(store);
    connect(m_auth, &AuthClient::signedIn, this, &ChatClient::onSignedIn);
    connect(m_auth, &AuthClient::signInFailed, this, &ChatClient::onSignInFailed);
    connect(m_auth, &AuthClient::refreshFailed, this, &ChatClient::onRefreshFailed);
}

// Loading the reachability plugin is a good part of start-up, and only rooms need it (to retry
// at once when the network comes back): loaded after the first room is joined, while its
// handshake is under way.
void ChatClient::watchNetwork()
{
    if (std::exchange(m_watchingNetwork, true))
        return;
    QTimer::singleShot(0, this, [this] {
        if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
            return;
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    if (reachability == QNetworkInformation::Reachability::Online)
                        onNetworkReachable();
                });
    });
}

void ChatClient::onNetworkReachable()
{
    qCInfo(lcNet) << "the network is back; waiting rooms try now";
    m_auth->retryNow(); // an offline session: the rooms waiting for its token follow
    for (RoomConnection *room : std::as_const(m_rooms))
        room->reconnectNow();
}

void ChatClient::setOutboxStore(OutboxStore *store)
{
    m_outboxStore = store;
    // Rooms made before the outbox file was open (a saved session's, at start-up) take it now.
    for (RoomConnection *room : std::as_const(m_rooms))
        room->setOutboxStore(store, accountKey());
}

void ChatClient::setProfile(const ServerProfile &profile)
{
    closeAllRooms();
    m_auth->setProfile(profile);
}

void ChatClient::signIn(const QString &user, const QString &password, bool remember)
{
    m_auth->setRemember(remember);
    m_resuming = false;
    m_auth->signIn(user, password);
}

void ChatClient::resume(const QString &user)
{
    m_auth->setRemember(true);
    m_resuming = true;
    openMessageStore(user);
    m_auth->resume(user);
    openRememberedRooms();
}

void ChatClient::openRememberedRooms()
{
    // At once, before the keychain, the refresh and the handshake have answered: the rooms are on
    // screen (with what the store kept of them) while they wait for the session's token, and they
    // stay there offline when the server cannot be reached.
    if (!m_auth->hasSession())
        return; // answered already (nothing saved)
    const QStringList remembered = rememberedRooms();
    for (const QString &name : remembered)
        joinRoom(name);
}

void ChatClient::onSignInFailed(AuthError error, const QString &message)
{
    // A saved session that was refused (or could not be read): its rooms were made for it, and
    // whoever signs in next may be someone else. A mistyped password closes nothing: the rooms the
    // user joined and what is queued in them wait for the next try.
    if (std::exchange(m_resuming, false) && !m_auth->hasSession())
        closeAllRooms();
    Q_EMIT signInFailed(error, message);
}

void ChatClient::onSignedIn(const QString &user)
{
    m_resuming = false;
    openMessageStore(user); // a resumed session's is open already; a typo in a name makes no file
    rememberSession(user);
    for (RoomConnection *room : std::as_const(m_rooms))
        room->open();
    watchNetwork();
    // Rooms first: their handshakes are under way while whoever listens to signedIn() builds
    // its window (BENCHMARKS.md, start-up with a stored token).
    const QStringList remembered = rememberedRooms();
    for (const QString &name : remembered)
        joinRoom(name);
    Q_EMIT signedIn(user);
}

void ChatClient::rememberSession(const QString &user)
{
    if (!m_settings)
        return;
    // Only what changed: a resumed session's are the same, and QSettings would write the file (and
    // fsync it) on this thread just as the rooms' handshakes start.
    const auto remember = [this](const QString &key, const QString &value) {
        if (m_settings->value(key).toString() != value)
            m_settings->setValue(key, value);
    };
    remember(u"session/server"_s, m_auth->profile().baseUrl.toString());
    remember(u"session/user"_s, user);
}

void ChatClient::signOut()
{
    closeAllRooms();
    closeMessageStore();
    const bool wasSignedIn = m_auth->isSignedIn();
    m_auth->signOut();
    if (wasSignedIn)
        Q_EMIT signedOut();
}

QString ChatClient::lastServer() const
{
    return m_settings ? m_settings->value("session/server"_L1).toString() : QString();
}

QString ChatClient::lastUser() const
{
    return m_settings ? m_settings->value("session/user"_L1).toString() : QString();
}

QString ChatClient::accountKey() const
{
    return m_auth->profile().origin() + u' ' + m_auth->userName();
}

QString ChatClient::settingsKey() const
{
    // QSettings treats "/" as a group separator: keep the origin and user name in one key.
    return u"rooms/"_s + QString::fromLatin1(accountKey().toUtf8().toPercentEncoding());
}

QStringList ChatClient::rememberedRooms() const
{
    return m_settings ? m_settings->value(settingsKey()).toStringList() : QStringList();
}

void ChatClient::setRememberedRooms(const QStringList &rooms)
{
    if (m_settings)
        m_settings->setValue(settingsKey(), rooms);
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
    if (QStringList remembered = rememberedRooms(); !remembered.contains(name))
        setRememberedRooms(remembered << name);
    room->setAuth(m_auth);
    // Socket.IO rooms share the server's one connection; Channels rooms each have a socket.
    if (m_auth->profile().protocol == ServerProtocol::SocketIo)
        room->setLinkFactory(m_socketIo->factory(m_auth->profile()));
    if (m_outboxStore)
        room->setOutboxStore(m_outboxStore, accountKey());
    attachMessageStore(room);
    if (m_auth->isSignedIn())
        watchNetwork(); // else when the session has its token, or is offline (it serves waiting rooms)
    Q_EMIT roomJoined(room);
    if (m_auth->hasSession())
        room->open(); // without a token yet it waits for the session's
    return room;
}

void ChatClient::leaveRoom(const QString &name)
{
    QStringList remembered = rememberedRooms();
    if (remembered.removeAll(name) > 0)
        setRememberedRooms(remembered);
    RoomConnection *room = m_rooms.take(name);
    if (!room)
        return;
    m_history->cancel(name);
    room->close();
    room->deleteLater();
    Q_EMIT roomLeft(name);
}

void ChatClient::closeAllRooms()
{
    const QStringList names = roomNames();
    for (const QString &name : names) {
        RoomConnection *room = m_rooms.take(name);
        m_history->cancel(name);
        room->close();
        room->deleteLater();
        Q_EMIT roomLeft(name);
    }
}

void ChatClient::onRefreshFailed(AuthError error, const QString &message)
{
    if (error != AuthError::SessionExpired && error != AuthError::Redirected &&
        error != AuthError::UnexpectedAnswer && error != AuthError::Tls) {
        // Network trouble: AuthClient retries with backoff (at once when the network is back); the
        // rooms keep their state.
        qCInfo(lcAuth) << "refresh failed, will retry:" << message;
        watchNetwork();
        return;
    }
    closeAllRooms();
    Q_EMIT sessionExpired(message);
}
