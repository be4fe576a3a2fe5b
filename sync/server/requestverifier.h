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

    // A revoked device is refused (403 "revoked") unless `revoked` admits it (Caller::revokedAt
    // set): pushes do, so that a revoked device can still hand in what it recorded before it was
    // revoked, then shred its store.
    enum class Revoked { Refuse, Admit };

    // Admit: the nonce is remembered here, in a transaction of its own. Defer: the caller
    // remembers it in its own write transaction (Directory::admitWithin) and refuses the request
    // there when it was seen before; a push does, to save a commit per request.
    enum class Nonce { Admit, Defer };

    // The caller on success; otherwise an error whose code maps to 401 or 403 (errorstatus.h).
    Result<Caller> verify(const IncomingRequest &request, qint64 nowMillis, Revoked revoked = Revoked::Refuse,
                          Nonce nonce = Nonce::Admit);

private:
    Directory m_directory;
};

} // namespace doorstep::server
