#include "clirunner.h"

#include <QJsonDocument>
#include <QMetaEnum>
#include <QRegularExpression>
#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
QString stateName(RoomConnection::State state)
{
    switch (state) {
    case RoomConnection::State::Disconnected:
        return u"disconnected"_s;
    case RoomConnection::State::Connecting:
        return u"connecting"_s;
    case RoomConnection::State::Open:
        return u"open"_s;
    case RoomConnection::State::Reconnecting:
        return u"reconnecting"_s;
    case RoomConnection::State::AuthRequired:
        return u"auth-required"_s;
    case RoomConnection::State::Failed:
        return u"failed"_s;
    }
    return {};
}

// The room's state as data beside its English reason: the cause, the HTTP status or close code,
// the server's words and when the next attempt is due, so a script need not parse the reason.
QJsonObject stateEvent(const RoomConnection *room, RoomConnection::State state, const QString &reason)
{
    const RoomStatus status = room->status();
    QJsonObject event{{"event"_L1, u"state"_s},
                      {"room"_L1, room->room()},
                      {"state"_L1, stateName(state)},
                      {"reason"_L1, reason}};
    if (status.cause != RoomStatus::Cause::None)
        event.insert("cause"_L1, QString::fromLatin1(
                                     QMetaEnum::fromType<RoomStatus::Cause>().valueToKey(int(status.cause))));
    if (status.httpStatus != 0)
        event.insert("http_status"_L1, status.httpStatus);
    if (status.closeCode != 0)
        event.insert("close_code"_L1, status.closeCode);
    if (!status.serverWords.isEmpty())
        event.insert("server_words"_L1, status.serverWords);
    if (status.nextAttempt.isValid())
        event.insert("next_attempt"_L1, status.nextAttempt.toUTC().toString(Qt::ISODateWithMs));
    return event;
}

int exitCodeFor(AuthError error)
{
    switch (error) {
    case AuthError::InvalidCredentials:
    case AuthError::SessionExpired:
    case AuthError::NotRemembered:
        return ExitAuthentication;
    default:
        return ExitConnection;
    }
}
} // namespace

CliRunner::CliRunner(CliOptions options, SecretStore *store, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_client(store)
{
    m_unmatched = m_options.expects;
    m_client.setProfile(m_options.profile);
    // A token answer that trickles ends as a connection failure (exit 3) before --timeout (exit 4)
    // would, and never later than AuthClient's own 30 s.
    const qint64 timeoutMs = qint64(m_options.timeoutSeconds * 1000);
    m_client.auth()->setRequestDeadline(int(std::clamp<qint64>(timeoutMs - 2000, 1000, 30000)));
    // A server without a refresh endpoint renews by signing in again: the CLI has the password
    // for its whole run anyway, so it keeps it (in memory only) rather than in the keychain.
    m_client.auth()->setKeepPasswordInMemory(true);
    // A script wants its exit code (3: the server cannot be reached), not a session kept offline.
    m_client.auth()->setKeepSessionOffline(false);
    connect(&m_client, &ChatClient::signedIn, this, &CliRunner::onSignedIn);
    connect(&m_client, &ChatClient::signInFailed, this, [this](AuthError error, QString message) {
        if (error == AuthError::NotRemembered)
            message =
                u"no password given (--password-stdin or --password-env) and no saved session for %1 at %2"_s
                    .arg(m_options.user, m_options.profile.origin());
        emitEvent({{"event"_L1, u"error"_s}, {"code"_L1, u"sign-in"_s}, {"detail"_L1, message}});
        finish(exitCodeFor(error), message);
    });
    connect(&m_client, &ChatClient::sessionExpired, this, [this](const QString &message) {
        emitEvent({{"event"_L1, u"error"_s}, {"code"_L1, u"session-expired"_s}, {"detail"_L1, message}});
        finish(ExitAuthentication, message);
    });
    connect(m_client.auth(), &AuthClient::refreshed, this, [this] {
        ++m_refreshes;
        emitEvent({{"event"_L1, u"refreshed"_s}});
    });
    connect(&m_client, &ChatClient::roomJoined, this, [this](RoomConnection *room) {
        connect(room, &RoomConnection::stateChanged, this,
                [this, room](RoomConnection::State state, const QString &reason) {
                    onRoomState(room, state, reason);
                });
        connect(room, &RoomConnection::messageReceived, this,
                [this, room](const ChatMessage &message) { onMessage(room, message); });
        connect(room, &RoomConnection::messageDelivered, this, [this, room](const QString &clientId) {
            if (m_pendingDelivery.remove(clientId))
                ++m_delivered;
            emitEvent({{"event"_L1, u"delivered"_s}, {"room"_L1, room->room()}, {"client_id"_L1, clientId}});
            checkDone();
        });
        connect(room, &RoomConnection::messageFailed, this,
                [this, room](const QString &clientId, const QString &why) {
                    emitEvent({{"event"_L1, u"error"_s},
                               {"code"_L1, u"undelivered"_s},
                               {"room"_L1, room->room()},
                               {"client_id"_L1, clientId},
                               {"detail"_L1, why}});
                    finish(ExitUndelivered, why);
                });
        connect(room, &RoomConnection::serverErrorReceived, this,
                [this, room](const QString &text, const QString &failedClientId) {
                    QJsonObject event{{"event"_L1, u"error"_s},
                                      {"code"_L1, u"server"_s},
                                      {"room"_L1, room->room()},
                                      {"detail"_L1, text}};
                    if (!failedClientId.isEmpty()) // the message it answers (an "undelivered" follows)
                        event.insert("client_id"_L1, failedClientId);
                    emitEvent(event);
                });
    });
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        const bool undelivered = !m_pendingDelivery.isEmpty() && m_unmatched.isEmpty() &&
                                 m_opened.size() == m_options.rooms.size();
        const QString why =
            undelivered              ? u"%1 message(s) not delivered in time"_s.arg(m_pendingDelivery.size())
            : !m_unmatched.isEmpty() ? u"no message matched %1 in time"_s.arg(m_unmatched.first())
                                     : u"the timeout ran out"_s;
        emitEvent({{"event"_L1, u"error"_s}, {"code"_L1, u"timeout"_s}, {"detail"_L1, why}});
        finish(undelivered ? ExitUndelivered : ExitTimeout, why);
    });
    m_duration.setSingleShot(true);
    connect(&m_duration, &QTimer::timeout, this, [this] {
        m_durationOver = true;
        checkDone();
    });
    connect(&m_sendTimer, &QTimer::timeout, this, &CliRunner::sendNumbered);
}

