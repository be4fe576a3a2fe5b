#include "flags.h"

#include "vocabulary.h"

#include <QHash>
#include <QSet>
#include <QStringBuilder>
#include <QTimeZone>

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

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

// What each child figured in, built in one pass over the visits so that every rule is a walk over
// the caseload rather than a scan of all visits per child (caseloads of a whole team run to 100k
// children). The contacts of all children sit in one array, grouped by child in the order of
// caseload.children, so the rules, which walk the children in that order, find a child's contacts
// by position without hashing its id again. Each visit's day is worked out once here (visitDates,
// in the order of caseload.visits): the UK-day conversion is the costly part of a contact.
struct ContactIndex
{
    std::vector<ChildContact> contacts;
    std::vector<qsizetype> firstOfSlot; // slot s's contacts: [firstOfSlot[s], firstOfSlot[s + 1])
    std::vector<qsizetype>
        slotOfChild; // by position in caseload.children; two entries with one id share a slot
    QList<QDate> visitDates;

    // The contacts of the child at position i of caseload.children.
    std::span<const ChildContact> of(qsizetype i) const
    {
        const qsizetype slot = slotOfChild[size_t(i)];
        return std::span<const ChildContact>(contacts).subspan(
            size_t(firstOfSlot[size_t(slot)]),
            size_t(firstOfSlot[size_t(slot) + 1] - firstOfSlot[size_t(slot)]));
    }
};

// Two passes over the visits (count, then place) fill the one array without a list per child.
ContactIndex indexContacts(const Caseload &c)
{
    ContactIndex index;
    QHash<QString, qsizetype> slotOfId;
    slotOfId.reserve(c.children.size());
    index.slotOfChild.reserve(size_t(c.children.size()));
    for (const Child &child : c.children) {
        auto slot = slotOfId.constFind(child.id);
        if (slot == slotOfId.constEnd())
            slot = slotOfId.insert(child.id, slotOfId.size());
        index.slotOfChild.push_back(*slot);
    }

    // The slot of every child listed at a visit, in order (-1: not in this caseload's children).
    std::vector<qsizetype> listedSlots;
    listedSlots.reserve(size_t(c.visits.size()));
    std::vector<qsizetype> counts(size_t(slotOfId.size()) + 1, 0);
    index.visitDates.reserve(c.visits.size());
    for (const Visit &v : c.visits) {
        index.visitDates.append(contactDate(v));
        for (const VisitChild &vc : v.children) {
            const qsizetype slot = slotOfId.value(vc.childId, -1);
            listedSlots.push_back(slot);
            if (slot >= 0)
                ++counts[size_t(slot)];
        }
    }
    index.firstOfSlot.resize(counts.size(), 0);
    qsizetype total = 0;
    for (size_t s = 0; s < counts.size(); ++s) {
        index.firstOfSlot[s] = total;
        total += counts[s];
    }
    std::vector<qsizetype> next(index.firstOfSlot.begin(), index.firstOfSlot.end() - 1);
    index.contacts.resize(size_t(total), ChildContact{nullptr, {}, false});
    size_t listed = 0;
    for (qsizetype i = 0; i < c.visits.size(); ++i) {
        const Visit &v = c.visits.at(i);
        for (const VisitChild &vc : v.children) {
            if (const qsizetype slot = listedSlots[listed++]; slot >= 0)
                index.contacts[size_t(next[size_t(slot)]++)] =
                    ChildContact{&v, index.visitDates.at(i), vc.seen};
        }
    }
    return index;
}

// formatDate() for every flag made many thousands of identical strings; a caseload has few
// distinct contact days, so each is formatted once per computation.
class DateTexts
{
public:
    const QString &operator()(const QDate &date)
    {
        const qint64 day = date.isValid() ? date.toJulianDay() : std::numeric_limits<qint64>::min();
        auto it = m_texts.constFind(day);
        if (it == m_texts.constEnd())
            it = m_texts.insert(day, formatDate(date));
        return *it;
    }

private:
    QHash<qint64, QString> m_texts;
};

