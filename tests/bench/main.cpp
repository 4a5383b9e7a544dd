// qtchat-bench: the benchmarks of issue #7.
//   qtchat-bench all [--quick] [--markdown FILE]   every benchmark, each in its own process; one table
//   qtchat-bench NAME [SIZE...]                    one benchmark (burst, reconnect, memory, soak, ...)
//   qtchat-bench load SOCKETS RECEIVERS MESSAGES   benchmark 6: SOCKETS/10, /2 and all held; fan-out
//   qtchat-bench sio-burst N ROUNDS | sio-restart CYCLES   benchmarks 8 and 9 (Socket.IO, issue 14)
//   qtchat-bench store-burst N ROUNDS | store-search N RUNS   the message store (issue 15)
// Figures never fail a run; a benchmark that breaks (crash, timeout, wrong count) does.
#include "benches.h"
#include "benchsupport.h"

#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    QString name;
    QStringList arguments;
};

QList<Run> plan(bool quick)
{
    if (quick) {
        return {{u"burst"_s, {u"2000"_s, u"1"_s}},
                {u"reconnect"_s, {u"20"_s}},
                {u"memory"_s, {u"20000"_s}},
                {u"soak"_s, {u"40"_s, u"10"_s}},
                {u"scroll"_s, {u"2000"_s, u"30"_s}},
                {u"find"_s, {u"2000"_s, u"3"_s}},
                {u"startup"_s, {u"1"_s}},
                {u"startup-stored"_s, {u"1"_s}},
                {u"load"_s, {u"50"_s, u"50"_s, u"5"_s}},
                {u"sio-burst"_s, {u"2000"_s, u"1"_s}},
                {u"sio-restart"_s, {u"3"_s}},
                {u"store-burst"_s, {u"2000"_s, u"1"_s}},
                {u"store-search"_s, {u"5000"_s, u"5"_s}}};
    }
    return {{u"burst"_s, {u"100000"_s, u"2"_s}},
            {u"reconnect"_s, {u"200"_s}},
            {u"memory"_s, {u"100000"_s}},
            {u"memory"_s, {u"1000000"_s}},
            {u"soak"_s, {u"1000"_s, u"100"_s}},
            {u"scroll"_s, {u"100000"_s, u"300"_s}},
            {u"find"_s, {u"100000"_s, u"11"_s}},
            {u"startup"_s, {u"10"_s}},
            {u"startup-stored"_s, {u"10"_s}},
            {u"load"_s, {u"10000"_s, u"1000"_s, u"60"_s}},
            {u"sio-burst"_s, {u"100000"_s, u"2"_s}},
            {u"sio-restart"_s, {u"20"_s}},
            {u"store-burst"_s, {u"100000"_s, u"6"_s}}, // 2 rounds move by +-0.2 here
            {u"store-search"_s, {u"100000"_s, u"50"_s}}};
}

