#include "childrecord.h"

#include "app/caseloadrows.h"
#include "app/daywatcher.h"
#include "core/vocabulary.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QStringList>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ChildRecord", text);
}

// Records kept by date sort at the start of their day in the UK, where the rules count days.
QDateTime startOfDay(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), QTimeZone("Europe/London")).toUTC();
}

void addLine(QStringList &lines, const char *label, const QString &value)
{
    if (!value.trimmed().isEmpty())
        lines.append(tr(label).arg(value.trimmed()));
}

QString seenText(const VisitChild &child)
{
    if (child.seenAlone)
        return tr("Seen alone");
    return child.seen ? tr("Seen") : tr("Not seen");
}

ChronologyEntry visitEntry(const Visit &visit, const QString &childId)
{
    ChronologyEntry entry;
    entry.id = visit.id;
    entry.kind = u"visit"_s;
    entry.kindText = tr("Visit");
    entry.at = visit.occurredAt;
    entry.dateText = formatDate(contactDate(visit));
    entry.title = tr("%1: %2").arg(label(visit.contactType), label(visit.outcome));
    QStringList lines;
    lines.append(tr("By a %1").arg(label(visit.practitionerRole).toLower()));
    for (const VisitChild &child : visit.children) {
        if (child.childId == childId)
            lines.append(seenText(child));
    }
    addLine(lines, "Present: %1", visit.present);
    addLine(lines, "Observations: %1", visit.observations);
    addLine(lines, "Concerns: %1", visit.concerns);
    entry.detail = lines.join(u'\n');
    return entry;
}

ChronologyEntry viewsEntry(const ChildViews &views, const QHash<QString, const Visit *> &visits)
{
    ChronologyEntry entry;
    entry.id = views.id;
    entry.kind = u"views"_s;
    entry.kindText = tr("Child's views");
    const Visit *visit = visits.value(views.visitId);
    entry.at = views.recordedAt;
    entry.dateText = formatDate(visit ? contactDate(*visit) : londonDate(views.recordedAt));
    entry.title = tr("The child's views and lived experience");
    QStringList lines;
    addLine(lines, "In their own words: %1", views.words);
    addLine(lines, "What life is like for them: %1", views.livedExperience);
    addLine(lines, "How they presented: %1", views.presentation);
    entry.detail = lines.join(u'\n');
    return entry;
}

ChronologyEntry offerEntry(const AdvocateOffer &offer, const QString &memberName)
{
    ChronologyEntry entry;
    entry.id = offer.id;
    entry.kind = u"offer"_s;
    entry.kindText = tr("Advocate offer");
    entry.at = startOfDay(offer.offeredOn);
    entry.dateText = formatDate(offer.offeredOn);
    entry.title = tr("Advocate offered to %1: %2").arg(memberName, label(offer.response));
    QStringList lines;
    addLine(lines, "Offered by: %1", offer.offeredBy);
    addLine(lines, "Advocacy service: %1", offer.service);
    if (offer.followUpOn)
        lines.append(tr("Follow up on %1").arg(formatDate(*offer.followUpOn)));
    entry.detail = lines.join(u'\n');
    return entry;
}

ChronologyEntry alertEntry(const Alert &alert, const QDate &today)
{
    ChronologyEntry entry;
    entry.id = alert.id;
    entry.kind = u"alert"_s;
    entry.kindText = tr("Alert");
    entry.at = startOfDay(alert.raisedOn);
    entry.dateText = formatDate(alert.raisedOn);
    entry.title = tr("Alert: %1").arg(alert.category);
    QStringList lines;
    addLine(lines, "What happened: %1", alert.whatHappened);
    if (!alert.whoIsAtRisk.isEmpty())
        lines.append(tr("%1 at risk from %2").arg(alert.whoIsAtRisk, alert.riskFrom));
    addLine(lines, "Source: %1", alert.source);
    addLine(lines, "Action required: %1", alert.requiredAction);
    if (alert.closedOn)
        lines.append(tr("Closed on %1").arg(formatDate(*alert.closedOn)));
    else if (alert.reviewOn.isValid() && alert.reviewOn < today)
        lines.append(tr("Review overdue since %1").arg(formatDate(alert.reviewOn)));
    else if (alert.reviewOn.isValid())
        lines.append(tr("Review by %1").arg(formatDate(alert.reviewOn)));
    entry.detail = lines.join(u'\n');
    return entry;
}

