#pragma once

// Moves the user between the sign-in dialog and the main window: resume a saved session or
// sign in, chat, sign out or lose the session, sign in again. Nothing here blocks: dialogs are
// shown with open(), notices go to the window, not into modal boxes.
#include <QObject>
#include <QPointer>
#include <QStringList>

class ChatClient;
class MainWindow;
class QSettings;
class SignInDialog;
enum class AuthError;

struct SessionOptions
{
    QString serverUrl;
    QString userName;
    QString password;              // from the environment for scripted demos; never from argv
    QStringList rooms;             // joined right after sign-in
    QSettings *settings = nullptr; // saved server profiles (never secrets); not owned
};

class SessionController : public QObject
{
    Q_OBJECT
public:
    SessionController(ChatClient *client, const SessionOptions &options, QObject *parent = nullptr);
    ~SessionController() override;

    // Resumes the saved session for the server and user when there is one, else asks.
    void start();
    // Built on first use (a saved session may never need it).
    SignInDialog *signInDialog();
    // Built on first use (sign-in): the sign-in dialog appears without paying for it.
    MainWindow *mainWindow();
    // Shows the window the user is in (the main window, else the sign-in dialog) on top: a second
    // start of the app asked for it.
    void bringForward();
    // Something the user should know once (e.g. the keychain is missing).
    void showNotice(const QString &message);

Q_SIGNALS:
    // The user closed the sign-in dialog without a session to go back to.
    void quitRequested();

private:
    void onSignedIn();
    void onResumeFailed(AuthError error, const QString &message);
    void showSignIn(const QString &message);
    void askToDeleteStoredMessages(const QString &path, const QString &account);

    ChatClient *m_client;
    SessionOptions m_options;
    SignInDialog *m_dialog = nullptr;
    QString m_serverUrl; // what the dialog is filled in with when it is built
    QString m_userName;
    MainWindow *m_window = nullptr;
    bool m_resuming = false;
};
