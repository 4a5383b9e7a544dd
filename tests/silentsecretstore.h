#pragma once

// A keychain that keeps every call waiting (locked behind a prompt nobody answers) until the test
// answers for it: answerReads() / answerWrites(). Calls whose context is gone are dropped.
#include "secretstore.h"

#include <QList>

class SilentSecretStore : public SecretStore
{
public:
    using SecretStore::SecretStore;

    struct Waiting
    {
        QString service;
        QString key;
        QByteArray secret; // of a write
        QPointer<QObject> context;
        Callback done;
    };

    void read(const QString &service, const QString &key, QObject *context, Callback done) override
    {
        m_reads.append({service, key, {}, context, std::move(done)});
    }
    void write(const QString &service, const QString &key, const QByteArray &secret, QObject *context,
               Callback done) override
    {
        m_writes.append({service, key, secret, context, std::move(done)});
    }
    void remove(const QString &, const QString &, QObject *, Callback) override {}
    bool isPersistent() const override { return true; }

    qsizetype waitingReads() const { return m_reads.size(); }
    qsizetype waitingWrites() const { return m_writes.size(); }
    QByteArray lastWritten() const { return m_writes.isEmpty() ? QByteArray() : m_writes.constLast().secret; }

    void answerReads(const SecretResult &result) { answer(m_reads, result); }
    void answerWrites(const SecretResult &result = {}) { answer(m_writes, result); }

private:
    static void answer(QList<Waiting> &calls, const SecretResult &result)
    {
        const QList<Waiting> now = std::exchange(calls, {});
        for (const Waiting &call : now) {
            if (call.context && call.done)
                call.done(result);
        }
    }

    QList<Waiting> m_reads;
    QList<Waiting> m_writes;
};
