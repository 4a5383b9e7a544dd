// Linked into the app's own main.cpp (and into the baseline's) to time start-up: at the first
// paint of a top-level window it prints "shown" on stdout and quits the event loop. With
// QTCHAT_PROBE_UNTIL=rooms it keeps running until a room is open (the chat.room log line of the
// Open state), prints "rooms-open" and quits then.
#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
bool waitForRooms = false;
QtMessageHandler previousHandler = nullptr;

void quitSoon()
{
    QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
}

void roomWatcher(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    static bool seen = false;
    if (!seen && context.category && qstrcmp(context.category, "chat.room") == 0 &&
        message.contains(u"::Open"_s)) {
        seen = true;
        std::fputs("rooms-open\n", stdout);
        std::fflush(stdout);
        quitSoon();
    }
    previousHandler(type, context, message);
}

class FirstPaintProbe : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (!m_seen && event->type() == QEvent::Paint && watched->isWidgetType() &&
            static_cast<QWidget *>(watched)->isWindow()) {
            m_seen = true;
            std::fputs("shown\n", stdout);
            std::fflush(stdout);
            if (!waitForRooms)
                quitSoon();
        }
        return false;
    }

private:
    bool m_seen = false;
};

void installProbe()
{
    qApp->installEventFilter(new FirstPaintProbe(qApp));
    waitForRooms = qEnvironmentVariable("QTCHAT_PROBE_UNTIL") == u"rooms"_s;
    if (waitForRooms)
        previousHandler = qInstallMessageHandler(roomWatcher);
}
} // namespace

Q_COREAPP_STARTUP_FUNCTION(installProbe)
