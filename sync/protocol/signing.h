// Request signing: every request after enrolment carries the device id, a timestamp, a nonce
// and an Ed25519 signature over method, path (with query), SHA-256 of the body, device id,
// timestamp and nonce. The server verifies with the public key bound at enrolment, refuses
// timestamps more than five minutes off and nonces it has seen.
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace doorstep::protocol {

namespace Header {
inline constexpr char Device[] = "X-Doorstep-Device";
inline constexpr char Timestamp[] = "X-Doorstep-Timestamp"; // milliseconds since the epoch, UTC
inline constexpr char Nonce[] = "X-Doorstep-Nonce";         // base64 of 16 random bytes
inline constexpr char Signature[] = "X-Doorstep-Signature"; // base64 of the 64-byte signature
} // namespace Header

inline constexpr qint64 maxClockSkewMillis = 5 * 60 * 1000;

struct SigningKeyPair
{
    QByteArray publicKey; // 32 bytes
    QByteArray secretKey; // 64 bytes
};

SigningKeyPair generateSigningKeyPair();

// The bytes that are signed: "DOORSTEP-V1\n" method "\n" pathAndQuery "\n" hex(sha256(body))
// "\n" deviceId "\n" timestamp "\n" nonce.
QByteArray canonicalRequest(const QByteArray &method, const QByteArray &pathAndQuery, const QByteArray &body,
                            const QString &deviceId, qint64 timestampMillis, const QByteArray &nonceBase64);

struct SignedHeaders
{
    QByteArray deviceId;
    QByteArray timestamp;
    QByteArray nonce;
    QByteArray signature;
};

SignedHeaders signRequest(const QByteArray &secretKey, const QByteArray &method,
                          const QByteArray &pathAndQuery, const QByteArray &body, const QString &deviceId,
                          qint64 timestampMillis);

bool verifyRequest(const QByteArray &publicKey, const QByteArray &method, const QByteArray &pathAndQuery,
                   const QByteArray &body, const QString &deviceId, qint64 timestampMillis,
                   const QByteArray &nonceBase64, const QByteArray &signatureBase64);

// The pathAndQuery to sign for a URL: the fully encoded path, then "?" and the fully encoded
// query when there is one ("/v1/pull?since=12&limit=500"). The server rebuilds it the same way.
QByteArray signedPathAndQuery(const QUrl &url);

} // namespace doorstep::protocol
