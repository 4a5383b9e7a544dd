#include "sessioncontroller.h"

#include "chatclient.h"
#include "mainwindow.h"
#include "signindialog.h"

SessionController::SessionController(ChatClient *client, const SessionOptions &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
{
    m_window = new MainWindow(m_client);
    m_dialog = new SignInDialog(m_client);
    m_dialog->setServerUrl(options.serverUrl);
    m_dialog->setUserName(options.userName);
    connect(m_dialog, &QDialog::accepted, this, &SessionController::onSignedIn);
    connect(m_dialog, &QDialog::rejected, this, [this] {
        if (!m_client->isSignedIn())
            Q_EMIT quitRequested();
    });
    connect(m_window, &MainWindow::signOutRequested, this, [this] {
        m_client->signOut();
        showSignIn(tr("You have signed out."));
    });
    connect(m_client, &ChatClient::sessionExpired, this,
            [this](const QString &message) { showSignIn(message); });
}

SessionController::~SessionController()
{
    delete m_dialog;
    delete m_window;
}

void SessionController::start()
{
    m_dialog->open();
    if (!m_options.password.isEmpty()) {
        m_dialog->setPassword(m_options.password);
        m_options.password.clear();
        m_dialog->submit();
    }
}

void SessionController::onSignedIn()
{
    m_window->setWindowTitle(tr("QtChat"));
    m_window->show();
    const QStringList rooms = std::exchange(m_options.rooms, {});
    for (const QString &room : rooms)
        m_window->joinRoom(room);
}

void SessionController::showSignIn(const QString &message)
{
    m_window->hide();
    m_dialog->setUserName(m_client->userName());
    m_dialog->showMessage(message);
    m_dialog->open();
}