QString targetText(const QString &kind)
{
    if (kind == u"visit"_s)
        return tr("a visit");
    if (kind == u"child_views"_s)
        return tr("the child's views");
    if (kind == u"advocate_offer"_s)
        return tr("an advocate offer");
    if (kind == u"alert"_s)
        return tr("an alert");
    return tr("a record");
}

ChronologyEntry amendmentEntry(const Amendment &amendment, const QString &targetDateText)
{
    ChronologyEntry entry;
    entry.id = amendment.id;
    entry.kind = u"amendment"_s;
    entry.kindText = tr("Amendment");
    entry.at = amendment.madeAt;
    entry.dateText = formatDate(amendment.madeAt.toTimeZone(QTimeZone("Europe/London")).date());
    entry.title = targetDateText.isEmpty()
                      ? tr("Correction to %1").arg(targetText(amendment.targetKind))
                      : tr("Correction to %1 of %2").arg(targetText(amendment.targetKind), targetDateText);
    QStringList lines;
    addLine(lines, "Why: %1", amendment.reason);
    addLine(lines, "Should read: %1", amendment.correction);
    entry.detail = lines.join(u'\n');
    return entry;
}

} // namespace

ChildRecord buildChildRecord(const Caseload &caseload, const QString &childId, const QDate &today)
{
    ChildRecord record;
    const auto child = std::find_if(caseload.children.cbegin(), caseload.children.cend(),
                                    [&](const Child &c) { return c.id == childId; });
    if (child == caseload.children.cend())
        return record;
    record.childId = child->id;
    record.familyId = child->familyId;
    record.name = child->name;
    record.ageText = ageText(child->dateOfBirth, today);
    if (child->dateOfBirth.isValid()) {
        record.dateOfBirthText = child->dateOfBirth > today
                                     ? tr("Due %1").arg(formatDate(child->dateOfBirth))
                                     : tr("Born %1").arg(formatDate(child->dateOfBirth));
    }
    record.nhsNumber = child->nhsNumber;
    QStringList summary{record.ageText, record.dateOfBirthText};
    if (record.nhsNumber.size() == 10) {
        // Read out and written as 3-3-4, as on NHS letters.
        summary.append(
            tr("NHS number %1 %2 %3")
                .arg(record.nhsNumber.left(3), record.nhsNumber.mid(3, 3), record.nhsNumber.mid(6)));
    } else if (!record.nhsNumber.isEmpty()) {
        summary.append(tr("NHS number %1").arg(record.nhsNumber));
    }
    summary.removeAll(QString());
    record.summaryText = summary.join(u" · "_s);

    const auto family = std::find_if(caseload.families.cbegin(), caseload.families.cend(),
                                     [&](const Family &f) { return f.id == child->familyId; });
    if (family != caseload.families.cend()) {
        record.familyLabel = family->label;
        record.postcode = family->postcode;
        record.inCareProceedings = family->careProceedingsStartedOn.has_value();
        record.careProceedingsText =
            record.inCareProceedings
                ? tr("In care proceedings since %1").arg(formatDate(*family->careProceedingsStartedOn))
                : tr("Not in care proceedings");
        if (family->movedInOn) {
            record.movedInText = family->movedFrom.isEmpty()
                                     ? tr("Moved into the area on %1").arg(formatDate(*family->movedInOn))
                                     : tr("Moved into the area on %1, from %2")
                                           .arg(formatDate(*family->movedInOn), family->movedFrom);
        }
        if (family->carerHasCareAndSupportNeeds) {
            record.carerText = family->carersSocialWorker.isEmpty()
                                   ? tr("A parent or carer has care and support needs of their own.")
                                   : tr("A parent or carer has care and support needs of their own; their "
                                        "social worker is %1.")
                                         .arg(family->carersSocialWorker);
        }
    }

    // The household: the family's members, with their advocate offer when in proceedings, then
    // the other children on the caseload.
    QHash<QString, QString> memberNames;
    for (const FamilyMember &member : caseload.members) {
        if (member.familyId != record.familyId)
            continue;
        memberNames.insert(member.id, member.name);
        HouseholdMember row{member.id, member.name, member.relationship, {}, false, false};
        if (record.inCareProceedings) {
            const AdvocateOffer *latest = nullptr;
            for (const AdvocateOffer &offer : caseload.offers) {
                if (offer.memberId == member.id && (!latest || offer.offeredOn >= latest->offeredOn))
                    latest = &offer;
            }
            row.advocateText = latest ? tr("Advocate offered %1: %2")
                                            .arg(formatDate(latest->offeredOn), label(latest->response))
                                      : tr("No advocate offered yet");
            row.canOfferAdvocate = true;
            row.offerOutstanding = !latest || latest->response == AdvocateResponse::Considering;
        }
        record.members.append(row);
    }
    for (const Child &other : caseload.children) {
        if (other.familyId == record.familyId && other.id != record.childId)
            record.members.append({other.id, other.name, tr("Child on the caseload"), {}, false, false});
    }

    const AdvocateOffer *lastOffer = nullptr;
    for (const AdvocateOffer &offer : caseload.offers) {
        if (!offer.service.trimmed().isEmpty() && (!lastOffer || offer.offeredOn >= lastOffer->offeredOn))
            lastOffer = &offer;
    }
    if (lastOffer)
        record.advocacyService = lastOffer->service.trimmed();

    // The chronology.
    QHash<QString, const Visit *> visits;
    QHash<QString, int> entryIndex; // record id -> index in the chronology, for amendments
    for (const Visit &visit : caseload.visits) {
        if (visit.familyId != record.familyId)
            continue;
        const bool aboutChild = std::any_of(visit.children.cbegin(), visit.children.cend(),
                                            [&](const VisitChild &c) { return c.childId == childId; });
        // An adult's own appointment in the household belongs to the child's story too.
        if (!aboutChild && !visit.children.isEmpty())
            continue;
        visits.insert(visit.id, &visit);
        entryIndex.insert(visit.id, int(record.chronology.size()));
        record.chronology.append(visitEntry(visit, childId));
    }
    for (const ChildViews &views : caseload.views) {
        if (views.childId != childId)
            continue;
        entryIndex.insert(views.id, int(record.chronology.size()));
        record.chronology.append(viewsEntry(views, visits));
    }
    for (const AdvocateOffer &offer : caseload.offers) {
        if (offer.familyId != record.familyId)
            continue;
        entryIndex.insert(offer.id, int(record.chronology.size()));
        record.chronology.append(offerEntry(offer, memberNames.value(offer.memberId, tr("a family member"))));
    }
    for (const Alert &alert : caseload.alerts) {
        if (alert.familyId != record.familyId || (!alert.childId.isEmpty() && alert.childId != childId))
            continue;
        entryIndex.insert(alert.id, int(record.chronology.size()));
        record.chronology.append(alertEntry(alert, today));
    }
    const int recordCount = int(record.chronology.size());
    for (const Amendment &amendment : caseload.amendments) {
        const int target = entryIndex.value(amendment.targetId, -1);
        if (target < 0 || target >= recordCount)
            continue;
        ChronologyEntry &amended = record.chronology[target];
        amended.amendedText =
            tr("Amended %1").arg(formatDate(amendment.madeAt.toTimeZone(QTimeZone("Europe/London")).date()));
        record.chronology.append(amendmentEntry(amendment, amended.dateText));
    }

    std::stable_sort(record.chronology.begin(), record.chronology.end(),
                     [](const ChronologyEntry &a, const ChronologyEntry &b) {
                         if (a.at != b.at)
                             return a.at > b.at;
                         // A visit reads before the child's views recorded with it.
                         const auto rank = [](const ChronologyEntry &e) {
                             return e.kind == u"visit"_s ? 0 : e.kind == u"views"_s ? 1 : 2;
                         };
                         if (rank(a) != rank(b))
                             return rank(a) < rank(b);
                         return a.id < b.id;
                     });
    return record;
}

} // namespace doorstep::app
