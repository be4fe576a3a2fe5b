#include "syntheticcaseload.h"

#include "core/recordid.h"

using namespace Qt::StringLiterals;

namespace doorstep::bench {

// One visit in seven "was not brought", every third a telephone call; an alert on every 50th
// family, care proceedings on every 40th, a move on every 30th, domestic abuse recorded on every
// 20th, and views at one visit in four. Ids are made as the app makes them (time-ordered), as if
// each child had been added an hour before the next and each visit recorded when it took place.
Caseload syntheticCaseload(const CaseloadShape &shape)
{
    const QDate today = shape.today;
    Caseload c;
    c.families.reserve(shape.children / 2 + 1);
    c.children.reserve(shape.children);
    c.visits.reserve(qsizetype(shape.children) * shape.visitsPerChild);
    const QDateTime lastAdded(today, QTime(9, 0), Qt::UTC);
    for (int i = 0; i < shape.children; ++i) {
        const QDateTime added = lastAdded.addSecs(-3600 * qint64(shape.children - i));
        if (i % 2 == 0) {
            Family family;
            family.id = newRecordId(added);
            family.teamId = shape.teamId;
            family.practitionerId = shape.practitionerId;
            family.label = u"Synthetic family %1"_s.arg(i / 2);
            const int n = i / 2;
            if (n % 40 == 0)
                family.careProceedingsStartedOn = today.addDays(-30);
            if (n % 30 == 0) {
                family.movedInOn = today.addDays(-60);
                family.movedFrom = u"Another area"_s;
            }
            if (n % 20 == 0)
                family.domesticAbuseRecordedOn = today.addDays(-100);
            c.families.append(family);
            FamilyMember mother;
            mother.id = newRecordId(added);
            mother.familyId = family.id;
            mother.name = u"Test Parent"_s;
            mother.relationship = u"mother"_s;
            c.members.append(mother);
            if (n % 50 == 0) {
                Alert alert;
                alert.id = newRecordId(added);
                alert.familyId = family.id;
                alert.category = u"other"_s;
                alert.whatHappened = u"Synthetic concern raised at a visit."_s;
                alert.whoIsAtRisk = u"The children"_s;
                alert.riskFrom = u"Unknown"_s;
                alert.source = u"Practitioner"_s;
                alert.requiredAction = u"Review at the next visit."_s;
                alert.raisedOn = today.addDays(-90);
                alert.reviewOn = today.addDays(-5);
                c.alerts.append(alert);
            }
        }
        const Family &family = c.families.constLast();
        Child child;
        child.id = newRecordId(added);
        child.familyId = family.id;
        child.name = u"Synthetic child %1"_s.arg(i);
        child.dateOfBirth = today.addDays(-(i % 2000));
        c.children.append(child);
        for (int v = 0; v < shape.visitsPerChild; ++v) {
            Visit visit;
            visit.occurredAt = QDateTime(today.addDays(-v * 30), QTime(10, 0), Qt::UTC);
            visit.id = newRecordId(visit.occurredAt);
            visit.familyId = family.id;
            visit.practitionerId = shape.practitionerId;
            visit.practitionerRole = Role::HealthVisitor;
            visit.contactType = v % 3 == 0 ? ContactType::Telephone : ContactType::FaceToFaceHome;
            visit.outcome = v % 7 == 0 ? Outcome::WasNotBrought : Outcome::Completed;
            visit.children = {VisitChild{child.id, visit.outcome == Outcome::Completed, false}};
            visit.observations = u"Synthetic observation text of ordinary length for a visit."_s;
            visit.signedOffAt = visit.occurredAt;
            if (v % 4 == 1) {
                ChildViews views;
                views.id = newRecordId(visit.occurredAt);
                views.visitId = visit.id;
                views.childId = child.id;
                views.presentation = u"Alert and settled."_s;
                views.livedExperience = u"Sleeps well."_s;
                views.recordedAt = visit.occurredAt;
                c.views.append(views);
            }
            c.visits.append(visit);
        }
    }
    return c;
}

} // namespace doorstep::bench
