// Commands that add records: each validates in the store and writes the record with its outbox
// change in one transaction, so it is sent at the next sync.
#include "command.h"
#include "storeaccess.h"

#include "core/recordcodec.h"
#include "core/vocabulary.h"

#include <QDateTime>
#include <QObject>

namespace doorstep::cli {

namespace {

int addFamily(CommandContext &ctx)
{
    const auto movedIn = parseDateOption(ctx.console, QStringLiteral("moved-in-on"),
                                         ctx.args.value(QStringLiteral("moved-in-on")));
    const auto proceedings = parseDateOption(ctx.console, QStringLiteral("care-proceedings-on"),
                                             ctx.args.value(QStringLiteral("care-proceedings-on")));
    if (!movedIn || !proceedings)
        return Usage;
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const auto identity = store->identity();
    if (!identity)
        return ctx.console.fail(QObject::tr("this device is not enrolled"));

    Family family;
    family.teamId = identity->teamId;
    family.practitionerId = identity->userId;
    family.label = ctx.args.value(QStringLiteral("label"));
    family.postcode = ctx.args.value(QStringLiteral("postcode"));
    if (movedIn->isValid())
        family.movedInOn = *movedIn;
    family.movedFrom = ctx.args.value(QStringLiteral("moved-from"));
    if (proceedings->isValid())
        family.careProceedingsStartedOn = *proceedings;
    return printSaved(ctx.console, store->saveFamily(family));
}

int addChild(CommandContext &ctx)
{
    const auto dob =
        parseDateOption(ctx.console, QStringLiteral("dob"), ctx.args.value(QStringLiteral("dob")));
    if (!dob)
        return Usage;
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    Child child;
    child.familyId = ctx.args.value(QStringLiteral("family"));
    child.name = ctx.args.value(QStringLiteral("name"));
    child.dateOfBirth = *dob;
    child.nhsNumber = ctx.args.value(QStringLiteral("nhs-number"));
    return printSaved(ctx.console, store->saveChild(child));
}

int recordVisit(CommandContext &ctx)
{
    const QStringList childIds = ctx.args.values(QStringLiteral("child"));
    if (childIds.isEmpty() && ctx.args.value(QStringLiteral("family")).isEmpty())
        return ctx.console.fail(QObject::tr("name the child (--child ID, repeatable) or, for an adult's own "
                                            "appointment, the family (--family ID)"),
                                Usage);
    const auto type = contactTypeFromToken(ctx.args.value(QStringLiteral("type")));
    if (!type)
        return ctx.console.fail(
            QObject::tr("--type takes face_to_face_home, face_to_face_clinic, video or telephone"), Usage);
    const auto outcome =
        outcomeFromToken(ctx.args.isSet(QStringLiteral("outcome")) ? ctx.args.value(QStringLiteral("outcome"))
                                                                   : QStringLiteral("completed"));
    if (!outcome)
        return ctx.console.fail(
            QObject::tr("--outcome takes completed, was_not_brought, no_access, declined, "
                        "cancelled_by_family or cancelled_by_service"),
            Usage);
    QDateTime at = QDateTime::currentDateTimeUtc();
    if (ctx.args.isSet(QStringLiteral("at"))) {
        at = QDateTime::fromString(ctx.args.value(QStringLiteral("at")), Qt::ISODate);
        if (!at.isValid())
            return ctx.console.fail(QObject::tr("--at takes a date and time such as 2026-11-25T10:30:00Z"),
                                    Usage);
        at = at.toUTC();
    }
    const bool hasViews = ctx.args.isSet(QStringLiteral("views-words")) ||
                          ctx.args.isSet(QStringLiteral("views-lived-experience")) ||
                          ctx.args.isSet(QStringLiteral("views-presentation"));
    if (hasViews && childIds.size() != 1)
        return ctx.console.fail(QObject::tr("a child's views belong to one child: give exactly one --child"),
                                Usage);

    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    const auto identity = store->identity();
    if (!identity)
        return ctx.console.fail(QObject::tr("this device is not enrolled"));

    Visit visit;
    visit.familyId = ctx.args.value(QStringLiteral("family"));
    const Caseload caseload = store->caseload();
    for (const QString &childId : childIds) {
        const auto child = std::find_if(caseload.children.cbegin(), caseload.children.cend(),
                                        [&](const Child &c) { return c.id == childId; });
        if (child == caseload.children.cend())
            return ctx.console.fail(QObject::tr("no child with id %1 on this device").arg(childId));
        if (!visit.familyId.isEmpty() && visit.familyId != child->familyId)
            return ctx.console.fail(QObject::tr("the children named belong to different families: record "
                                                "one visit per family"));
        visit.familyId = child->familyId;
        visit.children.append(VisitChild{childId, ctx.args.isSet(QStringLiteral("seen")),
                                         ctx.args.isSet(QStringLiteral("seen-alone"))});
    }
    visit.practitionerId = identity->userId;
    visit.practitionerRole = identity->role;
    visit.occurredAt = at;
    visit.contactType = *type;
    visit.outcome = *outcome;
    visit.present = ctx.args.value(QStringLiteral("present"));
    visit.observations = ctx.args.value(QStringLiteral("observations"));
    visit.concerns = ctx.args.value(QStringLiteral("concerns"));
    visit.signedOffAt = QDateTime::currentDateTimeUtc();

    const auto saved = store->recordVisit(visit);
    if (!saved || !hasViews)
        return printSaved(ctx.console, saved);

    ChildViews views;
    views.visitId = saved.value();
    views.childId = childIds.constFirst();
    views.words = ctx.args.value(QStringLiteral("views-words"));
    views.livedExperience = ctx.args.value(QStringLiteral("views-lived-experience"));
    views.presentation = ctx.args.value(QStringLiteral("views-presentation"));
    views.recordedAt = QDateTime::currentDateTimeUtc();
    if (const auto viewsSaved = store->recordChildViews(views); !viewsSaved)
        return ctx.console.fail(QObject::tr("the visit %1 was saved but the child's views were not: %2")
                                    .arg(saved.value(), viewsSaved.error().message));
    return printSaved(ctx.console, saved);
}

} // namespace

QList<Command> recordCommands()
{
    return {
        Command{
            QStringLiteral("add-family"),
            QObject::tr("Add a household to your caseload; prints its id."),
            {valueOption(QStringLiteral("label"), QObject::tr("How you refer to the household."),
                         QStringLiteral("text")),
             valueOption(QStringLiteral("postcode"), QObject::tr("Postcode."), QStringLiteral("postcode")),
             valueOption(QStringLiteral("moved-in-on"), QObject::tr("Date moved into the area."),
                         QStringLiteral("YYYY-MM-DD")),
             valueOption(QStringLiteral("moved-from"), QObject::tr("The area moved from."),
                         QStringLiteral("area")),
             valueOption(QStringLiteral("care-proceedings-on"), QObject::tr("Date care proceedings started."),
                         QStringLiteral("YYYY-MM-DD"))},
            addFamily},
        Command{
            QStringLiteral("add-child"),
            QObject::tr("Add a child (or an expected baby) to a household; prints its id."),
            {valueOption(QStringLiteral("family"), QObject::tr("The household's id."), QStringLiteral("id")),
             valueOption(QStringLiteral("name"), QObject::tr("The child's name."), QStringLiteral("name")),
             valueOption(QStringLiteral("dob"), QObject::tr("Date of birth (or expected)."),
                         QStringLiteral("YYYY-MM-DD")),
             valueOption(QStringLiteral("nhs-number"), QObject::tr("NHS number (10 digits)."),
                         QStringLiteral("number"))},
            addChild},
        Command{
            QStringLiteral("record-visit"),
            QObject::tr("Record a signed-off contact; prints its id."),
            {valueOption(QStringLiteral("child"), QObject::tr("A child the contact was for (repeatable)."),
                         QStringLiteral("id")),
             valueOption(QStringLiteral("family"),
                         QObject::tr("The household, for an adult's own appointment."), QStringLiteral("id")),
             valueOption(QStringLiteral("type"),
                         QObject::tr("face_to_face_home, face_to_face_clinic, video or telephone."),
                         QStringLiteral("type")),
             valueOption(QStringLiteral("outcome"), QObject::tr("completed (default), was_not_brought, …"),
                         QStringLiteral("outcome")),
             QCommandLineOption(QStringLiteral("seen"), QObject::tr("The children were seen.")),
             QCommandLineOption(QStringLiteral("seen-alone"), QObject::tr("The children were seen alone.")),
             valueOption(QStringLiteral("at"), QObject::tr("When (ISO 8601; default now)."),
                         QStringLiteral("time")),
             valueOption(QStringLiteral("present"), QObject::tr("Who was present."), QStringLiteral("text")),
             valueOption(QStringLiteral("observations"), QObject::tr("What you saw."),
                         QStringLiteral("text")),
             valueOption(QStringLiteral("concerns"), QObject::tr("Concerns."), QStringLiteral("text")),
             valueOption(QStringLiteral("views-words"),
                         QObject::tr("The child's own words, wishes, feelings."), QStringLiteral("text")),
             valueOption(QStringLiteral("views-lived-experience"),
                         QObject::tr("What a day is like for the child; the impact on them."),
                         QStringLiteral("text")),
             valueOption(QStringLiteral("views-presentation"),
                         QObject::tr("How the child presented and interacted."), QStringLiteral("text"))},
            recordVisit},
    };
}

} // namespace doorstep::cli
