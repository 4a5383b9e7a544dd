#pragma once

// TLS for a server profile, failing closed: the system CAs plus the profile's CA file, and at
// most one exception - the single certificate whose public key matches the profile's pin.
// Nothing here ignores an error that is not on a list made for that one certificate.
#include "serverprofile.h"

#include <QList>
#include <QSslConfiguration>
#include <QSslError>

namespace TlsPolicy {
// The configuration for connections to this profile, or a null one with *error set (for
// example when the CA file cannot be read).
QSslConfiguration configurationFor(const ServerProfile &profile, QString *error = nullptr);
// Base64 SHA-256 of the certificate's public key (SubjectPublicKeyInfo, DER), what
// `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`
// prints.
QByteArray publicKeySha256(const QSslCertificate &certificate);
// The errors that may be ignored for this handshake: all of them when the leaf certificate
// matches the pin and every error is about trusting that certificate, otherwise none.
QList<QSslError> pinnedExceptions(const ServerProfile &profile, const QList<QSslError> &errors);
// The certificate problems in words, for the user.
QString describe(const QList<QSslError> &errors);
// Empty when caFile and pinSha256 are usable.
QString validate(const ServerProfile &profile);
} // namespace TlsPolicy
