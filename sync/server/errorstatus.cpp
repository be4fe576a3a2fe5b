#include "errorstatus.h"

namespace doorstep::server {

int httpStatusFor(const QString &code)
{
    using namespace ErrorCode;
    if (code == Malformed || code == Invalid || code == TooMany)
        return 400;
    if (code == Unauthenticated || code == UnknownDevice || code == BadSignature || code == StaleTimestamp ||
        code == ReplayedNonce)
        return 401;
    if (code == Revoked || code == Forbidden || code == CodeRefused)
        return 403;
    if (code == NotFound)
        return 404;
    if (code == AlreadyEnrolled)
        return 409;
    if (code == TooLarge)
        return 413;
    return 500;
}

} // namespace doorstep::server
