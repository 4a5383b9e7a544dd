#include "signindialog.h"

#include "chatclient.h"
#include "profileeditor.h"
#include "profilesettings.h"

#include <QCheckBox>
#include <QColor>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SignInDialog::SignInDialog(ChatClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_profile(new QComboBox(this))
    , m_editProfiles(new QPushButton(tr("&Edit…"), this))
    , m_server(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember me on this computer"), this))
    , m_rememberNote(new QLabel(this))
    , m_message(new QLabel(this))
    , m_serverError(new QLabel(this))
    , m_passwordError(new QLabel(this))
    , m_signIn(new QPushButton(tr("Sign in"), this))
{
    setWindowTitle(tr("Sign in to QtChat"));
    setObjectName(u"signInDialog"_s);
    m_profile->setObjectName(u"profileCombo"_s);
    m_profile->addItem(tr("Server address below"));
    m_profile->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_editProfiles->setObjectName(u"editProfilesButton"_s);
    m_editProfiles->setToolTip(tr("Server profiles: protocol, WebSocket URL, token transport, certificates"));
    m_server->setObjectName(u"serverEdit"_s);
    m_server->setPlaceholderText(u"https://chat.example.com"_s);
    m_user->setObjectName(u"userEdit"_s);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_remember->setObjectName(u"rememberCheck"_s);
    m_remember->setChecked(true);
    m_rememberNote->setObjectName(u"rememberNote"_s);
    m_rememberNote->setWordWrap(true);
    m_rememberNote->setTextFormat(Qt::PlainText);
    m_rememberNote->setText(
        tr("This server cannot renew a sign-in by itself, so QtChat keeps your password in the system "
           "keychain and uses it to sign in again when the token runs out. Without \"remember me\", "
           "the sign-in window comes back each time the token expires."));
    m_rememberNote->hide();
    m_message->setObjectName(u"messageLabel"_s);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();
    // Errors stand under the field they are about; the failure red reads on light and dark.
    m_serverError->setObjectName(u"serverError"_s);
    m_passwordError->setObjectName(u"passwordError"_s);
    for (QLabel *label : {m_serverError, m_passwordError}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, QColor(0xd3, 0x2f, 0x2f));
        label->setPalette(palette);
        label->hide();
    }
    m_signIn->setObjectName(u"signInButton"_s);
    m_signIn->setDefault(true);

    auto *profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profile, 1);
    profileRow->addWidget(m_editProfiles);
    auto *form = new QFormLayout;
    // A label beside a layout gets no buddy by itself, and without one "&" is not a mnemonic.
    auto *profileLabel = new QLabel(tr("Pro&file:"), this);
    profileLabel->setBuddy(m_profile);
    form->addRow(profileLabel, profileRow);
    form->addRow(tr("&Server:"), m_server);
    form->addRow(QString(), m_serverError);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_passwordError);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_rememberNote);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_signIn, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    setMinimumWidth(420);

    // The accept role would close the dialog at once; it closes only when the server agrees.
    disconnect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_signIn, &QPushButton::clicked, this, &SignInDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_client, &ChatClient::signedIn, this, &SignInDialog::onSignedIn);
    connect(m_client, &ChatClient::signInFailed, this, &SignInDialog::onSignInFailed);
    connect(m_profile, &QComboBox::activated, this, &SignInDialog::onProfileChosen);
    connect(m_editProfiles, &QPushButton::clicked, this, &SignInDialog::openProfileEditor);
    connect(m_server, &QLineEdit::textEdited, this, [this] {
        // A typed address that is not the chosen profile's is a server of its own.
        const int index = m_profile->currentIndex();
        if (index > 0 && QUrl::fromUserInput(m_server->text().trimmed()) != m_profiles.at(index - 1).baseUrl)
            m_profile->setCurrentIndex(0);
        updateRememberNote();
    });
    m_editProfiles->setEnabled(false);
    updateRememberNote();
}

void SignInDialog::setSettings(QSettings *settings)
{
    m_settings = settings;
    m_editProfiles->setEnabled(settings != nullptr);
    reloadProfiles(settings ? ProfileSettings::lastUsed(*settings) : QString());
}

void SignInDialog::reloadProfiles(const QString &select)
{
    m_profiles = m_settings ? ProfileSettings::load(*m_settings) : QList<ServerProfile>();
    while (m_profile->count() > 1)
        m_profile->removeItem(1);
    for (const ServerProfile &profile : std::as_const(m_profiles))
        m_profile->addItem(profile.name);
    const int index = m_profile->findText(select);
    if (index > 0) {
        m_profile->setCurrentIndex(index);
        onProfileChosen(index);
    }
    updateRememberNote();
}

void SignInDialog::onProfileChosen(int index)
{
    if (index > 0)
        m_server->setText(m_profiles.at(index - 1).baseUrl.toString());
    updateRememberNote();
}

