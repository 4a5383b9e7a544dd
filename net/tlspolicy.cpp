#include "tlspolicy.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSslKey>

using namespace Qt::StringLiterals;

QString TlsPolicy::validate(const ServerProfile &profile)
{
    if (!profile.caFile.isEmpty()) {
        QFile file(profile.caFile);
        if (!file.open(QIODevice::ReadOnly))
            return u"Cannot read the CA file %1: %2"_s.arg(profile.caFile, file.errorString());
        if (QSslCertificate::fromDevice(&file, QSsl::Pem).isEmpty())
            return u"The CA file %1 holds no PEM certificate"_s.arg(profile.caFile);
    }
    if (!profile.pinSha256.isEmpty()) {
        const auto decoded =
            QByteArray::fromBase64Encoding(profile.pinSha256, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() != 32)
            return u"The pinned key must be the base64 of a SHA-256 hash (44 characters)"_s;
    }
    return {};
}

QSslConfiguration TlsPolicy::configurationFor(const ServerProfile &profile, QString *error)
{
    if (const QString problem = validate(profile); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return {};
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (!profile.caFile.isEmpty()) {
        const QList<QSslCertificate> extra = QSslCertificate::fromPath(profile.caFile, QSsl::Pem);
        configuration.addCaCertificates(extra);
    }
    return configuration;
}

QByteArray TlsPolicy::publicKeySha256(const QSslCertificate &certificate)
{
    return QCryptographicHash::hash(certificate.publicKey().toDer(), QCryptographicHash::Sha256).toBase64();
}

QList<QSslError> TlsPolicy::pinnedExceptions(const ServerProfile &profile, const QList<QSslError> &errors)
{
    if (profile.pinSha256.isEmpty() || errors.isEmpty())
        return {};
    // A pin vouches for one certificate instead of a CA: it may excuse "nobody vouches for it",
    // never a wrong host name or an expired certificate.
    static const QList<QSslError::SslError> excusable = {
        QSslError::SelfSignedCertificate,
        QSslError::SelfSignedCertificateInChain,
        QSslError::UnableToGetLocalIssuerCertificate,
        QSslError::UnableToVerifyFirstCertificate,
        QSslError::UnableToGetIssuerCertificate,
        QSslError::CertificateUntrusted,
    };
    const QSslCertificate leaf = errors.first().certificate();
    if (leaf.isNull() || publicKeySha256(leaf) != profile.pinSha256)
        return {};
    for (const QSslError &error : errors) {
        if (!excusable.contains(error.error()) || error.certificate() != leaf)
            return {};
    }
    return errors;
}

QString TlsPolicy::describe(const QList<QSslError> &errors)
{
    QStringList words;
    for (const QSslError &error : errors)
        words << error.errorString();
    words.removeDuplicates();
    return words.join(u"; "_s);
}
