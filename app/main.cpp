// qtchat: the desktop app. Everything lives in the ui and net libraries; this file only
// reads the command line and starts the sign-in flow.
#include "appearance.h"
#include "chatclient.h"
#include "keychainsecretstore.h"
#include "outboxstore.h"
#include "processprivacy.h"
#include "sessioncontroller.h"
#include "singleinstance.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
// Without a display Qt aborts deep in the platform plugin; say what to do instead.
bool haveDisplay()
{
#if defined(Q_OS_LINUX)
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
#else
    return true;
#endif
}
} // namespace

int main(int argc, char *argv[])
{
    if (!haveDisplay()) {
        std::fputs("qtchat: no display found (DISPLAY is not set); run it under a desktop session, or "
                   "headless with: xvfb-run ./run.sh\n",
                   stderr);
        return 1;
    }
    // Before anything is written or read: files 0600, folders 0700, no core dump with secrets in it.
    ProcessPrivacy::restrictNewFiles();
    ProcessPrivacy::forbidCoreDumps();
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"QtChat"_s);
    QApplication::setOrganizationName(u"QtChat"_s);
    QApplication::setApplicationVersion(u"0.1.0"_s);
    QApplication::setDesktopFileName(u"qtchat"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/qtchat.svg"_s));
    // The system locale picks the language (LANGUAGE/LC_ALL/LANG on Linux).
    Appearance::installTranslations(app, QLocale::system());

    QCommandLineParser parser;
    parser.setApplicationDescription(u"QtChat: chat in rooms on JWT-authenticated chat servers."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(u"server"_s, u"Server address, e.g. https://chat.example.com."_s,
                                          u"URL"_s);
    const QCommandLineOption userOption(u"user"_s, u"User name to fill in."_s, u"NAME"_s);
    const QCommandLineOption passwordEnvOption(
        u"password-env"_s, u"Sign in at once with the password in environment variable VAR."_s, u"VAR"_s);
    const QCommandLineOption roomOption(u"room"_s, u"Room to join after signing in (repeatable)."_s,
                                        u"ROOM"_s);
    const QCommandLineOption darkOption(
        u"dark"_s, u"Use a dark palette (for desktops whose Qt theme does not pass dark mode on)."_s);
    parser.addOptions({serverOption, userOption, passwordEnvOption, roomOption, darkOption});
    parser.process(app);
    if (parser.isSet(darkOption))
        Appearance::useDarkPalette(app);

    SessionOptions options;
    options.serverUrl = parser.value(serverOption);
    options.userName = parser.value(userOption);
    options.rooms = parser.values(roomOption);
    if (parser.isSet(passwordEnvOption))
        options.password = ProcessPrivacy::takeFromEnvironment(parser.value(passwordEnvOption));

    // Only non-secret things go to QSettings (last server, user, open rooms); the refresh
    // token goes to the OS keychain.
    QSettings settings;
    // One app per settings folder: a second one would resend this one's pending messages.
    SingleInstance instance(QFileInfo(settings.fileName()).path());
    switch (instance.acquire()) {
    case SingleInstance::Outcome::First:
        break;
    case SingleInstance::Outcome::OtherWasRaised:
        std::fputs("qtchat: QtChat is already running with these settings; its window was brought "
                   "forward.\n",
                   stderr);
        return 0;
    case SingleInstance::Outcome::OtherIsNotAnswering:
        std::fprintf(stderr, "qtchat: %s\n", qPrintable(instance.explanation()));
        QMessageBox::critical(nullptr, QObject::tr("QtChat"), instance.explanation());
        return 1;
    case SingleInstance::Outcome::Unavailable:
        std::fprintf(stderr, "qtchat: %s\n", qPrintable(instance.explanation()));
        break; // run anyway: refusing would lock the user out over a lock
    }
    // What an older QtChat made before it set its umask: its own folders and files, no one else's.
    const QString dataFolder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    for (const QString &path : {dataFolder, dataFolder + u"/outbox.sqlite"_s,
                                QFileInfo(settings.fileName()).path(), settings.fileName()})
        ProcessPrivacy::tightenExisting(path);
    KeychainSecretStore keychain;
    OutboxStore outbox; // declared before the client that uses it, so it outlives it
    ChatClient client(&keychain, &settings);
    // Each account's received messages, beside the outbox: the window opens on them.
    client.setMessageStoreFolder(dataFolder);
    options.settings = &settings; // server profiles; never a secret
    SessionController session(&client, options);
    QObject::connect(&keychain, &KeychainSecretStore::keychainUnavailable, &session,
                     &SessionController::showNotice);
    // A keychain that keeps a write waiting (locked behind a prompt) holds nothing up: the session
    // goes on in memory, the window says so, and the token is stored when the keychain answers.
    QObject::connect(&keychain, &KeychainSecretStore::waitingForKeychain, &session,
                     &SessionController::showNotice);
    QObject::connect(&keychain, &KeychainSecretStore::keychainAnswered, &session, [&session, &keychain] {
        if (!keychain.isUsingFallback())
            session.showNotice(QObject::tr("The keychain answered: your sign-in is saved."));
    });
    QObject::connect(&session, &SessionController::quitRequested, &app, &QApplication::quit);
    QObject::connect(&instance, &SingleInstance::activationRequested, &session,
                     &SessionController::bringForward);
    session.start();
    ProcessPrivacy::wipe(options.password); // the dialog has it now; this copy is ours to zero
    // A write the outbox file refuses (locked by another program, read-only) is said once per
    // outage, and again when writing works; each message concerned says so in its own row
    // (RoomConnection::messageNotSaved) and is saved when the file takes it.
    QObject::connect(&outbox, &OutboxStore::writeFailed, &session, [&session](const QString &why) {
        session.showNotice(QObject::tr("Messages cannot be saved: %1. They are still sent, but those not "
                                       "yet delivered are lost if QtChat quits.")
                               .arg(why));
    });
    QObject::connect(&outbox, &OutboxStore::writesResumed, &session,
                     [&session] { session.showNotice(QObject::tr("Unsent messages are saved again.")); });
    // Messages not yet acknowledged by the server survive a quit or a crash here. Opened once
    // the event loop runs, after the session has started (so a saved session's keychain read is
    // already under way), and neither window waits for SQLite; that is still before any sign-in
    // can finish (it needs a network answer), hence before any room can send. A saved session's
    // rooms exist already (they wait for the token): ChatClient hands them the file too, and what
    // it kept of them shows then.
    // open() waits at most a moment for a lock, moves a damaged file aside and starts a new one,
    // and opens a locked or read-only file anyway: openNotice() then says what happened, once.
    QTimer::singleShot(0, &client, [&outbox, &client, &session] {
        QString problem;
        const QString path =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/outbox.sqlite"_s;
        if (outbox.open(path, &problem)) {
            client.setOutboxStore(&outbox);
            if (!outbox.openNotice().isEmpty())
                session.showNotice(outbox.openNotice());
        } else {
            session.showNotice(
                QObject::tr("Unsent messages cannot be kept across restarts: %1").arg(problem));
        }
    });
    return app.exec();
}
