#include "keychainsecretstore.h"

#include "logging.h"

#include <QTimer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

// One call to the keychain: answered once, by the keychain or by the timer, whichever is first.
struct KeychainSecretStore::Call
{
    Op op = Op::Read;
    QString service;
    QString key;
    QByteArray secret;
    QPointer<QObject> context;
    Callback done;
    QTimer timer;
    bool timedOut = false;
};

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : SecretStore(parent)
{}

void KeychainSecretStore::fallBack(const QString &why)
{
    if (m_fellBack)
        return;
    m_fellBack = true;
    qCWarning(lcAuth) << "no keychain:" << why;
    // The plain-words part first: a status bar that clips the message keeps what matters.
    Q_EMIT keychainUnavailable(
        tr("Your sign-in will not be remembered after QtChat closes: no keychain is available (%1).")
            .arg(why));
}

void KeychainSecretStore::read(const QString &service, const QString &key, QObject *context, Callback done)
{
    run(Op::Read, service, key, {}, context, std::move(done));
}

void KeychainSecretStore::write(const QString &service, const QString &key, const QByteArray &secret,
                                QObject *context, Callback done)
{
    run(Op::Write, service, key, secret, context, std::move(done));
}

void KeychainSecretStore::remove(const QString &service, const QString &key, QObject *context, Callback done)
{
    run(Op::Remove, service, key, {}, context, std::move(done));
}

void KeychainSecretStore::run(Op op, const QString &service, const QString &key, const QByteArray &secret,
                              QObject *context, Callback done)
{
    if (m_fellBack) {
        switch (op) {
        case Op::Read:
            return m_memory.read(service, key, context, std::move(done));
        case Op::Write:
            return m_memory.write(service, key, secret, context, std::move(done));
        case Op::Remove:
            return m_memory.remove(service, key, context, std::move(done));
        }
    }
    auto call = std::make_shared<Call>();
    call->op = op;
    call->service = service;
    call->key = key;
    call->secret = secret;
    call->context = context;
    call->done = std::move(done);
    call->timer.setSingleShot(true);
    // Weak: the call owns its timer, so a strong reference here would keep the call alive forever.
    const std::weak_ptr<Call> weak = call;
    connect(&call->timer, &QTimer::timeout, this, [this, weak] {
        if (const auto timedOut = weak.lock())
            onTimedOut(timedOut);
    });
    call->timer.start(m_timeoutMs);
    startJob(call);
}

void KeychainSecretStore::startJob(const std::shared_ptr<Call> &call)
{
    if (m_backend) {
        auto answered = [this, call](const SecretResult &result) {
            onAnswered(call, result);
        };
        switch (call->op) {
        case Op::Read:
            return m_backend->read(call->service, call->key, this, std::move(answered));
        case Op::Write:
            return m_backend->write(call->service, call->key, call->secret, this, std::move(answered));
        case Op::Remove:
            return m_backend->remove(call->service, call->key, this, std::move(answered));
        }
    }
    QKeychain::Job *job = nullptr;
    switch (call->op) {
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(call->service, this);
        break;
    case Op::Write: {
        auto *writeJob = new QKeychain::WritePasswordJob(call->service, this);
        writeJob->setBinaryData(call->secret);
        job = writeJob;
        break;
    }
    case Op::Remove:
        job = new QKeychain::DeletePasswordJob(call->service, this);
        break;
    }
    job->setKey(call->key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // QtKeychain would otherwise write the secret to a plain file
    connect(job, &QKeychain::Job::finished, this, [this, call](QKeychain::Job *finished) {
        SecretResult result;
        switch (finished->error()) {
        case QKeychain::NoError:
            if (call->op == Op::Read)
                result.secret = static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData();
            break;
        case QKeychain::EntryNotFound:
            // Deleting what is not there leaves the wanted state.
            result.status =
                call->op == Op::Remove ? SecretResult::Status::Ok : SecretResult::Status::NotFound;
            break;
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
        case QKeychain::AccessDenied:
        case QKeychain::AccessDeniedByUser:
        case QKeychain::OtherError:
        case QKeychain::CouldNotDeleteEntry:
            result.status = SecretResult::Status::Unavailable;
            result.errorString = finished->errorString();
            break;
        }
        onAnswered(call, result);
    });
    job->start();
}

void KeychainSecretStore::onAnswered(const std::shared_ptr<Call> &call, const SecretResult &result)
{
    call->timer.stop();
    if (result.status != SecretResult::Status::Unavailable && result.status != SecretResult::Status::Failed) {
        deliver(call, result);
        return;
    }
    // Without a reachable keychain the answer is the memory store's from now on.
    fallBack(result.errorString);
    auto answered = [this, call](const SecretResult &fromMemory) {
        deliver(call, fromMemory);
    };
    switch (call->op) {
    case Op::Read:
        return m_memory.read(call->service, call->key, this, std::move(answered));
    case Op::Write:
        return m_memory.write(call->service, call->key, call->secret, this, std::move(answered));
    case Op::Remove:
        return m_memory.remove(call->service, call->key, this, std::move(answered));
    }
}

void KeychainSecretStore::deliver(const std::shared_ptr<Call> &call, const SecretResult &result)
{
    if (!call->timedOut) {
        if (call->context && call->done)
            call->done(result);
        return;
    }
    // The caller went on without this answer: a write has landed now, a read is announced.
    switch (call->op) {
    case Op::Read:
        qCInfo(lcAuth) << "the keychain answered a read late";
        Q_EMIT readAnsweredLate(call->service, call->key, result);
        return;
    case Op::Write:
        qCInfo(lcAuth) << "the keychain answered a write late:" << (result.ok() ? "stored" : "not stored");
        if (--m_lateWrites == 0)
            Q_EMIT keychainAnswered();
        return;
    case Op::Remove:
        return;
    }
}

void KeychainSecretStore::onTimedOut(const std::shared_ptr<Call> &call)
{
    call->timedOut = true;
    qCWarning(lcAuth) << "the keychain did not answer within" << m_timeoutMs << "ms; going on without it";
    if (call->op == Op::Write && m_lateWrites++ == 0)
        Q_EMIT waitingForKeychain(
            tr("Waiting for the keychain: your sign-in is kept in memory until the keychain answers."));
    SecretResult result;
    result.status = SecretResult::Status::TimedOut;
    result.errorString =
        tr("the keychain did not answer within %n second(s)", nullptr, (m_timeoutMs + 999) / 1000);
    if (call->context && call->done)
        std::exchange(call->done, {})(result);
}