// The views recorded at each visit: one hash entry per visit, holding the position of its last
// view plus one (0: none), the others chained through next (-1 ends a chain). No list per visit,
// and one hash lookup per view: views are indexed on every computation.
struct ViewsByVisit
{
    QHash<QString, qsizetype> lastPlusOne;
    std::vector<qsizetype> previous; // by position in caseload.views

    template<typename F> bool any(const Caseload &c, const QString &visitId, F &&matches) const
    {
        if (lastPlusOne.isEmpty())
            return false;
        for (qsizetype i = lastPlusOne.value(visitId) - 1; i >= 0; i = previous[size_t(i)]) {
            if (matches(c.views.at(i)))
                return true;
        }
        return false;
    }
};

ViewsByVisit indexViews(const Caseload &c)
{
    ViewsByVisit index;
    index.lastPlusOne.reserve(c.views.size());
    index.previous.resize(size_t(c.views.size()));
    for (qsizetype i = 0; i < c.views.size(); ++i) {
        qsizetype &last = index.lastPlusOne[c.views.at(i).visitId];
        index.previous[size_t(i)] = last - 1;
        last = i + 1;
    }
    return index;
}

bool isNewBirthContact(const ChildContact &c, const QDate &dateOfBirth)
{
    const Visit &v = *c.visit;
    // A visit before the birth (antenatal) is not the new birth visit.
    return v.outcome == Outcome::Completed && isFaceToFace(v.contactType) &&
           isBirthVisitRole(v.practitionerRole) && c.date >= dateOfBirth;
}

QString days(qint64 n)
{
    return n == 1 ? u"1 day"_s : u"%1 days"_s.arg(n);
}

bool hasText(const QString &s)
{
    return std::any_of(s.begin(), s.end(), [](QChar c) { return !c.isSpace(); });
}

bool hasAnyView(const ChildViews &v)
{
    return hasText(v.words) || hasText(v.presentation) || hasText(v.livedExperience);
}

// Where domestic abuse is recorded, the child's voice (or, for a baby, presentation) and the
// impact on them are both required.
bool hasVoiceAndImpact(const ChildViews &v)
{
    return (hasText(v.words) || hasText(v.presentation)) && hasText(v.livedExperience);
}

// Ids compared as views, equal at once when they share their text (a flag's ids are copies of the
// records' ids, so most do).
int compareIds(const QString &a, const QString &b)
{
    if (a.constData() == b.constData() && a.size() == b.size())
        return 0;
    return QStringView(a).compare(QStringView(b));
}

// The first eight characters of an id as one number that orders as the text does, so that nearly
// every comparison of ids in the sort is one integer comparison (ids are UUIDs: eight hex digits
// tell nearly all apart). Each character takes a byte; one past Latin-1 takes 255 and ends the
// prefix, which keeps the order (a tie falls back to comparing the texts).
quint64 idPrefix(const QString &id)
{
    const QChar *c = id.constData();
    const qsizetype n = std::min<qsizetype>(id.size(), 8);
    quint64 prefix = 0;
    qsizetype i = 0;
    while (i < n) {
        const char16_t unit = c[i++].unicode();
        prefix = (prefix << 8) | std::min<char16_t>(unit, 255);
        if (unit >= 255)
            break;
    }
    return i == 0 ? 0 : prefix << (8 * (8 - i));
}

