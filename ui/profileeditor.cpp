#include "profileeditor.h"

#include "messagedelegate.h"
#include "profileprotocolform.h"
#include "profilesettings.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

ProfileEditor::ProfileEditor(QSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_profiles(ProfileSettings::load(*settings))
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_baseUrl(new QLineEdit(this))
    , m_webSocketUrl(new QLineEdit(this))
    , m_protocol(new QComboBox(this))
    , m_transport(new QComboBox(this))
    , m_caFile(new QLineEdit(this))
    , m_pin(new QLineEdit(this))
    , m_makeBeforeBreak(new QCheckBox(tr("Replace the connection before the access token expires"), this))
    , m_insecure(new QCheckBox(tr("Allow unencrypted http:// and ws:// to this server"), this))
    , m_warning(new QLabel(this))
    , m_webSocketNote(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_protocolForm(new ProfileProtocolForm(this))
    , m_form(new QWidget(this))
{
    setObjectName(u"profileEditor"_s);
    setWindowTitle(tr("Server profiles"));
    m_list->setObjectName(u"profileList"_s);
    m_name->setObjectName(u"profileNameEdit"_s);
    m_baseUrl->setObjectName(u"profileUrlEdit"_s);
    m_baseUrl->setPlaceholderText(u"https://chat.example.com"_s);
    m_webSocketUrl->setObjectName(u"profileWebSocketEdit"_s);
    m_webSocketUrl->setPlaceholderText(tr("derived from the server URL"));
    m_protocol->setObjectName(u"profileProtocolCombo"_s);
    m_protocol->addItem(tr("Django Channels"), int(ServerProtocol::Channels));
    m_protocol->addItem(tr("Socket.IO"), int(ServerProtocol::SocketIo));
    m_protocol->setToolTip(tr("Django Channels: one WebSocket per room. Socket.IO: one connection "
                              "to the server, rooms joined by events. Choosing one fills in its "
                              "usual settings."));
    m_transport->setObjectName(u"profileTransportCombo"_s);
    fillTransports(ServerProtocol::Channels, TokenTransport::Subprotocol);
    m_protocolForm->setObjectName(u"profileProtocolForm"_s);
    m_caFile->setObjectName(u"profileCaFileEdit"_s);
    m_caFile->setPlaceholderText(tr("only the system's certificate authorities"));
    m_pin->setObjectName(u"profilePinEdit"_s);
    m_pin->setPlaceholderText(tr("base64 SHA-256 of the server's public key"));
    // What TlsPolicy::pinnedExceptions does: an exception beside the CAs, not a restriction.
    m_pin->setToolTip(tr("Trusted in addition to the system's certificate authorities: a server "
                         "certificate with this public key is accepted even when no authority vouches "
                         "for it (self-signed). Its host name and dates are still checked. Certificates "
                         "that an authority vouches for stay accepted whatever their key."));
    m_makeBeforeBreak->setObjectName(u"makeBeforeBreak"_s);
    m_makeBeforeBreak->setToolTip(
        tr("Shortly before the access token expires, each room opens a new connection with the fresh "
           "token and then closes the old one, so no message is in flight when the server closes it. "
           "Turn this off for a server that never closes connections when a token expires and does "
           "not want the extra connection."));
    m_insecure->setObjectName(u"profileInsecureCheck"_s);
    for (QLabel *label : {m_warning, m_webSocketNote, m_problem}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, MessageDelegate::failureColor());
        label->setPalette(palette);
        label->hide();
    }
    m_warning->setObjectName(u"profileInsecureWarning"_s);
    m_webSocketNote->setObjectName(u"profileWebSocketHostNote"_s);
    m_problem->setObjectName(u"profileProblemLabel"_s);

    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    auto *browse = new QPushButton(tr("Browse…"), this);
    caRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Pr&otocol:"), m_protocol);
    form->addRow(tr("&Server URL:"), m_baseUrl);
    form->addRow(tr("&WebSocket URL:"), m_webSocketUrl);
    form->addRow(QString(), m_webSocketNote);
    form->addRow(tr("&Token sent as:"), m_transport);
    // A label beside a layout gets no buddy by itself, and without one "&" shows as it is.
    auto *caLabel = new QLabel(tr("Extra &CA file:"), this);
    caLabel->setBuddy(m_caFile);
    form->addRow(caLabel, caRow);
    form->addRow(tr("Extra trusted &key:"), m_pin);
    form->addRow(QString(), m_makeBeforeBreak);
    form->addRow(QString(), m_insecure);
    form->addRow(QString(), m_warning);
    auto *formColumns = new QHBoxLayout(m_form);
    formColumns->setContentsMargins(0, 0, 0, 0);
    formColumns->addLayout(form, 1);
    formColumns->addWidget(m_protocolForm, 1);

    auto *add = new QPushButton(tr("&Add"), this);
    add->setObjectName(u"addProfileButton"_s);
    auto *remove = new QPushButton(tr("&Remove"), this);
    remove->setObjectName(u"removeProfileButton"_s);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    auto *forget = new QPushButton(tr("&Forget this server…"), this);
    forget->setObjectName(u"forgetServerButton"_s);
    forget->setToolTip(tr("Removes the profile and deletes the messages stored on this computer for "
                          "every account on this server."));
    auto *left = new QVBoxLayout;
    left->addWidget(m_list);
    left->addLayout(listButtons);
    left->addWidget(forget);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addWidget(m_form, 4);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(u"saveProfilesButton"_s);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    resize(1000, 470);

    for (const ServerProfile &profile : std::as_const(m_profiles))
        m_list->addItem(profile.name);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        storeForm();
        loadForm(row);
    });
    for (QLineEdit *edit : {m_name, m_baseUrl, m_webSocketUrl, m_caFile, m_pin})
        connect(edit, &QLineEdit::textEdited, this, &ProfileEditor::storeForm);
    connect(m_transport, &QComboBox::currentIndexChanged, this, &ProfileEditor::storeForm);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &ProfileEditor::onProtocolChosen);
    connect(m_protocolForm, &ProfileProtocolForm::edited, this, &ProfileEditor::storeForm);
    for (QCheckBox *check : {m_makeBeforeBreak, m_insecure})
        connect(check, &QCheckBox::toggled, this, &ProfileEditor::storeForm);
    connect(add, &QPushButton::clicked, this, [this] { addProfile(); });
    connect(remove, &QPushButton::clicked, this, &ProfileEditor::removeCurrent);
    connect(forget, &QPushButton::clicked, this, &ProfileEditor::forgetCurrent);
    connect(browse, &QPushButton::clicked, this, &ProfileEditor::chooseCaFile);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!m_profiles.isEmpty())
        m_list->setCurrentRow(0);
    loadForm(m_list->currentRow());
}

