// The JWT claim decoder: any token gives claims or a reason, and the reason never quotes it.
#include "jwt.h"

#include <cstddef>
#include <cstdint>

namespace {
// The token with every letter and digit moved one on (z to a, 9 to 0): the same shape, other bytes.
QByteArray rotated(QByteArray token)
{
    for (char &c : token) {
        if ((c >= 'a' && c < 'z') || (c >= 'A' && c < 'Z') || (c >= '0' && c < '9'))
            ++c;
        else if (c == 'z' || c == 'Z' || c == '9')
            c = char(c == '9' ? '0' : c - 25);
    }
    return token;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray token(reinterpret_cast<const char *>(data), qsizetype(size));
    const Jwt jwt = Jwt::decode(token);
    if (!jwt.isValid()) {
        if (jwt.errorString().isEmpty())
            __builtin_trap();
        // The token leaked into an error the UI shows - unless it merely is a piece of the error's own
        // words ("arts sep"): then the same token with other letters is not in its error.
        if (token.size() >= 8 && jwt.errorString().toUtf8().contains(token) &&
            Jwt::decode(rotated(token)).errorString().toUtf8().contains(rotated(token)))
            __builtin_trap();
        return 0;
    }
    (void)jwt.issuedAt();
    (void)jwt.expiresAt();
    (void)jwt.username();
    (void)jwt.tokenType();
    if (const auto lifetime = jwt.lifetimeMs(); lifetime && *lifetime <= 0)
        __builtin_trap();
    return 0;
}
