#pragma once

// The OS keychain through QtKeychain (Secret Service on Linux), never with QtKeychain's
// plaintext fallback. When no keychain can be reached it keeps secrets in memory for this run
// only and says so once through keychainUnavailable(): nothing is ever written to a file.
// The keychain never holds the app up for more than timeout(): a keychain that is locked behind a
// prompt nobody answers (a fresh desktop session, a headless one) gets a TimedOut answer, and its
// real answer is still taken when it comes: a write lands then, a read is announced by
// readAnsweredLate().
#include "secretstore.h"

#include <memory>

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

    // Long enough for a keychain that starts on first use (D-Bus activation), short enough that
    // nobody stares at "Signing in..." wondering.
    static constexpr int DefaultTimeoutMs = 5000;
    void setTimeout(int ms) { m_timeoutMs = ms; }
    int timeout() const { return m_timeoutMs; }
    // Where the secrets go instead of QtKeychain: for tests (a store that answers late or never).
    // Not owned.
    void setBackend(SecretStore *backend) { m_backend = backend; }

Q_SIGNALS:
    // Once per run, in words for the user.
    void keychainUnavailable(const QString &message);
    // A write is still waiting for the keychain: the secret is kept in memory meanwhile.
    void waitingForKeychain(const QString &message);
    // Every write that waited has been answered (stored, or given up with keychainUnavailable()).
    void keychainAnswered();

private:
    enum class Op { Read, Write, Remove };
    struct Call;
    void run(Op op, const QString &service, const QString &key, const QByteArray &secret, QObject *context,
             Callback done);
    void startJob(const std::shared_ptr<Call> &call);
    void onAnswered(const std::shared_ptr<Call> &call, const SecretResult &result);
    void onTimedOut(const std::shared_ptr<Call> &call);
    void deliver(const std::shared_ptr<Call> &call, const SecretResult &result);
    void fallBack(const QString &why);

    MemorySecretStore m_memory;
    QPointer<SecretStore> m_backend;
    int m_timeoutMs = DefaultTimeoutMs;
    int m_lateWrites = 0; // writes answered TimedOut whose real answer has not come yet
    bool m_fellBack = false;
};
