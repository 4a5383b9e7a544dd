#pragma once

// What every benchmark shares: a result row for the table, percentiles, the process's resident
// memory, the mock server and the Django site as child processes, and small blocking helpers built
// on the event loop.
// Benchmarks report figures; they stop with an error only when something breaks.
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryFile>
#include <QUrl>

#include <functional>
#include <memory>

namespace Bench {

struct Result
{
    QString benchmark;
    QString figure;
    QString baseline;
    double ratio = 0;
    QString goal;
    bool met = false;
};

// One line on stdout per result, read back by the driver ("qtchat-bench all").
void report(const Result &result);
// A line of context (sizes, layout time) printed under the table.
void note(const QString &text);
// Prints why and exits with 2: the benchmark broke (a timeout, a wrong count).
[[noreturn]] void fail(const QString &why);

double percentile(QList<double> values, double p); // nearest rank, p in 0..100
qint64 residentBytes();                            // from /proc/self/statm
qint64 residentBytes(qint64 pid);
QString ms(double value);
QString megabytes(qint64 bytes);

// Runs the event loop until done() is true; fails the benchmark after timeoutMs.
void waitFor(const std::function<bool()> &done, int timeoutMs, const QString &what);

// POSTs JSON (or nothing) and returns the answer's JSON object; fails on a transport error.
QJsonObject post(const QUrl &url, const QJsonObject &body = {});

// ws://host:port/ws/chat/ROOM/ for a server at base (http://host:port).
QUrl roomUrl(const QUrl &base, const QString &room);
// {"access", "refresh"} from POST base/api/token/ with USER and USER-pass; fails if refused.
QJsonObject signIn(const QUrl &base, const QString &user);
// The processes whose parent is pid (from /proc/*/stat).
QList<qint64> childProcesses(qint64 pid);

// qtchat-mock-server on 127.0.0.1, port 0, with the admin endpoints on; killed on destruction.
class MockProcess
{
public:
    explicit MockProcess(const QStringList &extraArguments = {});
    ~MockProcess();
    QUrl baseUrl() const { return m_url; }
    QUrl webSocketUrl(const QString &room) const;
    qint64 pid() const { return m_process.processId(); }
    // POST /admin/ACTION?QUERY; returns "affected".
    int admin(const QString &action, const QString &query);
    // {"access", "refresh"} for bob, signed in with a bare POST.
    QJsonObject signIn(const QString &user = QStringLiteral("bob"));

private:
    QProcess m_process;
    QUrl m_url;
};

// The Django Channels site of tests/e2e under daphne (run_server.py --stop-on-stdin-eof with
// Debian's python3, one daphne process, in-memory channel layer); stopped on destruction.
class DaphneProcess
{
public:
    explicit DaphneProcess(const QStringList &extraArguments = {});
    ~DaphneProcess();
    QUrl baseUrl() const { return m_url; }
    qint64 pid() const { return m_daphnePid; } // daphne itself, a child of run_server.py

private:
    QProcess m_process;
    QTemporaryFile m_log; // its stderr: the chat log has two lines per socket
    QUrl m_url;
    qint64 m_daphnePid = 0;
};

} // namespace Bench