// Most severe first, then most overdue, then by family, child, kind and subject id. The flags
// themselves are large; a small key per flag is sorted and the flags moved once. Severity and days
// overdue make one number, so that most comparisons are of a few integers.
void sortFlags(QList<Flag> &flags)
{
    struct Key
    {
        quint64 rank; // larger first: severity, then days overdue
        quint64 family;
        quint64 child;
        quint64 subject;
        qint32 kind;
        qint32 index; // of the flag in flags
    };
    std::vector<Key> keys;
    keys.reserve(size_t(flags.size()));
    for (qsizetype i = 0; i < flags.size(); ++i) {
        const Flag &f = flags.at(i);
        // Days overdue are an int; offset into unsigned so that negative values still order.
        const quint64 days = quint64(qint64(f.daysOverdue) - qint64(std::numeric_limits<int>::min()));
        keys.push_back(Key{(quint64(f.severity) << 33) | days, idPrefix(f.familyId), idPrefix(f.childId),
                           idPrefix(f.subjectId), static_cast<qint32>(f.kind), static_cast<qint32>(i)});
    }
    std::sort(keys.begin(), keys.end(), [&flags](const Key &a, const Key &b) {
        if (a.rank != b.rank)
            return a.rank > b.rank;
        const Flag &fa = flags.at(a.index);
        const Flag &fb = flags.at(b.index);
        if (a.family != b.family)
            return a.family < b.family;
        if (const int c = compareIds(fa.familyId, fb.familyId); c != 0)
            return c < 0;
        if (a.child != b.child)
            return a.child < b.child;
        if (const int c = compareIds(fa.childId, fb.childId); c != 0)
            return c < 0;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        if (a.subject != b.subject)
            return a.subject < b.subject;
        return compareIds(fa.subjectId, fb.subjectId) < 0;
    });
    QList<Flag> sorted;
    sorted.reserve(flags.size());
    for (const Key &k : keys)
        sorted.append(std::move(flags[k.index]));
    flags = std::move(sorted);
}

// Theme 1. Age rule: a child aged 0..window days with no new birth visit; Info before the visit is
// due, Amber while it is due (amberFromDay..redAfterDay), Red after. Period rule: a child born in
// a configured period who never had one, at any age, is Red. Both apply: one flag, the more severe
// (the period rule, which is always Red).
void newbornFlags(const Caseload &caseload, const ContactIndex &contactsByChild, const RuleSettings &s,
                  const QDate &today, QList<Flag> &out)
{
    for (qsizetype i = 0; i < caseload.children.size(); ++i) {
        const Child &child = caseload.children.at(i);
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
        const std::span<const ChildContact> contacts = contactsByChild.of(i);
        if (std::any_of(contacts.begin(), contacts.end(),
                        [&](const ChildContact &c) { return isNewBirthContact(c, dob); }))
            continue;

        Flag f;
        f.kind = FlagKind::NewbornNoFaceToFace;
        f.familyId = child.familyId;
        f.childId = child.id;
        f.subjectId = child.id;
        f.daysOverdue = static_cast<int>(std::max<qint64>(0, age - s.newbornRedAfterDay));
        f.toClear =
            u"Record a completed face-to-face visit (home or clinic) by a midwife or health visitor that "
            u"includes this child."_s;
        const QString born = u"Born %1 (%2 old)"_s.arg(formatDate(dob), days(age));
        if (period) {
            f.severity = FlagSeverity::Red;
            f.reason =
                u"%1, during \"%2\" (%3 to %4), and never had a face-to-face visit by a midwife or health "
                u"visitor; every baby born in that period must have had one."_s.arg(
                    born, period->label, formatDate(period->from), formatDate(period->to));
        } else if (age <= s.newbornRedAfterDay) {
            f.severity = age < s.newbornAmberFromDay ? FlagSeverity::Info : FlagSeverity::Amber;
            f.reason =
                u"%1 and no face-to-face visit by a midwife or health visitor yet; the new birth visit is "
                u"due between day %2 and day %3."_s.arg(born)
                    .arg(s.newbornAmberFromDay)
                    .arg(s.newbornRedAfterDay);
        } else {
            f.severity = FlagSeverity::Red;
            f.reason =
                u"%1 and no face-to-face visit by a midwife or health visitor yet; the new birth visit was "
                u"due by day %2 and is %3 overdue."_s.arg(born)
                    .arg(s.newbornRedAfterDay)
                    .arg(days(f.daysOverdue));
        }
        out.append(f);
    }
}

