#pragma once

// The OS keychain through QtKeychain (Secret Service on Linux), never with QtKeychain's
// plaintext fallback. When no keychain can be reached it keeps secrets in memory for this run
// only and says so once through keychainUnavailable(): nothing is ever written to a file.
#include "secretstore.h"

class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject *parent = nullptr);

    void read(const QString &service, const QString &key, QObject *context, Callback done) override;
    void write(const QString &service, const QString &key, const QByteArray &secret, QObject *context,
               Callback done) override;
    void remove(const QString &service, const QString &key, QObject *context, Callback done) override;
    bool isPersistent() const override { return !m_fellBack; }
    bool isUsingFallback() const { return m_fellBack; }

Q_SIGNALS:
    // Once per run, in words for the user.
    void keychainUnavailable(const QString &message);

private:
    enum class Op { Read, Write, Remove };
    void run(Op op, const QString &service, const QString &key, const QByteArray &secret, QObject *context,
             Callback done);
    void fallBack(const QString &why);

    MemorySecretStore m_memory;
    bool m_fellBack = false;
};
