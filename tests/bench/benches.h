#pragma once

// The benchmarks, one function each; "qtchat-bench NAME [SIZE...]" runs one in its own process.
// Each prints RESULT lines (see Bench::report) and returns 0, or stops through Bench::fail().
#include <QString>

#include <memory>

class ChatClient;

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
int storeBurst(int messages, int rounds);
int storeSearch(int messages, int runs);

class MockProcess;
// bench_network.cpp: the app's client signed in as alice (with a message store under storeFolder
// when one is given), and the rate at which a burst reaches a MessageModel as MainWindow wires it.
std::unique_ptr<ChatClient> signedInClient(const MockProcess &mock, const QString &storeFolder = {});
double burstIntoModel(MockProcess &mock, ChatClient *client, const QString &name, int messages);

// Frames like the mock's flood: {"message", "user", "created_at", "id"}, text of about textBytes.
QString floodFrame(qint64 id, int textBytes, const QString &createdAt);
} // namespace Bench
