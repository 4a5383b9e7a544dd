#include "profilesettings.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace ProfileSettings {

QString transportKey(TokenTransport transport)
{
    switch (transport) {
    case TokenTransport::Subprotocol:
        return u"subprotocol"_s;
    case TokenTransport::SubprotocolPair:
        return u"subprotocol-pair"_s;
    case TokenTransport::Header:
        return u"header"_s;
    case TokenTransport::Query:
        return u"query"_s;
    case TokenTransport::AuthPayload:
        return u"auth"_s;
    }
    return u"subprotocol"_s;
}

TokenTransport transportFromKey(const QString &key)
{
    for (TokenTransport transport :
         {TokenTransport::Subprotocol, TokenTransport::SubprotocolPair, TokenTransport::Header,
          TokenTransport::Query, TokenTransport::AuthPayload}) {
        if (transportKey(transport) == key)
            return transport;
    }
    return TokenTransport::Subprotocol;
}

QString protocolKey(ServerProtocol protocol)
{
    return protocol == ServerProtocol::SocketIo ? u"socketio"_s : u"channels"_s;
}

ServerProtocol protocolFromKey(const QString &key)
{
    return key == "socketio"_L1 ? ServerProtocol::SocketIo : ServerProtocol::Channels;
}

namespace {
QString text(const QSettings &settings, const QString &key, const QString &fallback)
{
    return settings.value(key, fallback).toString();
}

// A hand-edited file with nonsense (or a negative number) keeps the default.
int number(const QSettings &settings, const QString &key, int fallback)
{
    bool isNumber = false;
    const int value = settings.value(key).toInt(&isNumber);
    return isNumber && value >= 0 ? value : fallback;
}

ServerProfile loadOne(const QSettings &settings)
{
    const ServerProtocol protocol = protocolFromKey(settings.value(u"protocol"_s).toString());
    // Absent keys take the defaults of the profile's protocol.
    ServerProfile profile =
        protocol == ServerProtocol::SocketIo ? ServerProfile::socketIoDefaults({}) : ServerProfile();
    profile.name = settings.value(u"name"_s).toString();
    profile.baseUrl = QUrl(settings.value(u"baseUrl"_s).toString());
    profile.webSocketUrl = QUrl(settings.value(u"webSocketUrl"_s).toString());
    const QStringList alternates = settings.value(u"alternateWebSocketUrls"_s).toStringList();
    for (const QString &url : alternates) {
        if (!url.trimmed().isEmpty())
            profile.alternateWebSocketUrls << QUrl(url.trimmed());
    }
    profile.tokenPath = text(settings, u"tokenPath"_s, profile.tokenPath);
    profile.refreshPath = text(settings, u"refreshPath"_s, profile.refreshPath);
    profile.roomPath = text(settings, u"roomPath"_s, profile.roomPath);
    profile.accessField = text(settings, u"accessField"_s, profile.accessField);
    profile.refreshField = text(settings, u"refreshField"_s, profile.refreshField);
    profile.hasRefreshEndpoint = settings.value(u"hasRefreshEndpoint"_s, profile.hasRefreshEndpoint).toBool();
    profile.historyPath = text(settings, u"historyPath"_s, profile.historyPath);
    profile.hasHistoryEndpoint = settings.value(u"hasHistoryEndpoint"_s, profile.hasHistoryEndpoint).toBool();
    if (settings.contains(u"transport"_s))
        profile.transport = transportFromKey(settings.value(u"transport"_s).toString());
    profile.subprotocolName = text(settings, u"subprotocolName"_s, profile.subprotocolName);
    SocketIoSettings &io = profile.socketIo;
    io.path = text(settings, u"socketIoPath"_s, io.path);
    io.nameSpace = text(settings, u"socketIoNamespace"_s, io.nameSpace);
    io.engineIoVersion = number(settings, u"engineIoVersion"_s, io.engineIoVersion);
    io.roomPerNamespace = settings.value(u"roomPerNamespace"_s, io.roomPerNamespace).toBool();
    io.joinEvent = text(settings, u"joinEvent"_s, io.joinEvent);
    io.leaveEvent = text(settings, u"leaveEvent"_s, io.leaveEvent);
    io.messageEvent = text(settings, u"messageEvent"_s, io.messageEvent);
    io.ackTimeoutMs = number(settings, u"ackTimeoutMs"_s, io.ackTimeoutMs);
    profile.caFile = settings.value(u"caFile"_s).toString();
    profile.pinSha256 = settings.value(u"pinSha256"_s).toString().toLatin1();
    profile.allowInsecure = settings.value(u"allowInsecure"_s, false).toBool();
    profile.makeBeforeBreak = settings.value(u"makeBeforeBreak"_s, profile.makeBeforeBreak).toBool();
    profile.clockSkewToleranceMs = number(settings, u"clockSkewToleranceMs"_s, profile.clockSkewToleranceMs);
    return profile;
}

void saveOne(QSettings &settings, const ServerProfile &profile)
{
    settings.setValue(u"name"_s, profile.name);
    settings.setValue(u"protocol"_s, protocolKey(profile.protocol));
    settings.setValue(u"baseUrl"_s, profile.baseUrl.toString());
    settings.setValue(u"webSocketUrl"_s, profile.webSocketUrl.toString());
    QStringList alternates;
    for (const QUrl &url : profile.alternateWebSocketUrls)
        alternates << url.toString();
    settings.setValue(u"alternateWebSocketUrls"_s, alternates);
    settings.setValue(u"tokenPath"_s, profile.tokenPath);
    settings.setValue(u"refreshPath"_s, profile.refreshPath);
    settings.setValue(u"roomPath"_s, profile.roomPath);
    settings.setValue(u"accessField"_s, profile.accessField);
    settings.setValue(u"refreshField"_s, profile.refreshField);
    settings.setValue(u"hasRefreshEndpoint"_s, profile.hasRefreshEndpoint);
    settings.setValue(u"historyPath"_s, profile.historyPath);
    settings.setValue(u"hasHistoryEndpoint"_s, profile.hasHistoryEndpoint);
    settings.setValue(u"transport"_s, transportKey(profile.transport));
    settings.setValue(u"subprotocolName"_s, profile.subprotocolName);
    const SocketIoSettings &io = profile.socketIo;
    settings.setValue(u"socketIoPath"_s, io.path);
    settings.setValue(u"socketIoNamespace"_s, io.nameSpace);
    settings.setValue(u"engineIoVersion"_s, io.engineIoVersion);
    settings.setValue(u"roomPerNamespace"_s, io.roomPerNamespace);
    settings.setValue(u"joinEvent"_s, io.joinEvent);
    settings.setValue(u"leaveEvent"_s, io.leaveEvent);
    settings.setValue(u"messageEvent"_s, io.messageEvent);
    settings.setValue(u"ackTimeoutMs"_s, io.ackTimeoutMs);
    settings.setValue(u"caFile"_s, profile.caFile);
    // A hash of the server's public key: public knowledge, not a secret.
    settings.setValue(u"pinSha256"_s, QString::fromLatin1(profile.pinSha256));
    settings.setValue(u"allowInsecure"_s, profile.allowInsecure);
    settings.setValue(u"makeBeforeBreak"_s, profile.makeBeforeBreak);
    settings.setValue(u"clockSkewToleranceMs"_s, profile.clockSkewToleranceMs);
}
} // namespace

