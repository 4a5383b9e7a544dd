#include "protocollogsource.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <atomic>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {
constexpr const char *ProtocolCategory = "chat.protocol";
std::atomic<ProtocolLogSource *> s_source{nullptr};
std::atomic<bool> s_capturing{false};
std::atomic<bool> s_userEnabled{false}; // the rules enabled chat.protocol.debug before we did
QtMessageHandler s_previousHandler = nullptr;
QLoggingCategory::CategoryFilter s_previousFilter = nullptr;

bool isProtocol(const char *category)
{
    return category && std::strcmp(category, ProtocolCategory) == 0;
}
} // namespace

ProtocolLogSource::ProtocolLogSource(QObject *parent)
    : QObject(parent)
{
    Q_ASSERT(!s_source.load());
    s_source.store(this);
    s_previousHandler = qInstallMessageHandler(&ProtocolLogSource::handleMessage);
    s_previousFilter = QLoggingCategory::installFilter(&ProtocolLogSource::filterCategory);
}

ProtocolLogSource::~ProtocolLogSource()
{
    s_capturing.store(false);
    QLoggingCategory::installFilter(s_previousFilter);
    qInstallMessageHandler(s_previousHandler);
    s_source.store(nullptr);
}

void ProtocolLogSource::setCapturing(bool capturing)
{
    if (s_capturing.exchange(capturing) == capturing)
        return;
    // Installing the filter again applies it to every category that exists, and to later ones.
    QLoggingCategory::installFilter(&ProtocolLogSource::filterCategory);
}

bool ProtocolLogSource::isCapturing() const
{
    return s_capturing.load();
}

void ProtocolLogSource::filterCategory(QLoggingCategory *category)
{
    if (s_previousFilter)
        s_previousFilter(category);
    if (!isProtocol(category->categoryName()))
        return;
    if (!s_capturing.load())
        s_userEnabled.store(category->isDebugEnabled());
    if (s_capturing.load())
        category->setEnabled(QtDebugMsg, true);
}

void ProtocolLogSource::handleMessage(QtMsgType type, const QMessageLogContext &context,
                                      const QString &message)
{
    const bool protocol = isProtocol(context.category);
    if (protocol && s_capturing.load()) {
        if (ProtocolLogSource *source = s_source.load()) {
            const QString stamp = QTime::currentTime().toString(u"hh:mm:ss.zzz"_s);
            Q_EMIT source->lineLogged(stamp + u"  "_s + redact(message));
        }
        if (!s_userEnabled.load())
            return; // turned on only for the dock: keep it out of the terminal
    }
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

QString ProtocolLogSource::redact(const QString &line)
{
    static const QRegularExpression jwt(u"eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"_s);
    static const QRegularExpression jsonSecret(
        u"(\"(?:password|access|refresh|token|access_token|refresh_token)\"\\s*:\\s*\")[^\"]*(\")"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression querySecret(u"([?&](?:token|access_token|password)=)[^&\\s]+"_s,
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bearer(u"(Bearer\\s+)\\S+"_s, QRegularExpression::CaseInsensitiveOption);
    QString out = line;
    out.replace(jsonSecret, u"\\1[redacted]\\2"_s);
    out.replace(querySecret, u"\\1[redacted]"_s);
    out.replace(bearer, u"\\1[redacted]"_s);
    out.replace(jwt, u"[token redacted]"_s);
    return out;
}
