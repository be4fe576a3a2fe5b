#include "flags.h"

#include "vocabulary.h"

#include <QHash>
#include <QSet>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

// One child on one contact, with the contact's day worked out once.
struct ChildContact
{
    const Visit *visit;
    QDate date;
    bool seen;
};

struct DatedVisit
{
    const Visit *visit;
    QDate date;
};

// Every lookup the rules need, built once in linear time so that each rule is a walk over the
// caseload with hash lookups rather than a scan of all visits per child.
struct Index
{
    explicit Index(const Caseload &c)
    {
        visitById.reserve(c.visits.size());
        for (const Visit &v : c.visits) {
            const DatedVisit dated{&v, contactDate(v)};
            visitById.insert(v.id, dated);
            visitsByFamily[v.familyId].append(dated);
            for (const VisitChild &vc : v.children)
                contactsByChild[vc.childId].append(ChildContact{&v, dated.date, vc.seen});
        }
        for (const ChildViews &cv : c.views) {
            viewsByVisitAndChild[key(cv.visitId, cv.childId)].append(&cv);
            viewsByChild[cv.childId].append(&cv);
        }
        for (const FamilyMember &m : c.members)
            membersByFamily[m.familyId].append(&m);
        for (const Child &ch : c.children)
            childrenByFamily[ch.familyId].append(&ch);
        for (const AdvocateOffer &o : c.offers)
            offeredMembers.insert(o.memberId);
    }

    static QString key(const QString &visitId, const QString &childId) { return visitId + u'\n' + childId; }

    QList<ChildContact> contacts(const QString &childId) const { return contactsByChild.value(childId); }

    QHash<QString, DatedVisit> visitById;
    QHash<QString, QList<DatedVisit>> visitsByFamily;
    QHash<QString, QList<ChildContact>> contactsByChild;
    QHash<QString, QList<const ChildViews *>> viewsByVisitAndChild;
    QHash<QString, QList<const ChildViews *>> viewsByChild;
    QHash<QString, QList<const FamilyMember *>> membersByFamily;
    QHash<QString, QList<const Child *>> childrenByFamily;
    QSet<QString> offeredMembers;
};

bool isNewBirthContact(const ChildContact &c, const QDate &dateOfBirth)
{
    const Visit &v = *c.visit;
    // A visit before the birth (antenatal) is not the new birth visit.
    return v.outcome == Outcome::Completed && isFaceToFace(v.contactType) && isBirthVisitRole(v.practitionerRole)
        && c.date >= dateOfBirth;
}

QString days(qint64 n) { return n == 1 ? u"1 day"_s : u"%1 days"_s.arg(n); }

QString filled(const QString &s) { return s.trimmed(); }

bool hasAnyView(const ChildViews &v)
{
    return !filled(v.words).isEmpty() || !filled(v.presentation).isEmpty() || !filled(v.livedExperience).isEmpty();
}

// Where domestic abuse is recorded, the child's voice (or, for a baby, presentation) and the
// impact on them are both required.
bool hasVoiceAndImpact(const ChildViews &v)
{
    return (!filled(v.words).isEmpty() || !filled(v.presentation).isEmpty()) && !filled(v.livedExperience).isEmpty();
}

int severityRank(FlagSeverity s) { return static_cast<int>(s); }

void sortFlags(QList<Flag> &flags)
{
    std::sort(flags.begin(), flags.end(), [](const Flag &a, const Flag &b) {
        if (a.severity != b.severity)
            return severityRank(a.severity) > severityRank(b.severity);
        if (a.daysOverdue != b.daysOverdue)
            return a.daysOverdue > b.daysOverdue;
        if (a.familyId != b.familyId)
            return a.familyId < b.familyId;
        if (a.childId != b.childId)
            return a.childId < b.childId;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        return a.subjectId < b.subjectId;
    });
}

