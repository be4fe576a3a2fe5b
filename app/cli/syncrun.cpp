#include "syncrun.h"

#include <QEventLoop>

namespace doorstep::cli {

SyncRun runEnrol(sync::SyncClient &client, const QUrl &server, const QString &code, const QString &deviceName,
                 const QString &certificateSha256)
{
    SyncRun run;
    QEventLoop loop;
    QObject::connect(&client, &sync::SyncClient::enrolFinished, &loop,
                     [&](bool ok, const QString &errorCode, const QString &message) {
                         run.ok = ok;
                         run.errorCode = errorCode;
                         run.message = message;
                         loop.quit();
                     });
    client.enrol(server, code, deviceName, certificateSha256);
    loop.exec();
    return run;
}

SyncRun runSync(sync::SyncClient &client)
{
    SyncRun run;
    QEventLoop loop;
    QObject::connect(
        &client, &sync::SyncClient::syncFinished, &loop,
        [&](bool ok, const QString &errorCode, const QString &message, int pushed, int rejected, int pulled) {
            run = SyncRun{ok, errorCode, message, pushed, rejected, pulled};
            loop.quit();
        });
    client.sync();
    loop.exec();
    return run;
}

} // namespace doorstep::cli
