#include "coverage.h"

#include "vocabulary.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

const QList<ContactType> allContactTypes{ContactType::FaceToFaceHome, ContactType::FaceToFaceClinic,
                                         ContactType::Video, ContactType::Telephone};

// RFC 4180: quote a field that holds a comma, a quote or a line break; double inner quotes.
QString csvField(const QString &value)
{
    if (!value.contains(u',') && !value.contains(u'"') && !value.contains(u'\n') && !value.contains(u'\r'))
        return value;
    QString quoted = value;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString csvRow(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &f : fields)
        quoted.append(csvField(f));
    return quoted.join(u',') + u"\r\n"_s;
}

QString percentText(double percent)
{
    return QString::number(percent, 'f', 1);
}

} // namespace

Coverage computeCoverage(const Caseload &team, const RuleSettings &settings, const QDate &from,
                         const QDate &to, const QDate &today)
{
    Coverage c;
    c.from = from;
    c.to = to;
    for (const ContactType t : allContactTypes)
        c.visitsByContactType.insert(toToken(t), 0);

    QHash<QString, const Family *> familyById;
    for (const Family &f : team.families)
        familyById.insert(f.id, &f);

    // Newborns of the period who have been born by today.
    QHash<QString, const Child *> newborns;
    for (const Child &child : team.children) {
        const QDate dob = child.dateOfBirth;
        if (dob.isValid() && dob >= from && dob <= to && dob <= today)
            newborns.insert(child.id, &child);
    }
    c.newborns = static_cast<int>(newborns.size());

    // "By day 14" is the end of the new birth visit window in the settings (14 by default).
    QSet<QString> seenInTime;
    for (const Visit &v : team.visits) {
        const QDate date = contactDate(v);
        if (date.isValid() && date >= from && date <= to) {
            c.visitsByContactType[toToken(v.contactType)] += 1;
            c.visitsByPractitioner[v.practitionerId] += 1;
            if (v.outcome == Outcome::WasNotBrought)
                c.wasNotBroughtContacts += static_cast<int>(v.children.size());
        }
        for (const VisitChild &vc : v.children) {
            const Child *child = newborns.value(vc.childId);
            if (child && date <= child->dateOfBirth.addDays(settings.newbornRedAfterDay) &&
                isNewBirthVisitFor(v, *child))
                seenInTime.insert(child->id);
        }
    }
    c.newbornsSeenByDay14 = static_cast<int>(seenInTime.size());
    if (c.newborns > 0)
        c.newbornsSeenByDay14Percent = std::round(1000.0 * c.newbornsSeenByDay14 / c.newborns) / 10.0;

    // The same rule as the practitioner's flags, so both views agree on who is still waiting.
    for (const Flag &flag : computeNewbornFlags(team, settings, today)) {
        const Child *child = newborns.value(flag.childId);
        if (!child)
            continue;
        const Family *family = familyById.value(child->familyId);
        c.stillFlagged.append(
            OverdueNewborn{child->id, child->familyId, family ? family->practitionerId : QString(),
                           static_cast<int>(child->dateOfBirth.daysTo(today)), flag.daysOverdue});
    }
    std::sort(c.stillFlagged.begin(), c.stillFlagged.end(),
              [](const OverdueNewborn &a, const OverdueNewborn &b) {
                  if (a.daysOverdue != b.daysOverdue)
                      return a.daysOverdue > b.daysOverdue;
                  if (a.ageDays != b.ageDays)
                      return a.ageDays > b.ageDays;
                  return a.childId < b.childId;
              });

    // Families in care proceedings by the end of the period; a family with no members recorded
    // has nobody left to offer an advocate to, as for the flag.
    QSet<QString> offered;
    for (const AdvocateOffer &o : team.offers)
        offered.insert(o.memberId);
    QHash<QString, bool> allOffered;
    for (const Family &f : team.families) {
        if (f.careProceedingsStartedOn && f.careProceedingsStartedOn->isValid() &&
            *f.careProceedingsStartedOn <= to && *f.careProceedingsStartedOn <= today)
            allOffered.insert(f.id, true);
    }
    for (const FamilyMember &m : team.members) {
        const auto it = allOffered.find(m.familyId);
        if (it != allOffered.end() && !offered.contains(m.id))
            *it = false;
    }
    c.familiesInProceedings = static_cast<int>(allOffered.size());
    c.familiesInProceedingsAllOffered =
        static_cast<int>(std::count(allOffered.cbegin(), allOffered.cend(), true));
    return c;
}

