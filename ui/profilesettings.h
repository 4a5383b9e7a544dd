#pragma once

// Server profiles kept in QSettings: where each server is and how to talk to it, never a secret
// (no password, no token: ServerProfile holds none, and nothing else is written here).
// A key missing from the file (a profile saved by an older QtChat) keeps the default of the
// profile's protocol: a profile without "protocol" is a Channels one with today's values.
#include "serverprofile.h"

#include <QList>

class QSettings;

namespace ProfileSettings {
QList<ServerProfile> load(QSettings &settings);
void save(QSettings &settings, const QList<ServerProfile> &profiles);
// The saved profile whose base URL is url; *found says whether there was one.
ServerProfile findByUrl(QSettings &settings, const QUrl &url, bool *found = nullptr);
QString lastUsed(const QSettings &settings);
void setLastUsed(QSettings &settings, const QString &name);

QString transportKey(TokenTransport transport);
TokenTransport transportFromKey(const QString &key);
QString protocolKey(ServerProtocol protocol);
// Anything but "socketio" (an older file has no key at all) is Channels.
ServerProtocol protocolFromKey(const QString &key);
} // namespace ProfileSettings
