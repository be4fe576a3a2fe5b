#include "requestverifier.h"

#include "errorstatus.h"

#include "sync/protocol/signing.h"

using namespace Qt::StringLiterals;

namespace doorstep::server {

RequestVerifier::RequestVerifier(Database database)
    : m_directory(std::move(database))
{}

Result<Caller> RequestVerifier::verify(const IncomingRequest &request, qint64 nowMillis, Revoked revoked,
                                       Nonce deferred)
{
    namespace Header = protocol::Header;
    const QByteArray deviceHeader = request.header(Header::Device);
    const QByteArray timestampHeader = request.header(Header::Timestamp);
    const QByteArray nonce = request.header(Header::Nonce);
    const QByteArray signature = request.header(Header::Signature);
    if (deviceHeader.isEmpty() || timestampHeader.isEmpty() || nonce.isEmpty() || signature.isEmpty()) {
        return makeError(ErrorCode::Unauthenticated,
                         u"The request is not signed: it needs the X-Doorstep-Device, -Timestamp, -Nonce and "
                         u"-Signature headers."_s);
    }
    const QString deviceId = QString::fromUtf8(deviceHeader);
    auto found = m_directory.device(deviceId);
    if (!found)
        return found.error();
    if (!found.value()) {
        return makeError(ErrorCode::UnknownDevice,
                         u"This device is not enrolled. Enrol it with a code from an "
                         u"administrator."_s);
    }
    const Device &device = found.value()->device;
    const std::optional<User> &user = found.value()->user;

    bool numeric = false;
    const qint64 timestamp = timestampHeader.toLongLong(&numeric);
    if (!protocol::verifyRequest(device.publicKey, request.method, request.pathAndQuery, request.body,
                                 deviceId, numeric ? timestamp : 0, nonce, signature) ||
        !numeric) {
        return makeError(ErrorCode::BadSignature,
                         u"The request's signature does not match this device's key."_s);
    }
    if (device.revokedAt && revoked == Revoked::Refuse) {
        return makeError(ErrorCode::Revoked, u"This device has been revoked by an administrator and can no "
                                             u"longer sync."_s);
    }
    if (qAbs(nowMillis - timestamp) > protocol::maxClockSkewMillis) {
        return makeError(
            ErrorCode::StaleTimestamp,
            u"The request's time is more than five minutes from the server's. Check the device's "
            u"date and time."_s);
    }
    if (deferred == Nonce::Admit) {
        auto fresh = m_directory.admit(deviceId, nonce, nowMillis);
        if (!fresh)
            return fresh.error();
        if (!fresh.value())
            return Directory::replayedNonce();
    }

    if (!user)
        return makeError(ErrorCode::UnknownDevice,
                         u"The user this device was enrolled for no longer exists."_s);
    return Caller{deviceId, user->id, user->role, user->teamId, device.revokedAt};
}

} // namespace doorstep::server
