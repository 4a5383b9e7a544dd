#pragma once

// Issues and checks HS256 JWTs the way simplejwt does, so the client meets real tokens in tests.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <limits>
#include <optional>

class JwtSigner
{
public:
    enum class TokenType { Access, Refresh };
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    struct Claims
    {
        TokenType type = TokenType::Access;
        int userId = 0;
        QString username;
        QString jti;
        qint64 expiresAtMs = 0; // NoExpiry for a token without exp

        bool expires() const { return expiresAtMs != NoExpiry; }
    };
    static constexpr qint64 NoExpiry = std::numeric_limits<qint64>::max();

    explicit JwtSigner(QByteArray secret, Clock clock = {});

    // A ttl that is not finite (infinity) gives a token without exp, as a Socket.IO site may hand out.
    QByteArray sign(TokenType type, int userId, const QString &username, double ttlSeconds) const;
    // Empty optional for anything that is not a well-formed, correctly signed, unexpired token of
    // the expected type; *error then says why (for logs, never containing the token).
    std::optional<Claims> verify(const QByteArray &token, TokenType expected, QString *error = nullptr) const;

    qint64 nowMs() const { return m_clock(); }

private:
    QByteArray signature(const QByteArray &signingInput) const;

    QByteArray m_secret;
    Clock m_clock;
};
