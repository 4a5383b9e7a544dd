#pragma once

// Runs one qtchat-cli session: sign in (password or saved session), join the rooms, send,
// wait for expectations, stay for --duration, leave, and report everything as JSON lines.
#include "chatclient.h"
#include "clioptions.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

class SecretStore;

class CliRunner : public QObject
{
    Q_OBJECT
public:
    CliRunner(CliOptions options, SecretStore *store, QObject *parent = nullptr);

    // `password` is empty to resume the saved session.
    void start(const QString &password);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void emitEvent(QJsonObject event);
    void onSignedIn();
    void onRoomState(RoomConnection *room, RoomConnection::State state, const QString &reason);
    void onMessage(RoomConnection *room, const ChatMessage &message);
    void sendFirstMessages();
    void sendNumbered();
    QString sendText(const QString &room, const QString &text);
    void countDuplicates(const QString &room, const ChatMessage &message);
    void checkDone();
    void finish(int exitCode, const QString &why = {});

    CliOptions m_options;
    ChatClient m_client;
    QSet<QString> m_pendingDelivery; // client ids
    // For the summary's duplicates: server ids seen, the texts we sent (how often, and when first),
    // and how many copies of each came back after it was sent.
    QSet<QString> m_receivedIds;
    QHash<QString, int> m_sentTexts;
    QHash<QString, int> m_copiesReceived;
    int m_duplicates = 0;
    QStringList m_unmatched;
    QSet<QString> m_opened;
    bool m_started = false;
    bool m_finished = false;
    int m_sent = 0;
    int m_delivered = 0;
    int m_received = 0;
    int m_refreshes = 0;
    int m_numbered = 0;
    QTimer m_sendTimer;
    QTimer m_timeout;
    QTimer m_duration;
    bool m_durationOver = true;
};
