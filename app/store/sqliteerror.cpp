#include "sqliteerror.h"

#include "store.h"

#include <sqlite3.h>

namespace doorstep::store {

Error sqliteError(int resultCode, const QString &sqliteMessage)
{
    switch (resultCode & 0xff) {
    case SQLITE_NOTADB:
        return makeError(Store::Corrupt,
                         QStringLiteral("The store file cannot be read: it is damaged, or it was not "
                                        "made with this key."));
    case SQLITE_CORRUPT:
        return makeError(Store::Corrupt,
                         QStringLiteral("The store file is damaged (%1).").arg(sqliteMessage));
    case SQLITE_FULL:
        return makeError(Store::DiskFull, QStringLiteral("The device is out of storage space. Free "
                                                         "some space and try again."));
    case SQLITE_CONSTRAINT:
        return makeError(
            Store::Invalid,
            QStringLiteral("The record conflicts with one already stored (%1).").arg(sqliteMessage));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return makeError(Store::Io, QStringLiteral("The store is in use by another copy of the app. "
                                                   "Close it and try again."));
    case SQLITE_NOMEM:
        return makeError(Store::Io, QStringLiteral("There is not enough memory to use the store. "
                                                   "Close other apps and try again."));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return makeError(Store::Io, QStringLiteral("The store file cannot be written. Check that the "
                                                   "profile folder belongs to this user."));
    case SQLITE_CANTOPEN:
        return makeError(Store::Io,
                         QStringLiteral("The store file could not be opened (%1).").arg(sqliteMessage));
    case SQLITE_IOERR:
        return makeError(
            Store::Io,
            QStringLiteral("The device could not read or write the store file (%1).").arg(sqliteMessage));
    default:
        return makeError(Store::Io, QStringLiteral("The store reported an error (%1).").arg(sqliteMessage));
    }
}

} // namespace doorstep::store
