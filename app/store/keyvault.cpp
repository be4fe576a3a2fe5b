#include "keyvault.h"

#include "store.h"

#include <QtEndian>

#include <algorithm>

#include <sodium.h>

namespace doorstep::store {

namespace {

constexpr char magic[] = {'D', 'S', 'K', 'W'};
constexpr quint8 formatVersion = 1;
constexpr qsizetype headerBytes = 4 + 1 + 1 + 8 + 8;
constexpr qsizetype pwhashSaltBytes = crypto_pwhash_SALTBYTES;
constexpr qsizetype nonceBytes = crypto_secretbox_NONCEBYTES;
constexpr qsizetype boxBytes = crypto_secretbox_MACBYTES + KeyVault::keyBytes;
constexpr qsizetype blobBytes =
    headerBytes + pwhashSaltBytes + KeyVault::databaseSaltBytes + nonceBytes + boxBytes;
// A blob asking for more than this is not one we wrote: refuse it rather than let a damaged or
// planted file make the device try to allocate gigabytes.
constexpr quint64 maxMemlimit = quint64(1) << 30;
constexpr quint64 maxOpslimit = 64;

static_assert(crypto_pwhash_SALTBYTES == 16);

Error damaged()
{
    return makeError(Store::Corrupt, QStringLiteral("The key file on this device is damaged or "
                                                    "from another version, so the store cannot be "
                                                    "unlocked."));
}

Error noSodium()
{
    return makeError(Store::Io, QStringLiteral("The encryption library could not start on this "
                                               "device."));
}

// The key-encryption key from the PIN; null on failure (out of memory).
SecureBytes deriveKek(const QByteArray &pin, const unsigned char *salt, quint64 opslimit, quint64 memlimit,
                      int algorithm)
{
    SecureBytes kek(crypto_secretbox_KEYBYTES);
    if (kek.isNull())
        return kek;
    if (crypto_pwhash(kek.data(), kek.size(), pin.constData(), quint64(pin.size()), salt, opslimit,
                      size_t(memlimit), algorithm) != 0) {
        kek.wipe();
    }
    return kek;
}

} // namespace

Result<KeyVault> KeyVault::generate()
{
    if (!ensureSodium())
        return noSodium();
    SecureBytes key(keyBytes);
    if (key.isNull())
        return noSodium();
    randombytes_buf(key.data(), key.size());
    return KeyVault(std::move(key));
}

Result<QByteArray> KeyVault::wrap(const QByteArray &pin) const
{
    if (m_key.isNull())
        return makeError(Store::Io, QStringLiteral("The store is locked; unlock it first."));
    const quint64 opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const quint64 memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    const int algorithm = crypto_pwhash_ALG_ARGON2ID13;

    QByteArray blob(blobBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(blob.data());
    std::copy(std::begin(magic), std::end(magic), out);
    out[4] = formatVersion;
    out[5] = quint8(algorithm);
    qToLittleEndian(opslimit, out + 6);
    qToLittleEndian(memlimit, out + 14);
    unsigned char *salt = out + headerBytes;
    unsigned char *databaseSalt = salt + pwhashSaltBytes;
    unsigned char *nonce = databaseSalt + databaseSaltBytes;
    unsigned char *box = nonce + nonceBytes;
    randombytes_buf(salt, pwhashSaltBytes);
    if (m_databaseSalt.size() == databaseSaltBytes)
        std::copy(m_databaseSalt.cbegin(), m_databaseSalt.cend(), databaseSalt);
    randombytes_buf(nonce, nonceBytes);

    SecureBytes kek = deriveKek(pin, salt, opslimit, memlimit, algorithm);
    if (kek.isNull()) {
        return makeError(Store::Io, QStringLiteral("There is not enough memory to protect the key "
                                                   "with this PIN. Close other apps and try again."));
    }
    if (crypto_secretbox_easy(box, m_key.data(), m_key.size(), nonce, kek.data()) != 0)
        return noSodium();
    return blob;
}

Result<KeyVault> KeyVault::unwrap(const QByteArray &wrapped, const QByteArray &pin)
{
    if (!ensureSodium())
        return noSodium();
    if (wrapped.size() != blobBytes || !wrapped.startsWith(QByteArrayView(magic, 4)))
        return damaged();
    const auto *in = reinterpret_cast<const unsigned char *>(wrapped.constData());
    if (in[4] != formatVersion || in[5] != crypto_pwhash_ALG_ARGON2ID13)
        return damaged();
    const auto opslimit = qFromLittleEndian<quint64>(in + 6);
    const auto memlimit = qFromLittleEndian<quint64>(in + 14);
    if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > maxOpslimit ||
        memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > maxMemlimit) {
        return damaged();
    }
    const unsigned char *salt = in + headerBytes;
    const unsigned char *databaseSalt = salt + pwhashSaltBytes;
    const unsigned char *nonce = databaseSalt + databaseSaltBytes;
    const unsigned char *box = nonce + nonceBytes;

    SecureBytes kek = deriveKek(pin, salt, opslimit, memlimit, in[5]);
    if (kek.isNull()) {
        return makeError(Store::Io, QStringLiteral("There is not enough memory to check the PIN. "
                                                   "Close other apps and try again."));
    }
    SecureBytes key(keyBytes);
    if (key.isNull())
        return noSodium();
    if (crypto_secretbox_open_easy(key.data(), box, boxBytes, nonce, kek.data()) != 0)
        return makeError(Store::WrongPin, QStringLiteral("That PIN is not right."), QStringLiteral("pin"));
    KeyVault vault(std::move(key));
    vault.m_databaseSalt = QByteArray(reinterpret_cast<const char *>(databaseSalt), databaseSaltBytes);
    return vault;
}

} // namespace doorstep::store
