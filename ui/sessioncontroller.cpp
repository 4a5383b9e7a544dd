#include "sessioncontroller.h"

#include "chatclient.h"
#include "mainwindow.h"
#include "messagestore.h"
#include "processprivacy.h"
#include "profilesettings.h"
#include "signindialog.h"
#include "untrustedtext.h"

#include <QTimer>

#include <QAbstractButton>
#include <QFileInfo>
#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace {
// A notice can quote a server (why a refresh was refused, a close reason): one visible line, so it
// cannot break into lines that pass for a sentence of ours, nor turn the words around it (U+202E).
QString shownNotice(const QString &message)
{
    return UntrustedText::oneLine(message, 500);
}
} // namespace

SessionController::SessionController(ChatClient *client, const SessionOptions &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
{
    connect(m_client, &ChatClient::signedIn, this, &SessionController::onSignedIn);
    connect(m_client, &ChatClient::signInFailed, this, &SessionController::onResumeFailed);
    connect(m_client, &ChatClient::sessionExpired, this,
            [this](const QString &message) { showSignIn(tr("Signed out: %1").arg(shownNotice(message))); });
    // Said once per account (the store goes on without its file); the window shows it.
    connect(m_client, &ChatClient::messageStoreProblem, this, &SessionController::showNotice);
}

// After signing out: the account's stored messages stay unless the user says otherwise. Not exec():
// the sign-in dialog stays usable, and nothing waits on the answer.
void SessionController::askToDeleteStoredMessages(const QString &path, const QString &account)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return;
    auto *question = new QMessageBox(QMessageBox::Question, tr("Signed out"),
                                     tr("Also delete the messages stored on this computer for %1?")
                                         .arg(UntrustedText::oneLine(account, 200)),
                                     QMessageBox::Yes | QMessageBox::No, signInDialog());
    question->setObjectName(u"deleteStoredMessagesQuestion"_s);
    question->setInformativeText(tr("They are shown when you sign in again, also while offline. "
                                    "Deleted, they are gone from this computer; the server keeps its own."));
    question->setDefaultButton(QMessageBox::No);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::buttonClicked, this, [this, question, path](QAbstractButton *button) {
        if (question->standardButton(button) == QMessageBox::Yes && !m_client->deleteStoredMessages(path))
            showNotice(tr("The stored messages could not be deleted: %1").arg(path));
    });
    question->open();
}

SignInDialog *SessionController::signInDialog()
{
    if (m_dialog)
        return m_dialog;
    // Built on first use: a saved session opens the window without paying for the dialog.
    m_dialog = new SignInDialog(m_client);
    m_dialog->setSettings(m_options.settings);
    m_dialog->setServerUrl(m_serverUrl);
    m_dialog->setUserName(m_userName);
    connect(m_dialog, &QDialog::rejected, this, [this] {
        if (!m_client->isSignedIn())
            Q_EMIT quitRequested();
    });
    return m_dialog;
}

MainWindow *SessionController::mainWindow()
{
    if (m_window)
        return m_window;
    // It must exist before the first room is joined: it follows ChatClient::roomJoined.
    m_window = new MainWindow(m_client);
    m_window->setProfilesAvailable(m_options.settings != nullptr);
    connect(m_window, &MainWindow::profilesRequested, this, [this] { signInDialog()->openProfileEditor(); });
    connect(m_window, &MainWindow::signOutRequested, this, [this] {
        const QString stored = m_client->messageStore() ? m_client->messageStore()->path() : QString();
        const QString account = tr("%1 on %2").arg(m_client->userName(), m_client->profile().baseUrl.host());
        m_client->signOut();
        showSignIn(tr("You have signed out."));
        askToDeleteStoredMessages(stored, account);
    });
    return m_window;
}

SessionController::~SessionController()
{
    delete m_dialog;
    delete m_window;
}

void SessionController::bringForward()
{
    QWidget *front = m_window && m_window->isVisible() ? static_cast<QWidget *>(m_window)
                                                       : static_cast<QWidget *>(signInDialog());
    if (!front)
        return;
    if (front->isMinimized())
        front->showNormal();
    front->show();
    front->raise();
    front->activateWindow();
}

void SessionController::start()
{
    const QString server = m_options.serverUrl.isEmpty() ? m_client->lastServer() : m_options.serverUrl;
    const QString user = m_options.userName.isEmpty() ? m_client->lastUser() : m_options.userName;
    m_serverUrl = server;
    m_userName = user;

    const bool sameAsLastSession = !server.isEmpty() &&
                                   QUrl::fromUserInput(server).toString() == m_client->lastServer() &&
                                   user == m_client->lastUser();
    if (m_options.password.isEmpty() && sameAsLastSession) {
        // The saved profile of that server (transport, certificates), else one from the URL.
        bool saved = false;
        ServerProfile profile;
        if (m_options.settings)
            profile = ProfileSettings::findByUrl(*m_options.settings, QUrl::fromUserInput(server), &saved);
        if (!saved) {
            profile.baseUrl = QUrl::fromUserInput(server);
            profile.name = profile.baseUrl.host();
        }
        if (profile.validate().isEmpty()) {
            m_resuming = true;
            m_client->setProfile(profile);
            m_client->resume(user); // the keychain read is under way; the remembered rooms exist
            // The window at once, on the remembered rooms (and what the store kept of them): the
            // keychain, the refresh and the handshakes finish behind it, or the rooms say they are
            // offline. Only a refused session brings the sign-in dialog (onResumeFailed). Built on
            // the event loop's first turn, just after the keychain read has gone out (QtKeychain
            // starts its jobs there): the keychain answers while the window is being built.
            QTimer::singleShot(0, this, [this] {
                if (m_resuming)
                    mainWindow()->show();
            });
            return;
        }
    }
    signInDialog()->open();
    if (!m_options.password.isEmpty()) {
        m_dialog->setPassword(m_options.password);
        ProcessPrivacy::wipe(m_options.password);
        m_dialog->submit();
    }
}

void SessionController::onSignedIn()
{
    m_resuming = false;
    if (m_dialog && m_dialog->isVisible())
        m_dialog->accept();
    mainWindow()->show();
    // The dialog had the focus; the chat window takes it over (and with it the unread counts).
    m_window->raise();
    m_window->activateWindow();
    const QStringList rooms = std::exchange(m_options.rooms, {});
    for (const QString &room : rooms)
        mainWindow()->joinRoom(room);
}

void SessionController::onResumeFailed(AuthError, const QString &message)
{
    if (!std::exchange(m_resuming, false))
        return; // the dialog shows its own failures
    // A refused saved session is not an error box: the dialog, with the user name filled in.
    showSignIn(message);
}

void SessionController::showSignIn(const QString &message)
{
    if (m_window)
        m_window->hide();
    signInDialog()->setUserName(m_client->userName().isEmpty() ? m_client->lastUser() : m_client->userName());
    m_dialog->showMessage(message);
    m_dialog->open();
}

void SessionController::showNotice(const QString &message)
{
    mainWindow()->showNotice(message);
    if (m_dialog && m_dialog->isVisible())
        m_dialog->showMessage(shownNotice(message));
}
