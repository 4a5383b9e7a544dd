#pragma once

// The command line of qtchat-cli, parsed into a value. Its interface is fixed: scripts depend
// on it (README "QA mode").
#include "serverprofile.h"

#include <QStringList>
#include <optional>

struct CliOptions
{
    ServerProfile profile;
    QString user;
    enum class PasswordSource { Keychain, Stdin, Environment } passwordSource = PasswordSource::Keychain;
    QString passwordVariable;
    QStringList rooms;
    QList<QPair<QString, QString>> sends; // room, text
    int sendEveryMs = 0;
    int sendCount = 0;
    QStringList expects; // regular expressions
    double durationSeconds = 0;
    double timeoutSeconds = 30;
    QString protocolLogFile;
    // Things the user should know about a usable command line, one line each, for stderr.
    QStringList warnings;
};

// Exit codes; documented in --help and the README.
enum ExitCode {
    ExitSuccess = 0,
    ExitUsage = 1,
    ExitAuthentication = 2,
    ExitConnection = 3,
    ExitTimeout = 4,
    ExitUndelivered = 5,
};

// Parses argv; on a usage error returns nullopt with *error set. --help and --version print and
// exit inside (that is QCommandLineParser's way).
std::optional<CliOptions> parseCliOptions(const QStringList &arguments, QString *error);
