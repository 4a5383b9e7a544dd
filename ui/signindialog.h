#pragma once

// Asks for the server, user name and password and signs in through the ChatClient.
// Non-blocking: show it with open(); it closes itself (accepted) once the sign-in succeeds,
// and shows a failure in plain words under the fields. "Remember me" keeps the session in
// the OS keychain.
#include <QDialog>

class ChatClient;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
enum class AuthError;

class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(ChatClient *client, QWidget *parent = nullptr);

    void setServerUrl(const QString &url);
    void setUserName(const QString &user);
    void setPassword(const QString &password);
    void showMessage(const QString &message);
    // Signs in with what the fields hold, as the Sign in button does.
    void submit();

private:
    void onSignedIn();
    void onSignInFailed(AuthError error, const QString &message);
    void setBusy(bool busy);

    ChatClient *m_client;
    QLineEdit *m_server;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_message;
    QPushButton *m_signIn;
    bool m_busy = false;
};
