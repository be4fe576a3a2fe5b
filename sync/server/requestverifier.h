// Checks a signed request (sync/protocol/signing.h): the device is enrolled and not revoked,
// the signature is its key's, the timestamp is within five minutes and the nonce is new.
//
// Thread: any; each call uses the calling thread's connection.
#pragma once

#include "caller.h"
#include "database.h"
#include "directory.h"
#include "incomingrequest.h"

#include "core/result.h"

namespace doorstep::server {

class RequestVerifier
{
public:
    explicit RequestVerifier(Database database);

    // The caller on success; otherwise an error whose code maps to 401 or 403 (errorstatus.h).
    Result<Caller> verify(const IncomingRequest &request, qint64 nowMillis);

private:
    Directory m_directory;
};

} // namespace doorstep::server
