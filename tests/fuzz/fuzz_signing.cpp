// libFuzzer target: the request-signature check the server runs on every signed request. The
// input is split into the parts an attacker controls (method, path and query, body, device id,
// timestamp, nonce, signature; public keys are the server's own, so one fixed key is used). The
// check must never crash, and must accept a request only when it is exactly one this key signed:
// a request signed with the fixed key and then altered by the input must be refused.
#include "sync/protocol/signing.h"

#include <QList>
#include <QUrl>

#include <cstdlib>

using namespace doorstep::protocol;

namespace {

const SigningKeyPair &key()
{
    static const SigningKeyPair pair = generateSigningKeyPair();
    return pair;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<QByteArray> parts = bytes.split('\n');
    const QByteArray method = parts.value(0);
    const QByteArray path = parts.value(1);
    const QByteArray body = parts.value(2);
    const QString deviceId = QString::fromUtf8(parts.value(3));
    const qint64 timestamp = parts.value(4).toLongLong();
    const QByteArray nonce = parts.value(5);
    const QByteArray signature = parts.value(6);

    // Arbitrary headers against the real key: refused unless the input carries a real signature,
    // which it cannot make.
    if (verifyRequest(key().publicKey, method, path, body, deviceId, timestamp, nonce, signature))
        std::abort();
    // A key of any length must be refused without reading past it.
    (void)verifyRequest(parts.value(7), method, path, body, deviceId, timestamp, nonce, signature);

    // A genuine signature verifies, and any change to a signed part breaks it.
    const SignedHeaders good = signRequest(key().secretKey, method, path, body, deviceId, timestamp);
    if (!verifyRequest(key().publicKey, method, path, body, deviceId, timestamp, good.nonce, good.signature))
        std::abort();
    if (body != parts.value(8) && verifyRequest(key().publicKey, method, path, parts.value(8), deviceId,
                                                timestamp, good.nonce, good.signature))
        std::abort();

    // The server rebuilds the signed path from the URL it received.
    (void)signedPathAndQuery(QUrl::fromEncoded(path));
    return 0;
}
