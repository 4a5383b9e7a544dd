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
    for (TokenTransport transport : {TokenTransport::Subprotocol, TokenTransport::SubprotocolPair,
                                     TokenTransport::Header, TokenTransport::Query,
                                     TokenTransport::AuthPayload}) {
        if (transportKey(transport) == key)
            return transport;
    }
    return TokenTransport::Subprotocol;
}

QList<ServerProfile> load(QSettings &settings)
{
    QList<ServerProfile> profiles;
    const int count = settings.beginReadArray(u"profiles"_s);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ServerProfile profile;
        profile.name = settings.value(u"name"_s).toString();
        profile.baseUrl = QUrl(settings.value(u"baseUrl"_s).toString());
        profile.webSocketUrl = QUrl(settings.value(u"webSocketUrl"_s).toString());
        profile.tokenPath = settings.value(u"tokenPath"_s, profile.tokenPath).toString();
        profile.refreshPath = settings.value(u"refreshPath"_s, profile.refreshPath).toString();
        profile.roomPath = settings.value(u"roomPath"_s, profile.roomPath).toString();
        profile.transport = transportFromKey(settings.value(u"transport"_s).toString());
        profile.subprotocolName = settings.value(u"subprotocolName"_s, profile.subprotocolName).toString();
        profile.caFile = settings.value(u"caFile"_s).toString();
        profile.pinSha256 = settings.value(u"pinSha256"_s).toString().toLatin1();
        profile.allowInsecure = settings.value(u"allowInsecure"_s, false).toBool();
        // Absent from profiles saved before these settings existed: the defaults apply.
        profile.makeBeforeBreak = settings.value(u"makeBeforeBreak"_s, profile.makeBeforeBreak).toBool();
        bool isNumber = false;
        const int skew = settings.value(u"clockSkewToleranceMs"_s).toInt(&isNumber);
        if (isNumber && skew >= 0) // a hand-edited file with nonsense keeps the default
            profile.clockSkewToleranceMs = skew;
        profiles << profile;
    }
    settings.endArray();
    return profiles;
}

void save(QSettings &settings, const QList<ServerProfile> &profiles)
{
    settings.remove(u"profiles"_s);
    settings.beginWriteArray(u"profiles"_s, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ServerProfile &profile = profiles.at(i);
        settings.setArrayIndex(i);
        settings.setValue(u"name"_s, profile.name);
        settings.setValue(u"baseUrl"_s, profile.baseUrl.toString());
        settings.setValue(u"webSocketUrl"_s, profile.webSocketUrl.toString());
        settings.setValue(u"tokenPath"_s, profile.tokenPath);
        settings.setValue(u"refreshPath"_s, profile.refreshPath);
        settings.setValue(u"roomPath"_s, profile.roomPath);
        settings.setValue(u"transport"_s, transportKey(profile.transport));
        settings.setValue(u"subprotocolName"_s, profile.subprotocolName);
        settings.setValue(u"caFile"_s, profile.caFile);
        // A hash of the server's public key: public knowledge, not a secret.
        settings.setValue(u"pinSha256"_s, QString::fromLatin1(profile.pinSha256));
        settings.setValue(u"allowInsecure"_s, profile.allowInsecure);
        settings.setValue(u"makeBeforeBreak"_s, profile.makeBeforeBreak);
        settings.setValue(u"clockSkewToleranceMs"_s, profile.clockSkewToleranceMs);
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
