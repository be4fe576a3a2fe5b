// Commands about the device's store itself: change the PIN, its lock state, wipe the profile.
#include "command.h"
#include "storeaccess.h"

#include "platform/secretinput.h"

#include <QObject>

namespace doorstep::cli {

namespace {

int changePin(CommandContext &ctx)
{
    if (!store::Store::exists(ctx.profileDir))
        return ctx.console.fail(QObject::tr("no device profile in %1").arg(ctx.profileDir));
    const auto oldPin = platform::readSecret(QObject::tr("Current PIN: "));
    if (!oldPin)
        return ctx.console.fail(QObject::tr("no PIN given (standard input ended)"));
    auto opened = store::Store::open(ctx.profileDir, *oldPin);
    if (!opened)
        return ctx.console.fail(opened.error().message);
    const auto newPin = platform::readSecret(QObject::tr("New PIN: "));
    if (!newPin)
        return ctx.console.fail(QObject::tr("no new PIN given (standard input ended)"));
    if (const Result<void> changed = opened.value()->changePin(*oldPin, *newPin); !changed)
        return ctx.console.fail(changed.error().message);
    if (ctx.console.json())
        ctx.console.value(QJsonObject{{QStringLiteral("pinChanged"), true}});
    else
        ctx.console.line(QObject::tr("PIN changed."));
    return Success;
}

// The store is locked whenever no command holds it open: its key rests wrapped under the PIN.
// What a person wants to know is whether a PIN may be tried now, after wrong ones.
int lockState(CommandContext &ctx)
{
    const bool exists = store::Store::exists(ctx.profileDir);
    const qint64 wait = exists ? store::Store::secondsBeforeNextUnlock(ctx.profileDir) : 0;
    if (ctx.console.json()) {
        ctx.console.value(QJsonObject{{QStringLiteral("profile"), ctx.profileDir},
                                      {QStringLiteral("exists"), exists},
                                      {QStringLiteral("locked"), exists},
                                      {QStringLiteral("secondsBeforeNextUnlock"), wait}});
        return exists ? Success : Failure;
    }
    if (!exists)
        return ctx.console.fail(QObject::tr("no device profile in %1").arg(ctx.profileDir));
    ctx.console.line(wait > 0
                         ? QObject::tr("locked; after wrong PINs, the next may be tried in %1 s").arg(wait)
                         : QObject::tr("locked; the PIN may be tried now"));
    return Success;
}

int wipe(CommandContext &ctx)
{
    if (ctx.args.isSet(QStringLiteral("without-pin"))) {
        if (const Result<void> wiped = store::Store::wipeLocked(ctx.profileDir); !wiped)
            return ctx.console.fail(wiped.error().message);
        if (ctx.console.json())
            ctx.console.value(QJsonObject{{QStringLiteral("wiped"), true}});
        else
            ctx.console.line(QObject::tr("Wiped. Any changes not yet on the server were destroyed."));
        return Success;
    }
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const bool force = ctx.args.isSet(QStringLiteral("force"));
    const Result<int> wiped = store::Store::wipe(store, force);
    if (!wiped)
        return ctx.console.fail(wiped.error().message);
    if (ctx.console.json()) {
        ctx.console.value(
            QJsonObject{{QStringLiteral("wiped"), true}, {QStringLiteral("unsyncedLost"), wiped.value()}});
    } else {
        ctx.console.line(wiped.value() > 0
                             ? QObject::tr("Wiped. %1 unsynced change(s) were destroyed.").arg(wiped.value())
                             : QObject::tr("Wiped."));
    }
    return Success;
}

} // namespace

QList<Command> deviceCommands()
{
    return {
        Command{QStringLiteral("change-pin"),
                QObject::tr("Change the PIN: reads the current PIN, then the new one."),
                {},
                changePin},
        Command{QStringLiteral("lock-state"),
                QObject::tr("Whether the store is locked and when a PIN may next be tried."),
                {},
                lockState},
        Command{QStringLiteral("wipe"),
                QObject::tr("Destroy the store on this device (its key first, then its files)."),
                {QCommandLineOption(QStringLiteral("force"),
                                    QObject::tr("Wipe even though changes have not reached the server.")),
                 QCommandLineOption(QStringLiteral("without-pin"),
                                    QObject::tr("Wipe without the PIN (forgotten, or the tablet handed "
                                                "back): changes not yet sent cannot be counted and are "
                                                "destroyed."))},
                wipe},
    };
}

} // namespace doorstep::cli
