#pragma once

// Decodes a JWT's claims for scheduling and display only. The signature is not checked:
// nothing here is trusted for authorization, the server decides that.
#include <QJsonObject>
#include <QString>
#include <optional>

class Jwt
{
public:
    // Never fails loudly: an unusable token gives isValid() == false and a reason that
    // does not quote the token.
    static Jwt decode(const QByteArray &token);

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    std::optional<qint64> issuedAt() const;  // seconds since epoch
    std::optional<qint64> expiresAt() const; // seconds since epoch
    std::optional<qint64> expiresAtMs() const { return numericDateMs(QLatin1StringView("exp")); }
    std::optional<qint64> issuedAtMs() const { return numericDateMs(QLatin1StringView("iat")); }
    // exp - iat in milliseconds, when both are present and sensible.
    std::optional<qint64> lifetimeMs() const;
    QString username() const;
    QString tokenType() const;
    QJsonObject claims() const { return m_claims; }

private:
    std::optional<qint64> numericDateMs(QLatin1StringView name) const;

    QJsonObject m_claims;
    QString m_error;
};
