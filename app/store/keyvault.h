// The store's data key: 32 random bytes that encrypt the database (SQLCipher raw key), held in
// locked memory and resting only wrapped under a key derived from the user's PIN (Argon2id).
//
// Wrapped blob, version 1, little-endian:
//   "DSKW" | version u8 = 1 | algorithm u8 (crypto_pwhash ALG_ARGON2ID13) | opslimit u64 |
//   memlimit u64 | Argon2id salt (16) | database salt (16) | nonce (24) |
//   crypto_secretbox_easy(data key) (48)
// The database salt is the first 16 bytes of the SQLCipher file the key belongs to; it is not
// secret and lets the store tell "this key is for another database" from a damaged database.
//
// Thread: not thread-safe; one owner. Ownership: owns the key's secure memory; wipe() or the
// destructor zeroes it. Argon2id takes tens of milliseconds: never call wrap/unwrap on the GUI
// thread.
#pragma once

#include "app/store/securebytes.h"
#include "core/result.h"

#include <QByteArray>

namespace doorstep::store {

class KeyVault
{
public:
    static constexpr int keyBytes = 32;
    static constexpr int databaseSaltBytes = 16;

    // A fresh random data key.
    static Result<KeyVault> generate();
    // Derives the key-encryption key from `pin` and opens the blob: WrongPin when the PIN does
    // not open it, Corrupt when the blob is not a wrapped key this version understands.
    static Result<KeyVault> unwrap(const QByteArray &wrapped, const QByteArray &pin);

    // A new blob under `pin`, with a new Argon2id salt and nonce. Does not check PIN strength
    // (see pinpolicy.h): the caller decides which PINs are acceptable.
    Result<QByteArray> wrap(const QByteArray &pin) const;

    const SecureBytes &key() const { return m_key; }
    QByteArray databaseSalt() const { return m_databaseSalt; }
    void setDatabaseSalt(const QByteArray &salt) { m_databaseSalt = salt; }

    // Zeroes and frees the key now; afterwards isWiped() is true and key() is null.
    void wipe() { m_key.wipe(); }
    bool isWiped() const { return m_key.isNull() && m_key.wasWiped(); }

private:
    explicit KeyVault(SecureBytes key)
        : m_key(std::move(key))
    {}
    SecureBytes m_key;
    QByteArray m_databaseSalt;
};

} // namespace doorstep::store
