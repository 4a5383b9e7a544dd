#pragma once

// The real Socket.IO server of tests/e2e/socketio/ (Node.js, npm socket.io 4) in a child process:
// its first stdout line is its base URL; commands on stdin ("restart 0", "disconnect ROOM") answer
// with one line each; it stops when stdin closes. Its log goes to our stderr, never a token.
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <QUrl>

#include <cstdio>
#include <memory>

class NodeServer
{
public:
    explicit NodeServer(const QStringList &options)
    {
        const QString script = QStringLiteral(QTCHAT_E2E_SOCKETIO_DIR) + QStringLiteral("/server.js");
        if (!QFile::exists(QStringLiteral(QTCHAT_E2E_SOCKETIO_DIR) +
                           QStringLiteral("/node_modules/socket.io"))) {
            m_error = QStringLiteral("the npm packages are missing: ./test.sh runs npm ci --prefix "
                                     "tests/e2e/socketio");
            return;
        }
        m_process = std::make_unique<QProcess>();
        QProcess *process = m_process.get();
        QObject::connect(process, &QProcess::readyReadStandardError, process,
                         [process] { std::fputs(process->readAllStandardError().constData(), stderr); });
        process->start(QStringLiteral("node"),
                       QStringList{script, QStringLiteral("--stop-on-stdin-eof")} + options);
        if (!process->waitForStarted(10000)) {
            m_error = QStringLiteral("cannot run node (./test.sh checks for Node.js 20): ") +
                      process->errorString();
            return;
        }
        QDeadlineTimer deadline(20000);
        while (!process->canReadLine()) {
            if (!process->waitForReadyRead(int(deadline.remainingTime()))) {
                m_error = QStringLiteral("the Socket.IO server did not start");
                return;
            }
        }
        m_url = QUrl(QString::fromUtf8(process->readLine().trimmed()));
        if (!m_url.isValid())
            m_error = QStringLiteral("the Socket.IO server printed no URL");
    }

    ~NodeServer()
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        m_process->closeWriteChannel();
        if (!m_process->waitForFinished(10000))
            m_process->kill();
    }

    QString error() const { return m_error; }
    QUrl url() const { return m_url; }

    // A command on stdin; true once the server answers `done` (e.g. "restarted 0").
    bool tell(const QByteArray &command, const QByteArray &done, int timeoutMs = 10000)
    {
        m_process->write(command + '\n');
        QByteArray answer;
        const bool answered = QTest::qWaitFor(
            [&] {
                while (m_process->canReadLine())
                    answer = m_process->readLine().trimmed();
                return !answer.isEmpty();
            },
            timeoutMs);
        return answered && answer == done;
    }

private:
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
    QString m_error;
};
