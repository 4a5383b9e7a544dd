#pragma once

// A real lock on an SQLite file held by another process, as a second program using the outbox
// would hold it: python3's sqlite3 module runs BEGIN EXCLUSIVE and keeps it until release().
#include <QProcess>
#include <QString>

class SqliteLock
{
public:
    explicit SqliteLock(const QString &path)
    {
        using namespace Qt::StringLiterals;
        const auto script = u"import sqlite3, sys\n"
                            "db = sqlite3.connect(sys.argv[1], timeout=5, isolation_level=None)\n"
                            "db.execute('BEGIN EXCLUSIVE')\n"
                            "print('locked', flush=True)\n"
                            "sys.stdin.readline()\n"
                            "db.execute('ROLLBACK')\n"_s;
        m_process.start(u"python3"_s, {u"-c"_s, script, path});
    }
    ~SqliteLock()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    SqliteLock(const SqliteLock &) = delete;
    SqliteLock &operator=(const SqliteLock &) = delete;

    // True once the other process holds the lock.
    bool hold()
    {
        if (!m_process.waitForStarted(5000))
            return false;
        while (!m_output.contains("locked")) {
            if (!m_process.waitForReadyRead(5000))
                return false;
            m_output += m_process.readAllStandardOutput();
        }
        return true;
    }

    // True once the other process has let go and ended.
    bool release()
    {
        m_process.write("\n");
        m_process.closeWriteChannel();
        return m_process.waitForFinished(5000) && m_process.exitStatus() == QProcess::NormalExit &&
               m_process.exitCode() == 0;
    }

private:
    QProcess m_process;
    QByteArray m_output;
};
