#pragma once

// A room of a Django Channels (or Starlette) server: a WebSocket of its own at the room's URL,
// the token as a subprotocol, a header or a query parameter, chat frames as JSON (WireCodec).
// A fresh QWebSocket per attempt, because Qt 6.4 keeps the previous close code on a reused one.
#include "roomlink.h"
#include "serverprofile.h"

#include <QNetworkRequest>
#include <QWebSocketHandshakeOptions>

class QWebSocket;

class ChannelsLink : public RoomLink
{
    Q_OBJECT
public:
    // nullptr and *problem when the profile cannot reach this room or the token cannot be sent.
    static ChannelsLink *create(const QString &room, const ServerProfile &profile, const QByteArray &token,
                                int endpoint, QString *problem, QObject *parent);
    ~ChannelsLink() override;

    void open() override;
    void sendMessage(const QString &text, const QString &clientId) override;
    void close(int code, const QString &reason) override;
    void abort() override;
    void ping() override;
    bool isOpen() const override;
    int closeCode() const override;
    QString closeReason() const override;
    QString errorString() const override;
    int handshakeStatus() const override;

private:
    ChannelsLink(const QString &room, const ServerProfile &profile, QObject *parent);

    QString m_room;
    ServerProfile m_profile;
    QWebSocket *m_socket = nullptr; // a child
    QNetworkRequest m_request;
    QWebSocketHandshakeOptions m_options;
};
