// TLS fails closed: a CA file or a pin are the only ways to trust a certificate the system
// does not, and neither excuses a wrong host name or an expired certificate. The certificates
// are made at test time with openssl.
#include "authclient.h"
#include "mockserver.h"
#include "roomconnection.h"
#include "tlspolicy.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
bool openssl(const QString &dir, const QStringList &arguments, QByteArray *output = nullptr)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning() << "openssl" << arguments << process.readAllStandardError();
        return false;
    }
    if (output)
        *output = process.readAllStandardOutput();
    return true;
}

QSslConfiguration serverTls(const QString &certPath, const QString &keyPath)
{
    QFile cert(certPath);
    QFile key(keyPath);
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return {};
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(QSslCertificate::fromDevice(&cert, QSsl::Pem));
    tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}
} // namespace

class TestTls : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QByteArray m_selfSignedPin;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString d = m_dir.path();
        const QStringList ec{u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
                             u"-nodes"_s};
        QVERIFY(openssl(d, QStringList{u"req"_s, u"-x509"_s} + ec +
                               QStringList{u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s, u"-days"_s,
                                           u"2"_s, u"-subj"_s, u"/CN=QtChat Test CA"_s}));
        QFile ext(path(u"ext.cnf"_s));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=DNS:localhost\n");
        ext.close();
        QVERIFY(openssl(d, QStringList{u"req"_s} + ec +
                               QStringList{u"-keyout"_s, u"server.key"_s, u"-out"_s, u"server.csr"_s,
                                           u"-subj"_s, u"/CN=localhost"_s}));
        for (const auto &[name, days] :
             {std::pair{u"good.pem"_s, u"2"_s}, std::pair{u"expired.pem"_s, u"-1"_s}}) {
            QVERIFY(openssl(d, {u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s,
                                u"-CAkey"_s, u"ca.key"_s, u"-CAcreateserial"_s, u"-out"_s, name, u"-days"_s,
                                days, u"-extfile"_s, u"ext.cnf"_s}));
        }
        QVERIFY(openssl(d, QStringList{u"req"_s, u"-x509"_s} + ec +
                               QStringList{u"-keyout"_s, u"self.key"_s, u"-out"_s, u"self.pem"_s, u"-days"_s,
                                           u"2"_s, u"-subj"_s, u"/CN=localhost"_s, u"-addext"_s,
                                           u"subjectAltName=DNS:localhost"_s}));
        // The pin as a person would make it, with openssl alone.
        QByteArray der;
        QVERIFY(openssl(
            d, {u"x509"_s, u"-in"_s, u"self.pem"_s, u"-pubkey"_s, u"-noout"_s, u"-out"_s, u"self.pub"_s}));
        QVERIFY(openssl(d, {u"pkey"_s, u"-pubin"_s, u"-in"_s, u"self.pub"_s, u"-outform"_s, u"der"_s}, &der));
        m_selfSignedPin = QCryptographicHash::hash(der, QCryptographicHash::Sha256).toBase64();
        QCOMPARE(TlsPolicy::publicKeySha256(QSslCertificate::fromPath(path(u"self.pem"_s)).value(0)),
                 m_selfSignedPin);
    }

    void onlyTrustedCertificatesAreAccepted_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("useCaFile");
        QTest::addColumn<bool>("usePin");
        QTest::addColumn<QString>("refusal"); // empty: accepted
        QTest::newRow("a certificate from the profile's CA file is trusted")
            << u"good.pem"_s << u"server.key"_s << u"localhost"_s << true << false << QString();
        QTest::newRow("a pinned self-signed certificate is trusted")
            << u"self.pem"_s << u"self.key"_s << u"localhost"_s << false << true << QString();
        QTest::newRow("a self-signed certificate without trust is refused")
            << u"self.pem"_s << u"self.key"_s << u"localhost"_s << false << false << u"self-signed"_s;
        QTest::newRow("a CA-signed certificate is refused when the CA is not given")
            << u"good.pem"_s << u"server.key"_s << u"localhost"_s << false << false << u"issuer"_s;
        QTest::newRow("a wrong host name is refused")
            << u"good.pem"_s << u"server.key"_s << u"127.0.0.1"_s << true << false << u"host name"_s;
        QTest::newRow("an expired certificate is refused")
            << u"expired.pem"_s << u"server.key"_s << u"localhost"_s << true << false << u"expired"_s;
        QTest::newRow("a pin does not excuse a wrong host name")
            << u"self.pem"_s << u"self.key"_s << u"127.0.0.1"_s << false << true << u"host name"_s;
    }

    void onlyTrustedCertificatesAreAccepted()
    {
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, host);
        QFETCH(bool, useCaFile);
        QFETCH(bool, usePin);
        QFETCH(QString, refusal);
        MockServerOptions options;
        options.tls = serverTls(path(cert), path(key));
        QVERIFY(!options.tls.localCertificate().isNull());
        MockServer server(options);
        QVERIFY(server.listen());
        ServerProfile profile;
        profile.baseUrl = QUrl(u"https://%1:%2"_s.arg(host).arg(server.port()));
        if (useCaFile)
            profile.caFile = path(u"ca.pem"_s);
        if (usePin)
            profile.pinSha256 = m_selfSignedPin;
        QCOMPARE(profile.validate(), QString());

        QNetworkAccessManager network;
        AuthClient auth(&network);
        auth.setProfile(profile);
        QSignalSpy signedIn(&auth, &AuthClient::signedIn);
        QSignalSpy failed(&auth, &AuthClient::signInFailed);
        auth.signIn(u"alice"_s, u"alice-pass"_s);
        QTRY_VERIFY_WITH_TIMEOUT(signedIn.size() + failed.size() == 1, 10000);

        RoomConnection room(u"lobby"_s, profile);
        room.open(server.issueAccessToken(u"alice"_s, 60));
        if (refusal.isEmpty()) {
            QCOMPARE(signedIn.size(), 1);
            QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::Open, 10000);
            return;
        }
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).value<AuthError>(), AuthError::Tls);
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(refusal, Qt::CaseInsensitive), qPrintable(message));
        QCOMPARE(server.tokenRequestCount(), 0); // the password never left
        QTRY_COMPARE_WITH_TIMEOUT(room.state(), RoomConnection::State::Failed, 10000);
        QVERIFY2(room.stateReason().contains(u"not trusted"_s), qPrintable(room.stateReason()));
        QCOMPARE(room.msUntilReconnect(), -1); // fail closed, no retry loop
    }

    void badTlsSettingsAreExplainedAtEntry_data()
    {
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QByteArray>("pin");
        QTest::addColumn<QString>("words");
        QTest::newRow("an unreadable CA file")
            << u"/nonexistent/ca.pem"_s << QByteArray() << u"Cannot read"_s;
        QTest::newRow("a CA file without certificates") << u"ext.cnf"_s << QByteArray() << u"no PEM"_s;
        QTest::newRow("a pin that is not base64") << QString() << "not base64!"_ba << u"SHA-256"_s;
        QTest::newRow("a pin of the wrong length") << QString() << "AAAA"_ba << u"SHA-256"_s;
    }

    void badTlsSettingsAreExplainedAtEntry()
    {
        QFETCH(QString, caFile);
        QFETCH(QByteArray, pin);
        ServerProfile profile;
        profile.baseUrl = QUrl(u"https://chat.example.com"_s);
        profile.caFile = caFile.isEmpty() || caFile.startsWith(u'/') ? caFile : path(caFile);
        profile.pinSha256 = pin;
        QFETCH(QString, words);
        QVERIFY2(profile.validate().contains(words), qPrintable(profile.validate()));
    }

    void plainHttpToAnotherHostNeedsConsent()
    {
        ServerProfile profile;
        profile.baseUrl = QUrl(u"http://chat.example.com"_s);
        QVERIFY(profile.validate().contains(u"not encrypted"_s));
        profile.allowInsecure = true;
        QCOMPARE(profile.validate(), QString());
        profile.baseUrl = QUrl(u"http://localhost:8000"_s);
        profile.allowInsecure = false;
        QCOMPARE(profile.validate(), QString());
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