// Theme 1. Age rule: a child aged 0..window days with no new birth visit; Info before the visit is
// due, Amber while it is due (amberFromDay..redAfterDay), Red after. Period rule: a child born in
// a configured period who never had one, at any age, is Red. Both apply: one flag, the more severe
// (the period rule, which is always Red).
void newbornFlags(const Caseload &caseload, const Index &index, const RuleSettings &s, const QDate &today,
                  QList<Flag> &out)
{
    for (const Child &child : caseload.children) {
        const QDate dob = child.dateOfBirth;
        // An expected baby (date of birth still to come) is never flagged.
        if (!dob.isValid() || dob > today)
            continue;
        const qint64 age = dob.daysTo(today);
        const BirthPeriod *period = nullptr;
        for (const BirthPeriod &p : s.birthPeriods) {
            if (dob >= p.from && dob <= p.to) {
                period = &p;
                break;
            }
        }
        const bool inWindow = age <= s.newbornWindowDays;
        if (!inWindow && !period)
            continue;
        const QList<ChildContact> contacts = index.contacts(child.id);
        if (std::any_of(contacts.begin(), contacts.end(),
                        [&](const ChildContact &c) { return isNewBirthContact(c, dob); }))
            continue;

        Flag f;
        f.kind = FlagKind::NewbornNoFaceToFace;
        f.familyId = child.familyId;
        f.childId = child.id;
        f.subjectId = child.id;
        f.daysOverdue = static_cast<int>(std::max<qint64>(0, age - s.newbornRedAfterDay));
        f.toClear = u"Record a completed face-to-face visit (home or clinic) by a midwife or health visitor that "
                    u"includes this child."_s;
        const QString born = u"Born %1 (%2 old)"_s.arg(formatDate(dob), days(age));
        if (period) {
            f.severity = FlagSeverity::Red;
            f.reason = u"%1, during \"%2\" (%3 to %4), and never had a face-to-face visit by a midwife or health "
                       u"visitor; every baby born in that period must have had one."_s.arg(
                           born, period->label, formatDate(period->from), formatDate(period->to));
        } else if (age < s.newbornAmberFromDay) {
            f.severity = FlagSeverity::Info;
            f.reason = u"%1 and no face-to-face visit by a midwife or health visitor yet; the new birth visit is "
                       u"due between day %2 and day %3."_s.arg(born)
                           .arg(s.newbornAmberFromDay)
                           .arg(s.newbornRedAfterDay);
        } else if (age <= s.newbornRedAfterDay) {
            f.severity = FlagSeverity::Amber;
            f.reason = u"%1 and no face-to-face visit by a midwife or health visitor yet; the new birth visit is "
                       u"due now (between day %2 and day %3)."_s.arg(born)
                           .arg(s.newbornAmberFromDay)
                           .arg(s.newbornRedAfterDay);
        } else {
            f.severity = FlagSeverity::Red;
            f.reason = u"%1 and no face-to-face visit by a midwife or health visitor yet; the new birth visit was "
                       u"due by day %2 and is %3 overdue."_s.arg(born)
                           .arg(s.newbornRedAfterDay)
                           .arg(days(f.daysOverdue));
        }
        out.append(f);
    }
}

// Theme 3. Contacts missed in the window [today - window, today], both ends inclusive. A later
// completed contact at which the child was seen answers the pattern.
void wasNotBroughtFlags(const Caseload &caseload, const Index &index, const RuleSettings &s, const QDate &today,
                        QList<Flag> &out)
{
    const QDate windowStart = today.addDays(-s.wasNotBroughtWindowDays);
    for (const Child &child : caseload.children) {
        const QList<ChildContact> contacts = index.contacts(child.id);
        int count = 0;
        const ChildContact *latest = nullptr;
        for (const ChildContact &c : contacts) {
            if (c.visit->outcome != Outcome::WasNotBrought || c.date < windowStart || c.date > today)
                continue;
            ++count;
            if (!latest || latest->visit->occurredAt < c.visit->occurredAt)
                latest = &c;
        }
        if (count < s.wasNotBroughtCount || count == 0)
            continue;
        const bool seenSince = std::any_of(contacts.begin(), contacts.end(), [&](const ChildContact &c) {
            return c.seen && c.visit->outcome == Outcome::Completed && c.visit->occurredAt > latest->visit->occurredAt
                && c.date <= today;
        });
        if (seenSince)
            continue;
        Flag f;
        f.kind = FlagKind::WasNotBroughtPattern;
        f.severity = count >= 2 * s.wasNotBroughtCount ? FlagSeverity::Red : FlagSeverity::Amber;
        f.familyId = child.familyId;
        f.childId = child.id;
        f.subjectId = child.id;
        f.reason = u"The child was not brought to %1 contacts in the last %2 (most recently on %3)."_s.arg(count)
                       .arg(days(s.wasNotBroughtWindowDays), formatDate(latest->date));
        f.toClear = u"Record a completed contact at which the child is seen. If the child is still not being "
                    u"brought, talk it through with your safeguarding lead."_s;
        out.append(f);
    }
}

