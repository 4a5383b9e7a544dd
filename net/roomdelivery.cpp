// RoomConnection's messages: the outbox on the wire, echoes and de-duplication, and the two things
// that keep "nothing lost, nothing twice" true against a server that de-duplicates nothing and sends
// history without our client ids (README, "Delivery"):
// - make before break: a socket whose token is about to expire is replaced by one opened with the
//   fresh token, and closed (1000) once what was sent on it is echoed; new messages go out on the
//   new one from then on (usually one round trip), so the room's order is kept;
// - reconcile before resend: after a reconnect, what was sent and never echoed is first looked for
//   in the join's history, and only what is not there goes out again.
#include "roomconnection.h"

#include "authclient.h"
#include "logging.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
qint64 wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void discardSocket(RoomLink *socket, QObject *receiver)
{
    if (!socket)
        return;
    socket->disconnect(receiver);
    socket->abort();
    socket->deleteLater();
}
} // namespace

QString RoomConnection::ownUser() const
{
    return m_auth ? m_auth->userName() : QString();
}

bool RoomConnection::canSendNow() const
{
    // While a replacement socket opens, while the replaced one still owes echoes, or while earlier
    // messages wait for the history, new ones wait too: a message never goes out on a socket about
    // to be closed, nor ahead of an older one that may still have to go again.
    return m_status.state == State::Open && m_socket && !m_nextSocket && m_sentOnRetiring.isEmpty() &&
           m_held.isEmpty();
}

QString RoomConnection::send(const QString &text)
{
    const bool now = canSendNow();
    const OutboxEntry entry = m_outbox.add(text, now ? wallClockMs() : 0);
    Q_EMIT messageQueued(entry.clientId, entry.text); // shown as pending before it can be echoed
    if (now)
        sendEntry(entry); // its first send is already on disk with it
    reviewSavingSoon();
    return entry.clientId;
}

bool RoomConnection::retry(const QString &clientId)
{
    if (!m_outbox.retry(clientId))
        return false;
    Q_EMIT messageRetried(clientId);
    reviewSavingSoon();
    if (canSendNow())
        sendEntry(*m_outbox.find(clientId));
    return true;
}

void RoomConnection::discard(const QString &clientId)
{
    m_outbox.discard(clientId);
    reviewSavingSoon();
    Q_EMIT messageDiscarded(clientId);
    onSettled(clientId); // nothing to wait for any more
}

void RoomConnection::sendEntry(const OutboxEntry &entry)
{
    m_lastSentClientId = entry.clientId;
    m_outbox.markSent(entry.clientId, wallClockMs());
    reviewSavingSoon();
    m_socket->sendMessage(entry.text, entry.clientId);
}

void RoomConnection::flushOutbox()
{
    // In order, with the same client id: what never went out, and what was held for the history
    // and not found there. What is in flight on this socket waits for its echo.
    const QList<OutboxEntry> pending = m_outbox.pending();
    const QStringList held = std::exchange(m_held, {});
    for (const OutboxEntry &entry : pending) {
        if (entry.firstSentMs == 0 || held.contains(entry.clientId))
            sendEntry(entry);
    }
}

void RoomConnection::onOpened()
{
    m_joinedAtMs = wallClockMs();
    m_gaps.joined(now());
    QStringList inFlight;
    for (const OutboxEntry &entry : m_outbox.inFlight())
        inFlight << entry.clientId;
    if (inFlight.isEmpty())
        flushOutbox();
    else
        beginReconcile(inFlight);
}

void RoomConnection::beginReconcile(const QStringList &clientIds)
{
    qCInfo(lcRoom) << m_room << clientIds.size()
                   << "message(s) sent before without an echo: looking for them in the history first";
    for (const QString &clientId : clientIds) {
        if (!m_held.contains(clientId))
            m_held << clientId;
    }
    m_historyQuietTimer.start(HistoryQuietMs);
    m_reconcileTimer.start(ReconcileDeadlineMs);
}

void RoomConnection::endReconcile()
{
    m_historyQuietTimer.stop();
    m_reconcileTimer.stop();
    if (!m_socket || m_status.state != State::Open)
        return; // the next open reconciles again
    if (!m_held.isEmpty())
        qCInfo(lcRoom) << m_room << m_held.size() << "message(s) not in the history: sending them again";
    flushOutbox();
    if (m_auth && m_auth->accessToken() != m_token && m_profile.makeBeforeBreak)
        startHandover(); // a refresh came while the history was read
}

void RoomConnection::rememberSeen(const QList<ChatMessage> &messages)
{
    for (const ChatMessage &message : messages) {
        markSeen(message);
        m_gaps.noteKnown(message.id);
    }
}

bool RoomConnection::markSeen(const ChatMessage &message)
{
    // The same message can come twice: history is sent again on every join (and on both sockets
    // while one replaces the other), and a resent message may be echoed again.
    if (!message.id.isEmpty())
        return m_seenIds.insert(message.id);
    if (!message.clientId.isEmpty())
        return m_seenClientIds.insert(message.clientId);
    if (message.createdAtText.isEmpty())
        return true; // nothing tells a repeat from a second message with the same text
    return m_seenFingerprints.insert(
        QString::number(qHashMulti(size_t(0), message.user, message.createdAtText, message.text)));
}

