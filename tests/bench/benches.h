#pragma once

// The benchmarks, one function each; "qtchat-bench NAME [SIZE...]" runs one in its own process.
// Each prints RESULT lines (see Bench::report) and returns 0, or stops through Bench::fail().
#include <QString>

namespace Bench {
int inboundBurst(int messages, int rounds);
int reconnectAfter4001(int cycles);
int soak(int cycles, int baselineAfter);
int memoryPerMessage(int messages);
int scrolling(int messages, int steps);
int findInStore(int messages, int runs);
int startup(int runs);
int startupWithStoredToken(int runs);
int load(int maxSockets, int receivers, int messages);
int socketIoBurst(int messages, int rounds);
int socketIoReconnectAfterRestart(int cycles);

// Frames like the mock's flood: {"message", "user", "created_at", "id"}, text of about textBytes.
QString floodFrame(qint64 id, int textBytes, const QString &createdAt);
} // namespace Bench