QList<ServerProfile> ProfileEditor::profiles() const
{
    return m_profiles;
}

void ProfileEditor::selectProfile(const QString &name)
{
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).name == name)
            m_list->setCurrentRow(i);
    }
}

void ProfileEditor::addProfile(const QUrl &baseUrl)
{
    storeForm();
    ServerProfile profile;
    profile.baseUrl = baseUrl;
    profile.name = baseUrl.host().isEmpty() ? tr("New server") : baseUrl.host();
    m_profiles << profile;
    m_list->addItem(profile.name);
    m_list->setCurrentRow(int(m_profiles.size()) - 1);
    m_name->setFocus();
    m_name->selectAll();
}

void ProfileEditor::removeCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    m_row = -1; // nothing to store back from the form
    m_profiles.removeAt(row);
    delete m_list->takeItem(row);
    loadForm(m_list->currentRow());
}

void ProfileEditor::forgetCurrent()
{
    storeForm();
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    const ServerProfile profile = m_profiles.at(row);
    auto *question = new QMessageBox(
        QMessageBox::Question, tr("Forget this server"),
        tr("Forget %1? The messages stored on this computer for every account on %2 are deleted now, and "
           "the profile is removed when you save.")
            .arg(profile.name, profile.baseUrl.host()),
        QMessageBox::Yes | QMessageBox::No, this);
    question->setObjectName(u"forgetServerQuestion"_s);
    question->setDefaultButton(QMessageBox::No);
    question->setAttribute(Qt::WA_DeleteOnClose);
    // Not exec(): a nested event loop would stall the rooms and hang widget tests.
    connect(question, &QMessageBox::buttonClicked, this, [this, question, profile](QAbstractButton *button) {
        if (question->standardButton(button) != QMessageBox::Yes)
            return;
        Q_EMIT serverForgotten(profile);
        for (int i = 0; i < m_profiles.size(); ++i) {
            if (m_profiles.at(i).name == profile.name) {
                m_list->setCurrentRow(i);
                removeCurrent();
                break;
            }
        }
    });
    question->open();
}

void ProfileEditor::loadForm(int row)
{
    m_loading = true;
    m_row = row;
    m_form->setEnabled(row >= 0);
    const ServerProfile profile = row >= 0 ? m_profiles.at(row) : ServerProfile();
    m_name->setText(profile.name);
    m_baseUrl->setText(profile.baseUrl.toString());
    m_webSocketUrl->setText(profile.webSocketUrl.toString());
    m_protocol->setCurrentIndex(m_protocol->findData(int(profile.protocol)));
    fillTransports(profile.protocol, profile.transport);
    m_protocolForm->load(profile);
    m_caFile->setText(profile.caFile);
    m_pin->setText(QString::fromLatin1(profile.pinSha256));
    m_makeBeforeBreak->setChecked(profile.makeBeforeBreak);
    m_insecure->setChecked(profile.allowInsecure);
    m_loading = false;
    updateWarnings();
}