// Theme 3. (a) Every completed contact at which a child was seen needs the child's views or
// presentation. (b) Where domestic abuse is recorded, each child already born needs, from a
// contact on or after that date, their voice (or presentation) and the impact on them.
void childVoiceFlags(const Caseload &caseload, const Index &index, const QDate &today, QList<Flag> &out)
{
    for (const Visit &v : caseload.visits) {
        if (v.outcome != Outcome::Completed)
            continue;
        for (const VisitChild &vc : v.children) {
            if (!vc.seen)
                continue;
            const auto views = index.viewsByVisitAndChild.value(Index::key(v.id, vc.childId));
            if (std::any_of(views.begin(), views.end(), [](const ChildViews *cv) { return hasAnyView(*cv); }))
                continue;
            Flag f;
            f.kind = FlagKind::ChildVoiceMissing;
            f.severity = FlagSeverity::Amber;
            f.familyId = v.familyId;
            f.childId = vc.childId;
            f.subjectId = v.id;
            f.reason = u"The child was seen at the %1 contact on %2, but their views, or how they presented, "
                       u"were not recorded."_s.arg(label(v.contactType).toLower(), formatDate(contactDate(v)));
            f.toClear = u"Record the child's own words, what a day is like for them, or (for a baby or a child "
                        u"who cannot speak) how they presented and interacted, for that contact."_s;
            out.append(f);
        }
    }

    for (const Family &family : caseload.families) {
        if (!family.domesticAbuseRecordedOn || !family.domesticAbuseRecordedOn->isValid())
            continue;
        const QDate since = *family.domesticAbuseRecordedOn;
        for (const Child *child : index.childrenByFamily.value(family.id)) {
            if (!child->dateOfBirth.isValid() || child->dateOfBirth >= today)
                continue;
            const auto views = index.viewsByChild.value(child->id);
            const bool heard = std::any_of(views.begin(), views.end(), [&](const ChildViews *cv) {
                if (!hasVoiceAndImpact(*cv))
                    return false;
                // Date the views by their contact; fall back to when they were recorded if the
                // contact is not in this caseload.
                const auto visit = index.visitById.constFind(cv->visitId);
                const QDate date = visit != index.visitById.constEnd() ? visit->date
                    : cv->recordedAt.isValid()                         ? cv->recordedAt.date()
                                                                       : QDate();
                return date.isValid() && date >= since;
            });
            if (heard)
                continue;
            Flag f;
            f.kind = FlagKind::ChildVoiceMissing;
            f.severity = FlagSeverity::Red;
            f.familyId = family.id;
            f.childId = child->id;
            f.subjectId = child->id;
            f.reason = u"Domestic abuse was recorded in the household on %1, and the child's voice and the impact "
                       u"on them have not been recorded since."_s.arg(formatDate(since));
            f.toClear = u"At a contact on or after %1, record the child's own words (or, for a baby or a child who "
                        u"cannot speak, how they presented) and what life at home is like for them."_s.arg(
                            formatDate(since));
            out.append(f);
        }
    }
}

// Theme 13. The offer is due within advocateOfferDays of the start (that day included); from the
// day after, every member without an offer is flagged.
void advocateFlags(const Caseload &caseload, const Index &index, const RuleSettings &s, const QDate &today,
                   QList<Flag> &out)
{
    for (const Family &family : caseload.families) {
        if (!family.careProceedingsStartedOn || !family.careProceedingsStartedOn->isValid())
            continue;
        const QDate started = *family.careProceedingsStartedOn;
        const qint64 since = started.daysTo(today);
        if (since <= s.advocateOfferDays)
            continue;
        for (const FamilyMember *m : index.membersByFamily.value(family.id)) {
            if (index.offeredMembers.contains(m->id))
                continue;
            Flag f;
            f.kind = FlagKind::AdvocateNotOffered;
            f.severity = FlagSeverity::Red;
            f.familyId = family.id;
            f.subjectId = m->id;
            f.daysOverdue = static_cast<int>(since - s.advocateOfferDays);
            f.reason = u"Care proceedings started on %1 and this family member (%2) has not been offered an "
                       u"advocate; the offer was due within %3."_s.arg(formatDate(started), m->relationship,
                                                                      days(s.advocateOfferDays));
            f.toClear = u"Record an advocate offer to this family member, with the service and their response."_s;
            out.append(f);
        }
    }
}

// Theme 5. The review date itself is not overdue; the day after is.
void alertFlags(const Caseload &caseload, const QDate &today, QList<Flag> &out)
{
    for (const Alert &a : caseload.alerts) {
        if (a.closedOn || !a.reviewOn.isValid() || a.reviewOn >= today)
            continue;
        Flag f;
        f.kind = FlagKind::AlertReviewOverdue;
        f.severity = FlagSeverity::Red;
        f.familyId = a.familyId;
        f.childId = a.childId;
        f.subjectId = a.id;
        f.daysOverdue = static_cast<int>(a.reviewOn.daysTo(today));
        f.reason = u"The %1 alert was due for review on %2 and is %3 overdue."_s.arg(a.category, formatDate(a.reviewOn),
                                                                                     days(f.daysOverdue));
        f.toClear = u"Review the alert: set a new review date, or close it."_s;
        out.append(f);
    }
}

