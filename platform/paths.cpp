#include "paths.h"

#include <QDir>
#include <QStandardPaths>

namespace doorstep::platform {

QString defaultProfileDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("profile"));
}

} // namespace doorstep::platform