void SignInDialog::updateRememberNote()
{
    const bool keepsPassword = !chosenProfile().hasRefreshEndpoint;
    m_remember->setToolTip(keepsPassword ? tr("Keeps you signed in across restarts; your password is "
                                              "stored in the system keychain.")
                                         : tr("Keeps you signed in across restarts; the session is "
                                              "stored in the system keychain."));
    if (keepsPassword == m_rememberNote->isVisibleTo(this))
        return;
    m_rememberNote->setVisible(keepsPassword);
    // Before the first show the layout sizes the dialog; a resize now would fix it at 640x480.
    if (isVisible())
        fitToContents();
}

ProfileEditor *SignInDialog::openProfileEditor()
{
    if (!m_settings)
        return nullptr;
    if (!m_editor) {
        m_editor = new ProfileEditor(m_settings, this);
        m_editor->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_editor, &ProfileEditor::profilesSaved, this, &SignInDialog::reloadProfiles);
        connect(m_editor, &ProfileEditor::serverForgotten, m_client, &ChatClient::deleteServerMessages);
        if (m_profile->currentIndex() > 0)
            m_editor->selectProfile(m_profile->currentText());
        else if (!m_server->text().trimmed().isEmpty())
            m_editor->addProfile(QUrl::fromUserInput(m_server->text().trimmed()));
    }
    m_editor->open();
    return m_editor;
}

ServerProfile SignInDialog::chosenProfile() const
{
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    const int index = m_profile->currentIndex();
    if (index > 0 && m_profiles.at(index - 1).baseUrl == url)
        return m_profiles.at(index - 1);
    ServerProfile profile;
    profile.name = url.host();
    profile.baseUrl = url;
    return profile;
}

void SignInDialog::setServerUrl(const QString &url)
{
    m_server->setText(url);
    const QUrl typed = QUrl::fromUserInput(url);
    m_profile->setCurrentIndex(0);
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).baseUrl == typed)
            m_profile->setCurrentIndex(i + 1);
    }
    updateRememberNote();
}

void SignInDialog::setUserName(const QString &user)
{
    m_user->setText(user);
    if (!user.isEmpty())
        m_password->setFocus();
}

void SignInDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

void SignInDialog::showFieldError(QLabel *label, const QString &message)
{
    for (QLabel *each : {m_serverError, m_passwordError}) {
        each->setText(each == label ? message : QString());
        each->setVisible(each == label && !message.isEmpty());
    }
    fitToContents();
}

void SignInDialog::fitToContents()
{
    // A dialog that is already shown does not grow by itself when a wrapped message appears.
    layout()->activate();
    resize(width(),
           std::max(height(), heightForWidth(width()) > 0 ? heightForWidth(width()) : sizeHint().height()));
}

void SignInDialog::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
    fitToContents();
}

void SignInDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_signIn->setEnabled(!busy);
    m_signIn->setText(busy ? tr("Signing in…") : tr("Sign in"));
    m_server->setEnabled(!busy);
    m_profile->setEnabled(!busy);
    m_user->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_remember->setEnabled(!busy);
}

void SignInDialog::submit()
{
    const ServerProfile profile = chosenProfile();
    const QUrl url = profile.baseUrl;
    showFieldError(nullptr, {});
    if (const QString problem = profile.validate(); !problem.isEmpty()) {
        showMessage({});
        showFieldError(m_serverError, problem);
        m_server->setFocus();
        return;
    }
    if (m_user->text().trimmed().isEmpty()) {
        showMessage(tr("Enter your user name."));
        m_user->setFocus();
        return;
    }
    // A saved profile carries more than the URL (transport, certificates): always take it.
    if (m_client->profile().baseUrl != url || m_profile->currentIndex() > 0)
        m_client->setProfile(profile);
    if (m_settings)
        ProfileSettings::setLastUsed(*m_settings, m_profile->currentIndex() > 0 ? profile.name : QString());
    showMessage(tr("Signing in to %1…").arg(url.toDisplayString()));
    setBusy(true);
    m_client->signIn(m_user->text().trimmed(), m_password->text(), m_remember->isChecked());
}

void SignInDialog::onSignedIn()
{
    if (!m_busy)
        return;
    setBusy(false);
    m_password->clear();
    showMessage({});
    showFieldError(nullptr, {});
    accept();
}

void SignInDialog::onSignInFailed(AuthError error, const QString &message)
{
    if (!m_busy)
        return;
    setBusy(false);
    showMessage({});
    // Wrong credentials are about the password; everything else (unreachable, TLS, not a
    // chat server, redirects) is about the server address.
    if (error == AuthError::InvalidCredentials) {
        showFieldError(m_passwordError, message);
        m_password->selectAll();
        m_password->setFocus();
    } else {
        showFieldError(m_serverError, message);
        m_server->setFocus();
    }
}
