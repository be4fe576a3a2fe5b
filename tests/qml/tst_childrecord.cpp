// buildChildRecord: the child, the household with relationships and advocate offers, care
// proceedings and moving in, and the chronology newest first, with only this child's records,
// the household's adult appointments, and amendments marked on what they correct.
#include "app/childrecord.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::app::buildChildRecord;

namespace {

QDateTime london(QDate day, QTime time)
{
    return QDateTime(day, time, QTimeZone("Europe/London")).toUTC();
}

Caseload fixture()
{
    Caseload c;
    Family f;
    f.id = u"f1"_s;
    f.label = u"Test Family A"_s;
    f.postcode = u"ZZ99 1AA"_s;
    f.movedInOn = QDate(2026, 9, 1);
    f.movedFrom = u"Test Town"_s;
    f.careProceedingsStartedOn = QDate(2026, 10, 1);
    c.families = {f, Family{u"f2"_s, {}, {}, u"Test Family B"_s, {}, {}, {}, {}, false, {}, {}, {}}};
    c.members = {FamilyMember{u"m1"_s, u"f1"_s, u"Test Parent A"_s, u"Mother"_s},
                 FamilyMember{u"m2"_s, u"f1"_s, u"Test Parent B"_s, u"Stepfather"_s},
                 FamilyMember{u"m3"_s, u"f2"_s, u"Test Other"_s, u"Father"_s}};
    c.children = {Child{u"c1"_s, u"f1"_s, u"Test Child One"_s, QDate(2022, 6, 10), {}},
                  Child{u"c2"_s, u"f1"_s, u"Test Child Two"_s, QDate(2024, 1, 5), {}},
                  Child{u"c3"_s, u"f2"_s, u"Test Child Three"_s, QDate(2024, 1, 5), {}}};
    Visit v1;
    v1.id = u"v1"_s;
    v1.familyId = u"f1"_s;
    v1.occurredAt = london(QDate(2026, 11, 20), QTime(10, 0));
    v1.children = {VisitChild{u"c1"_s, true, true}};
    v1.observations = u"Test observation"_s;
    Visit v2 = v1; // about the sibling only: not in c1's chronology
    v2.id = u"v2"_s;
    v2.children = {VisitChild{u"c2"_s, true, false}};
    Visit v3 = v1; // the mother's own appointment: part of the household's story
    v3.id = u"v3"_s;
    v3.occurredAt = london(QDate(2026, 11, 1), QTime(9, 0));
    v3.children = {};
    v3.contactType = ContactType::Telephone;
    v3.outcome = Outcome::DidNotAttend;
    Visit v4 = v1; // another family
    v4.id = u"v4"_s;
    v4.familyId = u"f2"_s;
    v4.children = {VisitChild{u"c3"_s, true, false}};
    c.visits = {v3, v1, v2, v4};
    c.views = {ChildViews{u"w1"_s, u"v1"_s, u"c1"_s, u"Test words"_s, {}, {}, v1.occurredAt}};
    AdvocateOffer offer;
    offer.id = u"o1"_s;
    offer.familyId = u"f1"_s;
    offer.memberId = u"m1"_s;
    offer.offeredOn = QDate(2026, 10, 3);
    offer.response = AdvocateResponse::Accepted;
    c.offers = {offer};
    Alert forSibling;
    forSibling.id = u"a2"_s;
    forSibling.familyId = u"f1"_s;
    forSibling.childId = u"c2"_s;
    forSibling.raisedOn = QDate(2026, 11, 15);
    Alert forFamily = forSibling;
    forFamily.id = u"a1"_s;
    forFamily.childId.clear();
    forFamily.category = u"Test category"_s;
    forFamily.reviewOn = QDate(2026, 11, 20);
    c.alerts = {forSibling, forFamily};
    c.amendments = {Amendment{u"x1"_s, u"visit"_s, u"v1"_s, u"u1"_s, london(QDate(2026, 11, 21), QTime(9, 0)),
                              u"Test reason"_s, u"Test correction"_s}};
    return c;
}

} // namespace

class TestChildRecord : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void childAndHousehold()
    {
        const auto record = buildChildRecord(fixture(), u"c1"_s, QDate(2026, 11, 25));
        QCOMPARE(record.childId, u"c1"_s);
        QCOMPARE(record.name, u"Test Child One"_s);
        QCOMPARE(record.dateOfBirthText, u"Born 10 Jun 2022"_s);
        QCOMPARE(record.ageText, u"4 years old"_s);
        QCOMPARE(record.summaryText, u"4 years old · Born 10 Jun 2022"_s);
        QCOMPARE(record.familyLabel, u"Test Family A"_s);
        QVERIFY(record.inCareProceedings);
        QCOMPARE(record.careProceedingsText, u"In care proceedings since 1 Oct 2026"_s);
        QCOMPARE(record.movedInText, u"Moved into the area on 1 Sep 2026, from Test Town"_s);
        QVERIFY(record.carerText.isEmpty());
        QCOMPARE(record.members.size(), 3);
        QCOMPARE(record.members.at(0).name, u"Test Parent A"_s);
        QCOMPARE(record.members.at(0).advocateText, u"Advocate offered 3 Oct 2026: Accepted"_s);
        QCOMPARE(record.members.at(1).relationship, u"Stepfather"_s);
        QCOMPARE(record.members.at(1).advocateText, u"No advocate offered yet"_s);
        QCOMPARE(record.members.at(2).name, u"Test Child Two"_s);
        QCOMPARE(record.members.at(2).relationship, u"Child on the caseload"_s);
    }

    void chronologyNewestFirst()
    {
        const auto record = buildChildRecord(fixture(), u"c1"_s, QDate(2026, 11, 25));
        QStringList ids;
        for (const auto &entry : record.chronology)
            ids.append(entry.id);
        // Amendment (21 Nov), visit then its views (20 Nov), the family's alert (15 Nov), the
        // mother's appointment (1 Nov), the offer (3 Oct). Not the sibling's visit or alert, nor
        // the other family's visit.
        QCOMPARE(ids, (QStringList{u"x1"_s, u"v1"_s, u"w1"_s, u"a1"_s, u"v3"_s, u"o1"_s}));
        QCOMPARE(record.chronology.at(1).amendedText, u"Amended 21 Nov 2026"_s);
        QVERIFY(record.chronology.at(2).amendedText.isEmpty());
        QCOMPARE(record.chronology.at(0).title, u"Correction to a visit of 20 Nov 2026"_s);
        QVERIFY(record.chronology.at(1).detail.contains(u"Seen alone"_s));
        QVERIFY(record.chronology.at(1).detail.contains(u"Test observation"_s));
        QVERIFY(record.chronology.at(3).detail.contains(u"Review overdue since 20 Nov 2026"_s));
        QCOMPARE(record.chronology.at(4).title, u"Telephone: Did not attend (adult's own appointment)"_s);
        QCOMPARE(record.chronology.at(5).title, u"Advocate offered to Test Parent A: Accepted"_s);
    }

    void unknownChildIsEmpty()
    {
        const auto record = buildChildRecord(fixture(), u"nobody"_s, QDate(2026, 11, 25));
        QVERIFY(record.childId.isEmpty());
        QVERIFY(record.chronology.isEmpty());
        const auto other = buildChildRecord(fixture(), u"c3"_s, QDate(2026, 11, 25));
        QCOMPARE(other.careProceedingsText, u"Not in care proceedings"_s);
        QVERIFY(other.movedInText.isEmpty());
        QCOMPARE(other.chronology.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestChildRecord)
#include "tst_childrecord.moc"