// Theme 3. Contacts missed in the window [today - window, today], both ends inclusive. A later
// completed contact at which the child was seen answers the pattern.
void wasNotBroughtFlags(const Caseload &caseload, const ContactIndex &contactsByChild, const RuleSettings &s,
                        const QDate &today, QList<Flag> &out)
{
    const QDate windowStart = today.addDays(-s.wasNotBroughtWindowDays);
    for (qsizetype i = 0; i < caseload.children.size(); ++i) {
        const Child &child = caseload.children.at(i);
        const std::span<const ChildContact> contacts = contactsByChild.of(i);
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
            return c.seen && c.visit->outcome == Outcome::Completed &&
                   c.visit->occurredAt > latest->visit->occurredAt && c.date <= today;
        });
        if (seenSince)
            continue;
        Flag f;
        f.kind = FlagKind::WasNotBroughtPattern;
        f.severity = count >= 2 * s.wasNotBroughtCount ? FlagSeverity::Red : FlagSeverity::Amber;
        f.familyId = child.familyId;
        f.childId = child.id;
        f.subjectId = child.id;
        f.reason =
            u"The child was not brought to %1 contacts in the last %2 (most recently on %3)."_s.arg(count)
                .arg(days(s.wasNotBroughtWindowDays), formatDate(latest->date));
        f.toClear = u"Record a completed contact at which the child is seen. If the child is still not being "
                    u"brought, talk it through with your safeguarding lead."_s;
        out.append(f);
    }
}

// Theme 3. (a) Every completed contact at which a child was seen needs the child's views or
// presentation. (b) Where domestic abuse is recorded, each child already born needs, from a
// contact on or after that date, their voice (or presentation) and the impact on them.
void childVoiceFlags(const Caseload &caseload, const ContactIndex &contactsByChild, const QDate &today,
                     DateTexts &dateText, QList<Flag> &out)
{
    const ViewsByVisit viewsByVisit = indexViews(caseload);
    const auto anyViews = [&](const QString &visitId, const QString &childId,
                              bool (*enough)(const ChildViews &)) {
        return viewsByVisit.any(caseload, visitId,
                                [&](const ChildViews &cv) { return cv.childId == childId && enough(cv); });
    };

    // The reason is one concatenation (a single allocation) of texts worked out once: this rule
    // raises a flag per contact, tens of thousands on a large caseload.
    QString lowerLabels[4];
    for (const ContactType t : {ContactType::FaceToFaceHome, ContactType::FaceToFaceClinic,
                                ContactType::Video, ContactType::Telephone})
        lowerLabels[static_cast<int>(t)] = label(t).toLower();
    const QString toClear =
        u"Record the child's own words, what a day is like for them, or (for a baby or a child "
        u"who cannot speak) how they presented and interacted, for that contact."_s;
    for (qsizetype i = 0; i < caseload.visits.size(); ++i) {
        const Visit &v = caseload.visits.at(i);
        if (v.outcome != Outcome::Completed)
            continue;
        for (const VisitChild &vc : v.children) {
            if (!vc.seen)
                continue;
            if (anyViews(v.id, vc.childId, &hasAnyView))
                continue;
            Flag f;
            f.kind = FlagKind::ChildVoiceMissing;
            f.severity = FlagSeverity::Amber;
            f.familyId = v.familyId;
            f.childId = vc.childId;
            f.subjectId = v.id;
            f.reason = u"The child was seen at the "_s % lowerLabels[static_cast<int>(v.contactType)] %
                       u" contact on "_s % dateText(contactsByChild.visitDates.at(i)) %
                       u", but their views, or how they presented, were not recorded."_s;
            f.toClear = toClear;
            out.append(std::move(f));
        }
    }

    QHash<QString, QDate> abuseRecordedOn;
    for (const Family &family : caseload.families) {
        if (family.domesticAbuseRecordedOn && family.domesticAbuseRecordedOn->isValid())
            abuseRecordedOn.insert(family.id, *family.domesticAbuseRecordedOn);
    }
    if (abuseRecordedOn.isEmpty())
        return;
    for (qsizetype i = 0; i < caseload.children.size(); ++i) {
        const Child &child = caseload.children.at(i);
        const auto recorded = abuseRecordedOn.constFind(child.familyId);
        if (recorded == abuseRecordedOn.constEnd() || !child.dateOfBirth.isValid() ||
            child.dateOfBirth >= today)
            continue;
        const QDate since = *recorded;
        // The views count when the contact they were recorded at is on or after the date the abuse
        // was recorded; the contact dates them, so views of a contact not listing the child do not.
        const std::span<const ChildContact> contacts = contactsByChild.of(i);
        const bool heard = std::any_of(contacts.begin(), contacts.end(), [&](const ChildContact &c) {
            return c.date >= since && anyViews(c.visit->id, child.id, &hasVoiceAndImpact);
        });
        if (heard)
            continue;
        Flag f;
        f.kind = FlagKind::ChildVoiceMissing;
        f.severity = FlagSeverity::Red;
        f.familyId = child.familyId;
        f.childId = child.id;
        f.subjectId = child.id;
        f.reason =
            u"Domestic abuse was recorded in the household on %1, and the child's voice and the impact "
            u"on them have not been recorded since."_s.arg(formatDate(since));
        f.toClear =
            u"At a contact on or after %1, record the child's own words (or, for a baby or a child who "
            u"cannot speak, how they presented) and what life at home is like for them."_s.arg(
                formatDate(since));
        out.append(f);
    }
}

