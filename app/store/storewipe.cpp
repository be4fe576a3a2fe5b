// Wipe: crypto-shred the profile. The key goes first: once it is gone the database is noise,
// whatever happens to the files after.
#include "store.h"

#include "outboxrepository.h"
#include "profilefiles.h"
#include "storeprivate.h"

#include <QDir>
#include <QFile>

namespace doorstep::store {

Result<int> Store::wipe(std::unique_ptr<Store> &store, bool force)
{
    if (!store)
        return makeError(NotFound, QStringLiteral("There is no open store to wipe."));
    // Refused changes count too: they are on this device only, waiting for a correction.
    const Result<int> unsent = OutboxRepository(*store->d->db).unsentCount();
    if (!unsent)
        return unsent.error();
    if (unsent.value() > 0 && !force) {
        return makeError(UnsyncedChanges,
                         QStringLiteral("%1 change(s) made on this device are not on the server (not "
                                        "yet sent, or refused by it and waiting for a correction) and "
                                        "would be lost. Sync or correct them first, or force the wipe "
                                        "to destroy them.")
                             .arg(unsent.value()),
                         QStringLiteral("force"));
    }
    const QString dir = store->d->profileDir;
    std::unique_ptr<platform::KeyRest> keyRest = std::move(store->d->keyRest);
    // Closes the database and wipes the key in memory before the key at rest is destroyed.
    store.reset();
    if (Result<void> shredded = shred(dir, *keyRest); !shredded)
        return shredded.error();
    qCInfo(lcStore, "Wiped the store (%d unsynced change(s) destroyed)", unsent.value());
    return unsent.value();
}

Result<void> Store::wipeLocked(const QString &profileDir)
{
    if (!exists(profileDir))
        return makeError(NotFound, QStringLiteral("There is no store in %1 to wipe.").arg(profileDir));
    platform::FileKeyRest keyRest(profile::keyFile(profileDir));
    if (Result<void> shredded = shred(profileDir, keyRest); !shredded)
        return shredded;
    qCInfo(lcStore, "Wiped a locked store; its unsynced changes, if any, are destroyed");
    return {};
}

Result<void> Store::shred(const QString &dir, platform::KeyRest &keyRest)
{
    if (!keyRest.destroy()) {
        return makeError(Io, QStringLiteral("The key could not be destroyed, so nothing was wiped. Check "
                                            "the device's storage and try again."));
    }
    bool removed = true;
    const QStringList files = profile::databaseFiles(dir) << profile::attemptsFile(dir);
    for (const QString &file : files) {
        if (QFile::exists(file) && !QFile::remove(file))
            removed = false;
    }
    (void)QDir().rmdir(dir); // only if empty: the folder may be shared with other things
    if (!removed) {
        return makeError(Io, QStringLiteral("The key is destroyed, so the store can no longer be read, "
                                            "but some of its files could not be removed. Delete the "
                                            "folder %1.")
                                 .arg(dir));
    }
    return {};
}

} // namespace doorstep::store
