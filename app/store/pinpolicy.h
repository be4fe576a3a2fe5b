// Which PINs and passphrases may protect the data key: at least 6 digits, or a passphrase of at
// least 8 characters with a non-digit, and nothing a stranger would try first (one digit
// repeated, runs such as 123456 or 654321, repeated patterns such as 121212).
//
// Thread: pure function, any thread. Never puts the PIN into the error it returns.
#pragma once

#include "core/result.h"

#include <QByteArray>

namespace doorstep::store {

// Success, or an error with code Store::WeakPin, field "pin" and a sentence saying what to choose.
Result<void> checkPinStrength(const QByteArray &pin);

} // namespace doorstep::store
