#include "signindialog.h"

#include "chatclient.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SignInDialog::SignInDialog(ChatClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_server(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember me on this computer"), this))
    , m_message(new QLabel(this))
    , m_signIn(new QPushButton(tr("Sign in"), this))
{
    setWindowTitle(tr("Sign in to QtChat"));
    setObjectName(u"signInDialog"_s);
    m_server->setObjectName(u"serverEdit"_s);
    m_server->setPlaceholderText(u"https://chat.example.com"_s);
    m_user->setObjectName(u"userEdit"_s);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_remember->setObjectName(u"rememberCheck"_s);
    m_remember->setChecked(true);
    m_remember->setToolTip(
        tr("Keeps you signed in across restarts; the session is stored in the system keychain."));
    m_message->setObjectName(u"messageLabel"_s);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();
    m_signIn->setObjectName(u"signInButton"_s);
    m_signIn->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);
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
}

void SignInDialog::setServerUrl(const QString &url)
{
    m_server->setText(url);
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

void SignInDialog::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void SignInDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_signIn->setEnabled(!busy);
    m_signIn->setText(busy ? tr("Signing in…") : tr("Sign in"));
    m_server->setEnabled(!busy);
    m_user->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_remember->setEnabled(!busy);
}

void SignInDialog::submit()
{
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    ServerProfile profile;
    profile.name = url.host();
    profile.baseUrl = url;
    if (const QString problem = profile.validate(); !problem.isEmpty()) {
        showMessage(problem);
        m_server->setFocus();
        return;
    }
    if (m_user->text().trimmed().isEmpty()) {
        showMessage(tr("Enter your user name."));
        m_user->setFocus();
        return;
    }
    if (m_client->profile().baseUrl != url)
        m_client->setProfile(profile);
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
    accept();
}

void SignInDialog::onSignInFailed(AuthError error, const QString &message)
{
    if (!m_busy)
        return;
    setBusy(false);
    showMessage(message);
    if (error == AuthError::InvalidCredentials) {
        m_password->selectAll();
        m_password->setFocus();
    } else {
        m_server->setFocus();
    }
}
