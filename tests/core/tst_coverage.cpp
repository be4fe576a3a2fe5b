// Coverage for supervisors on a small hand-built team whose figures are worked out by hand.
#include "core/coverage.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QTimeZone>

using namespace doorstep;
using namespace Qt::StringLiterals;

namespace {

const QDate today(2026, 11, 25);
const QDate from(2026, 11, 1);
const QDate to(2026, 11, 30);

Visit visit(const QString &id, const QString &family, const QString &practitioner, Role role,
            const QDate &date, ContactType type, Outcome outcome, const QStringList &children)
{
    Visit v;
    v.id = id;
    v.familyId = family;
    v.practitionerId = practitioner;
    v.practitionerRole = role;
    v.occurredAt = QDateTime(date, QTime(11, 0), QTimeZone(QByteArrayLiteral("Europe/London")));
    v.contactType = type;
    v.outcome = outcome;
    for (const QString &c : children)
        v.children.append(VisitChild{c, outcome == Outcome::Completed, false});
    return v;
}

Family family(const QString &id, const QString &practitioner)
{
    Family f;
    f.id = id;
    f.teamId = u"team-1"_s;
    f.practitionerId = practitioner;
    f.label = u"Test Household"_s;
    return f;
}

Child child(const QString &id, const QString &family, const QDate &dob)
{
    return Child{id, family, u"Test Baby"_s, dob, {}};
}

// Newborns of November 2026 (today 25 Nov):
//   a  born  1 Nov, home visit day 11           -> seen by day 14
//   b  born  3 Nov, home visit day 15           -> visited late: not seen by day 14, not flagged
//   c  born  5 Nov, no visit, 20 days old       -> flagged, 6 days overdue
//   d  born 20 Nov, no visit, 5 days old        -> flagged (not yet due), 0 overdue
//   e  born 10 Nov, video only, 15 days old     -> flagged, 1 day overdue
//   h  born  8 Nov, clinic visit on day 14      -> seen by day 14
// Not newborns of the period: g (born 31 Oct), x (expected 28 Nov), s (born 2024).
Caseload team()
{
    Caseload t;
    Family one = family(u"fam-1"_s, u"hv-1"_s);
    one.careProceedingsStartedOn = QDate(2026, 11, 10);
    Family two = family(u"fam-2"_s, u"hv-2"_s);
    two.careProceedingsStartedOn = QDate(2026, 11, 20);
    t.families = {one, two, family(u"fam-3"_s, u"hv-1"_s)};
    t.members = {FamilyMember{u"m1"_s, u"fam-1"_s, u"Test Parent One"_s, u"mother"_s},
                 FamilyMember{u"m2"_s, u"fam-1"_s, u"Test Parent Two"_s, u"father"_s},
                 FamilyMember{u"m3"_s, u"fam-2"_s, u"Test Parent Three"_s, u"mother"_s},
                 FamilyMember{u"m4"_s, u"fam-3"_s, u"Test Parent Four"_s, u"mother"_s}};
    t.offers = {AdvocateOffer{u"o1"_s, u"fam-1"_s, u"m1"_s, QDate(2026, 11, 11), u"sw-1"_s,
                              u"Test Advocacy"_s, AdvocateResponse::Accepted, std::nullopt},
                AdvocateOffer{u"o2"_s, u"fam-1"_s, u"m2"_s, QDate(2026, 11, 11), u"sw-1"_s,
                              u"Test Advocacy"_s, AdvocateResponse::Declined, std::nullopt}};
    t.children = {
        child(u"a"_s, u"fam-1"_s, QDate(2026, 11, 1)),  child(u"b"_s, u"fam-1"_s, QDate(2026, 11, 3)),
        child(u"c"_s, u"fam-1"_s, QDate(2026, 11, 5)),  child(u"d"_s, u"fam-2"_s, QDate(2026, 11, 20)),
        child(u"e"_s, u"fam-2"_s, QDate(2026, 11, 10)), child(u"h"_s, u"fam-2"_s, QDate(2026, 11, 8)),
        child(u"g"_s, u"fam-2"_s, QDate(2026, 10, 31)), child(u"x"_s, u"fam-3"_s, QDate(2026, 11, 28)),
        child(u"s"_s, u"fam-2"_s, QDate(2024, 6, 1))};
    t.visits = {
        visit(u"v-a"_s, u"fam-1"_s, u"hv-1"_s, Role::HealthVisitor, QDate(2026, 11, 12),
              ContactType::FaceToFaceHome, Outcome::Completed, {u"a"_s}),
        visit(u"v-b"_s, u"fam-1"_s, u"hv-1"_s, Role::HealthVisitor, QDate(2026, 11, 18),
              ContactType::FaceToFaceHome, Outcome::Completed, {u"b"_s}),
        visit(u"v-e"_s, u"fam-2"_s, u"hv-2"_s, Role::HealthVisitor, QDate(2026, 11, 15), ContactType::Video,
              Outcome::Completed, {u"e"_s}),
        visit(u"v-h"_s, u"fam-2"_s, u"mw-1"_s, Role::Midwife, QDate(2026, 11, 22),
              ContactType::FaceToFaceClinic, Outcome::Completed, {u"h"_s}),
        visit(u"v-wnb"_s, u"fam-2"_s, u"hv-2"_s, Role::HealthVisitor, QDate(2026, 11, 20),
              ContactType::FaceToFaceClinic, Outcome::WasNotBrought, {u"e"_s, u"s"_s}),
        // Before the period: counted nowhere.
        visit(u"v-old"_s, u"fam-2"_s, u"hv-2"_s, Role::HealthVisitor, QDate(2026, 10, 20),
              ContactType::FaceToFaceClinic, Outcome::WasNotBrought, {u"s"_s}),
    };
    return t;
}

} // namespace