// Theme 13. The offer is due within advocateOfferDays of the start (that day included); from the
// day after, every member without an offer is flagged.
void advocateFlags(const Caseload &caseload, const RuleSettings &s, const QDate &today, QList<Flag> &out)
{
    QHash<QString, const Family *> overdue; // families whose offers are now due, by id
    for (const Family &family : caseload.families) {
        if (family.careProceedingsStartedOn && family.careProceedingsStartedOn->isValid() &&
            family.careProceedingsStartedOn->daysTo(today) > s.advocateOfferDays)
            overdue.insert(family.id, &family);
    }
    if (overdue.isEmpty())
        return;
    QSet<QString> offered;
    offered.reserve(caseload.offers.size());
    for (const AdvocateOffer &o : caseload.offers)
        offered.insert(o.memberId);
    for (const FamilyMember &m : caseload.members) {
        const Family *family = overdue.value(m.familyId);
        if (!family || offered.contains(m.id))
            continue;
        const QDate started = *family->careProceedingsStartedOn;
        Flag f;
        f.kind = FlagKind::AdvocateNotOffered;
        f.severity = FlagSeverity::Red;
        f.familyId = family->id;
        f.subjectId = m.id;
        f.daysOverdue = static_cast<int>(started.daysTo(today) - s.advocateOfferDays);
        f.reason =
            u"Care proceedings started on %1 and this family member (%2) has not been offered an advocate; "
            u"the offer was due within %3."_s.arg(formatDate(started), m.relationship,
                                                  days(s.advocateOfferDays));
        f.toClear = u"Record an advocate offer to this family member, with the service and their response."_s;
        out.append(f);
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
        f.reason = u"The alert (%1) was due for review on %2 and is %3 overdue."_s.arg(
            a.category, formatDate(a.reviewOn), days(f.daysOverdue));
        f.toClear = u"Review the alert: set a new review date, or close it."_s;
        out.append(f);
    }
}

