#include "jwt.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MaxTokenSize = 16 * 1024;

bool isBase64UrlPart(QByteArrayView part)
{
    for (const char c : part) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return !part.isEmpty();
}
} // namespace

Jwt Jwt::decode(const QByteArray &token)
{
    Jwt jwt;
    if (token.isEmpty()) {
        jwt.m_error = u"the token is empty"_s;
        return jwt;
    }
    if (token.size() > MaxTokenSize) {
        jwt.m_error = u"the token is too long (%1 bytes)"_s.arg(token.size());
        return jwt;
    }
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3) {
        jwt.m_error = u"a JWT has 3 parts separated by dots; this token has %1"_s.arg(parts.size());
        return jwt;
    }
    // The signature may be empty (alg "none"), the header and payload may not.
    if (!isBase64UrlPart(parts[0]) || !isBase64UrlPart(parts[1]) ||
        (!parts[2].isEmpty() && !isBase64UrlPart(parts[2]))) {
        jwt.m_error = u"the token is not three base64url parts"_s;
        return jwt;
    }
    const auto payload = QByteArray::fromBase64Encoding(
        parts[1], QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload) {
        jwt.m_error = u"the token's payload is not valid base64url"_s;
        return jwt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*payload, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        jwt.m_error = u"the token's payload is not a JSON object"_s;
        return jwt;
    }
    jwt.m_claims = doc.object();
    for (const auto name : {"exp"_L1, "iat"_L1}) {
        if (jwt.m_claims.contains(name) && !jwt.numericDateMs(name)) {
            jwt.m_error = u"the token's \"%1\" claim is not a date"_s.arg(name);
            return jwt;
        }
    }
    return jwt;
}

std::optional<qint64> Jwt::numericDateMs(QLatin1StringView name) const
{
    const QJsonValue value = m_claims.value(name);
    if (!value.isDouble())
        return std::nullopt;
    const double seconds = value.toDouble();
    // Dates before 1970 or after year ~5000 are nonsense for a token and would overflow below.
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e11)
        return std::nullopt;
    return static_cast<qint64>(std::llround(seconds * 1000));
}

std::optional<qint64> Jwt::issuedAt() const
{
    const auto ms = numericDateMs("iat"_L1);
    return ms ? std::optional<qint64>(*ms / 1000) : std::nullopt;
}

std::optional<qint64> Jwt::expiresAt() const
{
    const auto ms = numericDateMs("exp"_L1);
    return ms ? std::optional<qint64>(*ms / 1000) : std::nullopt;
}

std::optional<qint64> Jwt::lifetimeMs() const
{
    const auto iat = numericDateMs("iat"_L1);
    const auto exp = numericDateMs("exp"_L1);
    if (!iat || !exp || *exp <= *iat)
        return std::nullopt;
    return *exp - *iat;
}

QString Jwt::username() const
{
    return m_claims.value("username"_L1).toString();
}

QString Jwt::tokenType() const
{
    return m_claims.value("token_type"_L1).toString();
}
