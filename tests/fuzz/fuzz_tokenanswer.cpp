// The token endpoint answer parser. Input: 2 bytes of HTTP status, then "redirect target\n", then
// the body.
#include "tokenanswer.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = (data[0] << 8 | data[1]) % 600;
    QByteArray rest(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    const qsizetype newline = rest.indexOf('\n');
    const QByteArray location = newline < 0 ? QByteArray() : rest.left(newline);
    const QByteArray body = newline < 0 ? rest : rest.mid(newline + 1);
    const QUrl where(QStringLiteral("https://chat.example.com/api/token/"));
    const QUrl target = where.resolved(QUrl::fromEncoded(location));
    for (const AuthError refusedAs : {AuthError::InvalidCredentials, AuthError::SessionExpired}) {
        const TokenAnswer answer = TokenAnswer::parse(status, body, where, target, refusedAs);
        if (answer.error == AuthError::None) {
            if (answer.access.isEmpty() || !answer.message.isEmpty())
                __builtin_trap();
        } else if (answer.message.isEmpty() || !answer.access.isEmpty()) {
            __builtin_trap(); // a failure needs words and must not carry a token
        }
        (void)answer.isTransient();
    }
    return 0;
}
