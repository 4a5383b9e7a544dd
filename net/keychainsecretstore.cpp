#include "keychainsecretstore.h"

#include "logging.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

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
    QKeychain::Job *job = nullptr;
    switch (op) {
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(service, this);
        break;
    case Op::Write: {
        auto *writeJob = new QKeychain::WritePasswordJob(service, this);
        writeJob->setBinaryData(secret);
        job = writeJob;
        break;
    }
    case Op::Remove:
        job = new QKeychain::DeletePasswordJob(service, this);
        break;
    }
    job->setKey(key);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // QtKeychain would otherwise write the secret to a plain file
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this,
            [this, op, service, key, secret, guard, done = std::move(done)](QKeychain::Job *finished) {
                SecretResult result;
                switch (finished->error()) {
                case QKeychain::NoError:
                    if (op == Op::Read)
                        result.secret = static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData();
                    break;
                case QKeychain::EntryNotFound:
                    // Deleting what is not there leaves the wanted state.
                    result.status =
                        op == Op::Remove ? SecretResult::Status::Ok : SecretResult::Status::NotFound;
                    break;
                case QKeychain::NoBackendAvailable:
                case QKeychain::NotImplemented:
                case QKeychain::AccessDenied:
                case QKeychain::AccessDeniedByUser:
                case QKeychain::OtherError:
                case QKeychain::CouldNotDeleteEntry:
                    // Without a reachable keychain the answer is the memory store's from now on.
                    fallBack(finished->errorString());
                    if (!guard)
                        return;
                    switch (op) {
                    case Op::Read:
                        return m_memory.read(service, key, guard, done);
                    case Op::Write:
                        return m_memory.write(service, key, secret, guard, done);
                    case Op::Remove:
                        return m_memory.remove(service, key, guard, done);
                    }
                    return;
                }
                if (guard && done)
                    done(result);
            });
    job->start();
}
