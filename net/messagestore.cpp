#include "messagestore_p.h"

#include "serverprofile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>

#include <atomic>

using namespace Qt::StringLiterals;
using Problem = OutboxStore::Problem;

namespace {

// How long a read on the caller's (the window's) thread waits for a lock: the writer's commits are
// short, and a program that holds the file longer makes the store give up rather than the window wait.
constexpr int ReadBusyMs = 100;

QString hashed(const QString &text)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

QString serverPrefix(const ServerProfile &profile)
{
    return u"messages-"_s + hashed(profile.origin()) + u'-';
}

// The file, and SQLite's companions that hold its recent writes.
QStringList fileAndCompanions(const QString &path)
{
    return {path, path + u"-wal"_s, path + u"-shm"_s, path + u"-journal"_s};
}

// Mode 0600 before SQLite opens it: SQLite gives its -wal and -shm files the mode of the database.
bool makePrivate(const QString &path)
{
    QFile file(path);
    if (!file.exists() && !file.open(QIODevice::WriteOnly))
        return false;
    file.close();
    bool ok = true;
    for (const QString &each : fileAndCompanions(path)) {
        if (QFileInfo::exists(each))
            ok = QFile::setPermissions(each, QFile::ReadOwner | QFile::WriteOwner) && ok;
    }
    return ok;
}

} // namespace

MessageStore::MessageStore(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    static std::atomic<int> instances{0};
    const int instance = ++instances;
    d->q = this;
    d->readConnection = u"qtchat-messages-%1-read"_s.arg(instance);
    d->writeConnection = u"qtchat-messages-%1-write"_s.arg(instance);
    d->batchTimer.setSingleShot(true);
    d->batchTimer.setInterval(BatchDelayMs);
    connect(&d->batchTimer, &QTimer::timeout, this, [this] { d->onBatchTimer(); });
    d->thread.setObjectName(u"MessageStore"_s);
}

MessageStore::~MessageStore()
{
    close();
}

QString MessageStore::pathFor(const QString &dataDir, const ServerProfile &profile, const QString &user)
{
    return QDir(dataDir).filePath(serverPrefix(profile) + hashed(profile.origin() + u' ' + user) +
                                  u".sqlite"_s);
}

QStringList MessageStore::pathsForServer(const QString &dataDir, const ServerProfile &profile)
{
    const QDir dir(dataDir);
    QStringList paths;
    const QStringList names =
        dir.entryList({serverPrefix(profile) + u"*.sqlite"_s}, QDir::Files | QDir::Hidden, QDir::Name);
    for (const QString &name : names)
        paths << dir.filePath(name);
    return paths;
}

bool MessageStore::deleteFile(const QString &path)
{
    bool gone = true;
    for (const QString &each : fileAndCompanions(path)) {
        if (QFileInfo::exists(each) && !QFile::remove(each))
            gone = false;
    }
    return gone;
}

bool MessageStore::open(const QString &path, QString *error)
{
    close();
    d->path = path;
    d->broken = false;
    d->reported = false;
    const auto fail = [this, error](Problem problem, const QString &why) {
        close();
        d->broken = true;
        d->reportProblem(problem, why);
        if (error)
            *error = d->sentence(problem);
        return false;
    };
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return fail(Problem::Other, u"the Qt SQLite driver is not installed"_s);
    const QFileInfo file(path);
    if (!QDir().mkpath(file.absolutePath()))
        return fail(Problem::ReadOnly, u"cannot create the folder"_s);
    if (file.isDir() || !makePrivate(path))
        return fail(Problem::ReadOnly, u"cannot create the file"_s);

    d->writer = new MessageStoreWriter(d.get(), d->writeConnection);
    d->writer->moveToThread(&d->thread);
    connect(&d->thread, &QThread::finished, d->writer, &QObject::deleteLater);
    // SCHED_IDLE on Linux: the writer (mostly SQLite's trigram indexing, 0.1-0.2 ms a message) uses
    // only what the window, the sockets and everything else on the machine leave over, so a burst is
    // not slowed by storing it; the queue waits meanwhile, and reads include it.
    d->thread.start();
    StoreOpening opening;
    QMetaObject::invokeMethod(
        d->writer, [this] { return d->writer->open(d->path); }, Qt::BlockingQueuedConnection, &opening);
    if (opening.problem == Problem::None)
        opening = MessageStoreSql::openConnection(d->readConnection, path, ReadBusyMs);
    if (opening.problem != Problem::None)
        return fail(opening.problem, opening.why);
    makePrivate(path); // the -wal and -shm SQLite has just made
    d->hasFts = opening.hasFts;
    d->open = true;
    return true;
}

bool MessageStore::isOpen() const
{
    return d->open && !d->broken;
}

QString MessageStore::path() const
{
    return d->path;
}

bool MessageStore::hasFullTextIndex() const
{
    return d->hasFts;
}

void MessageStore::close()
{
    if (d->open)
        flush();
    d->batchTimer.stop();
    d->open = false;
    MessageStoreSql::closeConnection(d->readConnection);
    if (d->thread.isRunning()) {
        QMetaObject::invokeMethod(
            d->writer, [w = d->writer] { w->close(); }, Qt::BlockingQueuedConnection);
        d->thread.quit();
        d->thread.wait();
    }
    d->writer = nullptr;
    QMutexLocker queueLock(&d->queueMutex);
    d->queue.clear();
}

