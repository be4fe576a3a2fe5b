// conflicts: the field values that lost a merge to an edit made without seeing them, kept beside
// the value that won for a person to review (Store::conflicts()). --json prints them in the shape
// of the server's `doorstep-server admin conflicts`, so the two lists can be compared.
#include "command.h"
#include "storeaccess.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QObject>

namespace doorstep::cli {

namespace {

QJsonValue shown(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

QString text(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QObject::tr("(cleared)");
    if (value.isString())
        return value.toString();
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

QJsonObject toJson(const store::Conflict &conflict)
{
    QJsonObject json{
        {QStringLiteral("id"), conflict.id},
        {QStringLiteral("entity"), conflict.entity},
        {QStringLiteral("entityId"), conflict.entityId},
        {QStringLiteral("familyId"), conflict.familyId},
        {QStringLiteral("field"), conflict.field},
        {QStringLiteral("losing"), QJsonObject{{QStringLiteral("value"), shown(conflict.losingValue)},
                                               {QStringLiteral("hlc"), conflict.losingHlc},
                                               {QStringLiteral("deviceId"), conflict.losingDeviceId}}},
        {QStringLiteral("winning"), QJsonObject{{QStringLiteral("value"), shown(conflict.winningValue)},
                                                {QStringLiteral("hlc"), conflict.winningHlc},
                                                {QStringLiteral("deviceId"), conflict.winningDeviceId}}},
        {QStringLiteral("detectedAt"), conflict.detectedAt.toUTC().toString(Qt::ISODateWithMs)},
    };
    if (conflict.reviewedAt.isValid())
        json.insert(QStringLiteral("reviewedAt"), conflict.reviewedAt.toUTC().toString(Qt::ISODateWithMs));
    return json;
}

int conflicts(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const QList<store::Conflict> list = store->conflicts(ctx.args.isSet(QStringLiteral("all")));
    if (ctx.console.json()) {
        QJsonArray json;
        for (const store::Conflict &conflict : list)
            json.append(toJson(conflict));
        ctx.console.value(json);
        return Success;
    }
    if (list.isEmpty())
        ctx.console.line(QObject::tr("No conflicts to review."));
    for (const store::Conflict &conflict : list) {
        ctx.console.line(QStringLiteral("%1  %2 %3 %4: kept \"%5\" (%6), lost \"%7\" (%8)%9")
                             .arg(QString::number(conflict.id), conflict.entity, conflict.entityId,
                                  conflict.field, text(conflict.winningValue), conflict.winningDeviceId,
                                  text(conflict.losingValue), conflict.losingDeviceId,
                                  conflict.reviewedAt.isValid() ? QObject::tr(", reviewed") : QString()));
    }
    return Success;
}

} // namespace

QList<Command> conflictCommands()
{
    return {
        Command{
            QStringLiteral("conflicts"),
            QObject::tr("List values that lost to an edit made elsewhere without seeing them."),
            {QCommandLineOption(QStringLiteral("all"), QObject::tr("Include conflicts already reviewed."))},
            conflicts},
    };
}

} // namespace doorstep::cli
