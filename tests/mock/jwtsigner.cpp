#include "jwtsigner.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QUuid>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encodePart(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(base64Url);
}

std::optional<QByteArray> decodePart(const QByteArray &part)
{
    auto result = QByteArray::fromBase64Encoding(part, base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!result || part.isEmpty())
        return std::nullopt;
    return *result;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

QString typeName(JwtSigner::TokenType type)
{
    return type == JwtSigner::TokenType::Access ? u"access"_s : u"refresh"_s;
}

} // namespace

JwtSigner::JwtSigner(QByteArray secret, Clock clock)
    : m_secret(std::move(secret))
    , m_clock(clock ? std::move(clock) : Clock(&QDateTime::currentMSecsSinceEpoch))
{}

QByteArray JwtSigner::sign(TokenType type, int userId, const QString &username, double ttlSeconds) const
{
    const qint64 now = m_clock();
    const bool expires = std::isfinite(ttlSeconds);
    const qint64 ttlMs = expires ? std::llround(ttlSeconds * 1000.0) : 0;
    // Whole-second lifetimes give integer iat and exp, as simplejwt writes them (both rounded
    // down, so exp - iat is the lifetime exactly). Sub-second lifetimes, which only tests use,
    // keep milliseconds in both so a 0.3 s token really lives 0.3 s.
    const bool whole = ttlMs % 1000 == 0;
    const qint64 issuedMs = whole ? now / 1000 * 1000 : now;
    const auto numericDate = [](qint64 ms) {
        return ms % 1000 == 0 ? QJsonValue(ms / 1000) : QJsonValue(double(ms) / 1000.0);
    };
    const QJsonValue iat = numericDate(issuedMs);
    const QJsonValue exp = numericDate(issuedMs + ttlMs);
    const QJsonObject header{{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}};
    QJsonObject payload{
        {u"token_type"_s, typeName(type)},
        {u"exp"_s, exp},
        {u"iat"_s, iat},
        {u"jti"_s, QUuid::createUuid().toString(QUuid::Id128)},
        {u"user_id"_s, userId},
        {u"username"_s, username},
    };
    if (!expires)
        payload.remove(u"exp"_s);
    const QByteArray signingInput = encodePart(header) + '.' + encodePart(payload);
    return signingInput + '.' + signature(signingInput).toBase64(base64Url);
}

std::optional<JwtSigner::Claims> JwtSigner::verify(const QByteArray &token, TokenType expected,
                                                   QString *error) const
{
    const auto reject = [error](const QString &reason) -> std::optional<Claims> {
        if (error)
            *error = reason;
        return std::nullopt;
    };
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return reject(u"not three parts"_s);
    const auto header = decodePart(parts[0]);
    const auto payload = decodePart(parts[1]);
    const auto sig = decodePart(parts[2]);
    if (!header || !payload || !sig)
        return reject(u"invalid base64url"_s);
    if (!constantTimeEquals(*sig, signature(parts[0] + '.' + parts[1])))
        return reject(u"bad signature"_s);

    const QJsonDocument doc = QJsonDocument::fromJson(*payload);
    if (!doc.isObject())
        return reject(u"payload is not a JSON object"_s);
    const QJsonObject claims = doc.object();
    if (claims.value(u"token_type"_s).toString() != typeName(expected))
        return reject(u"wrong token type"_s);
    // Only this signer's tokens get here, and it leaves exp out only when told to (NoExpiry).
    const QJsonValue exp = claims.value(u"exp"_s);
    if (!exp.isUndefined() && !exp.isDouble())
        return reject(u"exp is not a number"_s);
    const qint64 expiresAtMs = exp.isUndefined() ? NoExpiry : std::llround(exp.toDouble() * 1000.0);
    if (expiresAtMs <= m_clock())
        return reject(u"expired"_s);

    Claims result;
    result.type = expected;
    result.userId = claims.value(u"user_id"_s).toInt();
    result.username = claims.value(u"username"_s).toString();
    result.jti = claims.value(u"jti"_s).toString();
    result.expiresAtMs = expiresAtMs;
    return result;
}

QByteArray JwtSigner::signature(const QByteArray &signingInput) const
{
    return QMessageAuthenticationCode::hash(signingInput, m_secret, QCryptographicHash::Sha256);
}
