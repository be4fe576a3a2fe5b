// The files a profile folder holds, and nothing else: the wrapped data key, the wrong-PIN
// counter and the SQLCipher database with its WAL companions.
#pragma once

#include <QDir>
#include <QString>
#include <QStringList>

namespace doorstep::store::profile {

inline QString keyFile(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("key.wrapped"));
}

inline QString attemptsFile(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("unlock-attempts"));
}

inline QString databaseFile(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("doorstep.db"));
}

// The database and the files SQLite keeps beside it in WAL mode.
inline QStringList databaseFiles(const QString &dir)
{
    const QString db = databaseFile(dir);
    return {db, db + QStringLiteral("-wal"), db + QStringLiteral("-shm")};
}

} // namespace doorstep::store::profile