void ProfileEditor::storeForm()
{
    if (m_loading || m_row < 0 || m_row >= m_profiles.size())
        return;
    ServerProfile &profile = m_profiles[m_row];
    profile.name = m_name->text().trimmed();
    profile.baseUrl = QUrl::fromUserInput(m_baseUrl->text().trimmed());
    const QString ws = m_webSocketUrl->text().trimmed();
    profile.webSocketUrl = ws.isEmpty() ? QUrl() : QUrl(ws);
    profile.protocol = ServerProtocol(m_protocol->currentData().toInt());
    profile.transport = TokenTransport(m_transport->currentData().toInt());
    m_protocolForm->store(profile);
    profile.caFile = m_caFile->text().trimmed();
    profile.pinSha256 = m_pin->text().trimmed().toLatin1();
    profile.makeBeforeBreak = m_makeBeforeBreak->isChecked();
    profile.allowInsecure = m_insecure->isChecked();
    if (QListWidgetItem *item = m_list->item(m_row))
        item->setText(profile.name);
    updateWarnings();
}

void ProfileEditor::fillTransports(ServerProtocol protocol, TokenTransport current)
{
    const bool wasLoading = std::exchange(m_loading, true);
    m_transport->clear();
    if (protocol == ServerProtocol::SocketIo) {
        m_transport->addItem(tr("CONNECT auth payload ({\"token\": …})"), int(TokenTransport::AuthPayload));
    } else {
        m_transport->addItem(tr("WebSocket subprotocol (the token)"), int(TokenTransport::Subprotocol));
        m_transport->addItem(tr("Subprotocol pair (\"access_token\", token)"),
                             int(TokenTransport::SubprotocolPair));
    }
    m_transport->addItem(tr("Authorization header"), int(TokenTransport::Header));
    m_transport->addItem(tr("Query parameter (?token=)"), int(TokenTransport::Query));
    // A transport the protocol does not take (a hand-edited file) shows as the protocol's first;
    // saving then writes that one, which validate() would otherwise refuse.
    m_transport->setCurrentIndex(std::max(0, m_transport->findData(int(current))));
    m_loading = wasLoading;
}

void ProfileEditor::onProtocolChosen()
{
    if (m_loading || m_row < 0 || m_row >= m_profiles.size())
        return;
    const ServerProfile before = m_profiles.at(m_row);
    const auto protocol = ServerProtocol(m_protocol->currentData().toInt());
    if (protocol == before.protocol)
        return;
    ServerProfile fresh = protocol == ServerProtocol::SocketIo
                              ? ServerProfile::socketIoDefaults(before.baseUrl)
                              : ServerProfile();
    fresh.protocol = protocol;
    // Where the server is and how it is trusted stay; how it is spoken to is the protocol's.
    fresh.name = before.name;
    fresh.baseUrl = before.baseUrl;
    fresh.webSocketUrl = before.webSocketUrl;
    fresh.alternateWebSocketUrls = before.alternateWebSocketUrls;
    fresh.caFile = before.caFile;
    fresh.pinSha256 = before.pinSha256;
    fresh.allowInsecure = before.allowInsecure;
    fresh.originOverride = before.originOverride;
    fresh.clockSkewToleranceMs = before.clockSkewToleranceMs;
    m_profiles[m_row] = fresh;
    loadForm(m_row);
}

void ProfileEditor::updateWarnings()
{
    QStringList warnings;
    if (m_insecure->isChecked())
        warnings << tr("⚠ Insecure: your password and tokens can be read by anyone on the network "
                       "path to this server. Use this only for a test server you trust.");
    if (TokenTransport(m_transport->currentData().toInt()) == TokenTransport::Query)
        warnings << tr("⚠ The token travels in the URL and lands in the server's access logs.");
    m_warning->setText(warnings.join(u'\n'));
    m_warning->setVisible(!warnings.isEmpty());
    const bool known = m_row >= 0 && m_row < m_profiles.size();
    const QStringList hosts = known ? m_profiles.at(m_row).otherWebSocketHosts() : QStringList();
    m_webSocketNote->setText(
        hosts.isEmpty() ? QString()
                        : tr("⚠ Your access token also goes to %1, which is not the server URL's host %2. "
                             "Make sure it belongs to the same site.")
                              .arg(hosts.join(u", "_s), m_profiles.at(m_row).baseUrl.host()));
    m_webSocketNote->setVisible(!hosts.isEmpty());
    m_problem->hide();
}

bool ProfileEditor::save()
{
    storeForm();
    for (int i = 0; i < m_profiles.size(); ++i) {
        QString problem =
            m_profiles.at(i).name.isEmpty() ? tr("Give the profile a name.") : m_profiles.at(i).validate();
        if (!problem.isEmpty()) {
            m_list->setCurrentRow(i);
            m_problem->setText(tr("%1: %2").arg(m_profiles.at(i).name, problem));
            m_problem->show();
            return false;
        }
    }
    ProfileSettings::save(*m_settings, m_profiles);
    const QString current = m_row >= 0 ? m_profiles.at(m_row).name : QString();
    Q_EMIT profilesSaved(current);
    return true;
}

void ProfileEditor::chooseCaFile()
{
    auto *dialog = new QFileDialog(this, tr("Extra CA certificates (PEM)"), QString(),
                                   tr("Certificates (*.pem *.crt);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        m_caFile->setText(path);
        storeForm();
    });
    dialog->open();
}
