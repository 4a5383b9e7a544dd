// Runs against the real Secret Service (./test.sh starts gnome-keyring in a private D-Bus
// session); it fails, rather than passing on the memory fallback, when none is there.
#include "keychainsecretstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {
SecretResult wait(const std::function<void(SecretStore::Callback)> &call)
{
    SecretResult answer;
    bool done = false;
    call([&](const SecretResult &result) {
        answer = result;
        done = true;
    });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }();
    return answer;
}
} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writeReadOverwriteDelete()
    {
        KeychainSecretStore store;
        QSignalSpy unavailable(&store, &KeychainSecretStore::keychainUnavailable);
        const QString service = u"QtChat test "_s + QUuid::createUuid().toString();
        auto call = [&](auto op) {
            return wait([&](SecretStore::Callback done) { op(std::move(done)); });
        };

        QCOMPARE(call([&](auto done) { store.read(service, u"alice"_s, this, done); }).status,
                 SecretResult::Status::NotFound);
        QVERIFY(call([&](auto done) { store.write(service, u"alice"_s, "first", this, done); }).ok());
        QCOMPARE(call([&](auto done) { store.read(service, u"alice"_s, this, done); }).secret, "first"_ba);
        QVERIFY(call([&](auto done) { store.write(service, u"alice"_s, "second", this, done); }).ok());
        QCOMPARE(call([&](auto done) { store.read(service, u"alice"_s, this, done); }).secret, "second"_ba);
        QVERIFY(call([&](auto done) { store.remove(service, u"alice"_s, this, done); }).ok());
        QCOMPARE(call([&](auto done) { store.read(service, u"alice"_s, this, done); }).status,
                 SecretResult::Status::NotFound);

        QVERIFY2(unavailable.isEmpty(), "the real keychain was not reachable; run this through ./test.sh");
        QVERIFY(store.isPersistent());
    }

    void twoServersAndTwoUsersDoNotCollide()
    {
        KeychainSecretStore store;
        const QString serverA = u"QtChat test A "_s + QUuid::createUuid().toString();
        const QString serverB = u"QtChat test B "_s + QUuid::createUuid().toString();
        auto call = [&](auto op) {
            return wait([&](SecretStore::Callback done) { op(std::move(done)); });
        };
        QVERIFY(call([&](auto done) { store.write(serverA, u"alice"_s, "a-alice", this, done); }).ok());
        QVERIFY(call([&](auto done) { store.write(serverB, u"alice"_s, "b-alice", this, done); }).ok());
        QVERIFY(call([&](auto done) { store.write(serverA, u"bob"_s, "a-bob", this, done); }).ok());
        QCOMPARE(call([&](auto done) { store.read(serverA, u"alice"_s, this, done); }).secret, "a-alice"_ba);
        QCOMPARE(call([&](auto done) { store.read(serverB, u"alice"_s, this, done); }).secret, "b-alice"_ba);
        QCOMPARE(call([&](auto done) { store.read(serverA, u"bob"_s, this, done); }).secret, "a-bob"_ba);
        QVERIFY(call([&](auto done) { store.remove(serverA, u"alice"_s, this, done); }).ok());
        QCOMPARE(call([&](auto done) { store.read(serverB, u"alice"_s, this, done); }).secret, "b-alice"_ba);
        for (const auto &[service, user] : {std::pair{serverB, u"alice"_s}, std::pair{serverA, u"bob"_s}})
            QVERIFY(call([&](auto done) { store.remove(service, user, this, done); }).ok());
        QVERIFY(!store.isUsingFallback());
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
