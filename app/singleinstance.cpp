#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApp, "chat.app")

namespace {
constexpr int AnswerTimeoutMs = 2000;
const QByteArray RaiseRequest = "raise\n";
const QByteArray RaiseAnswer = "raised\n";

// A local socket name is a path in /tmp on Unix (108 bytes at most): named by a hash of the
// folder, so every settings folder has its own and a long HOME still fits.
QString serverNameFor(const QString &folder)
{
    const QByteArray hash =
        QCryptographicHash::hash(QDir(folder).absolutePath().toUtf8(), QCryptographicHash::Sha256);
    return u"qtchat-"_s + QString::fromLatin1(hash.toHex().left(24));
}
} // namespace

SingleInstance::SingleInstance(const QString &settingsFolder, QObject *parent)
    : QObject(parent)
    , m_folder(settingsFolder)
    , m_serverName(serverNameFor(settingsFolder))
    , m_lock(QDir(settingsFolder).filePath(u"QtChat.lock"_s))
{
    // Never stale by age: the app runs for weeks. A lock whose process is gone is still taken
    // over (QLockFile checks the process id).
    m_lock.setStaleLockTime(0);
}

SingleInstance::~SingleInstance()
{
    if (m_server)
        m_server->close();
}

SingleInstance::Outcome SingleInstance::acquire()
{
    if (!QDir().mkpath(m_folder)) {
        m_explanation = tr("Cannot create the settings folder %1; a second QtChat started meanwhile "
                           "would not be noticed.")
                            .arg(QDir::toNativeSeparators(m_folder));
        return Outcome::Unavailable;
    }
    if (m_lock.tryLock(0)) {
        listen();
        return Outcome::First;
    }
    if (m_lock.error() != QLockFile::LockFailedError) {
        m_explanation = tr("Cannot lock the settings folder %1; a second QtChat started meanwhile "
                           "would not be noticed.")
                            .arg(QDir::toNativeSeparators(m_folder));
        return Outcome::Unavailable;
    }
    if (raiseOther())
        return Outcome::OtherWasRaised;
    qint64 pid = 0;
    QString host;
    QString application;
    m_lock.getLockInfo(&pid, &host, &application);
    m_explanation = tr("QtChat is already running with the settings in %1 (process %2 on %3) and "
                       "does not answer. Close it, or end that process, and start QtChat again.")
                        .arg(QDir::toNativeSeparators(m_folder), QString::number(pid), host);
    return Outcome::OtherIsNotAnswering;
}

bool SingleInstance::raiseOther()
{
    QLocalSocket socket;
    socket.connectToServer(m_serverName);
    if (!socket.waitForConnected(AnswerTimeoutMs))
        return false;
    socket.write(RaiseRequest);
    if (!socket.waitForBytesWritten(AnswerTimeoutMs))
        return false;
    // Blocking is fine here: this process has no window yet and stops right after.
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(AnswerTimeoutMs))
            return false;
    }
    return socket.readLine() == RaiseAnswer;
}

void SingleInstance::listen()
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption); // no other user may knock
    // A socket left by a crashed instance is ours to replace: we hold the lock now.
    QLocalServer::removeServer(m_serverName);
    if (!m_server->listen(m_serverName))
        return; // a second start then says "does not answer": better than not starting
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (!socket->canReadLine()) {
                    if (socket->bytesAvailable() > 64)
                        socket->disconnectFromServer(); // not a QtChat asking
                    return;
                }
                if (socket->readLine(64) == RaiseRequest) {
                    qCInfo(lcApp) << "another start asked this window to come forward";
                    Q_EMIT activationRequested();
                    socket->write(RaiseAnswer);
                }
                socket->disconnectFromServer();
            });
        }
    });
}
