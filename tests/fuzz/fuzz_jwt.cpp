// The JWT claim decoder: any token gives claims or a reason, and the reason never quotes it.
#include "jwt.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray token(reinterpret_cast<const char *>(data), qsizetype(size));
    const Jwt jwt = Jwt::decode(token);
    if (!jwt.isValid()) {
        if (jwt.errorString().isEmpty())
            __builtin_trap();
        if (token.size() >= 8 && jwt.errorString().toUtf8().contains(token))
            __builtin_trap(); // the token leaked into an error the UI shows
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
