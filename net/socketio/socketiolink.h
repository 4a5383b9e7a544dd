#pragma once

// A room of a Socket.IO server, joined over the server's one shared SocketIoConnection (kept by
// SocketIoHub): the namespace connected with the token, then either a join event with an ack or,
// with roomPerNamespace, the room's own namespace "/<room>". Protocol events become what a socket
// would report (roomlink.h): a token refused at CONNECT closes with 4001 and the server's words, a
// refused join or namespace with 4003, the server's DISCONNECT (41) with SessionEndedCode, an engine
// drop, a ping timeout or an ack that never came as closed() without a close frame (1006).
#include "roomlink.h"
#include "serverprofile.h"
#include "socketio/socketiopacket.h"

#include <QJsonArray>
#include <QPointer>

#include <optional>

class SocketIoConnection;
class SocketIoHub;

class SocketIoLink : public RoomLink
{
    Q_OBJECT
public:
    // The server ended the room's Socket.IO session (41): ClosePolicy fails the room rather than
    // reconnecting on its own, because the server asked it to go.
    static constexpr int SessionEndedCode = 4041;

    // nullptr and *problem when the room cannot be a namespace or the token cannot be sent.
    static SocketIoLink *create(SocketIoHub *hub, const QString &room, const ServerProfile &profile,
                                const QByteArray &token, int endpoint, QString *problem, QObject *parent);
    ~SocketIoLink() override;

    void open() override;
    void sendMessage(const QString &text, const QString &clientId) override;
    void close(int code, const QString &reason) override;
    void abort() override;
    void ping() override;
    bool isOpen() const override { return m_step == Step::Open; }
    int closeCode() const override { return m_closeCode; }
    QString closeReason() const override { return m_closeReason; }
    QString errorString() const override { return m_errorString; }
    int handshakeStatus() const override { return m_handshakeStatus; }

    QString nameSpace() const { return m_nameSpace; }
    SocketIoConnection *connection() const { return m_connection; }

    // A message event's arguments as a frame for this room: nullopt when it is another room's
    // (room empty: one room per namespace, every message is ours). payload is the Socket.IO packet's
    // text, where a numeric id is read as it was written (WireFields::numberText()).
    static std::optional<IncomingFrame> frameFromEvent(const QJsonArray &args, QStringView payload,
                                                       const QString &room);
    // The same from SocketIo::readMessageEvent()'s one pass (the event's name is not looked at):
    // for every packet that reader accepts, the frame frameFromEvent() makes of parse()'s.
    static std::optional<IncomingFrame> frameFromMessageEvent(const SocketIo::MessageEvent &event,
                                                              const QString &room);

private:
    enum class Step { Idle, Connecting, Joining, Open, Ended };

    SocketIoLink(SocketIoHub *hub, const QString &room, const ServerProfile &profile, const QByteArray &token,
                 int endpoint, QObject *parent);
    void onNamespaceConnected(const QString &nameSpace);
    void onEvent(const QString &nameSpace, const QString &name, const QJsonArray &args,
                 const QString &payload);
    void onMessageEvent(const QString &nameSpace, const SocketIo::MessageEvent &event);
    void onConnectionEnded();
    void join();
    void onMessageAck(const QString &clientId, const std::optional<QJsonArray> &answer);
    void becomeOpen();
    // An orderly end with a close code (4001, 4003, SessionEndedCode) or a drop (closeFrame false).
    void end(bool closeFrame, int code, const QString &reason);
    void detach();

    QPointer<SocketIoHub> m_hub;
    QString m_room;
    ServerProfile m_profile;
    QByteArray m_token;
    int m_endpoint = 0;
    QString m_nameSpace;
    QPointer<SocketIoConnection> m_connection;
    Step m_step = Step::Idle;
    bool m_member = false;        // counted in the connection's members of this room
    QList<IncomingFrame> m_early; // history that came before the join's ack
    int m_closeCode = 1006;
    QString m_closeReason;
    QString m_errorString;
    int m_handshakeStatus = 0;
};
