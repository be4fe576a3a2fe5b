// enrol: make the device's store and bind it to a user on the server; status: who this device is.
#include "command.h"
#include "storeaccess.h"
#include "syncrun.h"

#include "core/vocabulary.h"
#include "platform/secretinput.h"

#include <QDir>
#include <QObject>
#include <QSysInfo>
#include <QUrl>

namespace doorstep::cli {

namespace {

std::optional<QByteArray> readNewPin(const Console &console)
{
    const auto pin = platform::readSecret(QObject::tr("New PIN (6 or more digits, or a passphrase): "));
    if (!pin) {
        console.fail(QObject::tr("no PIN given (standard input ended)"));
        return std::nullopt;
    }
    if (platform::stdinIsTerminal()) {
        const auto again = platform::readSecret(QObject::tr("Repeat the PIN: "));
        if (!again || *again != *pin) {
            console.fail(QObject::tr("the two PINs differ; nothing was created"));
            return std::nullopt;
        }
    }
    return pin;
}

int enrol(CommandContext &ctx)
{
    const QUrl server(ctx.args.value(QStringLiteral("server")), QUrl::StrictMode);
    const QString code = ctx.args.value(QStringLiteral("code"));
    if (!server.isValid() ||
        (server.scheme() != QLatin1String("https") && server.scheme() != QLatin1String("http")) ||
        server.host().isEmpty())
        return ctx.console.fail(
            QObject::tr("--server takes the server's address, e.g. https://127.0.0.1:8443"), Usage);
    if (code.isEmpty())
        return ctx.console.fail(QObject::tr("--code takes the enrolment code an administrator gave you"),
                                Usage);
    if (store::Store::exists(ctx.profileDir))
        return ctx.console.fail(QObject::tr("%1 already holds an enrolled profile").arg(ctx.profileDir));

    const bool madeFolder = !QDir(ctx.profileDir).exists();
    const auto pin = readNewPin(ctx.console);
    if (!pin)
        return Failure;
    auto created = store::Store::create(ctx.profileDir, *pin);
    if (!created)
        return ctx.console.fail(created.error().message);
    std::unique_ptr<store::Store> store = std::move(created).value();

    sync::SyncClient client(store.get());
    const QString deviceName = ctx.args.value(QStringLiteral("device-name")).isEmpty()
                                   ? QSysInfo::machineHostName()
                                   : ctx.args.value(QStringLiteral("device-name"));
    const SyncRun enrolled =
        runEnrol(client, server, code, deviceName, ctx.args.value(QStringLiteral("server-cert-sha256")));
    if (!enrolled.ok) {
        // An unenrolled store is of no use and would block a retry: remove what was made.
        store.reset();
        if (madeFolder)
            QDir(ctx.profileDir).removeRecursively();
        return ctx.console.fail(QObject::tr("enrolment failed: %1").arg(enrolled.message));
    }
    const auto identity = store->identity();
    ctx.console.note(QObject::tr("Enrolled as %1 (%2). Fetching the caseload…")
                         .arg(identity->userId, label(identity->role)));
    const SyncRun first = runSync(client);
    if (!first.ok)
        ctx.console.note(
            QObject::tr("The first sync did not finish (%1); run 'sync' later.").arg(first.message));
    if (ctx.console.json()) {
        ctx.console.value(QJsonObject{{QStringLiteral("deviceId"), identity->deviceId},
                                      {QStringLiteral("userId"), identity->userId},
                                      {QStringLiteral("role"), toToken(identity->role)},
                                      {QStringLiteral("teamId"), identity->teamId},
                                      {QStringLiteral("pulled"), first.pulled}});
    } else {
        ctx.console.line(
            QObject::tr("enrolled device %1; %2 records fetched").arg(identity->deviceId).arg(first.pulled));
    }
    return Success;
}

int status(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const auto identity = store->identity();
    const QList<store::OutboxEntry> outbox = store->outbox();
    const qsizetype rejected =
        std::count_if(outbox.cbegin(), outbox.cend(), [](const store::OutboxEntry &e) { return e.rejected; });
    const QDateTime lastSynced = store->lastSyncedAt();
    QJsonObject json{
        {QStringLiteral("profile"), ctx.profileDir},
        {QStringLiteral("deviceId"), store->deviceId()},
        {QStringLiteral("enrolled"), identity.has_value()},
        {QStringLiteral("pending"), store->pendingCount()},
        {QStringLiteral("rejected"), qint64(rejected)},
        {QStringLiteral("lastSyncedAt"),
         lastSynced.isValid() ? lastSynced.toString(Qt::ISODateWithMs) : QString()},
    };
    if (identity) {
        json.insert(QStringLiteral("userId"), identity->userId);
        json.insert(QStringLiteral("role"), toToken(identity->role));
        json.insert(QStringLiteral("teamId"), identity->teamId);
        json.insert(QStringLiteral("server"), identity->serverUrl);
    }
    if (ctx.console.json()) {
        ctx.console.value(json);
        return Success;
    }
    ctx.console.line(QObject::tr("device:       %1").arg(store->deviceId()));
    if (identity) {
        ctx.console.line(QObject::tr("user:         %1 (%2), team %3")
                             .arg(identity->userId, label(identity->role), identity->teamId));
        ctx.console.line(QObject::tr("server:       %1").arg(identity->serverUrl));
    } else {
        ctx.console.line(QObject::tr("not enrolled"));
    }
    ctx.console.line(QObject::tr("not yet sent: %1").arg(store->pendingCount()));
    ctx.console.line(QObject::tr("refused:      %1").arg(rejected));
    ctx.console.line(QObject::tr("last sync:    %1")
                         .arg(lastSynced.isValid() ? formatDate(lastSynced.date()) + QLatin1Char(' ') +
                                                         lastSynced.toString(QStringLiteral("HH:mm 'UTC'"))
                                                   : QObject::tr("never")));
    return Success;
}

} // namespace

QList<Command> enrolmentCommands()
{
    return {
        Command{
            QStringLiteral("enrol"),
            QObject::tr("Create this device's encrypted profile and enrol it with the server."),
            {QCommandLineOption(QStringLiteral("server"), QObject::tr("Server address."),
                                QStringLiteral("url")),
             QCommandLineOption(QStringLiteral("code"), QObject::tr("One-time enrolment code."),
                                QStringLiteral("code")),
             QCommandLineOption(QStringLiteral("server-cert-sha256"),
                                QObject::tr("SHA-256 of the server's certificate, to pin it (else the one "
                                            "presented now is pinned)."),
                                QStringLiteral("hex")),
             QCommandLineOption(QStringLiteral("device-name"), QObject::tr("A name for this device."),
                                QStringLiteral("name"))},
            enrol},
        Command{QStringLiteral("status"),
                QObject::tr("Who this device is, what is waiting to be sent."),
                {},
                status},
    };
}

} // namespace doorstep::cli
