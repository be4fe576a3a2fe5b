// Commands that read the caseload: children with their flags, the flags alone, the outbox.
#include "command.h"
#include "storeaccess.h"

#include "core/flagjson.h"
#include "core/vocabulary.h"

#include <QHash>
#include <QObject>

namespace doorstep::cli {

namespace {

QCommandLineOption todayOption()
{
    return QCommandLineOption(QStringLiteral("today"), QObject::tr("Evaluate the rules as of this date."),
                              QStringLiteral("YYYY-MM-DD"));
}

int caseload(CommandContext &ctx)
{
    const auto today = parseDateOption(ctx.console, QStringLiteral("today"),
                                       ctx.args.value(QStringLiteral("today")), QDate::currentDate());
    if (!today)
        return Usage;
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const Caseload records = store->caseload();
    const QList<Flag> flags = computeFlags(records, store->settings(), *today);
    QHash<QString, QString> familyLabels;
    for (const Family &family : records.families)
        familyLabels.insert(family.id, family.label);
    QMultiHash<QString, Flag> flagsByChild;
    for (const Flag &flag : flags)
        if (!flag.childId.isEmpty())
            flagsByChild.insert(flag.childId, flag);

    QJsonArray json;
    for (const Child &child : records.children) {
        QList<Flag> childFlags = flagsByChild.values(child.id);
        if (ctx.console.json()) {
            json.append(QJsonObject{{QStringLiteral("childId"), child.id},
                                    {QStringLiteral("name"), child.name},
                                    {QStringLiteral("familyId"), child.familyId},
                                    {QStringLiteral("familyLabel"), familyLabels.value(child.familyId)},
                                    {QStringLiteral("dateOfBirth"), child.dateOfBirth.toString(Qt::ISODate)},
                                    {QStringLiteral("flags"), toJson(childFlags)}});
            continue;
        }
        ctx.console.line(QStringLiteral("%1  %2 (%3), born %4")
                             .arg(child.id, child.name, familyLabels.value(child.familyId),
                                  formatDate(child.dateOfBirth)));
        for (const Flag &flag : childFlags)
            ctx.console.line(
                QStringLiteral("    [%1] %2: %3").arg(toToken(flag.severity), label(flag.kind), flag.reason));
    }
    if (ctx.console.json())
        ctx.console.value(json);
    return Success;
}

int flags(CommandContext &ctx)
{
    const auto today = parseDateOption(ctx.console, QStringLiteral("today"),
                                       ctx.args.value(QStringLiteral("today")), QDate::currentDate());
    if (!today)
        return Usage;
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const QList<Flag> flags = store->flags(*today);
    if (ctx.console.json()) {
        ctx.console.value(toJson(flags));
        return Success;
    }
    if (flags.isEmpty())
        ctx.console.line(QObject::tr("No flags."));
    for (const Flag &flag : flags) {
        ctx.console.line(
            QStringLiteral("[%1] %2 — %3").arg(toToken(flag.severity), label(flag.kind), flag.reason));
        ctx.console.line(QObject::tr("    to clear: %1").arg(flag.toClear));
    }
    return Success;
}

int outbox(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    QJsonArray json;
    for (const store::OutboxEntry &entry : store->outbox()) {
        const QString state = entry.rejected ? QStringLiteral("refused") : QStringLiteral("waiting");
        if (ctx.console.json()) {
            json.append(QJsonObject{{QStringLiteral("changeId"), entry.change.changeId},
                                    {QStringLiteral("deviceSeq"), entry.change.deviceSeq},
                                    {QStringLiteral("entity"), entry.change.entity},
                                    {QStringLiteral("entityId"), entry.change.entityId},
                                    {QStringLiteral("state"), state},
                                    {QStringLiteral("rejectionCode"), entry.rejectionCode},
                                    {QStringLiteral("rejectionReason"), entry.rejectionReason}});
            continue;
        }
        ctx.console.line(QStringLiteral("%1  %2 %3  %4%5")
                             .arg(QString::number(entry.change.deviceSeq), entry.change.entity,
                                  entry.change.entityId, state,
                                  entry.rejected ? QStringLiteral(": ") + entry.rejectionReason : QString()));
    }
    if (ctx.console.json())
        ctx.console.value(json);
    return Success;
}

} // namespace

QList<Command> queryCommands()
{
    return {
        Command{QStringLiteral("caseload"),
                QObject::tr("List the children on this device with their flags."),
                {todayOption()},
                caseload},
        Command{QStringLiteral("flags"),
                QObject::tr("List the flags, most urgent first, with what would clear each."),
                {todayOption()},
                flags},
        Command{QStringLiteral("outbox"),
                QObject::tr("List changes not yet on the server, and any it refused."),
                {},
                outbox},
    };
}

} // namespace doorstep::cli