QList<ServerProfile> load(QSettings &settings)
{
    QList<ServerProfile> profiles;
    const int count = settings.beginReadArray(u"profiles"_s);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        profiles << loadOne(settings);
    }
    settings.endArray();
    return profiles;
}

void save(QSettings &settings, const QList<ServerProfile> &profiles)
{
    settings.remove(u"profiles"_s);
    settings.beginWriteArray(u"profiles"_s, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        settings.setArrayIndex(i);
        saveOne(settings, profiles.at(i));
    }
    settings.endArray();
    settings.sync();
}

ServerProfile findByUrl(QSettings &settings, const QUrl &url, bool *found)
{
    const QList<ServerProfile> profiles = load(settings);
    for (const ServerProfile &profile : profiles) {
        if (profile.baseUrl.adjusted(QUrl::StripTrailingSlash) == url.adjusted(QUrl::StripTrailingSlash)) {
            if (found)
                *found = true;
            return profile;
        }
    }
    if (found)
        *found = false;
    return {};
}

QString lastUsed(const QSettings &settings)
{
    return settings.value(u"profilesLastUsed"_s).toString();
}

void setLastUsed(QSettings &settings, const QString &name)
{
    settings.setValue(u"profilesLastUsed"_s, name);
}

} // namespace ProfileSettings
