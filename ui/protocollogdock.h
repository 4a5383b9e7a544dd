#pragma once

// The protocol log, for QA: every frame and HTTP exchange with a timestamp, secrets redacted;
// copy it or save it to a file. It listens only while it is open.
#include <QDockWidget>

class ProtocolLogSource;
class QLabel;
class QPlainTextEdit;

class ProtocolLogDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit ProtocolLogDock(QWidget *parent = nullptr);

    QString text() const;
    bool saveTo(const QString &path, QString *error = nullptr) const;
    void copyToClipboard() const;
    void clear();

private:
    void appendLine(const QString &line);
    void chooseFileAndSave();

    ProtocolLogSource *m_source;
    QPlainTextEdit *m_view;
    QLabel *m_info;
};
