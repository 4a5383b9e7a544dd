// The local message store (issue 15): the inbound burst with the store on against the same burst
// with it off in the same run, and find in a room of 100,000 stored messages.
#include "benches.h"
#include "benchsupport.h"

#include "chatclient.h"
#include "messagestore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace Bench {
namespace {

// Bytes of the store's file and its write-ahead log.
qint64 storeBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
}

// Chat-like text of about 100 bytes from a small vocabulary (so trigrams repeat as in real talk).
QString chatter(QRandomGenerator &random)
{
    static const QStringList words{
        u"the"_s,      u"build"_s,   u"is"_s,     u"green"_s,  u"again"_s,  u"after"_s,   u"lunch"_s,
        u"review"_s,   u"please"_s,  u"merge"_s,  u"branch"_s, u"server"_s, u"restart"_s, u"logs"_s,
        u"look"_s,     u"fine"_s,    u"to"_s,     u"me"_s,     u"ticket"_s, u"meeting"_s, u"moved"_s,
        u"tomorrow"_s, u"coffee"_s,  u"anyone"_s, u"seen"_s,   u"flaky"_s,  u"test"_s,    u"on"_s,
        u"staging"_s,  u"release"_s, u"notes"_s,  u"draft"_s,  u"ready"_s,  u"thanks"_s,  u"ok"_s,
        u"will"_s,     u"check"_s,   u"later"_s,  u"why"_s,    u"does"_s,   u"it"_s,      u"fail"_s};
    QString text;
    while (text.size() < 100)
        text += words.at(random.bounded(int(words.size()))) + u' ';
    return text.trimmed();
}

} // namespace

int storeBurst(int messages, int rounds)
{
    MockProcess mock;
    QTemporaryDir folder;
    auto withoutStore = signedInClient(mock);
    auto withStore = signedInClient(mock, folder.path());
    MessageStore *store = withStore->messageStore();
    if (!store || !store->isOpen())
        fail(u"the message store did not open"_s);
    double off = 0;
    double on = 0;
    QList<double> writtenAfterMs;
    for (int round = 1; round <= rounds; ++round) {
        // Each goes first every other round, so that neither gains from its place in the run.
        const auto burstOff = [&] {
            off = std::max(off, burstIntoModel(mock, withoutStore.get(), u"off-%1"_s.arg(round), messages));
        };
        const auto burstOn = [&] {
            on = std::max(on, burstIntoModel(mock, withStore.get(), u"on-%1"_s.arg(round), messages));
        };
        if (round % 2 == 1) {
            burstOff();
            burstOn();
        } else {
            burstOn();
            burstOff();
        }
        // What the writer thread still has to do once the last message is shown; done before the
        // next round, so that no round pays for the one before.
        QElapsedTimer clock;
        clock.start();
        store->flush();
        writtenAfterMs << double(clock.nsecsElapsed()) / 1e6;
    }
    const auto rate = [](double perSecond) {
        return QString::number(perSecond, 'f', 0) + u" msg/s"_s;
    };
    report({u"Inbound burst with the store on (%1 x 100 B)"_s.arg(messages), rate(on),
            rate(off) + u" (the same burst, store off)"_s, on / off, u"ratio >= 0.9"_s, on / off >= 0.9});
    note(
        u"store burst: best of %1 rounds each, store off and on taking turns to go first, in one process "
        "against one mock; timed from the flood request to the last message in the MessageModel. The store "
        "writes a batch once nothing came in for %2 ms (at the latest %6 ms after its first message), in one "
        "transaction, on its own thread, newest %3 per room; after the last message was shown it "
        "needed %4 more to have everything on disk (the most of the rounds); file and log %5"_s.arg(rounds)
            .arg(MessageStore::BatchDelayMs)
            .arg(store->maxPerRoom())
            .arg(ms(*std::max_element(writtenAfterMs.cbegin(), writtenAfterMs.cend())),
                 megabytes(storeBytes(store->path())))
            .arg(MessageStore::MaxBatchDelayMs));
    return 0;
}

int storeSearch(int messages, int runs)
{
    QTemporaryDir folder;
    MessageStore store;
    const QString path = folder.filePath(u"messages.sqlite"_s);
    if (!store.open(path))
        fail(u"the message store did not open"_s);
    store.setMaxPerRoom(messages);
    QRandomGenerator random(15);
    QElapsedTimer clock;
    clock.start();
    constexpr int Batch = 5000;
    for (int first = 0; first < messages; first += Batch) {
        QList<ChatMessage> batch;
        for (int i = first; i < std::min(messages, first + Batch); ++i) {
            ChatMessage message;
            message.id = QString::number(i + 1);
            message.user = u"user%1"_s.arg(random.bounded(20));
            message.text = chatter(random);
            if (i % 10000 == 5000) // a handful of messages that find is after
                message.text += u" Deployment window moved to Friday"_s;
            message.createdAt = QDateTime::fromMSecsSinceEpoch(1'780'000'000'000 + qint64(i) * 1000, Qt::UTC);
            message.createdAtText = message.createdAt.toString(Qt::ISODateWithMs);
            batch << message;
        }
        store.append(u"lobby"_s, batch);
        store.flush();
    }
    const double writeMs = double(clock.nsecsElapsed()) / 1e6;
    if (store.count(u"lobby"_s) != messages)
        fail(u"the store holds %1 messages, not %2"_s.arg(store.count(u"lobby"_s)).arg(messages));

    struct Needle
    {
        QString text;
        QString what;
    };
    // Find shows at most a screenful of matches at once; 200 is more than that.
    constexpr int Limit = 200;
    const QList<Needle> needles{
        {u"deploy"_s, u"a rare word (index)"_s},
        {u"staging"_s, u"a common word (index, stops at the limit)"_s},
        {u"zebra"_s, u"a word in no message (index)"_s},
        {u"ok"_s, u"2 letters, common (scan, stops at the limit)"_s},
        {u"qz"_s, u"2 letters in no message (scan of the newest %1)"_s.arg(MessageStore::ShortNeedleScope)},
    };
    QStringList figures;
    double worstIndexed = 0;
    for (const Needle &needle : needles) {
        QList<double> times;
        qsizetype found = 0;
        for (int run = 0; run < runs; ++run) {
            clock.restart();
            found = store.search(u"lobby"_s, needle.text, Limit).size();
            times << double(clock.nsecsElapsed()) / 1e6;
        }
        const double p50 = percentile(times, 50);
        if (needle.text.size() >= 3)
            worstIndexed = std::max(worstIndexed, p50);
        figures << u"\"%1\" (%2): p50 %3, p99 %4, %5 found"_s
                       .arg(needle.text, needle.what, ms(p50), ms(percentile(times, 99)))
                       .arg(found);
    }
    report({u"MessageStore::search in %1 stored messages"_s.arg(messages),
            u"p50 %1 (slowest needle of 3+ characters)"_s.arg(ms(worstIndexed)), u"-"_s, 0, u"< 20 ms"_s,
            worstIndexed < 20});
    note(u"store search: %1 runs per needle, at most %2 results; full-text index: %3; %4. Writing the %5 "
         "messages took %6 (%7 per 1,000), file %8."_s.arg(runs)
             .arg(Limit)
             .arg(store.hasFullTextIndex() ? u"FTS5 trigram"_s : u"none (LIKE)"_s, figures.join(u"; "_s))
             .arg(messages)
             .arg(ms(writeMs), ms(writeMs / messages * 1000), megabytes(storeBytes(path))));
    return 0;
}

} // namespace Bench
