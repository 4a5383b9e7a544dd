// Linked into the app's own main.cpp (and into the baseline's) to time start-up: at the first
// paint of a top-level window it prints "shown" on stdout and quits the event loop. With
// QTCHAT_PROBE_UNTIL=rooms it keeps running until a room is open (the chat.room log line of the
// Open state), prints "rooms-open" and quits then (QTCHAT_PROBE_LINGER_MS later: a room's history
// arrives after it opens). With QTCHAT_PROBE_UNTIL=conversation it prints "conversation-shown" at
// the first paint of the message view with messages in it (the stored conversation) and quits.
#include <QAbstractItemView>
#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
bool waitForRooms = false;
bool waitForConversation = false;
int lingerMs = 0;
QtMessageHandler previousHandler = nullptr;

void quitSoon()
{
    QTimer::singleShot(lingerMs, qApp, [] { QCoreApplication::exit(0); });
}

// The viewport of the message view ("messageView"), painting rows.
bool isConversationPaint(QObject *watched)
{
    const auto *view = qobject_cast<const QAbstractItemView *>(watched->parent());
    return view && view->viewport() == watched && view->objectName() == QLatin1String("messageView") &&
           view->model() && view->model()->rowCount() > 0;
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
        if (event->type() != QEvent::Paint || !watched->isWidgetType())
            return false;
        if (!m_seen && static_cast<QWidget *>(watched)->isWindow()) {
            m_seen = true;
            std::fputs("shown\n", stdout);
            std::fflush(stdout);
            if (!waitForRooms && !waitForConversation)
                quitSoon();
        }
        if (waitForConversation && !m_conversationSeen && isConversationPaint(watched)) {
            m_conversationSeen = true;
            std::fputs("conversation-shown\n", stdout);
            std::fflush(stdout);
            quitSoon();
        }
        return false;
    }

private:
    bool m_seen = false;
    bool m_conversationSeen = false;
};

void installProbe()
{
    qApp->installEventFilter(new FirstPaintProbe(qApp));
    waitForRooms = qEnvironmentVariable("QTCHAT_PROBE_UNTIL") == u"rooms"_s;
    waitForConversation = qEnvironmentVariable("QTCHAT_PROBE_UNTIL") == u"conversation"_s;
    lingerMs = qEnvironmentVariableIntValue("QTCHAT_PROBE_LINGER_MS");
    if (waitForRooms)
        previousHandler = qInstallMessageHandler(roomWatcher);
}
} // namespace

Q_COREAPP_STARTUP_FUNCTION(installProbe)
