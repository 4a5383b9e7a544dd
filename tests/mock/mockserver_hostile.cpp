// Hostile behaviour for MockServer, for the client's bad-input tests: frames the contract never
// sends (any bytes, binary, invalid UTF-8, over any size limit) and token endpoint answers that are
// not what a chat server says (HTML, no token, huge, never ending, redirects).

#include "mocklogging.h"
#include "mockserver.h"
#include "socketiofront.h"

#include <QTcpSocket>
#include <QWebSocket>

namespace {

// One unmasked server-to-client frame with FIN set (RFC 6455 section 5.2).
QByteArray webSocketFrame(const QByteArray &payload, bool binary)
{
    QByteArray frame;
    frame.append(char(binary ? 0x82 : 0x81));
    const quint64 size = quint64(payload.size());
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xffff) {
        frame.append(char(126));
        frame.append(char(size >> 8)).append(char(size & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((size >> shift) & 0xff));
    }
    return frame + payload;
}

} // namespace

int MockServer::sendRaw(const QString &room, const QByteArray &payload, bool binary, int count)
{
    // Written under QWebSocket, straight to its TCP socket: QWebSocket would refuse to send a text
    // frame that is not UTF-8. Between two of its own writes this cannot tear a frame.
    const QByteArray frame = webSocketFrame(payload, binary);
    QList<QWebSocket *> sockets = socketsIn(room);
    sockets += m_socketIo->liveSockets(room); // Engine.IO frames of any shape, for hostile Socket.IO servers
    qCInfo(lcMock) << "sending" << count << "raw" << (binary ? "binary" : "text") << "frames of"
                   << payload.size() << "bytes to" << sockets.size() << "sockets as told";
    for (QWebSocket *socket : sockets) {
        auto *tcp = socket->findChild<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly);
        if (!tcp || m_clients.value(socket).silenced)
            continue;
        for (int i = 0; i < count; ++i)
            tcp->write(frame);
    }
    return int(sockets.size());
}

void MockServer::answerTokenRequestsWith(const QByteArray &rawResponse, int count, bool keepOpen)
{
    m_cannedTokenAnswer = rawResponse;
    m_cannedTokenAnswers = rawResponse.isEmpty() ? 0 : count;
    m_cannedKeepOpen = keepOpen;
}

bool MockServer::answerCanned(QTcpSocket *socket, const HttpRequest &request)
{
    const QByteArray path = QUrl::fromEncoded(request.target).path(QUrl::FullyEncoded).toLatin1();
    if (m_cannedTokenAnswers == 0 || (path != "/api/token/" && path != "/api/token/refresh/"))
        return false;
    if (m_cannedTokenAnswers > 0)
        --m_cannedTokenAnswers;
    ++(path == "/api/token/" ? m_tokenRequests : m_refreshRequests);
    qCInfo(lcMock) << "answered" << path << "with a canned answer of" << m_cannedTokenAnswer.size()
                   << "bytes as told";
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    socket->write(m_cannedTokenAnswer);
    if (!m_cannedKeepOpen)
        socket->disconnectFromHost();
    return true;
}
