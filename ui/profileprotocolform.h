#pragma once

// The part of the profile editor that depends on the server's protocol: how the token is obtained
// (token endpoint, the JSON fields it answers with, whether a refresh endpoint exists) and how
// rooms are reached (Channels' room path, or the Socket.IO path, namespace, Engine.IO version and
// event names). Only the rows of the profile's protocol are shown.
#include "serverprofile.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLineEdit;

class ProfileProtocolForm : public QWidget
{
    Q_OBJECT
public:
    explicit ProfileProtocolForm(QWidget *parent = nullptr);

    // Fills the fields from profile and shows the rows of its protocol; emits nothing.
    void load(const ServerProfile &profile);
    // Writes the fields into profile (those of the hidden protocol hold what load() put there).
    void store(ServerProfile &profile) const;

Q_SIGNALS:
    void edited();

private:
    void updateEnabled();

    bool m_loading = false;
    QGroupBox *m_signInBox;
    QLineEdit *m_tokenPath;
    QLineEdit *m_accessField;
    QCheckBox *m_hasRefresh;
    QLineEdit *m_refreshPath;
    QLineEdit *m_refreshField;
    QGroupBox *m_roomsBox;
    QFormLayout *m_roomsForm;
    QLineEdit *m_roomPath; // Channels
    QCheckBox *m_hasHistory;
    QLineEdit *m_historyPath;
    QLineEdit *m_socketIoPath;
    QLineEdit *m_nameSpace;
    QComboBox *m_engineIo;
    QCheckBox *m_roomPerNamespace;
    QLineEdit *m_joinEvent;
    QLineEdit *m_leaveEvent;
    QLineEdit *m_messageEvent;
};
