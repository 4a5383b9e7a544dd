// qtchat-cli: the headless client for QA and scripts; same net library as the app, no widgets.
#include "clioptions.h"
#include "clirunner.h"
#include "keychainsecretstore.h"
#include "processprivacy.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QMutex>
#include <QTextStream>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

using namespace Qt::StringLiterals;

namespace {
QFile *protocolLog = nullptr;
QMutex protocolLogMutex;
QtMessageHandler previousHandler = nullptr;

// chat.protocol lines (already redacted: no bodies, no tokens) go to --log-protocol; all
// other logging keeps going to stderr.
void logHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "chat.protocol") == 0) {
        QMutexLocker lock(&protocolLogMutex);
        if (protocolLog) {
            protocolLog->write(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + ' ' +
                               message.toUtf8() + '\n');
            protocolLog->flush();
        }
        return;
    }
    previousHandler(type, context, message);
}
} // namespace

int main(int argc, char *argv[])
{
    // Protocol logs 0600, no core dump with the password or a token in it.
    ProcessPrivacy::restrictNewFiles();
    ProcessPrivacy::forbidCoreDumps();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"qtchat-cli"_s);
    QCoreApplication::setOrganizationName(u"QtChat"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);
    // Quiet by default: stdout is for JSON events; QT_LOGGING_RULES turns categories back on.
    QLoggingCategory::setFilterRules(u"chat.*.info=false\nchat.*.warning=false"_s);

    QString error;
    const std::optional<CliOptions> options = parseCliOptions(QCoreApplication::arguments(), &error);
    if (!options) {
        std::fprintf(stderr, "qtchat-cli: %s\nSee qtchat-cli --help.\n", qPrintable(error));
        return ExitUsage;
    }
    for (const QString &warning : options->warnings)
        std::fprintf(stderr, "qtchat-cli: warning: %s\n", qPrintable(warning));

    QString password;
    if (options->passwordSource == CliOptions::PasswordSource::Stdin) {
        std::string line;
        std::getline(std::cin, line);
        password = QString::fromStdString(line);
        explicit_bzero(line.data(), line.size());
    } else if (options->passwordSource == CliOptions::PasswordSource::Environment) {
        password = ProcessPrivacy::takeFromEnvironment(options->passwordVariable);
        if (password.isEmpty()) {
            std::fprintf(stderr, "qtchat-cli: the environment variable %s is empty\n",
                         qPrintable(options->passwordVariable));
            return ExitUsage;
        }
    }

    QFile logFile(options->protocolLogFile);
    previousHandler = qInstallMessageHandler(logHandler);
    if (!options->protocolLogFile.isEmpty()) {
        if (!logFile.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            std::fprintf(stderr, "qtchat-cli: cannot write %s: %s\n", qPrintable(options->protocolLogFile),
                         qPrintable(logFile.errorString()));
            return ExitUsage;
        }
        protocolLog = &logFile;
        QLoggingCategory::setFilterRules(
            u"chat.*.info=false\nchat.*.warning=false\nchat.protocol.debug=true"_s);
    }

    KeychainSecretStore keychain;
    QObject::connect(&keychain, &KeychainSecretStore::keychainUnavailable, &app, [](const QString &message) {
        std::fprintf(stderr, "qtchat-cli: %s\n", qPrintable(message));
    });
    CliRunner runner(*options, &keychain);
    QObject::connect(&runner, &CliRunner::finished, &app, &QCoreApplication::exit);
    runner.start(password);
    ProcessPrivacy::wipe(password); // the request body is built by now: no other copy is ours
    const int code = app.exec();
    QMutexLocker lock(&protocolLogMutex);
    protocolLog = nullptr;
    return code;
}
