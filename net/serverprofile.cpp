#include "serverprofile.h"

#include "tlspolicy.h"

#include <QHostAddress>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
bool isLoopback(const QString &host)
{
    return host == "localhost"_L1 || QHostAddress(host).isLoopback();
}

QString clearTextRefusal(const QString &host)
{
    return u"%1 is not encrypted: your password and tokens would cross the network in the clear. Use "
           "https:// and wss://, or allow insecure connections for this server in its profile."_s.arg(host);
}
} // namespace

QString ServerProfile::validate() const
{
    if (!baseUrl.isValid() || baseUrl.host().isEmpty())
        return u"The server address needs a host name, for example https://chat.example.com"_s;
    // Said without the URL: it would repeat the password.
    if (!baseUrl.userInfo().isEmpty())
        return u"The server address must not contain a user name or password (user:password@host): "
               "the password is given when you sign in."_s;
    const QString scheme = baseUrl.scheme();
    if (scheme != "http"_L1 && scheme != "https"_L1)
        return u"The server address must start with http:// or https://"_s;
    for (const QUrl &url : QList<QUrl>{webSocketUrl} + alternateWebSocketUrls) {
        if (url.isEmpty())
            continue;
        const QString wsScheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty() || (wsScheme != "ws"_L1 && wsScheme != "wss"_L1))
            return u"The WebSocket address must look like wss://host/ or ws://host/"_s;
        if (!url.userInfo().isEmpty())
            return u"The WebSocket address must not contain a user name or password (user:password@)"_s;
    }
    if (protocol == ServerProtocol::Channels && !roomPath.contains("{room}"_L1))
        return u"The room path must contain {room}"_s;
    if (hasHistoryEndpoint && !historyPath.contains("{room}"_L1))
        return u"The history path must contain {room}"_s;
    if (protocol == ServerProtocol::Channels && transport == TokenTransport::AuthPayload)
        return u"The token can travel in a CONNECT payload only to Socket.IO servers"_s;
    if (protocol == ServerProtocol::SocketIo) {
        if (transport == TokenTransport::Subprotocol || transport == TokenTransport::SubprotocolPair)
            return u"Socket.IO servers take the token in the CONNECT payload, a header or the query, "
                   "not as a WebSocket subprotocol"_s;
        if (socketIo.engineIoVersion != 3 && socketIo.engineIoVersion != 4)
            return u"The Engine.IO version must be 3 or 4"_s;
        if (!socketIo.path.startsWith(u'/') || !socketIo.nameSpace.startsWith(u'/'))
            return u"The Socket.IO path and namespace must start with /"_s;
        if (socketIo.joinEvent.isEmpty() || socketIo.messageEvent.isEmpty())
            return u"The Socket.IO join and message event names cannot be empty"_s;
    }
    if (accessField.isEmpty())
        return u"The name of the token field cannot be empty"_s;
    // The token travels to every WebSocket URL, fail-over ones included: each one is held to the
    // same rule as the sign-in server, on its own host.
    if (!allowInsecure) {
        if (scheme == "http"_L1 && !isLoopback(baseUrl.host()))
            return clearTextRefusal(baseUrl.host());
        for (const QUrl &url : QList<QUrl>{webSocketBase()} + alternateWebSocketUrls) {
            if (url.scheme() == "ws"_L1 && !isLoopback(url.host()))
                return clearTextRefusal(url.host());
        }
    }
    return TlsPolicy::validate(*this);
}

QStringList ServerProfile::otherWebSocketHosts() const
{
    QStringList hosts;
    for (const QUrl &url : QList<QUrl>{webSocketUrl} + alternateWebSocketUrls) {
        const QString host = url.host();
        if (!host.isEmpty() && host.compare(baseUrl.host(), Qt::CaseInsensitive) != 0 &&
            !hosts.contains(host, Qt::CaseInsensitive))
            hosts << host;
    }
    return hosts;
}

