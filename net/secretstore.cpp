#include "secretstore.h"

#include <QTimer>

namespace {
QString entryName(const QString &service, const QString &key)
{
    return service + QChar(0) + key;
}
} // namespace

void MemorySecretStore::answerLater(QObject *context, Callback done, SecretResult result)
{
    QTimer::singleShot(0, context, [done = std::move(done), result = std::move(result)] {
        if (done)
            done(result);
    });
}

void MemorySecretStore::read(const QString &service, const QString &key, QObject *context, Callback done)
{
    const auto it = m_secrets.constFind(entryName(service, key));
    SecretResult result;
    if (it == m_secrets.cend())
        result.status = SecretResult::Status::NotFound;
    else
        result.secret = *it;
    answerLater(context, std::move(done), result);
}

void MemorySecretStore::write(const QString &service, const QString &key, const QByteArray &secret,
                              QObject *context, Callback done)
{
    m_secrets.insert(entryName(service, key), secret);
    answerLater(context, std::move(done), {});
}

void MemorySecretStore::remove(const QString &service, const QString &key, QObject *context, Callback done)
{
    m_secrets.remove(entryName(service, key));
    answerLater(context, std::move(done), {});
}