// Theme 4. Any completed contact with the household on or after the move answers it.
void newFamilyFlags(const Caseload &caseload, const Index &index, const RuleSettings &s, const QDate &today,
                    QList<Flag> &out)
{
    for (const Family &family : caseload.families) {
        if (!family.movedInOn || !family.movedInOn->isValid())
            continue;
        const QDate moved = *family.movedInOn;
        const qint64 since = moved.daysTo(today);
        if (since <= s.newFamilyContactDays)
            continue;
        const auto visits = index.visitsByFamily.value(family.id);
        if (std::any_of(visits.begin(), visits.end(), [&](const DatedVisit &v) {
                return v.visit->outcome == Outcome::Completed && v.date >= moved;
            }))
            continue;
        Flag f;
        f.kind = FlagKind::NewFamilyNoContact;
        f.severity = FlagSeverity::Amber;
        f.familyId = family.id;
        f.subjectId = family.id;
        f.daysOverdue = static_cast<int>(since - s.newFamilyContactDays);
        const QString from = family.movedFrom.trimmed().isEmpty() ? QString() : u" from %1"_s.arg(family.movedFrom);
        f.reason = u"The family moved into the area%1 on %2 and has had no completed contact in %3; contact was "
                   u"due within %4."_s.arg(from, formatDate(moved), days(since), days(s.newFamilyContactDays));
        f.toClear = u"Record a completed contact with the family, and request records from the area they moved "
                    u"from."_s;
        out.append(f);
    }
}

} // namespace

QString toToken(FlagKind kind)
{
    switch (kind) {
    case FlagKind::NewbornNoFaceToFace:
        return u"newborn_no_face_to_face"_s;
    case FlagKind::WasNotBroughtPattern:
        return u"was_not_brought_pattern"_s;
    case FlagKind::ChildVoiceMissing:
        return u"child_voice_missing"_s;
    case FlagKind::AdvocateNotOffered:
        return u"advocate_not_offered"_s;
    case FlagKind::AlertReviewOverdue:
        return u"alert_review_overdue"_s;
    case FlagKind::NewFamilyNoContact:
        return u"new_family_no_contact"_s;
    }
    Q_UNREACHABLE_RETURN(QString());
}

QString label(FlagKind kind)
{
    switch (kind) {
    case FlagKind::NewbornNoFaceToFace:
        return u"No face-to-face visit"_s;
    case FlagKind::WasNotBroughtPattern:
        return u"Not brought to contacts"_s;
    case FlagKind::ChildVoiceMissing:
        return u"Child's voice missing"_s;
    case FlagKind::AdvocateNotOffered:
        return u"Advocate not offered"_s;
    case FlagKind::AlertReviewOverdue:
        return u"Alert review overdue"_s;
    case FlagKind::NewFamilyNoContact:
        return u"New family not contacted"_s;
    }
    Q_UNREACHABLE_RETURN(QString());
}

QString toToken(FlagSeverity severity)
{
    switch (severity) {
    case FlagSeverity::Info:
        return u"info"_s;
    case FlagSeverity::Amber:
        return u"amber"_s;
    case FlagSeverity::Red:
        return u"red"_s;
    }
    Q_UNREACHABLE_RETURN(QString());
}

QDate contactDate(const Visit &visit)
{
    static const QTimeZone uk(QByteArrayLiteral("Europe/London"));
    if (!visit.occurredAt.isValid())
        return {};
    // Without time-zone data the UTC day is the closest deterministic answer.
    return uk.isValid() ? visit.occurredAt.toTimeZone(uk).date() : visit.occurredAt.toUTC().date();
}

bool isNewBirthVisitFor(const Visit &visit, const Child &child)
{
    const auto listed = std::find_if(visit.children.begin(), visit.children.end(),
                                     [&](const VisitChild &vc) { return vc.childId == child.id; });
    if (listed == visit.children.end())
        return false;
    return isNewBirthContact(ChildContact{&visit, contactDate(visit), listed->seen}, child.dateOfBirth);
}

QList<Flag> computeNewbornFlags(const Caseload &caseload, const RuleSettings &settings, const QDate &today)
{
    const Index index(caseload);
    QList<Flag> flags;
    newbornFlags(caseload, index, settings, today, flags);
    sortFlags(flags);
    return flags;
}

QList<Flag> computeFlags(const Caseload &caseload, const RuleSettings &settings, const QDate &today)
{
    const Index index(caseload);
    QList<Flag> flags;
    newbornFlags(caseload, index, settings, today, flags);
    wasNotBroughtFlags(caseload, index, settings, today, flags);
    childVoiceFlags(caseload, index, today, flags);
    advocateFlags(caseload, index, settings, today, flags);
    alertFlags(caseload, today, flags);
    newFamilyFlags(caseload, index, settings, today, flags);
    sortFlags(flags);
    return flags;
}

} // namespace doorstep
