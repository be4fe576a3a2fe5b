// Commands for what happens in a case after the visit: the child's views for an existing visit,
// advocate offers, alerts (raised, reviewed, closed) and amendments to signed-off records.
#include "command.h"
#include "storeaccess.h"

#include "core/change.h"
#include "core/vocabulary.h"

#include <QObject>

namespace doorstep::cli {

namespace {

QString option(const CommandContext &ctx, const char *name)
{
    return ctx.args.value(QString::fromLatin1(name));
}

int recordViews(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const Result<Visit> visit = store->visit(option(ctx, "visit"));
    if (!visit)
        return ctx.console.fail(describeError(visit.error()));
    ChildViews views;
    views.visitId = visit.value().id;
    views.childId = option(ctx, "child");
    if (views.childId.isEmpty() && visit.value().children.size() == 1)
        views.childId = visit.value().children.constFirst().childId;
    const bool named = std::any_of(visit.value().children.cbegin(), visit.value().children.cend(),
                                   [&](const VisitChild &c) { return c.childId == views.childId; });
    if (!named)
        return ctx.console.fail(
            QObject::tr("the visit %1 was not for child '%2': name one of its children with --child")
                .arg(views.visitId, views.childId),
            Usage);
    views.words = option(ctx, "words");
    views.livedExperience = option(ctx, "lived-experience");
    views.presentation = option(ctx, "presentation");
    views.recordedAt = QDateTime::currentDateTimeUtc();
    return printSaved(ctx.console, store->recordChildViews(views));
}

int recordOffer(CommandContext &ctx)
{
    const auto on =
        parseDateOption(ctx.console, QStringLiteral("on"), option(ctx, "on"), QDate::currentDate());
    const auto followUp =
        parseDateOption(ctx.console, QStringLiteral("follow-up-on"), option(ctx, "follow-up-on"));
    if (!on || !followUp)
        return Usage;
    const auto response = advocateResponseFromToken(
        ctx.args.isSet(QStringLiteral("response")) ? option(ctx, "response") : QStringLiteral("considering"));
    if (!response)
        return ctx.console.fail(QObject::tr("--response takes accepted, declined or considering"), Usage);
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const auto identity = store->identity();
    AdvocateOffer offer;
    offer.familyId = option(ctx, "family");
    offer.memberId = option(ctx, "member");
    offer.offeredOn = *on;
    offer.offeredBy =
        ctx.args.isSet(QStringLiteral("by")) ? option(ctx, "by") : (identity ? identity->userId : QString());
    offer.service = option(ctx, "service");
    offer.response = *response;
    if (followUp->isValid())
        offer.followUpOn = *followUp;
    return printSaved(ctx.console, store->recordAdvocateOffer(offer));
}

int addAlert(CommandContext &ctx)
{
    const auto raised = parseDateOption(ctx.console, QStringLiteral("raised-on"), option(ctx, "raised-on"),
                                        QDate::currentDate());
    const auto review = parseDateOption(ctx.console, QStringLiteral("review-on"), option(ctx, "review-on"));
    if (!raised || !review)
        return Usage;
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    Alert alert;
    alert.familyId = option(ctx, "family");
    alert.childId = option(ctx, "child");
    if (!alert.childId.isEmpty()) {
        const Result<Child> child = store->child(alert.childId);
        if (!child)
            return ctx.console.fail(describeError(child.error()));
        if (!alert.familyId.isEmpty() && alert.familyId != child.value().familyId)
            return ctx.console.fail(
                QObject::tr("the child %1 is not in household %2").arg(alert.childId, alert.familyId));
        alert.familyId = child.value().familyId;
    }
    alert.category = option(ctx, "category");
    alert.whatHappened = option(ctx, "what-happened");
    alert.whoIsAtRisk = option(ctx, "who-at-risk");
    alert.riskFrom = option(ctx, "risk-from");
    alert.source = option(ctx, "source");
    alert.raisedOn = *raised;
    alert.requiredAction = option(ctx, "action");
    alert.reviewOn = *review;
    return printSaved(ctx.console, store->saveAlert(alert));
}

// Closing and reviewing change an alert in place: an alert is mutable, its wording is corrected
// by an amendment.
int changeAlert(CommandContext &ctx, bool close)
{
    const QString dateName = close ? QStringLiteral("on") : QStringLiteral("next-review");
    const auto date = parseDateOption(ctx.console, dateName, ctx.args.value(dateName),
                                      close ? QDate::currentDate() : QDate());
    if (!date)
        return Usage;
    if (!date->isValid())
        return ctx.console.fail(QObject::tr("give the next review date with --next-review YYYY-MM-DD"),
                                Usage);
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    Result<Alert> stored = store->alert(option(ctx, "alert"));
    if (!stored)
        return ctx.console.fail(describeError(stored.error()));
    Alert alert = stored.value();
    if (alert.closedOn)
        return ctx.console.fail(
            QObject::tr("the alert %1 was closed on %2").arg(alert.id, formatDate(*alert.closedOn)));
    if (close)
        alert.closedOn = *date;
    else
        alert.reviewOn = *date;
    return printSaved(ctx.console, store->saveAlert(alert));
}

int closeAlert(CommandContext &ctx)
{
    return changeAlert(ctx, true);
}

int reviewAlert(CommandContext &ctx)
{
    return changeAlert(ctx, false);
}

int amend(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const auto identity = store->identity();
    if (!identity)
        return ctx.console.fail(QObject::tr("this device is not enrolled"));
    Amendment amendment;
    amendment.targetKind = option(ctx, "kind");
    amendment.targetId = option(ctx, "target");
    amendment.authorId = identity->userId;
    amendment.madeAt = QDateTime::currentDateTimeUtc();
    amendment.reason = option(ctx, "reason");
    amendment.correction = option(ctx, "correction");
    return printSaved(ctx.console, store->recordAmendment(amendment));
}

} // namespace

QList<Command> caseCommands()
{
    const QString text = QStringLiteral("text");
    const QString date = QStringLiteral("YYYY-MM-DD");
    const QString id = QStringLiteral("id");
    return {
        Command{QStringLiteral("record-views"),
                QObject::tr("Record a child's views and lived experience for a visit already recorded."),
                {valueOption(QStringLiteral("visit"), QObject::tr("The visit's id."), id),
                 valueOption(QStringLiteral("child"),
                             QObject::tr("The child (may be left out if the visit was "
                                         "for one child)."),
                             id),
                 valueOption(QStringLiteral("words"), QObject::tr("The child's own words, wishes, feelings."),
                             text),
                 valueOption(QStringLiteral("lived-experience"),
                             QObject::tr("What a day is like for the child; the impact on them."), text),
                 valueOption(QStringLiteral("presentation"),
                             QObject::tr("How the child presented and interacted."), text)},
                recordViews},
        Command{QStringLiteral("record-offer"),
                QObject::tr("Record an advocate offer to a family member; prints its id."),
                {valueOption(QStringLiteral("family"), QObject::tr("The household's id."), id),
                 valueOption(QStringLiteral("member"), QObject::tr("The family member's id."), id),
                 valueOption(QStringLiteral("on"), QObject::tr("Date offered (default today)."), date),
                 valueOption(QStringLiteral("by"), QObject::tr("Who offered (default you)."), text),
                 valueOption(QStringLiteral("service"), QObject::tr("The advocacy service."), text),
                 valueOption(QStringLiteral("response"),
                             QObject::tr("accepted, declined or considering (default)."),
                             QStringLiteral("response")),
                 valueOption(QStringLiteral("follow-up-on"), QObject::tr("Follow-up date."), date)},
                recordOffer},
        Command{
            QStringLiteral("add-alert"),
            QObject::tr("Raise an explicit alert: every field, in words a stranger could act on."),
            {valueOption(QStringLiteral("family"), QObject::tr("The household's id."), id),
             valueOption(QStringLiteral("child"), QObject::tr("The child the alert is about (optional)."),
                         id),
             valueOption(QStringLiteral("category"), QObject::tr("Category."), text),
             valueOption(QStringLiteral("what-happened"), QObject::tr("What happened, specifically."), text),
             valueOption(QStringLiteral("who-at-risk"), QObject::tr("Who is at risk."), text),
             valueOption(QStringLiteral("risk-from"), QObject::tr("Who or what the risk is from."), text),
             valueOption(QStringLiteral("source"), QObject::tr("Where the information came from."), text),
             valueOption(QStringLiteral("raised-on"), QObject::tr("Date raised (default today)."), date),
             valueOption(QStringLiteral("action"), QObject::tr("The action required."), text),
             valueOption(QStringLiteral("review-on"), QObject::tr("Review date."), date)},
            addAlert},
        Command{QStringLiteral("close-alert"),
                QObject::tr("Close an alert."),
                {valueOption(QStringLiteral("alert"), QObject::tr("The alert's id."), id),
                 valueOption(QStringLiteral("on"), QObject::tr("Date closed (default today)."), date)},
                closeAlert},
        Command{QStringLiteral("review-alert"),
                QObject::tr("Record that an alert was reviewed and set its next review date."),
                {valueOption(QStringLiteral("alert"), QObject::tr("The alert's id."), id),
                 valueOption(QStringLiteral("next-review"), QObject::tr("The next review date."), date)},
                reviewAlert},
        Command{
            QStringLiteral("amend"),
            QObject::tr("Correct a signed-off visit, child's views, advocate offer or alert; the original "
                        "stays and the amendment is shown beside it."),
            {valueOption(QStringLiteral("kind"), QObject::tr("visit, child_views, advocate_offer or alert."),
                         QStringLiteral("kind")),
             valueOption(QStringLiteral("target"), QObject::tr("The id of the record corrected."), id),
             valueOption(QStringLiteral("reason"), QObject::tr("Why it is being corrected."), text),
             valueOption(QStringLiteral("correction"), QObject::tr("What the record should have said."),
                         text)},
            amend},
    };
}

} // namespace doorstep::cli