// Theme 4. Any completed contact with the household on or after the move answers it.
void newFamilyFlags(const Caseload &caseload, const ContactIndex &index, const RuleSettings &s,
                    const QDate &today, QList<Flag> &out)
{
    QHash<QString, QDate> movedInOn;
    for (const Family &family : caseload.families) {
        if (family.movedInOn && family.movedInOn->isValid() &&
            family.movedInOn->daysTo(today) > s.newFamilyContactDays)
            movedInOn.insert(family.id, *family.movedInOn);
    }
    if (movedInOn.isEmpty())
        return;
    QSet<QString> contacted;
    for (qsizetype i = 0; i < caseload.visits.size(); ++i) {
        const Visit &v = caseload.visits.at(i);
        if (v.outcome != Outcome::Completed)
            continue;
        const auto moved = movedInOn.constFind(v.familyId);
        if (moved != movedInOn.constEnd() && index.visitDates.at(i) >= *moved)
            contacted.insert(v.familyId);
    }
    for (const Family &family : caseload.families) {
        if (!movedInOn.contains(family.id) || contacted.contains(family.id))
            continue;
        const QDate moved = *family.movedInOn;
        const qint64 since = moved.daysTo(today);
        Flag f;
        f.kind = FlagKind::NewFamilyNoContact;
        f.severity = FlagSeverity::Amber;
        f.familyId = family.id;
        f.subjectId = family.id;
        f.daysOverdue = static_cast<int>(since - s.newFamilyContactDays);
        const QString from =
            family.movedFrom.trimmed().isEmpty() ? QString() : u" from %1"_s.arg(family.movedFrom);
        f.reason =
            u"The family moved into the area%1 on %2 and has had no completed contact in %3; contact was "
            u"due within %4."_s.arg(from, formatDate(moved), days(since), days(s.newFamilyContactDays));
        f.toClear =
            u"Record a completed contact with the family, and request records from the area they moved "
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
    Q_UNREACHABLE();
    return {};
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
    Q_UNREACHABLE();
    return {};
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
    Q_UNREACHABLE();
    return {};
}

QDate contactDate(const Visit &visit)
{
    static const QTimeZone uk(QByteArrayLiteral("Europe/London"));
    if (!visit.occurredAt.isValid())
        return {};
    // The UTC day and time of day by arithmetic on the epoch milliseconds: the same as
    // toUTC().date() and .time(), without building a QDateTime for every contact.
    constexpr qint64 msPerDay = 24 * 60 * 60 * 1000;
    constexpr qint64 julianDayOfEpoch = 2440588; // 1970-01-01
    const qint64 ms = visit.occurredAt.toMSecsSinceEpoch();
    const qint64 day = ms >= 0 ? ms / msPerDay : -((-ms + msPerDay - 1) / msPerDay);
    const qint64 msOfDay = ms - day * msPerDay;
    // UK time is UTC or up to two hours ahead of it, so before 22:00 UTC the day is the same; this
    // spares the slow time-zone conversion for nearly every contact.
    constexpr qint64 lastSameDayMs = 22 * 60 * 60 * 1000;
    if (msOfDay < lastSameDayMs || !uk.isValid())
        return QDate::fromJulianDay(julianDayOfEpoch + day);
    return visit.occurredAt.toTimeZone(uk).date();
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
    QList<Flag> flags;
    newbornFlags(caseload, indexContacts(caseload), settings, today, flags);
    sortFlags(flags);
    return flags;
}

QList<Flag> computeFlags(const Caseload &caseload, const RuleSettings &settings, const QDate &today)
{
    const ContactIndex contacts = indexContacts(caseload);
    DateTexts dateText;
    QList<Flag> flags;
    newbornFlags(caseload, contacts, settings, today, flags);
    wasNotBroughtFlags(caseload, contacts, settings, today, flags);
    childVoiceFlags(caseload, contacts, today, dateText, flags);
    advocateFlags(caseload, settings, today, flags);
    alertFlags(caseload, today, flags);
    newFamilyFlags(caseload, contacts, settings, today, flags);
    sortFlags(flags);
    return flags;
}

} // namespace doorstep
