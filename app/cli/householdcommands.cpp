// Commands for the household: add a member, and change a family or a child (mutable records:
// only the options given change; the rest is kept as stored).
#include "command.h"
#include "storeaccess.h"

#include <QObject>

namespace doorstep::cli {

namespace {

// Sets `field` from a date option when it was given ("" clears it). False on a bad date.
bool applyDate(const CommandContext &ctx, const QString &name, std::optional<QDate> &field)
{
    if (!ctx.args.isSet(name))
        return true;
    const QString value = ctx.args.value(name);
    if (value.isEmpty()) {
        field.reset();
        return true;
    }
    const auto date = parseDateOption(ctx.console, name, value);
    if (!date)
        return false;
    field = *date;
    return true;
}

void applyText(const CommandContext &ctx, const QString &name, QString &field)
{
    if (ctx.args.isSet(name))
        field = ctx.args.value(name);
}

int addMember(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    FamilyMember member;
    member.familyId = ctx.args.value(QStringLiteral("family"));
    member.name = ctx.args.value(QStringLiteral("name"));
    member.relationship = ctx.args.value(QStringLiteral("relationship"));
    if (const auto family = store->family(member.familyId); !family)
        return ctx.console.fail(describeError(family.error()));
    return printSaved(ctx.console, store->saveFamilyMember(member));
}

int updateFamily(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    Result<Family> stored = store->family(ctx.args.value(QStringLiteral("family")));
    if (!stored)
        return ctx.console.fail(describeError(stored.error()));
    Family family = stored.value();
    applyText(ctx, QStringLiteral("label"), family.label);
    applyText(ctx, QStringLiteral("postcode"), family.postcode);
    applyText(ctx, QStringLiteral("moved-from"), family.movedFrom);
    applyText(ctx, QStringLiteral("carers-social-worker"), family.carersSocialWorker);
    applyText(ctx, QStringLiteral("early-help"), family.earlyHelpStatus);
    if (!applyDate(ctx, QStringLiteral("moved-in-on"), family.movedInOn) ||
        !applyDate(ctx, QStringLiteral("care-proceedings-on"), family.careProceedingsStartedOn) ||
        !applyDate(ctx, QStringLiteral("domestic-abuse-on"), family.domesticAbuseRecordedOn)) {
        return Usage;
    }
    if (ctx.args.isSet(QStringLiteral("carer-needs"))) {
        const QString value = ctx.args.value(QStringLiteral("carer-needs"));
        if (value != u"yes" && value != u"no")
            return ctx.console.fail(QObject::tr("--carer-needs takes yes or no"), Usage);
        family.carerHasCareAndSupportNeeds = value == u"yes";
    }
    return printSaved(ctx.console, store->saveFamily(family));
}

int updateChild(CommandContext &ctx)
{
    auto store = openStore(ctx.console, ctx.profileDir);
    if (!store)
        return Failure;
    Result<Child> stored = store->child(ctx.args.value(QStringLiteral("child")));
    if (!stored)
        return ctx.console.fail(describeError(stored.error()));
    Child child = stored.value();
    applyText(ctx, QStringLiteral("name"), child.name);
    applyText(ctx, QStringLiteral("nhs-number"), child.nhsNumber);
    if (ctx.args.isSet(QStringLiteral("dob"))) {
        const auto dob =
            parseDateOption(ctx.console, QStringLiteral("dob"), ctx.args.value(QStringLiteral("dob")));
        if (!dob || !dob->isValid())
            return ctx.console.fail(QObject::tr("--dob takes a date as YYYY-MM-DD"), Usage);
        child.dateOfBirth = *dob;
    }
    return printSaved(ctx.console, store->saveChild(child));
}

QString dateHelp(const QString &what)
{
    return QObject::tr("%1 (YYYY-MM-DD; empty clears it).").arg(what);
}

} // namespace

QList<Command> householdCommands()
{
    const QString date = QStringLiteral("YYYY-MM-DD");
    const QString text = QStringLiteral("text");
    return {
        Command{
            QStringLiteral("add-member"),
            QObject::tr("Add an adult or other member to a household; prints its id."),
            {valueOption(QStringLiteral("family"), QObject::tr("The household's id."), QStringLiteral("id")),
             valueOption(QStringLiteral("name"), QObject::tr("The member's name."), QStringLiteral("name")),
             valueOption(QStringLiteral("relationship"),
                         QObject::tr("Relationship to the children, in words (mother, stepfather, …)."),
                         text)},
            addMember},
        Command{
            QStringLiteral("update-family"),
            QObject::tr("Change a household's details; options not given keep their value."),
            {valueOption(QStringLiteral("family"), QObject::tr("The household's id."), QStringLiteral("id")),
             valueOption(QStringLiteral("label"), QObject::tr("How you refer to the household."), text),
             valueOption(QStringLiteral("postcode"), QObject::tr("Postcode."), QStringLiteral("postcode")),
             valueOption(QStringLiteral("moved-in-on"), dateHelp(QObject::tr("Date moved into the area")),
                         date),
             valueOption(QStringLiteral("moved-from"), QObject::tr("The area moved from."), text),
             valueOption(QStringLiteral("care-proceedings-on"),
                         dateHelp(QObject::tr("Date care proceedings started")), date),
             valueOption(QStringLiteral("carer-needs"),
                         QObject::tr("A parent or carer has care and support needs: yes or no."),
                         QStringLiteral("yes|no")),
             valueOption(QStringLiteral("carers-social-worker"),
                         QObject::tr("The carer's own social worker."), text),
             valueOption(QStringLiteral("domestic-abuse-on"),
                         dateHelp(QObject::tr("Date domestic abuse was recorded in the household")), date),
             valueOption(QStringLiteral("early-help"), QObject::tr("Early-help status (open, closed, …)."),
                         text)},
            updateFamily},
        Command{
            QStringLiteral("update-child"),
            QObject::tr("Change a child's details; options not given keep their value."),
            {valueOption(QStringLiteral("child"), QObject::tr("The child's id."), QStringLiteral("id")),
             valueOption(QStringLiteral("name"), QObject::tr("The child's name."), QStringLiteral("name")),
             valueOption(QStringLiteral("dob"), QObject::tr("Date of birth (or expected)."), date),
             valueOption(QStringLiteral("nhs-number"),
                         QObject::tr("NHS number (10 digits; empty clears it)."), QStringLiteral("number"))},
            updateChild},
    };
}

} // namespace doorstep::cli
