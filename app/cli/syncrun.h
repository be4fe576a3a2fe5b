// Runs the asynchronous SyncClient to completion for a command-line call (the CLI has no other
// work to do while it waits).
#pragma once

#include "sync/client/syncclient.h"

#include <QString>

namespace doorstep::cli {

struct SyncRun
{
    bool ok = false;
    QString errorCode;
    QString message;
    int pushed = 0;
    int rejected = 0;
    int pulled = 0;
};

SyncRun runEnrol(sync::SyncClient &client, const QUrl &server, const QString &code, const QString &deviceName,
                 const QString &certificateSha256);
SyncRun runSync(sync::SyncClient &client);

} // namespace doorstep::cli
