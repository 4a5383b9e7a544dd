#include "benchsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Bench {

void report(const Result &r)
{
    const QString line = u"RESULT\t%1\t%2\t%3\t%4\t%5\t%6\n"_s.arg(r.benchmark, r.figure, r.baseline,
                                                                   QString::number(r.ratio, 'f', 2), r.goal,
                                                                   r.met ? u"yes"_s : u"NO"_s);
    std::fputs(line.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

void note(const QString &text)
{
    std::fputs((u"NOTE\t"_s + text + u'\n').toUtf8().constData(), stdout);
    std::fflush(stdout);
}

void fail(const QString &why)
{
    std::fputs((u"BROKEN\t"_s + why + u'\n').toUtf8().constData(), stdout);
    std::fflush(stdout);
    std::_Exit(2);
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(values.size())));
    return values.at(std::clamp<qsizetype>(rank - 1, 0, values.size() - 1));
}

qint64 residentBytes(qint64 pid)
{
    QFile statm(pid == 0 ? u"/proc/self/statm"_s : u"/proc/%1/statm"_s.arg(pid));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

qint64 residentBytes()
{
    return residentBytes(0);
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1) + u" ms"_s;
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MiB"_s;
}

void waitFor(const std::function<bool()> &done, int timeoutMs, const QString &what)
{
    // Not QTest::qWaitFor: it sleeps 10 ms between passes of the event loop, which would be
    // measured. Here the loop runs freely; a 1 ms timer only re-checks the condition (figures
    // are taken in signal handlers, not here).
    if (done())
        return;
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    check.start(1);
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(timeoutMs);
    loop.exec();
    if (!done())
        fail(u"timed out after %1 s waiting for %2"_s.arg(timeoutMs / 1000.0).arg(what));
}

QJsonObject post(const QUrl &url, const QJsonObject &body)
{
    static QNetworkAccessManager *network = new QNetworkAccessManager(QCoreApplication::instance());
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    waitFor([reply] { return reply->isFinished(); }, 30000, u"POST "_s + url.path());
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError)
        fail(u"POST %1: %2"_s.arg(url.path(), reply->errorString()));
    return QJsonDocument::fromJson(reply->readAll()).object();
}

QUrl roomUrl(const QUrl &base, const QString &room)
{
    QUrl url = base;
    url.setScheme(base.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    url.setPath(u"/ws/chat/%1/"_s.arg(room));
    return url;
}

QJsonObject signIn(const QUrl &base, const QString &user)
{
    QUrl url = base;
    url.setPath(u"/api/token/"_s);
    const QJsonObject tokens = post(url, {{u"username"_s, user}, {u"password"_s, user + u"-pass"_s}});
    if (!tokens.contains(u"access"_s))
        fail(u"%1 refused to sign in %2"_s.arg(base.toDisplayString(), user));
    return tokens;
}

QList<qint64> childProcesses(qint64 pid)
{
    QList<qint64> children;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        QFile stat(u"/proc/%1/stat"_s.arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == pid)
            children.append(entry.toLongLong());
    }
    return children;
}

MockProcess::MockProcess(const QStringList &extraArguments)
{
    m_process.setProgram(QStringLiteral(QTCHAT_MOCK_PATH));
    m_process.setArguments(QStringList{u"--admin"_s, u"--users"_s, u"alice:alice-pass,bob:bob-pass"_s} +
                           extraArguments);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_LOGGING_RULES"_s, u"chat.*=false"_s); // the mock's own log is not measured
    m_process.setProcessEnvironment(env);
    m_process.setStandardErrorFile(QProcess::nullDevice());
    // fail() ends the benchmark without destructors: the kernel then stops the mock with it.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_process.start();
    if (!m_process.waitForStarted(10000))
        fail(u"the mock server did not start: "_s + m_process.errorString());
    waitFor([this] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; }, 20000,
            u"the mock server's URL"_s);
    m_url = QUrl(QString::fromUtf8(m_process.readLine().trimmed()));
    if (!m_url.isValid() || m_url.port() <= 0)
        fail(u"the mock server printed no URL"_s);
}

MockProcess::~MockProcess()
{
    m_process.terminate();
    if (!m_process.waitForFinished(5000))
        m_process.kill();
    m_process.waitForFinished(5000);
}

QUrl MockProcess::webSocketUrl(const QString &room) const
{
    return roomUrl(m_url, room);
}

int MockProcess::admin(const QString &action, const QString &query)
{
    QUrl url = m_url;
    url.setPath(u"/admin/"_s + action);
    url.setQuery(query);
    const QJsonObject answer = post(url);
    if (!answer.contains(u"affected"_s))
        fail(u"the mock refused /admin/"_s + action);
    return answer.value(u"affected"_s).toInt();
}

QJsonObject MockProcess::signIn(const QString &user)
{
    return Bench::signIn(m_url, user);
}

DaphneProcess::DaphneProcess(const QStringList &extraArguments)
{
    if (!m_log.open())
        fail(u"cannot create a log file for daphne: "_s + m_log.errorString());
    m_process.setStandardErrorFile(m_log.fileName());
    const QString python = QStringLiteral(QTCHAT_E2E_PYTHON); // Debian's, with the Debian modules
    m_process.start(python, QStringList{QStringLiteral(QTCHAT_E2E_LAUNCHER), u"--stop-on-stdin-eof"_s} +
                                extraArguments);
    if (!m_process.waitForStarted(10000))
        fail(u"cannot run %1: %2"_s.arg(python, m_process.errorString()));
    waitFor([this] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; }, 60000,
            u"daphne's URL"_s);
    m_url = QUrl(QString::fromUtf8(m_process.readLine().trimmed()));
    if (!m_url.isValid() || m_url.port() <= 0) {
        m_process.waitForFinished(5000);
        fail(u"the Django site under daphne did not start (./test.sh installs its Debian packages); "
             "run_server.py said: "_s +
             QString::fromUtf8(m_log.readAll().right(1500)).trimmed());
    }
    for (const qint64 child : childProcesses(m_process.processId())) {
        QFile command(u"/proc/%1/cmdline"_s.arg(child));
        if (command.open(QIODevice::ReadOnly) && command.readAll().contains("daphne"))
            m_daphnePid = child;
    }
    if (m_daphnePid == 0)
        fail(u"no daphne process under run_server.py"_s);
}

DaphneProcess::~DaphneProcess()
{
    m_process.closeWriteChannel(); // run_server.py stops daphne and removes its folder
    if (!m_process.waitForFinished(15000))
        m_process.kill();
    m_process.waitForFinished(5000);
}

} // namespace Bench
