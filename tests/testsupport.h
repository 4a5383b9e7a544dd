#pragma once

// Small things most client tests need: a profile for a loopback server, the same with backoff
// windows shrunk to milliseconds, and a sign-in that waits for its answer.
#include "chatclient.h"

#include <QSignalSpy>

namespace TestSupport {
inline ServerProfile profileFor(const QUrl &baseUrl, TokenTransport transport = TokenTransport::Subprotocol)
{
    ServerProfile profile;
    profile.baseUrl = baseUrl;
    profile.transport = transport;
    return profile;
}

// Reconnects within tens of milliseconds, so policy tests run fast.
inline ServerProfile fastProfile(const QUrl &baseUrl)
{
    ServerProfile profile = profileFor(baseUrl);
    profile.reconnect.baseMs = 20;
    profile.reconnect.capMs = 100;
    profile.reconnect.tryAgainLaterMs = 300;
    return profile;
}

// Signs in as a demo user of the mock (password "<user>-pass"); true once signed in.
inline bool signInAndWait(ChatClient &client, const ServerProfile &profile, const QString &user)
{
    client.setProfile(profile);
    QSignalSpy signedIn(&client, &ChatClient::signedIn);
    client.signIn(user, user + QStringLiteral("-pass"));
    return signedIn.wait();
}
} // namespace TestSupport
