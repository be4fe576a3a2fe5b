// chronology: everything recorded about one child, newest first, each amendment printed under
// the record it corrects.
#include "command.h"
#include "storeaccess.h"

#include "core/change.h"
#include "core/recordcodec.h"
#include "core/vocabulary.h"

#include <QObject>

namespace doorstep::cli {

namespace {

QString summary(const Visit &visit)
{
    return QObject::tr("Visit: %1, %2 (%3)")
        .arg(label(visit.contactType), label(visit.outcome), label(visit.practitionerRole));
}

QString summary(const ChildViews &views)
{
    return QObject::tr("Child's views recorded for visit %1").arg(views.visitId);
}

QString summary(const AdvocateOffer &offer)
{
    return QObject::tr("Advocate offer to member %1 (%2): %3")
        .arg(offer.memberId, offer.service, label(offer.response));
}

QString summary(const Alert &alert)
{
    QString text = QObject::tr("Alert (%1), review %2").arg(alert.category, formatDate(alert.reviewOn));
    if (alert.closedOn)
        text += QObject::tr(", closed %1").arg(formatDate(*alert.closedOn));
    return text;
}

int chronology(CommandContext &ctx)
{
    const QString childId = ctx.args.value(QStringLiteral("child"));
    if (childId.isEmpty())
        return ctx.console.fail(QObject::tr("name the child with --child ID"), Usage);
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const Result<QList<store::ChronologyEntry>> entries = store->chronology(childId);
    if (!entries)
        return ctx.console.fail(describeError(entries.error()));

    QJsonArray json;
    for (const store::ChronologyEntry &entry : entries.value()) {
        const QString id = std::visit([](const auto &record) { return record.id; }, entry.record);
        if (ctx.console.json()) {
            QJsonArray amendments;
            for (const Amendment &amendment : entry.amendments)
                amendments.append(toJson(amendment));
            json.append(
                QJsonObject{{QStringLiteral("kind"), entry.kind},
                            {QStringLiteral("id"), id},
                            {QStringLiteral("at"), entry.at.toString(Qt::ISODate)},
                            {QStringLiteral("record"),
                             std::visit([](const auto &record) { return toJson(record); }, entry.record)},
                            {QStringLiteral("amendments"), amendments}});
            continue;
        }
        ctx.console.line(
            QStringLiteral("%1  %2  %3")
                .arg(formatDate(entry.at.date()), id,
                     std::visit([](const auto &record) { return summary(record); }, entry.record)));
        for (const Amendment &amendment : entry.amendments)
            ctx.console.line(QObject::tr("    amended %1 by %2 (%3): %4")
                                 .arg(formatDate(amendment.madeAt.date()), amendment.authorId,
                                      amendment.reason, amendment.correction));
    }
    if (ctx.console.json())
        ctx.console.value(json);
    else if (entries.value().isEmpty())
        ctx.console.line(QObject::tr("Nothing recorded for this child yet."));
    return Success;
}

} // namespace

QList<Command> chronologyCommands()
{
    return {
        Command{QStringLiteral("chronology"),
                QObject::tr("A child's visits, views, offers and alerts, newest first, with amendments."),
                {valueOption(QStringLiteral("child"), QObject::tr("The child's id."), QStringLiteral("id"))},
                chronology},
    };
}

} // namespace doorstep::cli
