// sync: send what is waiting, fetch what is new.
#include "command.h"
#include "storeaccess.h"
#include "syncrun.h"

#include <QObject>

namespace doorstep::cli {

namespace {

int syncNow(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    sync::SyncClient client(store.get());
    const SyncRun run = runSync(client);
    const int pending = store->pendingCount();
    if (ctx.console.json()) {
        ctx.console.value(QJsonObject{{QStringLiteral("ok"), run.ok},
                                      {QStringLiteral("error"), run.errorCode},
                                      {QStringLiteral("message"), run.message},
                                      {QStringLiteral("sent"), run.pushed},
                                      {QStringLiteral("refused"), run.rejected},
                                      {QStringLiteral("received"), run.pulled},
                                      {QStringLiteral("pending"), pending}});
    } else {
        ctx.console.line(QObject::tr("sent %1, refused %2, received %3; %4 still waiting")
                             .arg(run.pushed)
                             .arg(run.rejected)
                             .arg(run.pulled)
                             .arg(pending));
    }
    if (!run.ok)
        return ctx.console.fail(QObject::tr("sync did not finish: %1").arg(run.message));
    if (run.rejected > 0)
        ctx.console.note(
            QObject::tr("The server refused %1 change(s); see 'outbox' for the reasons.").arg(run.rejected));
    return Success;
}

} // namespace

QList<Command> syncCommands()
{
    return {Command{QStringLiteral("sync"),
                    QObject::tr("Send waiting changes to the server and fetch new ones."),
                    {},
                    syncNow}};
}

} // namespace doorstep::cli