void print(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

QString table(const QList<QStringList> &rows, bool markdown)
{
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    QString out;
    for (qsizetype r = 0; r < rows.size(); ++r) {
        QStringList cells;
        for (qsizetype i = 0; i < rows[r].size(); ++i)
            cells << rows[r][i].leftJustified(widths[i]);
        out += markdown ? u"| "_s + cells.join(u" | "_s) + u" |\n"_s : cells.join(u"  "_s).trimmed() + u'\n';
        if (r == 0) {
            QStringList rules;
            for (const qsizetype width : widths)
                rules << QString(width, u'-');
            out += markdown ? u"|-"_s + rules.join(u"-|-"_s) + u"-|\n"_s : rules.join(u"  "_s) + u'\n';
        }
    }
    return out;
}

int runAll(bool quick, const QString &markdownPath)
{
    QTemporaryDir logs;
    QList<QStringList> rows{
        {u"benchmark"_s, u"figure"_s, u"baseline (same run)"_s, u"ratio"_s, u"goal"_s, u"met?"_s}};
    QStringList notes;
    QStringList broken;
    for (const Run &run : plan(quick)) {
        const QString label = (QStringList{run.name} + run.arguments).join(u' ');
        print(u"running %1 ...\n"_s.arg(label));
        QProcess child;
        const QString log = logs.filePath(label + u".log"_s);
        child.setStandardErrorFile(log);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), QStringList{run.name} + run.arguments);
        const bool finished = child.waitForFinished(quick ? 60000 : 600000);
        const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
        QString problem;
        for (const QByteArray &line : lines) {
            const QStringList fields = QString::fromUtf8(line).split(u'\t');
            if (fields.first() == u"RESULT"_s && fields.size() == 7)
                rows << fields.mid(1);
            else if (fields.first() == u"NOTE"_s)
                notes << fields.mid(1).join(u' ');
            else if (fields.first() == u"BROKEN"_s)
                problem = fields.mid(1).join(u' ');
        }
        if (!finished) {
            child.kill();
            child.waitForFinished();
            problem = u"timed out"_s;
        } else if (problem.isEmpty() &&
                   (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)) {
            problem = child.exitStatus() == QProcess::CrashExit ? u"crashed"_s
                                                                : u"exit code %1"_s.arg(child.exitCode());
        }
        if (!problem.isEmpty()) {
            QFile file(log);
            file.open(QIODevice::ReadOnly);
            const QByteArray tail = file.readAll().right(3000);
            broken << u"%1: %2"_s.arg(label, problem);
            rows << QStringList{label, u"BROKEN: "_s + problem, QString(), QString(), QString(), QString()};
            print(u"%1 broke: %2\n--- its log, last lines ---\n%3\n"_s.arg(label, problem,
                                                                           QString::fromUtf8(tail)));
        }
    }
    print(u"\n"_s + table(rows, false));
    for (const QString &text : std::as_const(notes))
        print(u"  - "_s + text + u'\n');
    if (!markdownPath.isEmpty()) {
        QFile file(markdownPath);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            QString notesText;
            for (const QString &text : std::as_const(notes))
                notesText += u"- "_s + text + u'\n';
            file.write((table(rows, true) + u'\n' + notesText).toUtf8());
        }
    }
    if (!broken.isEmpty()) {
        print(u"\nbroken: "_s + broken.join(u"; "_s) + u'\n');
        return 1;
    }
    return 0;
}

int number(const QStringList &arguments, int at, int fallback)
{
    bool ok = false;
    const int value = arguments.value(at).toInt(&ok);
    return ok && value > 0 ? value : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    const QString command = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    std::unique_ptr<QCoreApplication> app;
    if (command == u"scroll"_s)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    const QStringList arguments = QCoreApplication::arguments().mid(2);

    if (command == u"all"_s) {
        const qsizetype markdown = arguments.indexOf(u"--markdown"_s);
        return runAll(arguments.contains(u"--quick"_s),
                      markdown >= 0 ? arguments.value(markdown + 1) : QString());
    }
    if (command == u"burst"_s)
        return Bench::inboundBurst(number(arguments, 0, 100000), number(arguments, 1, 2));
    if (command == u"reconnect"_s)
        return Bench::reconnectAfter4001(number(arguments, 0, 200));
    if (command == u"soak"_s)
        return Bench::soak(number(arguments, 0, 1000), number(arguments, 1, 100));
    if (command == u"memory"_s)
        return Bench::memoryPerMessage(number(arguments, 0, 100000));
    if (command == u"scroll"_s)
        return Bench::scrolling(number(arguments, 0, 100000), number(arguments, 1, 300));
    if (command == u"find"_s)
        return Bench::findInStore(number(arguments, 0, 100000), number(arguments, 1, 11));
    if (command == u"startup"_s)
        return Bench::startup(number(arguments, 0, 10));
    if (command == u"startup-stored"_s)
        return Bench::startupWithStoredToken(number(arguments, 0, 10));
    if (command == u"load"_s)
        return Bench::load(number(arguments, 0, 10000), number(arguments, 1, 1000), number(arguments, 2, 60));
    if (command == u"sio-burst"_s)
        return Bench::socketIoBurst(number(arguments, 0, 100000), number(arguments, 1, 2));
    if (command == u"sio-restart"_s)
        return Bench::socketIoReconnectAfterRestart(number(arguments, 0, 20));
    if (command == u"store-burst"_s)
        return Bench::storeBurst(number(arguments, 0, 100000), number(arguments, 1, 6));
    if (command == u"store-search"_s)
        return Bench::storeSearch(number(arguments, 0, 100000), number(arguments, 1, 50));
    std::fputs("usage: qtchat-bench all [--quick] [--markdown FILE]\n"
               "       qtchat-bench burst|reconnect|soak|memory|scroll|find|startup|startup-stored|load|\n"
               "                    sio-burst|sio-restart|store-burst|store-search [SIZE...]\n",
               stderr);
    return 1;
}