class TestCoverage : public QObject
{
    Q_OBJECT

private slots:
    void figures()
    {
        const Coverage c = computeCoverage(team(), {}, from, to, today);
        QCOMPARE(c.from, from);
        QCOMPARE(c.to, to);
        QCOMPARE(c.newborns, 6);
        QCOMPARE(c.newbornsSeenByDay14, 2);
        QCOMPARE(c.newbornsSeenByDay14Percent, 33.3);
        QCOMPARE(c.stillFlagged.size(), 3);
        QCOMPARE(c.stillFlagged.at(0).childId, u"c"_s);
        QCOMPARE(c.stillFlagged.at(0).familyId, u"fam-1"_s);
        QCOMPARE(c.stillFlagged.at(0).practitionerId, u"hv-1"_s);
        QCOMPARE(c.stillFlagged.at(0).ageDays, 20);
        QCOMPARE(c.stillFlagged.at(0).daysOverdue, 6);
        QCOMPARE(c.stillFlagged.at(1).childId, u"e"_s);
        QCOMPARE(c.stillFlagged.at(1).practitionerId, u"hv-2"_s);
        QCOMPARE(c.stillFlagged.at(1).ageDays, 15);
        QCOMPARE(c.stillFlagged.at(1).daysOverdue, 1);
        QCOMPARE(c.stillFlagged.at(2).childId, u"d"_s);
        QCOMPARE(c.stillFlagged.at(2).ageDays, 5);
        QCOMPARE(c.stillFlagged.at(2).daysOverdue, 0);
        QCOMPARE(c.wasNotBroughtContacts, 2);
        QCOMPARE(c.familiesInProceedings, 2);
        QCOMPARE(c.familiesInProceedingsAllOffered, 1);
        QCOMPARE(c.visitsByContactType, (QMap<QString, int>{{u"face_to_face_home"_s, 2},
                                                            {u"face_to_face_clinic"_s, 2},
                                                            {u"video"_s, 1},
                                                            {u"telephone"_s, 0}}));
        QCOMPARE(c.visitsByPractitioner,
                 (QMap<QString, int>{{u"hv-1"_s, 2}, {u"hv-2"_s, 2}, {u"mw-1"_s, 1}}));
    }

    void stillFlaggedAgreesWithFlags()
    {
        const Caseload t = team();
        const Coverage c = computeCoverage(t, {}, from, to, today);
        QSet<QString> flagged;
        for (const Flag &f : computeFlags(t, {}, today)) {
            if (f.kind == FlagKind::NewbornNoFaceToFace)
                flagged.insert(f.childId);
        }
        // g is flagged too but was born before the period.
        QCOMPARE(flagged, (QSet<QString>{u"c"_s, u"d"_s, u"e"_s, u"g"_s}));
        for (const OverdueNewborn &n : c.stillFlagged)
            QVERIFY(flagged.contains(n.childId));
    }

    void clearingAFlagMovesTheFigures()
    {
        Caseload t = team();
        t.visits.append(visit(u"v-c"_s, u"fam-1"_s, u"hv-1"_s, Role::HealthVisitor, QDate(2026, 11, 25),
                              ContactType::FaceToFaceHome, Outcome::Completed, {u"c"_s}));
        const Coverage c = computeCoverage(t, {}, from, to, today);
        QCOMPARE(c.stillFlagged.size(), 2);
        QCOMPARE(c.stillFlagged.first().childId, u"e"_s);
        QCOMPARE(c.newbornsSeenByDay14, 2); // day 20 is too late to count
        QCOMPARE(c.visitsByPractitioner.value(u"hv-1"_s), 3);
    }

    void emptyPeriod()
    {
        const Coverage c = computeCoverage(team(), {}, QDate(2025, 1, 1), QDate(2025, 1, 31), today);
        QCOMPARE(c.newborns, 0);
        QCOMPARE(c.newbornsSeenByDay14, 0);
        QCOMPARE(c.newbornsSeenByDay14Percent, 0.0);
        QVERIFY(c.stillFlagged.isEmpty());
        QCOMPARE(c.visitsByContactType.value(u"video"_s), 0);
        QVERIFY(c.visitsByPractitioner.isEmpty());
    }

