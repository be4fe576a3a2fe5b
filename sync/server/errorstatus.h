// The HTTP status for each error code the server answers with (sync/PROTOCOL.md).
#pragma once

#include <QString>

namespace doorstep::server {

namespace ErrorCode {
inline const QString Malformed = QStringLiteral("malformed");              // 400
inline const QString Invalid = QStringLiteral("invalid");                  // 400
inline const QString TooMany = QStringLiteral("too_many");                 // 400
inline const QString Unauthenticated = QStringLiteral("unauthenticated");  // 401: headers missing
inline const QString UnknownDevice = QStringLiteral("unknown_device");     // 401
inline const QString BadSignature = QStringLiteral("bad_signature");       // 401
inline const QString StaleTimestamp = QStringLiteral("stale_timestamp");   // 401
inline const QString ReplayedNonce = QStringLiteral("replayed_nonce");     // 401
inline const QString Revoked = QStringLiteral("revoked");                  // 403
inline const QString Forbidden = QStringLiteral("forbidden");              // 403
inline const QString CodeRefused = QStringLiteral("code_refused");         // 403
inline const QString NotFound = QStringLiteral("not_found");               // 404
inline const QString AlreadyEnrolled = QStringLiteral("already_enrolled"); // 409
inline const QString TooLarge = QStringLiteral("too_large");               // 413
inline const QString Storage = QStringLiteral("storage");                  // 500
} // namespace ErrorCode

int httpStatusFor(const QString &errorCode);

} // namespace doorstep::server
