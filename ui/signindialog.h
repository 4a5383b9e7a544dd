#pragma once

// Asks for the server, user name and password and signs in through the ChatClient.
// Non-blocking: show it with open(); it closes itself (accepted) once the sign-in succeeds,
// and shows a failure in plain words under the fields. "Remember me" keeps the session in
// the OS keychain: the refresh token, or for a server without a refresh endpoint the password (a
// note under the checkbox says so). With settings, saved server profiles can be chosen and edited.
#include "serverprofile.h"

#include <QDialog>
#include <QPointer>

class ChatClient;
class ProfileEditor;
class QCheckBox;
class QComboBox;
class QSettings;
class QLabel;
class QLineEdit;
class QPushButton;
enum class AuthError;

class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(ChatClient *client, QWidget *parent = nullptr);

    // Where saved profiles are read from and written to; without it only a URL can be typed.
    void setSettings(QSettings *settings);
    void setServerUrl(const QString &url);
    // The profile the fields describe: the chosen saved one, or one made from the typed URL.
    ServerProfile chosenProfile() const;
    // The profile editor, opened non-modally (also from the main window's menu).
    ProfileEditor *openProfileEditor();
    void setUserName(const QString &user);
    void setPassword(const QString &password);
    void showMessage(const QString &message);
    // Signs in with what the fields hold, as the Sign in button does.
    void submit();

private:
    void onSignedIn();
    void onSignInFailed(AuthError error, const QString &message);
    void setBusy(bool busy);
    void showFieldError(QLabel *label, const QString &message);
    void fitToContents();
    void reloadProfiles(const QString &select);
    void onProfileChosen(int index);
    // Shows what "remember me" keeps for the chosen profile.
    void updateRememberNote();

    ChatClient *m_client;
    QSettings *m_settings = nullptr;
    QList<ServerProfile> m_profiles;
    QPointer<ProfileEditor> m_editor;
    QComboBox *m_profile;
    QPushButton *m_editProfiles;
    QLineEdit *m_server;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_rememberNote; // the password goes to the keychain (no refresh endpoint)
    QLabel *m_message;
    QLabel *m_serverError; // under the field that caused it
    QLabel *m_passwordError;
    QPushButton *m_signIn;
    bool m_busy = false;
};