// The client id that `message` settles, or empty. With our client id in it, that one; without, a
// message of ours that went out and was stored, found by sender, text and time (Outbox::matchStored).
// A match gets our client id, so whoever shows it settles the pending row in place.
QString RoomConnection::settle(ChatMessage &message, bool fresh)
{
    QString clientId = message.clientId;
    if (clientId.isEmpty() && fresh)
        clientId = m_outbox.matchStored(message, ownUser(), m_profile.clockSkewToleranceMs);
    const OutboxEntry *entry = clientId.isEmpty() ? nullptr : m_outbox.find(clientId);
    if (!entry)
        return {};
    learnServerClock(*entry, message);
    if (m_held.contains(clientId))
        ++m_reconciled;
    m_outbox.acknowledge(clientId);
    reviewSavingSoon();
    message.clientId = clientId;
    return clientId;
}

// The server's created_at of our own message, less when we sent it, is the server clock's lead
// over ours plus the time on the way; the least of recent samples is close to the lead itself.
void RoomConnection::learnServerClock(const OutboxEntry &entry, const ChatMessage &echo)
{
    const qint64 now = wallClockMs();
    if (!echo.createdAt.isValid() || entry.firstSentMs <= 0 || now - entry.firstSentMs > 2000)
        return; // a resend or a late echo says more about the delay than about the clock
    m_clockSamples.append(echo.createdAt.toMSecsSinceEpoch() - entry.firstSentMs);
    if (m_clockSamples.size() > 16)
        m_clockSamples.removeFirst();
}

bool RoomConnection::isNewerThanJoin(const ChatMessage &message) const
{
    if (m_clockSamples.isEmpty() || !message.createdAt.isValid())
        return false;
    const qint64 serverLead = *std::min_element(m_clockSamples.cbegin(), m_clockSamples.cend());
    return message.createdAt.toMSecsSinceEpoch() > m_joinedAtMs + serverLead + JoinMarginMs;
}

void RoomConnection::onFrame(const IncomingFrame &incoming)
{
    IncomingFrame frame = incoming;
    switch (frame.kind) {
    case IncomingFrame::Kind::Message: {
        ChatMessage &message = frame.message;
        // One message too large to show must not make the room unusable (it would come back in
        // every join's history): a placeholder says it was there.
        if (message.text.size() > MaxChatMessageBytes / 3) {
            if (const qint64 bytes = message.text.toUtf8().size(); bytes > MaxChatMessageBytes) {
                ++m_oversizedMessages;
                qCInfo(lcRoom) << m_room << "a message of" << bytes << "bytes is shown as a placeholder";
                message.text.clear();
                message.omittedBytes = bytes;
            }
        }
        const bool fresh = markSeen(message);
        const QString settled = settle(message, fresh);
        if (fresh)
            Q_EMIT messageReceived(message);
        if (const auto gapBefore = m_gaps.onMessage(message.id, !fresh, now()))
            Q_EMIT gapDetected(*gapBefore);
        if (!settled.isEmpty()) {
            Q_EMIT messageDelivered(settled);
            onSettled(settled);
        }
        // A message written after the join (by the server's clock, as our echoes show it) means the
        // history is over: in a busy room the frames never pause long enough to tell.
        if (!m_held.isEmpty() && isNewerThanJoin(message))
            endReconcile();
        break;
    }
    case IncomingFrame::Kind::ServerError:
        onServerError(frame);
        break;
    case IncomingFrame::Kind::Invalid:
        rejectFrame(frame.errorText);
        break;
    }
}

void RoomConnection::onServerError(const IncomingFrame &frame)
{
    const QString subject = serverErrorSubject(frame.message.clientId);
    qCInfo(lcRoom) << m_room << "server error:" << frame.errorText.left(200)
                   << (subject.isEmpty() ? "(no message matched)" : "(fails the last message sent)");
    Q_EMIT serverErrorReceived(frame.errorText, subject);
    if (!subject.isEmpty()) {
        const QString why = frame.errorText.left(500);
        m_outbox.markFailed(subject, why);
        reviewSavingSoon();
        Q_EMIT messageFailed(subject, why);
    }
}

// The pending message a server's {"error": ...} answers, or empty. An error frame carries no
// reference of its own in the reference server's protocol, so only what cannot be another message's
// answer is matched: the frame names one of our pending messages by client id (servers that echo
// what they were sent), or exactly one message went out on this socket and has no echo yet, with
// nothing else in the air (no history being reconciled, no replaced socket owing echoes). Anything
// else fails nothing: a message failed wrongly would be sent twice on a retry. Even so a match can
// be wrong (an error about something else); the message's echo, if it comes, delivers it anyway.
QString RoomConnection::serverErrorSubject(const QString &namedClientId) const
{
    if (!namedClientId.isEmpty()) {
        const OutboxEntry *named = m_outbox.find(namedClientId);
        return named && named->state == OutboxEntry::State::Pending ? namedClientId : QString();
    }
    if (m_status.state != State::Open || !m_held.isEmpty() || !m_sentOnRetiring.isEmpty() || m_nextSocket)
        return {};
    const QList<OutboxEntry> inFlight = m_outbox.inFlight();
    if (inFlight.size() != 1 || inFlight.first().clientId != m_lastSentClientId)
        return {};
    return m_lastSentClientId;
}

