#pragma once

// Edits the saved server profiles: name, protocol (Django Channels or Socket.IO), server URL,
// optional WebSocket URL, token transport (only those the protocol takes), extra CA file or trusted
// key, make-before-break, allow-insecure (with a warning while it is on, and a note while a
// WebSocket URL is on another host than the server URL), and through ProfileProtocolForm the
// sign-in endpoints and the protocol's room settings. Choosing a protocol applies its defaults.
// Non-blocking: show it with open(); Save writes QSettings and emits profilesSaved().
#include "serverprofile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSettings;
class ProfileProtocolForm;

class ProfileEditor : public QDialog
{
    Q_OBJECT
public:
    explicit ProfileEditor(QSettings *settings, QWidget *parent = nullptr);

    QList<ServerProfile> profiles() const;
    void selectProfile(const QString &name);
    // Adds a profile for this URL (e.g. what the sign-in dialog holds) and selects it.
    void addProfile(const QUrl &baseUrl = {});
    // Validates and writes; false (with the reason shown) when a profile is not usable.
    bool save();

Q_SIGNALS:
    void profilesSaved(const QString &currentName);
    // The user chose "Forget this server" and said yes: the stored messages of every account of
    // that server are to be deleted now (ChatClient::deleteServerMessages).
    void serverForgotten(const ServerProfile &profile);

private:
    void loadForm(int row);
    void storeForm();
    // The user chose another protocol: its defaults for everything but where the server is.
    void onProtocolChosen();
    // The transports the protocol takes, with `current` chosen if it is one of them.
    void fillTransports(ServerProtocol protocol, TokenTransport current);
    void updateWarnings();
    void removeCurrent();
    void forgetCurrent(); // asks first (non-blocking), then removes it and its stored messages
    void chooseCaFile();

    QSettings *m_settings;
    QList<ServerProfile> m_profiles;
    int m_row = -1;
    bool m_loading = false;
    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_baseUrl;
    QLineEdit *m_webSocketUrl;
    QComboBox *m_protocol;
    QComboBox *m_transport;
    QLineEdit *m_caFile;
    QLineEdit *m_pin;
    QCheckBox *m_makeBeforeBreak;
    QCheckBox *m_insecure;
    QLabel *m_warning;
    QLabel *m_webSocketNote; // the token also goes to another host
    QLabel *m_problem;
    ProfileProtocolForm *m_protocolForm;
    QWidget *m_form;
};