int MessageStore::maxPerRoom() const
{
    return d->maxPerRoom;
}

void MessageStore::setMaxPerRoom(int messages)
{
    d->maxPerRoom = qMax(1, messages);
}

void MessageStore::append(const QString &room, const ChatMessage &message)
{
    if (!isOpen())
        return;
    {
        QMutexLocker lock(&d->queueMutex);
        d->queue.append({room, message, {}});
    }
    d->queued();
}

void MessageStore::append(const QString &room, const QList<ChatMessage> &messages)
{
    if (!isOpen() || messages.isEmpty())
        return;
    {
        QMutexLocker lock(&d->queueMutex);
        for (const ChatMessage &message : messages)
            d->queue.append({room, message, {}});
    }
    d->queued();
}

void MessageStore::insertBefore(const QString &room, const QString &serverId,
                                const QList<ChatMessage> &messages)
{
    if (!isOpen() || messages.isEmpty())
        return;
    if (serverId.isEmpty())
        return append(room, messages);
    {
        QMutexLocker lock(&d->queueMutex);
        for (const ChatMessage &message : messages)
            d->queue.append({room, message, serverId});
    }
    d->queued();
}

void MessageStore::flush()
{
    d->batchTimer.stop();
    if (!isOpen())
        return;
    QMetaObject::invokeMethod(
        d->writer, [w = d->writer] { w->writeQueued(); }, Qt::BlockingQueuedConnection);
}

void MessageStore::removeRoom(const QString &room)
{
    if (!isOpen())
        return;
    {
        QMutexLocker lock(&d->queueMutex);
        d->queue.removeIf([&room](const QueuedMessage &queued) { return queued.room == room; });
    }
    QMetaObject::invokeMethod(
        d->writer, [w = d->writer, room] { w->writeQueued() && w->removeRoom(room); },
        Qt::BlockingQueuedConnection);
}

void MessageStore::removeAll()
{
    if (!isOpen())
        return;
    {
        QMutexLocker lock(&d->queueMutex);
        d->queue.clear();
    }
    QMetaObject::invokeMethod(
        d->writer, [w = d->writer] { w->writeQueued() && w->removeAll(); }, Qt::BlockingQueuedConnection);
}

void MessageStore::Private::queued()
{
    ++appended; // counted, not a timer restarted per message: this is on an inbound burst's path
    if (batchTimer.isActive())
        return;
    batchAge.start();
    appendedAtCheck = appended;
    batchTimer.start();
}

void MessageStore::Private::onBatchTimer()
{
    if (appended != appendedAtCheck && batchAge.elapsed() < MaxBatchDelayMs) {
        appendedAtCheck = appended; // still coming in: the window takes the burst in first
        batchTimer.start();
        return;
    }
    QMetaObject::invokeMethod(writer, [w = writer] { w->writeQueued(); });
}

QList<ChatMessage> MessageStore::Private::unwritten(const QString &room)
{
    QList<ChatMessage> messages;
    // Only the live ones: those are the newest. Older ones (insertBefore()) are read once written.
    for (const QueuedMessage &queued : std::as_const(inFlight)) {
        if (queued.room == room && queued.beforeId.isEmpty())
            messages.append(queued.message);
    }
    QMutexLocker lock(&queueMutex);
    for (const QueuedMessage &queued : std::as_const(queue)) {
        if (queued.room == room && queued.beforeId.isEmpty())
            messages.append(queued.message);
    }
    return messages;
}

void MessageStore::Private::reportProblem(Problem problem, const QString &why)
{
    broken = true;
    if (std::exchange(reported, true))
        return;
    // The file's name and SQLite's words; never a message's text.
    qCWarning(lcStore).noquote() << "the stored messages" << path << "cannot be used:" << why;
    Q_EMIT q->problem(sentence(problem));
}

QString MessageStore::Private::sentence(Problem problem) const
{
    const QString name = QDir::toNativeSeparators(path);
    switch (problem) {
    case Problem::Locked:
        return MessageStore::tr("The stored messages (%1) are locked by another program: earlier messages "
                                "are not shown and new ones are not kept until QtChat starts again.")
            .arg(name);
    case Problem::ReadOnly:
        return MessageStore::tr("The stored messages (%1) cannot be written: earlier messages are not shown "
                                "and new ones are not kept.")
            .arg(name);
    case Problem::Damaged:
        return MessageStore::tr("The stored messages (%1) are damaged: earlier messages are not shown and "
                                "new ones are not kept. Deleting the file starts a new one.")
            .arg(name);
    case Problem::Newer:
        return MessageStore::tr("The stored messages (%1) were written by a newer QtChat: they are not "
                                "shown and new ones are not kept.")
            .arg(name);
    case Problem::None:
    case Problem::Other:
        break;
    }
    return MessageStore::tr("The stored messages (%1) cannot be used: earlier messages are not shown and new "
                            "ones are not kept.")
        .arg(name);
}
