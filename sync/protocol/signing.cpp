#include "signing.h"

#include <openssl/evp.h>
#include <sodium.h>

namespace doorstep::protocol {

namespace {

// sodium_init is idempotent and thread-safe; every entry point calls it so that no caller has
// to remember.
void ensureSodium()
{
    static const int initialised = sodium_init();
    Q_UNUSED(initialised);
}

// The body's hash goes through OpenSSL rather than libsodium: OpenSSL uses the CPU's SHA
// instructions where it has them (4x libsodium's portable code on the benchmark host; a push
// body is hashed by the device and again by the server). The algorithm is fetched once:
// fetching it for each call costs more than hashing a short body.
QByteArray sha256Hex(const QByteArray &data)
{
    static EVP_MD *const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    QByteArray digest(crypto_hash_sha256_BYTES, Qt::Uninitialized);
    unsigned int length = 0;
    const bool hashed =
        sha256 && EVP_Digest(data.constData(), std::size_t(data.size()),
                             reinterpret_cast<unsigned char *>(digest.data()), &length, sha256, nullptr) == 1;
    // Only a broken OpenSSL installation fails here; libsodium's hash is the same function.
    if (!hashed || length != crypto_hash_sha256_BYTES)
        crypto_hash_sha256(reinterpret_cast<unsigned char *>(digest.data()),
                           reinterpret_cast<const unsigned char *>(data.constData()),
                           static_cast<unsigned long long>(data.size()));
    return digest.toHex();
}

} // namespace

SigningKeyPair generateSigningKeyPair()
{
    ensureSodium();
    SigningKeyPair pair;
    pair.publicKey.resize(crypto_sign_PUBLICKEYBYTES);
    pair.secretKey.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char *>(pair.publicKey.data()),
                        reinterpret_cast<unsigned char *>(pair.secretKey.data()));
    return pair;
}

QByteArray canonicalRequest(const QByteArray &method, const QByteArray &pathAndQuery, const QByteArray &body,
                            const QString &deviceId, qint64 timestampMillis, const QByteArray &nonceBase64)
{
    ensureSodium();
    QByteArray text = QByteArrayLiteral("DOORSTEP-V1\n");
    text += method;
    text += '\n';
    text += pathAndQuery;
    text += '\n';
    text += sha256Hex(body);
    text += '\n';
    text += deviceId.toUtf8();
    text += '\n';
    text += QByteArray::number(timestampMillis);
    text += '\n';
    text += nonceBase64;
    return text;
}

SignedHeaders signRequest(const QByteArray &secretKey, const QByteArray &method,
                          const QByteArray &pathAndQuery, const QByteArray &body, const QString &deviceId,
                          qint64 timestampMillis)
{
    ensureSodium();
    QByteArray nonce(16, Qt::Uninitialized);
    randombytes_buf(nonce.data(), static_cast<size_t>(nonce.size()));

    SignedHeaders headers;
    headers.deviceId = deviceId.toUtf8();
    headers.timestamp = QByteArray::number(timestampMillis);
    headers.nonce = nonce.toBase64();
    if (secretKey.size() != crypto_sign_SECRETKEYBYTES)
        return headers; // unsigned: the server answers 401, which is the honest outcome

    const QByteArray message =
        canonicalRequest(method, pathAndQuery, body, deviceId, timestampMillis, headers.nonce);
    QByteArray signature(crypto_sign_BYTES, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char *>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char *>(message.constData()),
                         static_cast<unsigned long long>(message.size()),
                         reinterpret_cast<const unsigned char *>(secretKey.constData()));
    headers.signature = signature.toBase64();
    return headers;
}

bool verifyRequest(const QByteArray &publicKey, const QByteArray &method, const QByteArray &pathAndQuery,
                   const QByteArray &body, const QString &deviceId, qint64 timestampMillis,
                   const QByteArray &nonceBase64, const QByteArray &signatureBase64)
{
    ensureSodium();
    if (publicKey.size() != crypto_sign_PUBLICKEYBYTES)
        return false;
    const auto decoded =
        QByteArray::fromBase64Encoding(signatureBase64, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != crypto_sign_BYTES)
        return false;
    const QByteArray message =
        canonicalRequest(method, pathAndQuery, body, deviceId, timestampMillis, nonceBase64);
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(decoded.decoded.constData()),
                                       reinterpret_cast<const unsigned char *>(message.constData()),
                                       static_cast<unsigned long long>(message.size()),
                                       reinterpret_cast<const unsigned char *>(publicKey.constData())) == 0;
}

QByteArray signedPathAndQuery(const QUrl &url)
{
    QByteArray text = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery()) {
        text += '?';
        text += url.query(QUrl::FullyEncoded).toUtf8();
    }
    return text;
}

} // namespace doorstep::protocol
