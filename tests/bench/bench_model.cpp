// Benchmarks of what holds and shows messages: memory per message in a room's MessageModel, and
// scrolling through a big room in the chat view (under QT_QPA_PLATFORM=offscreen).
#include "benches.h"
#include "benchsupport.h"

#include "chatview.h"
#include "messagemodel.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTest>

#include <malloc.h>

using namespace Qt::StringLiterals;

namespace Bench {

QString floodFrame(qint64 id, int textBytes, const QString &createdAt)
{
    const QString number = QString::number(id).rightJustified(8, u'0');
    return u"{\"message\":\"flood "_s + number + u' ' + QString(std::max(0, textBytes - 15), u'x') +
           u"\",\"user\":\"flood\",\"created_at\":\""_s + createdAt + u"\",\"id\":"_s + QString::number(id) +
           u'}';
}

namespace {
// Decoded by the client's own codec, as they would arrive; added in batches of 1,000 as a burst
// arrives through queueReceived. textBytes(i) gives each message's text length.
qint64 fill(MessageModel &model, int messages, const std::function<int(int)> &textBytes,
            const std::function<QString(int)> &createdAt)
{
    qint64 utf8 = 0;
    constexpr int Batch = 1000;
    for (int first = 0; first < messages; first += Batch) {
        QList<ChatMessage> batch;
        for (int i = first; i < std::min(messages, first + Batch); ++i) {
            const IncomingFrame frame = WireCodec::decode(floodFrame(i + 1, textBytes(i), createdAt(i)));
            utf8 += frame.message.text.toUtf8().size();
            batch.append(frame.message);
        }
        model.addReceivedBatch(batch);
    }
    const int expected = std::min(messages, model.maxRows());
    if (model.rowCount() != expected)
        fail(u"the model holds %1 messages, not %2"_s.arg(model.rowCount()).arg(expected));
    return utf8;
}
} // namespace

namespace {
// Bytes malloc has handed out and not had back: unlike RSS, not hidden by memory freed earlier.
qint64 heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
}
} // namespace

int memoryPerMessage(int messages)
{
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const auto hundredBytes = [](int) {
        return 100;
    };
    const auto atNow = [&now](int) {
        return now;
    };
    QElapsedTimer clock;
    double perMessage = 0;
    double uncappedNs = 0;
    {
        // The memory of each message: a model that keeps them all.
        MessageModel model(u"alice"_s);
        model.setMaxRows(messages);
        const qint64 before = residentBytes();
        clock.start();
        const qint64 utf8 = fill(model, messages, hundredBytes, atNow);
        uncappedNs = double(clock.nsecsElapsed()) / messages;
        perMessage = double(residentBytes() - before) / messages;
        const double textPerMessage = double(utf8) / messages;
        const double overhead = perMessage - textPerMessage;
        report({u"3 memory per message (%1)"_s.arg(messages),
                u"%1 B/msg RSS (overhead %2 B)"_s.arg(perMessage, 0, 'f', 0).arg(overhead, 0, 'f', 0),
                u"%1 B/msg UTF-8 text"_s.arg(textPerMessage, 0, 'f', 0), perMessage / textPerMessage,
                u"overhead <= 400 B/msg"_s, overhead <= 400});
    }
    // The same flood into a room with the default cap (MessageModel::DefaultMaxRows): what it holds
    // stays bounded, and the time shows what trimming costs. Measured as heap in use, since RSS
    // would not grow while the memory freed above is used again.
    MessageModel capped(u"alice"_s);
    const int cap = capped.maxRows();
    const qint64 before = heapInUse();
    clock.start();
    fill(capped, messages, hundredBytes, atNow);
    const double cappedNs = double(clock.nsecsElapsed()) / messages;
    const double cappedMiB = double(heapInUse() - before) / (1024 * 1024);
    // Goal: the rows kept, with room to spare, whatever the number of messages. (The seen ids are the
    // room's, RoomConnection's: the model keeps none of its own.)
    const double boundMiB = 1.5 * cap * perMessage / (1024 * 1024);
    report({u"3 flood into the %1-row cap (%2)"_s.arg(cap).arg(messages),
            u"heap +%1 MiB, %2 ns/msg"_s.arg(cappedMiB, 0, 'f', 1).arg(cappedNs, 0, 'f', 0),
            u"%1 ns/msg, the same without a cap"_s.arg(uncappedNs, 0, 'f', 0), cappedNs / uncappedNs,
            u"heap <= %1 MiB"_s.arg(boundMiB, 0, 'f', 1), cappedMiB <= boundMiB});
    return 0;
}

namespace {
struct StepTimes
{
    QList<double> wheel;
    QList<double> page;
    double layoutMs = 0;
};

// Every step moves the scroll bar and paints the viewport at once (repaint, not update).
StepTimes scrollThrough(MessageModel &model, int steps)
{
    ChatView view;
    view.resize(480, 720);
    StepTimes times;
    QElapsedTimer clock;
    clock.start();
    view.setModel(&model);
    view.show();
    view.doItemsLayout();
    view.viewport()->repaint();
    times.layoutMs = double(clock.nsecsElapsed()) / 1e6;
    if (!QTest::qWaitForWindowExposed(&view))
        fail(u"the chat view was never exposed"_s);
    QScrollBar *bar = view.verticalScrollBar();
    const int wheel = std::max(1, bar->singleStep()) * QApplication::wheelScrollLines();
    for (int step = 0; step < steps; ++step) {
        const bool page = step % 10 == 9;
        clock.start();
        bar->setValue(bar->value() - (page ? bar->pageStep() : wheel));
        view.viewport()->repaint();
        (page ? times.page : times.wheel).append(double(clock.nsecsElapsed()) / 1e6);
    }
    return times;
}
} // namespace

int scrolling(int messages, int steps)
{
    // Texts of 20 to 400 bytes (one to several wrapped lines), a message a minute: day separators.
    const QDateTime end = QDateTime::currentDateTimeUtc();
    MessageModel big(u"alice"_s);
    big.setMaxRows(messages); // how a room this big scrolls, were it kept
    fill(
        big, messages, [](int i) { return 20 + (i * 37) % 380; },
        [&](int i) { return end.addSecs(-60LL * (messages - i)).toString(Qt::ISODateWithMs); });
    MessageModel empty(u"alice"_s);
    const StepTimes baseline = scrollThrough(empty, steps);
    const StepTimes full = scrollThrough(big, steps);
    const double p99 = percentile(full.wheel, 99);
    report({u"4 scrolling (%1 messages, %2 steps)"_s.arg(messages).arg(steps),
            u"p50 %1, p99 %2"_s.arg(ms(percentile(full.wheel, 50)), ms(p99)),
            u"p50 %1, p99 %2 (empty view)"_s.arg(ms(percentile(baseline.wheel, 50)),
                                                 ms(percentile(baseline.wheel, 99))),
            p99 / std::max(0.001, percentile(baseline.wheel, 99)), u"p99 < 16 ms"_s, p99 < 16});
    note(u"scrolling: wheel steps of %1 lines; page steps p50 %2, p99 %3; first layout + paint of "
         "%4 messages %5 (empty view %6)"_s.arg(QApplication::wheelScrollLines())
             .arg(ms(percentile(full.page, 50)), ms(percentile(full.page, 99)))
             .arg(messages)
             .arg(ms(full.layoutMs), ms(baseline.layoutMs)));
    return 0;
}

} // namespace Bench
