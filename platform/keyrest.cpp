#include "keyrest.h"

#include <QFile>
#include <QSaveFile>

namespace doorstep::platform {

FileKeyRest::FileKeyRest(QString path)
    : m_path(std::move(path))
{}

std::optional<QByteArray> FileKeyRest::load() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

bool FileKeyRest::save(const QByteArray &wrapped)
{
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(wrapped) != wrapped.size())
        return false;
    return file.commit();
}

bool FileKeyRest::destroy()
{
    QFile file(m_path);
    if (!file.exists())
        return true;
    // Overwrite before removing so the wrapped key is not left in the freed blocks.
    if (file.open(QIODevice::ReadWrite)) {
        const qint64 size = file.size();
        file.write(QByteArray(size, '\0'));
        file.flush();
        file.close();
    }
    return QFile::remove(m_path);
}

} // namespace doorstep::platform
