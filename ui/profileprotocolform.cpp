#include "profileprotocolform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ProfileProtocolForm::ProfileProtocolForm(QWidget *parent)
    : QWidget(parent)
    , m_signInBox(new QGroupBox(tr("Sign-in"), this))
    , m_tokenPath(new QLineEdit(this))
    , m_accessField(new QLineEdit(this))
    , m_hasRefresh(new QCheckBox(tr("The server has a refresh endpoint"), this))
    , m_refreshPath(new QLineEdit(this))
    , m_refreshField(new QLineEdit(this))
    , m_roomsBox(new QGroupBox(this))
    , m_roomsForm(new QFormLayout(m_roomsBox))
    , m_roomPath(new QLineEdit(this))
    , m_hasHistory(new QCheckBox(tr("The server has a history endpoint"), this))
    , m_historyPath(new QLineEdit(this))
    , m_socketIoPath(new QLineEdit(this))
    , m_nameSpace(new QLineEdit(this))
    , m_engineIo(new QComboBox(this))
    , m_roomPerNamespace(new QCheckBox(tr("One room per namespace (/lobby)"), this))
    , m_joinEvent(new QLineEdit(this))
    , m_leaveEvent(new QLineEdit(this))
    , m_messageEvent(new QLineEdit(this))
{
    m_signInBox->setObjectName(u"profileSignInBox"_s);
    m_tokenPath->setObjectName(u"profileTokenPathEdit"_s);
    m_tokenPath->setToolTip(tr("Where the user name and password are posted, e.g. /api/token/ or /login"));
    m_accessField->setObjectName(u"profileAccessFieldEdit"_s);
    m_accessField->setToolTip(tr("The field of the sign-in answer that holds the token: access, token, …"));
    m_hasRefresh->setObjectName(u"profileHasRefreshCheck"_s);
    m_hasRefresh->setToolTip(
        tr("Without a refresh endpoint QtChat renews the token by signing in again: with the password "
           "kept in the system keychain if you choose \"remember me\", otherwise by asking you."));
    m_refreshPath->setObjectName(u"profileRefreshPathEdit"_s);
    m_refreshField->setObjectName(u"profileRefreshFieldEdit"_s);
    m_roomsBox->setObjectName(u"profileRoomsBox"_s);
    m_roomPath->setObjectName(u"profileRoomPathEdit"_s);
    m_roomPath->setToolTip(tr("The room's WebSocket path; {room} stands for the room's name"));
    m_hasHistory->setObjectName(u"profileHasHistoryCheck"_s);
    m_hasHistory->setToolTip(tr("Scrolling to the top of a room loads older messages from the server, and "
                                "fills gaps left while QtChat was away"));
    m_historyPath->setObjectName(u"profileHistoryPathEdit"_s);
    m_historyPath->setToolTip(tr(
        "Where older messages are asked for (GET, ?before=id&limit=n); {room} stands for the room's name"));
    m_socketIoPath->setObjectName(u"profileSocketIoPathEdit"_s);
    m_nameSpace->setObjectName(u"profileNamespaceEdit"_s);
    m_engineIo->setObjectName(u"profileEngineIoCombo"_s);
    m_engineIo->addItem(tr("4 (socket.io 3 and later)"), 4);
    m_engineIo->addItem(tr("3 (socket.io 2, socketio-jwt)"), 3);
    m_roomPerNamespace->setObjectName(u"profileRoomPerNamespaceCheck"_s);
    m_roomPerNamespace->setToolTip(tr("Each room is a namespace of its own, joined by connecting to it; "
                                      "messages are plain events there"));
    m_joinEvent->setObjectName(u"profileJoinEventEdit"_s);
    m_leaveEvent->setObjectName(u"profileLeaveEventEdit"_s);
    m_messageEvent->setObjectName(u"profileMessageEventEdit"_s);

    auto *signIn = new QFormLayout(m_signInBox);
    signIn->addRow(tr("Token &endpoint:"), m_tokenPath);
    signIn->addRow(tr("Token &field:"), m_accessField);
    signIn->addRow(QString(), m_hasRefresh);
    signIn->addRow(tr("Refresh endpoin&t:"), m_refreshPath);
    signIn->addRow(tr("Refresh token fie&ld:"), m_refreshField);
    m_roomsForm->addRow(tr("Room &path:"), m_roomPath);
    m_roomsForm->addRow(QString(), m_hasHistory);
    m_roomsForm->addRow(tr("Histor&y endpoint:"), m_historyPath);
    m_roomsForm->addRow(tr("Socket.IO pat&h:"), m_socketIoPath);
    m_roomsForm->addRow(tr("Names&pace:"), m_nameSpace);
    m_roomsForm->addRow(tr("Engine.IO &version:"), m_engineIo);
    m_roomsForm->addRow(QString(), m_roomPerNamespace);
    m_roomsForm->addRow(tr("&Join event:"), m_joinEvent);
    m_roomsForm->addRow(tr("Lea&ve event:"), m_leaveEvent);
    m_roomsForm->addRow(tr("&Message event:"), m_messageEvent);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_signInBox);
    layout->addWidget(m_roomsBox);
    layout->addStretch(1);

    for (QLineEdit *edit :
         {m_tokenPath, m_accessField, m_refreshPath, m_refreshField, m_roomPath, m_historyPath,
          m_socketIoPath, m_nameSpace, m_joinEvent, m_leaveEvent, m_messageEvent})
        connect(edit, &QLineEdit::textEdited, this, &ProfileProtocolForm::edited);
    for (QCheckBox *check : {m_hasRefresh, m_roomPerNamespace, m_hasHistory}) {
        connect(check, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            if (!m_loading)
                Q_EMIT edited();
        });
    }
    connect(m_engineIo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading)
            Q_EMIT edited();
    });
}

