#include "processprivacy.h"

#include <QFileInfo>

#include <cstring>
#include <sys/prctl.h>
#include <sys/stat.h>

void ProcessPrivacy::restrictNewFiles()
{
    ::umask(077);
}

void ProcessPrivacy::forbidCoreDumps()
{
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

bool ProcessPrivacy::tightenExisting(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists() || info.isSymLink())
        return true; // a link is not ours to change
    const mode_t mode = info.isDir() ? 0700 : 0600;
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

QString ProcessPrivacy::takeFromEnvironment(const QString &variable)
{
    const QByteArray name = variable.toLocal8Bit();
    const QString value = qEnvironmentVariable(name.constData());
    qunsetenv(name.constData());
    return value;
}

void ProcessPrivacy::zero(QByteArray &bytes)
{
    // explicit_bzero: a plain memset before the memory is freed may be optimised away.
    if (bytes.isDetached() && !bytes.isEmpty())
        explicit_bzero(bytes.data(), size_t(bytes.size()));
}

void ProcessPrivacy::wipe(QByteArray &bytes)
{
    zero(bytes);
    bytes.clear();
}

void ProcessPrivacy::wipe(QString &text)
{
    if (text.isDetached() && !text.isEmpty())
        explicit_bzero(text.data(), size_t(text.size()) * sizeof(QChar));
    text.clear();
}
