// Tries a PIN against the wrapped key at rest, under the wrong-PIN back-off: refuses with
// BackingOff while a wait is due (without running Argon2id), counts a wrong PIN (WrongPin says
// how many so far) and clears the count on success.
//
// Thread: the store's thread (Argon2id runs here: never the GUI thread).
#pragma once

#include "app/store/keyvault.h"
#include "core/result.h"
#include "platform/keyrest.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace doorstep::store {

Result<KeyVault> unlockKey(const QString &profileDir, const platform::KeyRest &keyRest, const QByteArray &pin,
                           const QDateTime &now);

} // namespace doorstep::store