QJsonObject Coverage::toJson() const
{
    QJsonArray flagged;
    for (const OverdueNewborn &n : stillFlagged) {
        flagged.append(QJsonObject{
            {u"childId"_s, n.childId},
            {u"familyId"_s, n.familyId},
            {u"practitionerId"_s, n.practitionerId},
            {u"ageDays"_s, n.ageDays},
            {u"daysOverdue"_s, n.daysOverdue},
        });
    }
    QJsonObject byType;
    for (auto it = visitsByContactType.begin(); it != visitsByContactType.end(); ++it)
        byType.insert(it.key(), it.value());
    QJsonObject byPractitioner;
    for (auto it = visitsByPractitioner.begin(); it != visitsByPractitioner.end(); ++it)
        byPractitioner.insert(it.key(), it.value());
    return QJsonObject{
        {u"from"_s, from.toString(Qt::ISODate)},
        {u"to"_s, to.toString(Qt::ISODate)},
        {u"newborns"_s, newborns},
        {u"newbornsSeenByDay14"_s, newbornsSeenByDay14},
        {u"newbornsSeenByDay14Percent"_s, newbornsSeenByDay14Percent},
        {u"stillFlagged"_s, flagged},
        {u"wasNotBroughtContacts"_s, wasNotBroughtContacts},
        {u"familiesInProceedings"_s, familiesInProceedings},
        {u"familiesInProceedingsAllOffered"_s, familiesInProceedingsAllOffered},
        {u"visitsByContactType"_s, byType},
        {u"visitsByPractitioner"_s, byPractitioner},
    };
}

QString Coverage::toCsv() const
{
    QString csv;
    csv += csvRow({u"section"_s, u"summary"_s});
    csv += csvRow({u"measure"_s, u"value"_s});
    csv += csvRow({u"from"_s, from.toString(Qt::ISODate)});
    csv += csvRow({u"to"_s, to.toString(Qt::ISODate)});
    csv += csvRow({u"newborns"_s, QString::number(newborns)});
    csv += csvRow({u"newborns_seen_by_day_14"_s, QString::number(newbornsSeenByDay14)});
    csv += csvRow({u"newborns_seen_by_day_14_percent"_s, percentText(newbornsSeenByDay14Percent)});
    csv += csvRow({u"was_not_brought_contacts"_s, QString::number(wasNotBroughtContacts)});
    csv += csvRow({u"families_in_proceedings"_s, QString::number(familiesInProceedings)});
    csv +=
        csvRow({u"families_in_proceedings_all_offered"_s, QString::number(familiesInProceedingsAllOffered)});

    csv += u"\r\n"_s;
    csv += csvRow({u"section"_s, u"newborns_still_flagged"_s});
    csv += csvRow({u"child_id"_s, u"family_id"_s, u"practitioner_id"_s, u"age_days"_s, u"days_overdue"_s});
    for (const OverdueNewborn &n : stillFlagged) {
        csv += csvRow({n.childId, n.familyId, n.practitionerId, QString::number(n.ageDays),
                       QString::number(n.daysOverdue)});
    }

    csv += u"\r\n"_s;
    csv += csvRow({u"section"_s, u"visits_by_contact_type"_s});
    csv += csvRow({u"contact_type"_s, u"visits"_s});
    for (auto it = visitsByContactType.begin(); it != visitsByContactType.end(); ++it)
        csv += csvRow({it.key(), QString::number(it.value())});

    csv += u"\r\n"_s;
    csv += csvRow({u"section"_s, u"visits_by_practitioner"_s});
    csv += csvRow({u"practitioner_id"_s, u"visits"_s});
    for (auto it = visitsByPractitioner.begin(); it != visitsByPractitioner.end(); ++it)
        csv += csvRow({it.key(), QString::number(it.value())});
    return csv;
}

} // namespace doorstep