QUrl ServerProfile::withPath(const QUrl &base, const QString &encodedPath) const
{
    QUrl url = base;
    QString prefix = base.path(QUrl::FullyEncoded);
    if (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + encodedPath, QUrl::TolerantMode);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QUrl ServerProfile::tokenUrl() const
{
    return withPath(baseUrl, tokenPath);
}

QUrl ServerProfile::refreshUrl() const
{
    return withPath(baseUrl, refreshPath);
}

QUrl ServerProfile::historyUrl(const QString &room, const QString &beforeId, int limit, QString *error) const
{
    if (const QString problem = checkRoomName(room); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QString path = historyPath;
    // Encoded as in roomUrl(): the name stays inside its one path segment.
    path.replace("{room}"_L1, QString::fromLatin1(room.toUtf8().toPercentEncoding()));
    QUrl url = withPath(baseUrl, path);
    QUrlQuery query;
    if (!beforeId.isEmpty())
        query.addQueryItem(u"before"_s, QString::fromLatin1(QUrl::toPercentEncoding(beforeId)));
    query.addQueryItem(u"limit"_s, QString::number(limit));
    url.setQuery(query);
    return url;
}

QUrl ServerProfile::webSocketBase() const
{
    if (!webSocketUrl.isEmpty())
        return webSocketUrl;
    QUrl url = baseUrl;
    url.setScheme(baseUrl.scheme() == "https"_L1 ? u"wss"_s : u"ws"_s);
    return url;
}

ServerProfile ServerProfile::socketIoDefaults(const QUrl &baseUrl)
{
    ServerProfile profile;
    profile.protocol = ServerProtocol::SocketIo;
    profile.baseUrl = baseUrl;
    profile.tokenPath = u"/login"_s;
    profile.accessField = u"token"_s;
    profile.refreshField.clear();
    profile.hasRefreshEndpoint = false;
    profile.hasHistoryEndpoint = false; // the guide's server keeps no history to page through
    profile.transport = TokenTransport::AuthPayload;
    profile.makeBeforeBreak = false; // a Socket.IO server checks the token at CONNECT only
    return profile;
}

QUrl ServerProfile::engineIoUrl(int endpoint) const
{
    const int index = endpoint % endpointCount();
    QUrl url = withPath(index == 0 ? webSocketBase() : alternateWebSocketUrls.at(index - 1),
                        QString::fromLatin1(QUrl::toPercentEncoding(socketIo.path, "/")));
    url.setQuery(u"EIO=%1&transport=websocket"_s.arg(socketIo.engineIoVersion));
    return url;
}

QString ServerProfile::origin() const
{
    return baseUrl
        .adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo |
                  QUrl::StripTrailingSlash)
        .toString(QUrl::FullyEncoded);
}

bool ServerProfile::isSameOrigin(const QUrl &url) const
{
    return url.scheme() == baseUrl.scheme() && url.host() == baseUrl.host() &&
           url.port(baseUrl.scheme() == "https"_L1 ? 443 : 80) ==
               baseUrl.port(baseUrl.scheme() == "https"_L1 ? 443 : 80);
}

bool ServerProfile::isInvisibleCharacter(char32_t code)
{
    // Format characters (category Cf): bidi embeddings, overrides and isolates, zero-width spaces
    // and joiners, the BOM, tags. The Hangul fillers are letters that draw nothing.
    return QChar::category(code) == QChar::Other_Format || code == 0x115F || code == 0x1160 ||
           code == 0x3164 || code == 0xFFA0;
}

QString ServerProfile::checkRoomName(const QString &room)
{
    if (room.trimmed().isEmpty())
        return u"A room needs a name"_s;
    if (room.size() > MaxRoomNameLength)
        return u"Room names are at most %1 characters long"_s.arg(MaxRoomNameLength);
    if (room == "."_L1 || room == ".."_L1)
        return u"\"%1\" cannot be a room name"_s.arg(room);
    for (qsizetype i = 0; i < room.size(); ++i) {
        const QChar c = room.at(i);
        if (c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line ||
            c.category() == QChar::Separator_Paragraph)
            return u"Room names cannot contain control characters or line breaks"_s;
        if (c.isSurrogate() &&
            !(c.isHighSurrogate() && i + 1 < room.size() && room.at(i + 1).isLowSurrogate()))
            return u"Room names must be valid Unicode text"_s;
        char32_t code = c.unicode();
        if (c.isHighSurrogate())
            code = QChar::surrogateToUcs4(c, room.at(++i));
        if (isInvisibleCharacter(code))
            return u"Room names cannot contain invisible or text-direction characters (U+%1): they "
                   "can make one name look like another"_s.arg(
                       QString::number(uint(code), 16).toUpper().rightJustified(4, u'0'));
    }
    if (room.front().isSpace() || room.back().isSpace())
        return u"Room names cannot start or end with a space: \"lobby \" would pass for \"lobby\""_s;
    return {};
}

QUrl ServerProfile::roomUrl(const QString &room, QString *error, int endpoint) const
{
    QString problem = checkRoomName(room);
    if (problem.isEmpty())
        problem = validate();
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    // Everything outside the unreserved set is encoded, so "/", "..", "?" and "#" stay inside
    // the one path segment that names the room.
    const QString encoded = QString::fromLatin1(room.toUtf8().toPercentEncoding());
    QString path = roomPath;
    path.replace("{room}"_L1, encoded);
    const int index = endpoint % endpointCount();
    return withPath(index == 0 ? webSocketBase() : alternateWebSocketUrls.at(index - 1), path);
}