    void json()
    {
        const Coverage c = computeCoverage(team(), {}, from, to, today);
        const QJsonObject j = c.toJson();
        QCOMPARE(j.value(u"from"_s).toString(), u"2026-11-01"_s);
        QCOMPARE(j.value(u"to"_s).toString(), u"2026-11-30"_s);
        QCOMPARE(j.value(u"newborns"_s).toInt(), 6);
        QCOMPARE(j.value(u"newbornsSeenByDay14"_s).toInt(), 2);
        QCOMPARE(j.value(u"newbornsSeenByDay14Percent"_s).toDouble(), 33.3);
        QCOMPARE(j.value(u"wasNotBroughtContacts"_s).toInt(), 2);
        QCOMPARE(j.value(u"familiesInProceedings"_s).toInt(), 2);
        QCOMPARE(j.value(u"familiesInProceedingsAllOffered"_s).toInt(), 1);
        const QJsonArray flagged = j.value(u"stillFlagged"_s).toArray();
        QCOMPARE(flagged.size(), 3);
        QCOMPARE(flagged.at(0).toObject(), (QJsonObject{{u"childId"_s, u"c"_s},
                                                        {u"familyId"_s, u"fam-1"_s},
                                                        {u"practitionerId"_s, u"hv-1"_s},
                                                        {u"ageDays"_s, 20},
                                                        {u"daysOverdue"_s, 6}}));
        QCOMPARE(j.value(u"visitsByContactType"_s).toObject().value(u"face_to_face_clinic"_s).toInt(), 2);
        QCOMPARE(j.value(u"visitsByPractitioner"_s).toObject().value(u"mw-1"_s).toInt(), 1);
    }

    void csv()
    {
        const QString text = computeCoverage(team(), {}, from, to, today).toCsv();
        const QStringList lines = text.split(u"\r\n"_s);
        QVERIFY(text.endsWith(u"\r\n"_s));
        QCOMPARE(text.count(u'\n'), text.count(u"\r\n"_s)); // RFC 4180 line ends
        QCOMPARE(lines.at(0), u"section,summary"_s);
        QCOMPARE(lines.at(1), u"measure,value"_s);
        QVERIFY(lines.contains(u"newborns,6"_s));
        QVERIFY(lines.contains(u"newborns_seen_by_day_14,2"_s));
        QVERIFY(lines.contains(u"newborns_seen_by_day_14_percent,33.3"_s));
        QVERIFY(lines.contains(u"was_not_brought_contacts,2"_s));
        QVERIFY(lines.contains(u"families_in_proceedings,2"_s));
        QVERIFY(lines.contains(u"families_in_proceedings_all_offered,1"_s));
        const qsizetype flagged = lines.indexOf(u"section,newborns_still_flagged"_s);
        QVERIFY(flagged > 0);
        QCOMPARE(lines.at(flagged - 1), QString()); // sections are separated by a blank line
        QCOMPARE(lines.at(flagged + 1), u"child_id,family_id,practitioner_id,age_days,days_overdue"_s);
        QCOMPARE(lines.at(flagged + 2), u"c,fam-1,hv-1,20,6"_s);
        QCOMPARE(lines.at(flagged + 3), u"e,fam-2,hv-2,15,1"_s);
        QCOMPARE(lines.at(flagged + 4), u"d,fam-2,hv-2,5,0"_s);
        const qsizetype byType = lines.indexOf(u"section,visits_by_contact_type"_s);
        QVERIFY(byType > flagged);
        QCOMPARE(lines.at(byType + 1), u"contact_type,visits"_s);
        QVERIFY(lines.contains(u"face_to_face_home,2"_s));
        QVERIFY(lines.contains(u"telephone,0"_s));
        const qsizetype byPractitioner = lines.indexOf(u"section,visits_by_practitioner"_s);
        QVERIFY(byPractitioner > byType);
        QCOMPARE(lines.at(byPractitioner + 1), u"practitioner_id,visits"_s);
        QCOMPARE(lines.at(byPractitioner + 2), u"hv-1,2"_s);
    }

    void csvQuoting()
    {
        Coverage c;
        c.from = from;
        c.to = to;
        c.visitsByPractitioner.insert(u"smith, \"jo\""_s, 3);
        c.visitsByPractitioner.insert(u"line\nbreak"_s, 1);
        const QString text = c.toCsv();
        QVERIFY(text.contains(u"\"smith, \"\"jo\"\"\",3\r\n"_s));
        QVERIFY(text.contains(u"\"line\nbreak\",1\r\n"_s));
    }
};

QTEST_GUILESS_MAIN(TestCoverage)
#include "tst_coverage.moc"
