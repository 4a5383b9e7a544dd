#pragma once

// Feeds the protocol log dock from the net layer's `chat.protocol` logging category (every frame
// and HTTP exchange, already redacted there) without touching net/: while capturing, it turns
// the category's debug level on and chains a Qt message handler that forwards those lines.
// Other messages, and protocol lines the user asked for with QT_LOGGING_RULES, still reach the
// previous handler. One instance at a time; the handler may run on any thread, so lines leave
// through a queued signal.
#include <QObject>

class QLoggingCategory;

class ProtocolLogSource : public QObject
{
    Q_OBJECT
public:
    explicit ProtocolLogSource(QObject *parent = nullptr);
    ~ProtocolLogSource() override;

    void setCapturing(bool capturing);
    bool isCapturing() const;

    // A second line of defence: anything that looks like a token or password is masked.
    static QString redact(const QString &line);

Q_SIGNALS:
    // "hh:mm:ss.zzz  <line>", in the order logged.
    void lineLogged(const QString &line);

private:
    static void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message);
    static void filterCategory(QLoggingCategory *category);
};
