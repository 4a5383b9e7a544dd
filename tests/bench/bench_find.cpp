// "Find in 100,000 stored messages" (issue 15, item 4): the find bar's search path (RoomSearch)
// over a local store holding 100,000 messages of the room, with the room's newest rows loaded in
// its model, as the app has them. The baseline is the same search over the loaded rows alone.
#include "benches.h"
#include "benchsupport.h"

#include "messagemodel.h"
#include "messagestore.h"
#include "roomsearch.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace Bench {

namespace {
const QString Room = u"lobby"_s;

// Words of everyday chat; "deploy" in about 1 message of 100, "kumquat" in one only.
ChatMessage storedMessage(int i, const QDateTime &end, int messages)
{
    static const QStringList words{u"ok"_s,     u"lunch"_s, u"meeting"_s, u"review"_s, u"tests"_s,
                                   u"branch"_s, u"merge"_s, u"coffee"_s,  u"today"_s,  u"build"_s};
    ChatMessage message;
    message.id = QString::number(i + 1);
    message.user = i % 3 == 0 ? u"alice"_s : u"bob"_s;
    QString text = u"message %1"_s.arg(i);
    for (int w = 0; w < 3 + i % 25; ++w)
        text += u' ' + words.at((i * 7 + w * 3) % words.size());
    if (i % 97 == 13)
        text += u" the deploy is done"_s;
    if (i == messages / 3)
        text += u" kumquat"_s;
    message.text = text;
    message.createdAt = end.addSecs(-30LL * (messages - i));
    message.createdAtText = message.createdAt.toString(Qt::ISODateWithMs);
    return message;
}

// The median of `runs` finds of `needle`, in ms; the number of matches found, loaded and older.
std::pair<double, QString> timeFind(RoomSearch &search, const MessageModel &model, const QString &needle,
                                    int runs)
{
    QList<double> times;
    QElapsedTimer clock;
    for (int run = 0; run < runs; ++run) {
        clock.start();
        search.find(&model, needle);
        times << double(clock.nsecsElapsed()) / 1e6;
    }
    return {percentile(times, 50), u"%1 loaded + %2%3 older"_s.arg(search.loaded().size())
                                       .arg(search.older().size())
                                       .arg(search.olderCapped() ? u"+"_s : QString())};
}
} // namespace

int findInStore(int messages, int runs)
{
    QTemporaryDir dir;
    MessageStore store;
    QString problem;
    if (!dir.isValid() || !store.open(dir.filePath(u"find.sqlite"_s), &problem))
        fail(u"the store could not be opened: %1"_s.arg(problem));
    store.setMaxPerRoom(messages);
    const QDateTime end = QDateTime::currentDateTimeUtc();
    constexpr int Batch = 5000;
    for (int first = 0; first < messages; first += Batch) {
        QList<ChatMessage> batch;
        for (int i = first; i < std::min(messages, first + Batch); ++i)
            batch << storedMessage(i, end, messages);
        store.append(Room, batch);
    }
    store.flush();
    if (store.count(Room) != messages)
        fail(u"the store holds %1 messages, not %2"_s.arg(store.count(Room)).arg(messages));

    // The room as the window has it: its newest rows loaded (the model's cap).
    MessageModel model(u"alice"_s);
    model.addReceivedBatch(store.latest(Room, model.maxRows()));

    RoomSearch loadedOnly;
    RoomSearch withStore;
    withStore.setStoreSearch(
        [&store](const QString &needle, int limit) { return store.search(Room, needle, limit); });
    // A word in 1% of the messages, a word in one old message, three letters that match nothing (the
    // index answers at once), three that match most messages, two letters (not asked of the store:
    // RoomSearch::MinStoreNeedle).
    const QStringList needles{u"deploy"_s, u"kumquat"_s, u"qzx"_s, u"ess"_s, u"qz"_s};
    double worst = 0;
    double worstBaseline = 0;
    QStringList details;
    for (const QString &needle : needles) {
        const auto [storeMs, found] = timeFind(withStore, model, needle, runs);
        const auto [loadedMs, loadedFound] = timeFind(loadedOnly, model, needle, runs);
        worst = std::max(worst, storeMs);
        worstBaseline = std::max(worstBaseline, loadedMs);
        details << u"\"%1\" %2 (%3; loaded rows only %4)"_s.arg(needle, ms(storeMs), found, ms(loadedMs));
    }
    report({u"Find in %1 stored messages"_s.arg(QLocale(QLocale::English).toString(messages)),
            u"%1 (slowest needle, median of %2)"_s.arg(ms(worst)).arg(runs),
            u"%1 (the %2 loaded rows only)"_s.arg(ms(worstBaseline)).arg(model.rowCount()),
            worst / std::max(0.001, worstBaseline), u"< 50 ms"_s, worst < 50});
    note(u"find: %1 stored messages, %2 loaded, full-text index %3; %4"_s.arg(messages)
             .arg(model.rowCount())
             .arg(store.hasFullTextIndex() ? u"on"_s : u"off"_s, details.join(u"; "_s)));
    return 0;
}

} // namespace Bench