void CliRunner::emitEvent(QJsonObject event)
{
    const QByteArray line = QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

void CliRunner::start(const QString &password)
{
    m_timeout.start(std::chrono::milliseconds(qint64(m_options.timeoutSeconds * 1000)));
    if (password.isEmpty())
        m_client.resume(m_options.user);
    else
        // A refresh token is saved for the next run; a password (a server without refresh
        // endpoint) never is by the CLI: the next run is given it again.
        m_client.signIn(m_options.user, password, m_options.profile.hasRefreshEndpoint);
}

void CliRunner::onSignedIn()
{
    for (const QString &name : std::as_const(m_options.rooms)) {
        QString problem;
        if (!m_client.joinRoom(name, &problem)) {
            emitEvent({{"event"_L1, u"error"_s},
                       {"code"_L1, u"room"_s},
                       {"room"_L1, name},
                       {"detail"_L1, problem}});
            finish(ExitConnection, problem);
            return;
        }
    }
}

void CliRunner::onRoomState(RoomConnection *room, RoomConnection::State state, const QString &reason)
{
    emitEvent(stateEvent(room, state, reason));
    if (state == RoomConnection::State::Open) {
        m_opened.insert(room->room());
        if (!m_started && m_opened.size() == m_options.rooms.size())
            sendFirstMessages();
    } else if (state == RoomConnection::State::Failed) {
        finish(ExitConnection, reason);
    } else if (state == RoomConnection::State::AuthRequired) {
        finish(ExitAuthentication, reason);
    }
}

void CliRunner::onMessage(RoomConnection *room, const ChatMessage &message)
{
    ++m_received;
    QJsonObject event{{"event"_L1, u"message"_s},
                      {"room"_L1, room->room()},
                      {"user"_L1, message.user},
                      {"text"_L1, message.text},
                      {"id"_L1, message.id},
                      {"client_id"_L1, message.clientId},
                      {"created_at"_L1, message.createdAtText}};
    if (message.omittedBytes > 0)
        event.insert("omitted_bytes"_L1, message.omittedBytes); // too large to show
    emitEvent(event);
    countDuplicates(room->room(), message);
    m_unmatched.removeIf(
        [&](const QString &pattern) { return QRegularExpression(pattern).match(message.text).hasMatch(); });
    checkDone();
}

// A duplicate is the same server message twice (its id again), or one of our texts coming back
// more often than we sent it: a server that stored a resend as a new message. Only copies that
// arrive after the text was sent count, so the history of an earlier run is not taken for one.
void CliRunner::countDuplicates(const QString &room, const ChatMessage &message)
{
    if (!message.id.isEmpty()) {
        const QString key = room + u'\n' + message.id;
        if (m_receivedIds.contains(key))
            ++m_duplicates;
        m_receivedIds.insert(key);
    }
    if (message.user != m_options.user)
        return;
    const QString key = room + u'\n' + message.text;
    const int sent = m_sentTexts.value(key);
    if (sent > 0 && ++m_copiesReceived[key] > sent)
        ++m_duplicates;
}

QString CliRunner::sendText(const QString &room, const QString &text)
{
    ++m_sentTexts[room + u'\n' + text];
    ++m_sent;
    const QString clientId = m_client.room(room)->send(text);
    m_pendingDelivery.insert(clientId);
    return clientId;
}

void CliRunner::sendFirstMessages()
{
    m_started = true;
    if (m_options.durationSeconds > 0) {
        m_durationOver = false;
        m_duration.start(std::chrono::milliseconds(qint64(m_options.durationSeconds * 1000)));
    }
    for (const auto &[roomName, text] : std::as_const(m_options.sends))
        sendText(roomName, text);
    if (m_options.sendEveryMs > 0)
        m_sendTimer.start(m_options.sendEveryMs);
    checkDone();
}

void CliRunner::sendNumbered()
{
    ++m_numbered;
    const QString text =
        u"%1 message %2 of %3"_s.arg(m_options.user).arg(m_numbered).arg(m_options.sendCount);
    sendText(m_options.rooms.first(), text);
    if (m_numbered >= m_options.sendCount)
        m_sendTimer.stop();
}

void CliRunner::checkDone()
{
    const bool allSent =
        !m_sendTimer.isActive() && m_numbered >= (m_options.sendEveryMs > 0 ? m_options.sendCount : 0);
    if (m_started && allSent && m_pendingDelivery.isEmpty() && m_unmatched.isEmpty() && m_durationOver)
        finish(ExitSuccess);
}

void CliRunner::finish(int exitCode, const QString &why)
{
    if (std::exchange(m_finished, true))
        return;
    // reconnects: every connection after a room's first, of any kind; handovers (make before break)
    // and token_reconnects (right after a refused token) are the parts of it with a known cause.
    int reconnects = 0;
    int handovers = 0;
    int tokenReconnects = 0;
    for (const QString &name : m_client.roomNames()) {
        const RoomConnection *room = m_client.room(name);
        reconnects += std::max(0, room->connectionCount() - 1);
        handovers += room->handoverCount();
        tokenReconnects += room->tokenReconnectCount();
    }
    QJsonObject summary{{"event"_L1, u"summary"_s},
                        {"exit_code"_L1, exitCode},
                        {"sent"_L1, m_sent},
                        {"delivered"_L1, m_delivered},
                        {"received"_L1, m_received},
                        {"reconnects"_L1, reconnects},
                        {"handovers"_L1, handovers},
                        {"token_reconnects"_L1, tokenReconnects},
                        {"refreshes"_L1, m_refreshes},
                        {"duplicates"_L1, m_duplicates},
                        {"lost"_L1, int(m_pendingDelivery.size())}};
    if (!why.isEmpty())
        summary.insert("reason"_L1, why);
    m_sendTimer.stop();
    m_timeout.stop();
    // Leave every room with 1000 (the session stays saved); the summary is the last event.
    auto closing = std::make_shared<int>(0);
    const auto done = [this, exitCode] {
        Q_EMIT finished(exitCode);
    };
    const QStringList names = m_client.roomNames();
    for (const QString &name : names) {
        RoomConnection *room = m_client.room(name);
        room->disconnect(this);
        room->close();
        if (room->state() != RoomConnection::State::Disconnected) {
            ++*closing;
            connect(room, &RoomConnection::stateChanged, this, [closing, done](RoomConnection::State state) {
                if (state == RoomConnection::State::Disconnected && --*closing == 0)
                    done();
            });
        }
    }
    emitEvent(summary);
    if (*closing == 0)
        QTimer::singleShot(0, this, done);
    else
        QTimer::singleShot(2000, this, done); // a server that never answers the close frame
}
