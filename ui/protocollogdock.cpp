#include "protocollogdock.h"

#include "protocollogsource.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ProtocolLogDock::ProtocolLogDock(QWidget *parent)
    : QDockWidget(tr("Protocol log"), parent)
    , m_source(new ProtocolLogSource(this))
    , m_view(new QPlainTextEdit)
    , m_info(new QLabel)
{
    setObjectName(u"protocolLogDock"_s);
    m_view->setObjectName(u"protocolLogView"_s);
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setMaximumBlockCount(50000); // a long QA session must not eat the memory
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_info->setObjectName(u"protocolLogInfo"_s);
    m_info->setText(tr("Frames and HTTP exchanges while this panel is open; tokens and passwords are "
                       "redacted."));
    m_info->setTextFormat(Qt::PlainText);

    auto *copy = new QPushButton(tr("&Copy"));
    copy->setObjectName(u"copyLogButton"_s);
    auto *save = new QPushButton(tr("&Save…"));
    save->setObjectName(u"saveLogButton"_s);
    auto *clearButton = new QPushButton(tr("C&lear"));
    clearButton->setObjectName(u"clearLogButton"_s);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_info, 1);
    buttons->addWidget(copy);
    buttons->addWidget(save);
    buttons->addWidget(clearButton);
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_view);
    setWidget(content);

    connect(copy, &QPushButton::clicked, this, &ProtocolLogDock::copyToClipboard);
    connect(save, &QPushButton::clicked, this, &ProtocolLogDock::chooseFileAndSave);
    connect(clearButton, &QPushButton::clicked, this, &ProtocolLogDock::clear);
    // Queued: the message handler runs on whichever thread logged the line.
    connect(m_source, &ProtocolLogSource::lineLogged, this, &ProtocolLogDock::appendLine,
            Qt::QueuedConnection);
    connect(toggleViewAction(), &QAction::toggled, m_source, &ProtocolLogSource::setCapturing);
    toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
}

void ProtocolLogDock::appendLine(const QString &line)
{
    m_view->appendPlainText(line);
}

QString ProtocolLogDock::text() const
{
    return m_view->toPlainText();
}

void ProtocolLogDock::copyToClipboard() const
{
    QApplication::clipboard()->setText(text());
}

void ProtocolLogDock::clear()
{
    m_view->clear();
}

bool ProtocolLogDock::saveTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(text().toUtf8() + '\n') < 0 ||
        !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void ProtocolLogDock::chooseFileAndSave()
{
    // open(), not exec(): the log keeps filling while the user picks a file.
    auto *dialog = new QFileDialog(this, tr("Save protocol log"), QString(), tr("Log files (*.log *.txt)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(u"log"_s);
    dialog->selectFile(u"qtchat-protocol.log"_s);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        QString error;
        m_info->setText(saveTo(path, &error) ? tr("Saved to %1.").arg(path)
                                             : tr("Could not save: %1").arg(error));
    });
    dialog->open();
}
