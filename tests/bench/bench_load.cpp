// Benchmark 6, the mock under load: how many signed-in sockets it holds and at what memory, and how
// fast it fans messages out to 1,000 sockets in one room - each against the Django Channels site of
// tests/e2e under daphne, the server the mock stands in for. Every part gets a fresh server.
#include "benches.h"
#include "benchsupport.h"
#include "socketset.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QWebSocket>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace Bench {
namespace {

constexpr int MockStallMs = 20000;
constexpr int DaphneStallMs = 30000;
// Daphne takes minutes for 10,000 sockets: Channels' in-memory layer walks every channel and group
// member (_clean_expired) each time a consumer waits for a message, so each new socket costs more
// than the last. What it holds by then is its figure; the driver gives a benchmark 600 s in all.
constexpr int DaphneSocketsMs = 300000;
// Messages sent but not yet delivered to every receiver. Channels' in-memory layer silently drops
// a group message for a consumer whose queue holds 100 already; below that nothing is lost.
constexpr int Window = 50;

QString count(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

QString perSecond(double rate)
{
    return count(qint64(rate)) + u" msg/s"_s;
}

struct Level
{
    int sockets = 0;
    int held = 0;
    qint64 rss = 0;
    qint64 growth = 0;  // over the RSS before the first socket
    double seconds = 0; // from the first socket to this level
    QString problem;

    double kibPerSocket() const { return held > 0 ? double(growth) / held / 1024.0 : 0; }
    QString text() const
    {
        const QString amount = held == sockets ? count(held) : u"%1 of %2"_s.arg(count(held), count(sockets));
        return u"%1 held, RSS %2, %3 KiB/socket"_s.arg(amount, megabytes(rss)).arg(kibPerSocket(), 0, 'f', 1);
    }
};

// Opens sockets into one room up to each level in turn, stopping at the first level not held.
QList<Level> holdSockets(const QUrl &base, qint64 pid, const QList<int> &levels, bool mustHold)
{
    const QString token = signIn(base, u"bob"_s).value(u"access"_s).toString();
    SocketSet sockets(base, token);
    const qint64 before = residentBytes(pid);
    QElapsedTimer clock;
    clock.start();
    const int stallMs = mustHold ? MockStallMs : DaphneStallMs;
    const QDeadlineTimer deadline(mustHold ? QDeadlineTimer(QDeadlineTimer::Forever)
                                           : QDeadlineTimer(DaphneSocketsMs));
    QList<Level> result;
    for (const int target : levels) {
        sockets.open(u"held"_s, target - sockets.size(), stallMs, deadline);
        // A server answers the handshake before it has finished with the socket (daphne's consumer
        // reads the room's history after accepting): a moment for that before measuring.
        waitWhileProgressing([] { return false; }, [] { return 0; }, 300);
        Level level;
        level.sockets = target;
        level.held = sockets.held();
        level.rss = residentBytes(pid);
        level.growth = level.rss - before;
        level.seconds = clock.elapsed() / 1000.0;
        level.problem = sockets.problem();
        if (level.held != target && level.problem.isEmpty()) {
            level.problem = deadline.hasExpired() ? u"still opening after %1 s"_s.arg(DaphneSocketsMs / 1000)
                                                  : u"nothing connected for %1 s"_s.arg(stallMs / 1000);
        }
        if (mustHold && level.held != target)
            fail(u"the mock held %1 of %2 sockets: %3"_s.arg(level.held).arg(target).arg(level.problem));
        result.append(level);
        if (level.held != target)
            break;
    }
    return result;
}

struct FanOut
{
    double rate = 0; // deliveries per second
    double seconds = 0;
    double floodRate = 0; // the mock only: its /admin/flood of as many messages
};

// receivers sockets and one sender in a fresh room; the sender sends messages of 100 B, at most
// Window of them not yet delivered to every receiver, and the server broadcasts each to the room.
FanOut fanOut(const QUrl &base, int receivers, int messages, int stallMs, MockProcess *mock = nullptr)
{
    const QString room = u"fanout"_s;
    SocketSet sockets(base, signIn(base, u"alice"_s).value(u"access"_s).toString());
    std::vector<int> frames(size_t(receivers) + 1, 0);
    std::vector<int> deliveredTo(size_t(messages), 0);
    int sent = 0;
    int completed = 0; // messages every receiver has
    qint64 delivered = 0;
    qint64 endNs = 0;
    bool flooding = false;
    QString problem;
    QElapsedTimer clock;
    const QString filler(100 - 14, u'x'); // "load 00000001 " is 14
    const auto sendMore = [&] {
        while (sent < messages && sent - completed < Window) {
            const QString number = QString::number(++sent).rightJustified(8, u'0');
            sockets.at(0)->sendTextMessage(u"{\"message\":\"load "_s + number + u' ' + filler + u"\"}"_s);
        }
    };
    sockets.onFrame = [&](int index, const QString &text) {
        if (text.startsWith(u"{\"error\""_s))
            problem = u"the server answered: "_s + text;
        if (index == 0 || flooding) { // the sender gets every message back too; it is not counted
            delivered += index == 0 ? 0 : 1;
            return;
        }
        ++delivered;
        const int nth = frames[size_t(index)]++;
        if (nth >= messages) {
            problem = u"receiver %1 got more frames than were sent"_s.arg(index);
        } else if (++deliveredTo[size_t(nth)] == receivers) {
            while (completed < messages && deliveredTo[size_t(completed)] == receivers)
                ++completed;
            if (completed == messages)
                endNs = clock.nsecsElapsed();
            sendMore();
        }
    };
    sockets.open(room, receivers + 1, stallMs);
    if (sockets.held() != receivers + 1)
        fail(u"%1 held %2 of %3 sockets for the fan-out: %4"_s.arg(base.toDisplayString())
                 .arg(sockets.held())
                 .arg(receivers + 1)
                 .arg(sockets.problem()));
    clock.start();
    sendMore();
    const bool finished = waitWhileProgressing(
        [&] { return completed == messages || !problem.isEmpty() || !sockets.problem().isEmpty(); },
        [&] { return delivered; }, stallMs);
    if (!finished || completed != messages)
        fail(u"fan-out from %1: %2 of %3 messages reached all %4 receivers (%5 frames in all); %6"_s
                 .arg(base.toDisplayString())
                 .arg(completed)
                 .arg(messages)
                 .arg(receivers)
                 .arg(delivered)
                 .arg(problem.isEmpty() ? sockets.problem() : problem));
    FanOut result{double(receivers) * messages / (double(endNs) / 1e9), double(endNs) / 1e9, 0};
    if (mock) {
        flooding = true;
        const qint64 target = delivered + qint64(receivers) * messages;
        clock.start();
        mock->admin(u"flood"_s, u"room=%1&count=%2&size=100"_s.arg(room).arg(messages));
        if (!waitWhileProgressing([&] { return delivered >= target; }, [&] { return delivered; }, stallMs))
            fail(u"the mock's flood reached %1 of %2 frames"_s
                     .arg(delivered - target + qint64(receivers) * messages)
                     .arg(qint64(receivers) * messages));
        result.floodRate = double(receivers) * messages / (double(clock.nsecsElapsed()) / 1e9);
    }
    return result;
}

} // namespace

int load(int maxSockets, int receivers, int messages)
{
    QList<int> levels;
    for (const int level : {maxSockets / 10, maxSockets / 2, maxSockets}) {
        if (level > 0 && !levels.contains(level))
            levels.append(level);
    }
    // Tokens outlive the run: an expiring token would close the sockets with 4001 midway.
    const QStringList mockTtl{u"--access-ttl"_s, u"3600"_s};
    const QStringList daphneTtl{u"--access-seconds"_s, u"3600"_s};
    QList<Level> mockHeld;
    QList<Level> daphneHeld;
    FanOut mockFan;
    FanOut daphneFan;
    QElapsedTimer daphneClock;
    {
        MockProcess mock(mockTtl);
        mockHeld = holdSockets(mock.baseUrl(), mock.pid(), levels, true);
    }
    {
        MockProcess mock(mockTtl);
        mockFan = fanOut(mock.baseUrl(), receivers, messages, MockStallMs, &mock);
    }
    daphneClock.start();
    {
        DaphneProcess daphne(daphneTtl);
        daphneHeld = holdSockets(daphne.baseUrl(), daphne.pid(), levels, false);
    }
    {
        DaphneProcess daphne(daphneTtl);
        daphneFan = fanOut(daphne.baseUrl(), receivers, messages, DaphneStallMs);
    }
    const double daphneSeconds = daphneClock.elapsed() / 1000.0;

    for (const Level &mock : std::as_const(mockHeld)) {
        const bool top = mock.sockets == levels.last();
        const auto daphne = std::find_if(daphneHeld.cbegin(), daphneHeld.cend(), [&mock](const Level &level) {
            return level.sockets == mock.sockets;
        });
        QString baseline = u"daphne: not tried (held %1 of %2)"_s.arg(count(daphneHeld.last().held),
                                                                      count(daphneHeld.last().sockets));
        double ratio = 0;
        if (daphne != daphneHeld.cend()) {
            baseline = u"daphne: "_s + daphne->text();
            ratio = daphne->kibPerSocket() > 0 ? mock.kibPerSocket() / daphne->kibPerSocket() : 0;
            if (daphne->held != daphne->sockets)
                note(u"load: daphne stopped at %1 sockets: %2"_s.arg(count(daphne->held), daphne->problem));
        }
        report({u"6 sockets held (%1)"_s.arg(count(mock.sockets)), mock.text(), baseline, ratio,
                top && mock.sockets >= 5000 ? u">= 5,000 sockets"_s : u"all held"_s,
                top && mock.sockets >= 5000 ? mock.held >= 5000 : mock.held == mock.sockets});
    }
    const double ratio = daphneFan.rate > 0 ? mockFan.rate / daphneFan.rate : 0;
    report({u"6 fan-out to %1 sockets (%2 x 100 B)"_s.arg(count(receivers), count(messages)),
            perSecond(mockFan.rate), perSecond(daphneFan.rate) + u" (daphne)"_s, ratio, u">= 10x daphne"_s,
            ratio >= 10});

    const auto times = [](const QList<Level> &held) {
        QStringList parts;
        for (const Level &level : held)
            parts << u"%1 at %2 s"_s.arg(count(level.held)).arg(level.seconds, 0, 'f', 1);
        return parts.join(u", "_s);
    };
    note(u"load, sockets: one sign-in, then bare QWebSockets into one room, at most %1 handshakes at a "
         "time; RSS of the server process (daphne itself, not run_server.py), KiB/socket = RSS growth "
         "over the empty server / sockets; ratio = KiB/socket mock / daphne. Held by time: mock %2; "
         "daphne %3"_s.arg(SocketSet::MaxInFlight)
             .arg(times(mockHeld), times(daphneHeld)));
    note(u"load, fan-out: %1 receivers and one more socket that sends %2 messages of 100 B into the room, "
         "at most %3 not yet delivered to every receiver (Channels' in-memory layer drops beyond 100 queued "
         "per consumer); figure = %1 x %2 deliveries / time to the last. Mock %4 s, daphne %5 s. The mock's "
         "/admin/flood of as many messages: %6. Bench and servers share 2 cores; daphne part %7 s"_s
             .arg(count(receivers), count(messages))
             .arg(Window)
             .arg(mockFan.seconds, 0, 'f', 2)
             .arg(daphneFan.seconds, 0, 'f', 2)
             .arg(perSecond(mockFan.floodRate))
             .arg(daphneSeconds, 0, 'f', 1));
    return 0;
}

} // namespace Bench
