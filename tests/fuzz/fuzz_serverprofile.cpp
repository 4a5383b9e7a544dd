// The profile and URL parser. Input: "base URL\nroom name\nWebSocket URL\npin". Whatever the
// user types, a room URL stays on the profile's host and names the room in its path only.
#include "serverprofile.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QStringList lines =
        QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)).split(QLatin1Char('\n'));
    const auto line = [&lines](int i) {
        return i < lines.size() ? lines.at(i) : QString();
    };
    ServerProfile profile;
    profile.baseUrl = QUrl(line(0));
    profile.webSocketUrl = QUrl(line(2));
    profile.pinSha256 = line(3).toUtf8();
    profile.allowInsecure = size % 2 == 1;

    const QString problem = profile.validate();
    (void)profile.tokenUrl();
    (void)profile.refreshUrl();
    (void)profile.origin();
    (void)profile.isSameOrigin(QUrl(line(1)));
    QString error;
    const QUrl room = profile.roomUrl(line(1), &error);
    if (room.isEmpty() != !error.isEmpty())
        __builtin_trap(); // either a URL or a reason
    if (!room.isEmpty()) {
        if (!problem.isEmpty())
            __builtin_trap(); // an invalid profile gave a URL
        if (room.host() != profile.webSocketBase().host() || room.hasQuery() || room.hasFragment())
            __builtin_trap(); // the room name escaped its path segment
    }
    return 0;
}
