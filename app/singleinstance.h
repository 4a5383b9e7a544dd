#pragma once

// One desktop app per settings folder: a second QtChat sharing a HOME would resend the first
// one's pending messages and race it for the rotated refresh token. The first start holds a
// QLockFile in the settings folder and listens on a local socket; a second start asks the
// first to bring its window forward and stops, or says why it cannot run. (qtchat-cli takes no
// lock: QA runs several side by side, and they keep no outbox.)
#include <QLockFile>
#include <QObject>
#include <QString>

class QLocalServer;

class SingleInstance : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        First,               // this process holds the lock: run
        OtherWasRaised,      // another instance holds it and was asked to come forward: stop quietly
        OtherIsNotAnswering, // another instance holds it but did not answer: stop, say so
        Unavailable,         // the lock could not be made (folder not writable): run, say so
    };

    explicit SingleInstance(const QString &settingsFolder, QObject *parent = nullptr);
    ~SingleInstance() override;

    Outcome acquire();
    // A sentence for the user for the outcomes other than First.
    QString explanation() const { return m_explanation; }

Q_SIGNALS:
    // Another start asked this one to bring its window forward.
    void activationRequested();

private:
    bool raiseOther();
    void listen();

    QString m_folder;
    QString m_serverName;
    QLockFile m_lock;
    QLocalServer *m_server = nullptr;
    QString m_explanation;
};
