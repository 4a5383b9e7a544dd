#pragma once

// What the app and qtchat-cli do at start so that nothing of the user's leaks through the machine:
// files only the user can read, no core dump holding a password or a token, and a password passed in
// the environment gone from it once read (README, "Files and memory").
#include <QString>

namespace ProcessPrivacy {
// umask 077: every file QtChat creates from now on (outbox, settings, protocol logs) is 0600 and
// every folder 0700, whatever the code that creates it.
void restrictNewFiles();
// No core dump, no ptrace by other processes of the user (PR_SET_DUMPABLE 0).
void forbidCoreDumps();
// Files and folders made before restrictNewFiles() existed: 0600 for a file, 0700 for a folder.
// Missing paths are no error; false when one exists and cannot be changed.
bool tightenExisting(const QString &path);
// The variable's value, removed from the environment (so children and /proc/PID/environ of a
// later exec do not carry it).
QString takeFromEnvironment(const QString &variable);
// Overwrites the bytes or characters with zeros where they are, then empties the value. Only this
// copy is wiped: a value shared with another (implicitly shared copy) is only emptied, since
// writing to it would make a fresh copy first.
void wipe(QByteArray &bytes);
// The same without emptying: the bytes stay, all zero (for a buffer something still points at).
void zero(QByteArray &bytes);
void wipe(QString &text);
} // namespace ProcessPrivacy
