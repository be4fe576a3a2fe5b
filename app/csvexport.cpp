#include "csvexport.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace doorstep::app {

Result<QString> writeCsvFile(const QString &folder, const QString &fileName, const QString &csv)
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("CsvExport", text);
    };
    if (folder.trimmed().isEmpty())
        return makeError(u"invalid"_s, tr("Choose a folder to save the file in."), u"folder"_s);
    QDir dir(folder.trimmed());
    if (!dir.exists() && !dir.mkpath(u"."_s))
        return makeError(u"io"_s, tr("The folder %1 cannot be made. Choose another folder.").arg(dir.path()),
                         u"folder"_s);
    const QString path = dir.absoluteFilePath(fileName);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(
            u"io"_s, tr("%1 cannot be written (%2). Choose another folder.").arg(path, file.errorString()),
            u"folder"_s);
    file.write(csv.toUtf8());
    if (!file.commit())
        return makeError(u"io"_s,
                         tr("%1 could not be saved (%2). Check there is space, or choose another folder.")
                             .arg(path, file.errorString()),
                         u"folder"_s);
    return path;
}

} // namespace doorstep::app
