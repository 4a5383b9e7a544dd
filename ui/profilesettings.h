#pragma once

// Server profiles kept in QSettings: where each server is and how to talk to it, never a secret
// (no password, no token: ServerProfile holds none, and nothing else is written here).
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
} // namespace ProfileSettings
