#pragma once

// Where refresh tokens live between runs. Asynchronous, because the OS keychain is: every call
// answers through its callback later, never before it returns, and once. The callback is dropped
// if `context` is destroyed first. A store may answer TimedOut when its keychain keeps it waiting
// (locked, a prompt nobody answers): the call still runs, and a read's real answer comes later
// through readAnsweredLate().
#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

struct SecretResult
{
    enum class Status { Ok, NotFound, Unavailable, Failed, TimedOut };
    Status status = Status::Ok;
    QByteArray secret; // read: the value
    QString errorString;
    bool ok() const { return status == Status::Ok; }
};

class SecretStore : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const SecretResult &)>;
    using QObject::QObject;

    virtual void read(const QString &service, const QString &key, QObject *context, Callback done) = 0;
    virtual void write(const QString &service, const QString &key, const QByteArray &secret, QObject *context,
                       Callback done) = 0;
    virtual void remove(const QString &service, const QString &key, QObject *context, Callback done) = 0;
    // False when what is written is gone when the app ends.
    virtual bool isPersistent() const = 0;

Q_SIGNALS:
    // A read that was answered TimedOut got its real answer after all.
    void readAnsweredLate(const QString &service, const QString &key, const SecretResult &result);
};

// For tests and for runs without a keychain: secrets in this process's memory only.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    void read(const QString &service, const QString &key, QObject *context, Callback done) override;
    void write(const QString &service, const QString &key, const QByteArray &secret, QObject *context,
               Callback done) override;
    void remove(const QString &service, const QString &key, QObject *context, Callback done) override;
    bool isPersistent() const override { return false; }

private:
    void answerLater(QObject *context, Callback done, SecretResult result);
    QHash<QString, QByteArray> m_secrets;
};
