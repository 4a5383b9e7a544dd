#pragma once

// Moves the user between the sign-in dialog and the main window: sign in, chat, sign out or
// lose the session, sign in again. Nothing here blocks: dialogs are shown with open().
#include <QObject>
#include <QPointer>
#include <QStringList>

class ChatClient;
class MainWindow;
class SignInDialog;

struct SessionOptions
{
    QString serverUrl;
    QString userName;
    QString password;  // from the environment for scripted demos; never from argv
    QStringList rooms; // joined right after sign-in
};

class SessionController : public QObject
{
    Q_OBJECT
public:
    SessionController(ChatClient *client, const SessionOptions &options, QObject *parent = nullptr);
    ~SessionController() override;

    void start();
    SignInDialog *signInDialog() const { return m_dialog; }
    MainWindow *mainWindow() const { return m_window; }

Q_SIGNALS:
    // The user closed the sign-in dialog without a session to go back to.
    void quitRequested();

private:
    void onSignedIn();
    void showSignIn(const QString &message);

    ChatClient *m_client;
    SessionOptions m_options;
    SignInDialog *m_dialog = nullptr;
    MainWindow *m_window = nullptr;
};