void ProfileProtocolForm::load(const ServerProfile &profile)
{
    m_loading = true;
    m_tokenPath->setText(profile.tokenPath);
    m_accessField->setText(profile.accessField);
    m_hasRefresh->setChecked(profile.hasRefreshEndpoint);
    m_refreshPath->setText(profile.refreshPath);
    m_refreshField->setText(profile.refreshField);
    m_roomPath->setText(profile.roomPath);
    m_hasHistory->setChecked(profile.hasHistoryEndpoint);
    m_historyPath->setText(profile.historyPath);
    const SocketIoSettings &io = profile.socketIo;
    m_socketIoPath->setText(io.path);
    m_nameSpace->setText(io.nameSpace);
    const int version = m_engineIo->findData(io.engineIoVersion);
    m_engineIo->setCurrentIndex(version >= 0 ? version : 0);
    m_roomPerNamespace->setChecked(io.roomPerNamespace);
    m_joinEvent->setText(io.joinEvent);
    m_leaveEvent->setText(io.leaveEvent);
    m_messageEvent->setText(io.messageEvent);

    const bool socketIo = profile.protocol == ServerProtocol::SocketIo;
    m_roomsBox->setTitle(socketIo ? tr("Rooms (Socket.IO)") : tr("Rooms (Django Channels)"));
    m_roomsForm->setRowVisible(m_roomPath, !socketIo);
    for (QWidget *row :
         std::initializer_list<QWidget *>{m_socketIoPath, m_nameSpace, m_engineIo, m_roomPerNamespace,
                                          m_joinEvent, m_leaveEvent, m_messageEvent})
        m_roomsForm->setRowVisible(row, socketIo);
    updateEnabled();
    m_loading = false;
}

void ProfileProtocolForm::store(ServerProfile &profile) const
{
    profile.tokenPath = m_tokenPath->text().trimmed();
    profile.accessField = m_accessField->text().trimmed();
    profile.hasRefreshEndpoint = m_hasRefresh->isChecked();
    profile.refreshPath = m_refreshPath->text().trimmed();
    profile.refreshField = m_refreshField->text().trimmed();
    profile.roomPath = m_roomPath->text().trimmed();
    profile.hasHistoryEndpoint = m_hasHistory->isChecked();
    profile.historyPath = m_historyPath->text().trimmed();
    SocketIoSettings &io = profile.socketIo;
    io.path = m_socketIoPath->text().trimmed();
    io.nameSpace = m_nameSpace->text().trimmed();
    io.engineIoVersion = m_engineIo->currentData().toInt();
    io.roomPerNamespace = m_roomPerNamespace->isChecked();
    io.joinEvent = m_joinEvent->text().trimmed();
    io.leaveEvent = m_leaveEvent->text().trimmed();
    io.messageEvent = m_messageEvent->text().trimmed();
}

void ProfileProtocolForm::updateEnabled()
{
    // Greyed out rather than hidden: the values stay visible for when they are turned back on.
    m_refreshPath->setEnabled(m_hasRefresh->isChecked());
    m_refreshField->setEnabled(m_hasRefresh->isChecked());
    m_historyPath->setEnabled(m_hasHistory->isChecked());
    // One room per namespace: the namespace is the room's, and no join or leave event is sent.
    for (QLineEdit *edit : {m_nameSpace, m_joinEvent, m_leaveEvent})
        edit->setEnabled(!m_roomPerNamespace->isChecked());
}