void RoomConnection::onSettled(const QString &clientId)
{
    if (m_held.removeAll(clientId) > 0 && m_held.isEmpty())
        endReconcile(); // everything held was in the history: nothing to decide any more
    if (m_sentOnRetiring.remove(clientId) && m_sentOnRetiring.isEmpty())
        finishRetiring();
}

void RoomConnection::rejectFrame(const QString &why)
{
    // Counted always, logged rarely: a flood of junk frames must not become a flood of log lines.
    ++m_rejectedFrames;
    if (m_rejectedFrames <= 10 || (m_rejectedFrames & (m_rejectedFrames - 1)) == 0)
        qCInfo(lcRoom) << m_room << "frame rejected:" << why << "(" << m_rejectedFrames << "so far)";
    Q_EMIT frameRejected(why);
}

void RoomConnection::startHandover()
{
    if (!m_auth || !m_socket || m_nextSocket || m_auth->accessToken() == m_token)
        return;
    finishRetiring(); // one replaced socket at a time
    if (!m_held.isEmpty())
        return; // endReconcile() comes back here
    QString problem;
    m_nextToken = m_auth->accessToken();
    m_nextSocket = openSocket(m_nextToken, &problem);
    if (!m_nextSocket) {
        qCInfo(lcRoom) << m_room << "no replacement socket:" << problem;
        return; // the socket carries on; when the server closes it, the usual path takes over
    }
    qCInfo(lcRoom) << m_room << "the access token was refreshed: opening a replacement socket";
    m_handoverTimer.start(m_profile.handshakeTimeoutMs);
}

void RoomConnection::promoteHandover()
{
    m_handoverTimer.stop();
    m_retiringSocket = m_socket;
    m_socket = std::exchange(m_nextSocket, nullptr);
    m_token = std::exchange(m_nextToken, {});
    m_closeFrameSeen = false;
    m_lastCode = 0;
    m_pongTimer.stop();
    if (m_profile.pingIntervalMs > 0)
        m_pingTimer.start(m_profile.pingIntervalMs);
    ++m_connections;
    ++m_handovers;
    // Whatever is in flight went out on the old socket: it stays open until those are echoed.
    m_sentOnRetiring.clear();
    for (const OutboxEntry &entry : m_outbox.inFlight())
        m_sentOnRetiring.insert(entry.clientId);
    qCInfo(lcRoom) << m_room << "replacement socket open;" << m_sentOnRetiring.size()
                   << "message(s) still to be echoed on the old one";
    if (m_sentOnRetiring.isEmpty())
        finishRetiring(); // and what was typed while the replacement opened goes out
    else
        m_retireTimer.start(RetireDeadlineMs);
}

void RoomConnection::abandonHandover(const QString &why)
{
    m_handoverTimer.stop();
    RoomLink *socket = std::exchange(m_nextSocket, nullptr);
    if (!socket)
        return;
    qCInfo(lcRoom) << m_room << "the replacement socket failed, keeping the current one:" << why;
    discardSocket(socket, this);
    m_nextToken.clear();
    if (canSendNow())
        flushOutbox(); // what was typed meanwhile goes out on the socket we have
}

void RoomConnection::finishRetiring()
{
    m_retireTimer.stop();
    RoomLink *old = std::exchange(m_retiringSocket, nullptr);
    if (!old)
        return;
    old->disconnect(this);
    if (old->isOpen()) {
        connect(old, &RoomLink::closed, old, &QObject::deleteLater);
        old->close(1000, tr("replaced by a connection with a fresh token"));
        QTimer::singleShot(RetireDeadlineMs, old, [old] { // a server that never answers
            old->abort();
            old->deleteLater();
        });
    } else {
        old->abort();
        old->deleteLater();
    }
    // Sent on the old socket and not echoed on either: the server may still have stored it, and
    // its broadcast or a later history says so; until then it waits, then goes again.
    QStringList orphans;
    for (const OutboxEntry &entry : m_outbox.inFlight()) {
        if (m_sentOnRetiring.contains(entry.clientId))
            orphans << entry.clientId;
    }
    m_sentOnRetiring.clear();
    if (!orphans.isEmpty() && m_status.state == State::Open && m_socket && !m_nextSocket)
        beginReconcile(orphans);
    else if (canSendNow())
        flushOutbox(); // what waited for the old socket's echoes
}

void RoomConnection::dropSpareSockets()
{
    m_handoverTimer.stop();
    m_retireTimer.stop();
    m_sentOnRetiring.clear();
    m_nextToken.clear();
    discardSocket(std::exchange(m_nextSocket, nullptr), this);
    discardSocket(std::exchange(m_retiringSocket, nullptr), this);
}
