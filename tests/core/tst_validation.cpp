// Validation of each record: NHS numbers, "was not brought" for children, explicit alerts and the
// required fields, each problem naming its field.
#include "core/validation.h"

#include <QTest>

using namespace doorstep;
using namespace Qt::StringLiterals;

namespace {

QStringList fields(const Problems &problems)
{
    QStringList out;
    for (const Error &e : problems)
        out.append(e.field);
    return out;
}

Visit goodVisit()
{
    Visit v;
    v.id = u"visit-1"_s;
    v.familyId = u"family-1"_s;
    v.practitionerId = u"hv-1"_s;
    v.practitionerRole = Role::HealthVisitor;
    v.occurredAt = QDateTime(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);
    v.contactType = ContactType::FaceToFaceHome;
    v.outcome = Outcome::Completed;
    v.children = {VisitChild{u"child-1"_s, true, false}};
    v.signedOffAt = QDateTime(QDate(2026, 11, 20), QTime(11, 0), Qt::UTC);
    return v;
}

Alert goodAlert()
{
    Alert a;
    a.id = u"alert-1"_s;
    a.familyId = u"family-1"_s;
    a.childId = u"child-1"_s;
    a.category = u"Domestic abuse"_s;
    a.whatHappened =
        u"On 18 Nov 2026 police were called to the home after the mother's partner hit her while "
        u"Test Baby One was in the room."_s;
    a.whoIsAtRisk = u"Test Baby One and the mother"_s;
    a.riskFrom = u"The mother's partner"_s;
    a.source = u"Police notification"_s;
    a.raisedOn = QDate(2026, 11, 19);
    a.requiredAction = u"Health visitor to make a joint home visit with the social worker within 2 days."_s;
    a.reviewOn = QDate(2026, 12, 3);
    return a;
}

Family goodFamily()
{
    Family f;
    f.id = u"family-1"_s;
    f.teamId = u"team-1"_s;
    f.practitionerId = u"hv-1"_s;
    f.label = u"Test Household One"_s;
    return f;
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void nhsNumber_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("valid") << u"9434765919"_s << true << QString();
        QTest::newRow("valid, check digit 0 from 11") << u"9434765870"_s << true << QString();
        QTest::newRow("valid, other") << u"4010232137"_s << true << QString();
        QTest::newRow("valid, spaced as printed") << u"943 476 5919"_s << true << QString();
        QTest::newRow("valid, odd spacing") << u" 9434 7659 19 "_s << true << QString();
        QTest::newRow("wrong check digit")
            << u"9434765918"_s << false << u"NHS number 943 476 5918 fails its check digit"_s;
        QTest::newRow("wrong check digit, spaced")
            << u"943 476 5918"_s << false << u"fails its check digit"_s;
        QTest::newRow("check digit would be 10") << u"1234567890"_s << false << u"fails its check digit"_s;
        QTest::newRow("nine digits") << u"943476591"_s << false << u"has 9"_s;
        QTest::newRow("eleven digits") << u"94347659190"_s << false << u"has 11"_s;
        QTest::newRow("letters") << u"94347659A9"_s << false << u"digits only"_s;
        QTest::newRow("dashes") << u"943-476-5919"_s << false << u"digits only"_s;
        QTest::newRow("empty") << QString() << false << u"10-digit"_s;
        QTest::newRow("only spaces") << u"   "_s << false << u"10-digit"_s;
    }
    void nhsNumber()
    {
        QFETCH(QString, number);
        QFETCH(bool, valid);
        QFETCH(QString, messagePart);
        const Problems p = validateNhsNumber(number);
        QCOMPARE(p.isEmpty(), valid);
        if (!valid) {
            QCOMPARE(p.size(), 1);
            QCOMPARE(p.first().field, u"nhsNumber"_s);
            QCOMPARE(p.first().code, u"invalid"_s);
            QVERIFY2(p.first().message.contains(messagePart), qPrintable(p.first().message));
        }
    }

    void child_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QStringList>("expectedFields");
        QTest::newRow("valid") << u""_s << QStringList();
        QTest::newRow("expected baby") << u"future dob"_s << QStringList();
        QTest::newRow("no NHS number") << u"no nhs"_s << QStringList();
        QTest::newRow("bad NHS number") << u"bad nhs"_s << QStringList{u"nhsNumber"_s};
        QTest::newRow("no name") << u"no name"_s << QStringList{u"name"_s};
        QTest::newRow("no family") << u"no family"_s << QStringList{u"familyId"_s};
        QTest::newRow("no date of birth") << u"no dob"_s << QStringList{u"dateOfBirth"_s};
        QTest::newRow("no id") << u"no id"_s << QStringList{u"id"_s};
    }
    void child()
    {
        QFETCH(QString, change);
        QFETCH(QStringList, expectedFields);
        Child c{u"child-1"_s, u"family-1"_s, u"Test Baby One"_s, QDate(2026, 11, 1), u"9434765919"_s};
        if (change == u"future dob")
            c.dateOfBirth = QDate(2027, 3, 1);
        else if (change == u"no nhs")
            c.nhsNumber.clear();
        else if (change == u"bad nhs")
            c.nhsNumber = u"9434765918"_s;
        else if (change == u"no name")
            c.name = u"  "_s;
        else if (change == u"no family")
            c.familyId.clear();
        else if (change == u"no dob")
            c.dateOfBirth = QDate();
        else if (change == u"no id")
            c.id.clear();
        QCOMPARE(fields(validateChild(c)), expectedFields);
    }

    void visitDidNotAttend_data()
    {
        QTest::addColumn<bool>("withChild");
        QTest::addColumn<bool>("valid");
        QTest::newRow("child's contact: refused") << true << false;
        QTest::newRow("adult's own appointment: allowed") << false << true;
    }
    void visitDidNotAttend()
    {
        QFETCH(bool, withChild);
        QFETCH(bool, valid);
        Visit v = goodVisit();
        v.outcome = Outcome::DidNotAttend;
        v.children =
            withChild ? QList<VisitChild>{VisitChild{u"child-1"_s, false, false}} : QList<VisitChild>{};
        const Problems p = validateVisit(v);
        QCOMPARE(p.isEmpty(), valid);
        if (!valid) {
            QCOMPARE(p.size(), 1);
            QCOMPARE(p.first().field, u"outcome"_s);
            QVERIFY(p.first().message.contains(u"\"was not brought\""_s));
            QVERIFY(p.first().message.contains(u"never"_s));
        }
    }

    void visit_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QStringList>("expectedFields");
        QTest::newRow("valid") << QString() << QStringList();
        QTest::newRow("draft, not signed off") << u"draft"_s << QStringList();
        QTest::newRow("no id") << u"no id"_s << QStringList{u"id"_s};
        QTest::newRow("no family") << u"no family"_s << QStringList{u"familyId"_s};
        QTest::newRow("no practitioner") << u"no practitioner"_s << QStringList{u"practitionerId"_s};
        QTest::newRow("no time") << u"no time"_s << QStringList{u"occurredAt"_s};
        QTest::newRow("signed off before it happened")
            << u"early sign-off"_s << QStringList{u"signedOffAt"_s};
        QTest::newRow("seen alone but not seen") << u"alone not seen"_s << QStringList{u"children"_s};
        QTest::newRow("seen and seen alone") << u"alone and seen"_s << QStringList();
        QTest::newRow("child listed twice") << u"twice"_s << QStringList{u"children"_s};
        QTest::newRow("child without id") << u"blank child"_s << QStringList{u"children"_s};
        QTest::newRow("was not brought, child not seen") << u"wnb"_s << QStringList();
        QTest::newRow("was not brought but seen") << u"wnb seen"_s << QStringList{u"children"_s};
        QTest::newRow("no access but seen") << u"no access seen"_s << QStringList{u"children"_s};
        QTest::newRow("was not brought, no child") << u"wnb no child"_s << QStringList{u"children"_s};
        QTest::newRow("telephone, adult only") << u"phone adult"_s << QStringList();
    }
    void visit()
    {
        QFETCH(QString, change);
        QFETCH(QStringList, expectedFields);
        Visit v = goodVisit();
        if (change == u"draft")
            v.signedOffAt = QDateTime();
        else if (change == u"no id")
            v.id.clear();
        else if (change == u"no family")
            v.familyId.clear();
        else if (change == u"no practitioner")
            v.practitionerId.clear();
        else if (change == u"no time") {
            v.occurredAt = QDateTime();
        } else if (change == u"early sign-off") {
            v.signedOffAt = v.occurredAt.addSecs(-60);
        } else if (change == u"alone not seen") {
            v.children = {VisitChild{u"child-1"_s, false, true}};
        } else if (change == u"alone and seen") {
            v.children = {VisitChild{u"child-1"_s, true, true}};
        } else if (change == u"twice") {
            v.children = {VisitChild{u"child-1"_s, true, false}, VisitChild{u"child-1"_s, false, false}};
        } else if (change == u"blank child") {
            v.children = {VisitChild{QString(), true, false}};
        } else if (change == u"wnb") {
            v.outcome = Outcome::WasNotBrought;
            v.children = {VisitChild{u"child-1"_s, false, false}};
        } else if (change == u"wnb seen") {
            v.outcome = Outcome::WasNotBrought;
        } else if (change == u"no access seen") {
            v.outcome = Outcome::NoAccess;
        } else if (change == u"wnb no child") {
            v.outcome = Outcome::WasNotBrought;
            v.children.clear();
        } else if (change == u"phone adult") {
            v.contactType = ContactType::Telephone;
            v.children.clear();
        }
        const Problems p = validateVisit(v);
        QCOMPARE(fields(p), expectedFields);
    }

    void alertDescription_data()
    {
        QTest::addColumn<QString>("whatHappened");
        QTest::addColumn<bool>("valid");
        QTest::newRow("explicit") << goodAlert().whatHappened << true;
        QTest::newRow("explicit, mentions concerns")
            << u"Nursery staff raised concerns on 17 Nov 2026 about a "
               u"burn on Test Child Two's right hand, unexplained."_s
            << true;
        QTest::newRow("concerns") << u"concerns"_s << false;
        QTest::newRow("see notes") << u"See notes"_s << false;
        QTest::newRow("as before") << u"As before."_s << false;
        QTest::newRow("n/a") << u"n/a"_s << false;
        QTest::newRow("tbc") << u"TBC"_s << false;
        QTest::newRow("short but specific") << u"Bruise on cheek"_s << false;
        QTest::newRow("24 characters") << u"Bruise seen on left leg."_s << false;
        QTest::newRow("long run of vague phrases")
            << u"Ongoing concerns, see notes, as discussed, refer to file"_s << false;
        QTest::newRow("vague with filler")
            << u"Various issues as before with the family, see notes"_s << false;
        QTest::newRow("padded with spaces") << u"      concerns                              "_s << false;
    }
    void alertDescription()
    {
        QFETCH(QString, whatHappened);
        QFETCH(bool, valid);
        Alert a = goodAlert();
        a.whatHappened = whatHappened;
        const Problems p = validateAlert(a);
        QCOMPARE(p.isEmpty(), valid);
        if (!valid) {
            QCOMPARE(fields(p), QStringList{u"whatHappened"_s});
            QVERIFY2(p.first().message.contains(u"stranger"_s) ||
                         p.first().message.contains(u"placeholder"_s),
                     qPrintable(p.first().message));
        }
    }

    void alertFields_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QStringList>("expectedFields");
        QTest::newRow("valid") << QString() << QStringList();
        QTest::newRow("no child: about the household") << u"no child"_s << QStringList();
        QTest::newRow("closed") << u"closed"_s << QStringList();
        QTest::newRow("review on the day raised") << u"review same day"_s << QStringList();
        QTest::newRow("review before raised") << u"review early"_s << QStringList{u"reviewOn"_s};
        QTest::newRow("closed before raised") << u"closed early"_s << QStringList{u"closedOn"_s};
        QTest::newRow("no category") << u"no category"_s << QStringList{u"category"_s};
        QTest::newRow("no one at risk") << u"no risk to"_s << QStringList{u"whoIsAtRisk"_s};
        QTest::newRow("risk from tbc") << u"risk from tbc"_s << QStringList{u"riskFrom"_s};
        QTest::newRow("no source") << u"no source"_s << QStringList{u"source"_s};
        QTest::newRow("action n/a") << u"action na"_s << QStringList{u"requiredAction"_s};
        QTest::newRow("no dates") << u"no dates"_s << QStringList{u"raisedOn"_s, u"reviewOn"_s};
        QTest::newRow("no id or family") << u"no ids"_s << QStringList{u"id"_s, u"familyId"_s};
    }
    void alertFields()
    {
        QFETCH(QString, change);
        QFETCH(QStringList, expectedFields);
        Alert a = goodAlert();
        if (change == u"no child")
            a.childId.clear();
        else if (change == u"closed")
            a.closedOn = QDate(2026, 11, 30);
        else if (change == u"review same day")
            a.reviewOn = a.raisedOn;
        else if (change == u"review early")
            a.reviewOn = a.raisedOn.addDays(-1);
        else if (change == u"closed early")
            a.closedOn = a.raisedOn.addDays(-1);
        else if (change == u"no category")
            a.category.clear();
        else if (change == u"no risk to")
            a.whoIsAtRisk = u" "_s;
        else if (change == u"risk from tbc")
            a.riskFrom = u"TBC"_s;
        else if (change == u"no source")
            a.source.clear();
        else if (change == u"action na")
            a.requiredAction = u"N/A"_s;
        else if (change == u"no dates") {
            a.raisedOn = QDate();
            a.reviewOn = QDate();
        } else if (change == u"no ids") {
            a.id.clear();
            a.familyId.clear();
        }
        QCOMPARE(fields(validateAlert(a)), expectedFields);
    }

    void childViews_data()
    {
        QTest::addColumn<QString>("words");
        QTest::addColumn<QString>("lived");
        QTest::addColumn<QString>("presentation");
        QTest::addColumn<bool>("valid");
        QTest::newRow("words") << u"Says she likes her room"_s << QString() << QString() << true;
        QTest::newRow("lived experience")
            << QString() << u"Spends most of the day in a pushchair"_s << QString() << true;
        QTest::newRow("presentation for a baby")
            << QString() << QString() << u"Alert, good eye contact"_s << true;
        QTest::newRow("nothing") << QString() << QString() << QString() << false;
        QTest::newRow("only spaces") << u"  "_s << u"\n"_s << u" "_s << false;
    }
    void childViews()
    {
        QFETCH(QString, words);
        QFETCH(QString, lived);
        QFETCH(QString, presentation);
        QFETCH(bool, valid);
        ChildViews v{u"views-1"_s, u"visit-1"_s, u"child-1"_s, words, lived, presentation, {}};
        QCOMPARE(validateChildViews(v).isEmpty(), valid);
        v.visitId.clear();
        v.childId.clear();
        const QStringList f = fields(validateChildViews(v));
        QVERIFY(f.contains(u"visitId"_s));
        QVERIFY(f.contains(u"childId"_s));
    }

    void advocateOffer_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QStringList>("expectedFields");
        QTest::newRow("valid") << QString() << QStringList();
        QTest::newRow("no member") << u"no member"_s << QStringList{u"memberId"_s};
        QTest::newRow("no date") << u"no date"_s << QStringList{u"offeredOn"_s};
        QTest::newRow("no service") << u"no service"_s << QStringList{u"service"_s};
        QTest::newRow("no one offered it") << u"no by"_s << QStringList{u"offeredBy"_s};
        QTest::newRow("follow-up before offer") << u"early follow-up"_s << QStringList{u"followUpOn"_s};
        QTest::newRow("no follow-up") << u"no follow-up"_s << QStringList();
    }
    void advocateOffer()
    {
        QFETCH(QString, change);
        QFETCH(QStringList, expectedFields);
        AdvocateOffer o{u"offer-1"_s,
                        u"family-1"_s,
                        u"member-1"_s,
                        QDate(2026, 11, 20),
                        u"sw-1"_s,
                        u"Test Advocacy"_s,
                        AdvocateResponse::Accepted,
                        QDate(2026, 11, 27)};
        if (change == u"no member")
            o.memberId.clear();
        else if (change == u"no date")
            o.offeredOn = QDate();
        else if (change == u"no service")
            o.service.clear();
        else if (change == u"no by")
            o.offeredBy.clear();
        else if (change == u"early follow-up")
            o.followUpOn = QDate(2026, 11, 19);
        else if (change == u"no follow-up")
            o.followUpOn.reset();
        QCOMPARE(fields(validateAdvocateOffer(o)), expectedFields);
    }

    void family_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QStringList>("expectedFields");
        QTest::newRow("valid") << QString() << QStringList();
        QTest::newRow("moved in, from where given") << u"moved"_s << QStringList();
        QTest::newRow("moved in, from nowhere") << u"moved no from"_s << QStringList{u"movedFrom"_s};
        QTest::newRow("carer with needs and social worker") << u"needs sw"_s << QStringList();
        QTest::newRow("social worker without needs")
            << u"sw no needs"_s << QStringList{u"carersSocialWorker"_s};
        QTest::newRow("no team") << u"no team"_s << QStringList{u"teamId"_s};
        QTest::newRow("no label") << u"no label"_s << QStringList{u"label"_s};
        QTest::newRow("no practitioner") << u"no practitioner"_s << QStringList{u"practitionerId"_s};
        QTest::newRow("invalid proceedings date")
            << u"bad proceedings"_s << QStringList{u"careProceedingsStartedOn"_s};
    }
    void family()
    {
        QFETCH(QString, change);
        QFETCH(QStringList, expectedFields);
        Family f = goodFamily();
        if (change == u"moved") {
            f.movedInOn = QDate(2026, 10, 1);
            f.movedFrom = u"Test Borough"_s;
        } else if (change == u"moved no from") {
            f.movedInOn = QDate(2026, 10, 1);
        } else if (change == u"needs sw") {
            f.carerHasCareAndSupportNeeds = true;
            f.carersSocialWorker = u"Adult Social Care, Test Team"_s;
        } else if (change == u"sw no needs") {
            f.carersSocialWorker = u"Adult Social Care, Test Team"_s;
        } else if (change == u"no team") {
            f.teamId.clear();
        } else if (change == u"no label") {
            f.label.clear();
        } else if (change == u"no practitioner") {
            f.practitionerId.clear();
        } else if (change == u"bad proceedings") {
            f.careProceedingsStartedOn = QDate();
        }
        QCOMPARE(fields(validateFamily(f)), expectedFields);
    }

    void familyMember()
    {
        FamilyMember m{u"member-1"_s, u"family-1"_s, u"Test Parent One"_s, u"mother"_s};
        QVERIFY(validateFamilyMember(m).isEmpty());
        m.relationship.clear();
        m.name.clear();
        QCOMPARE(fields(validateFamilyMember(m)), (QStringList{u"name"_s, u"relationship"_s}));
    }

    void amendment_data()
    {
        QTest::addColumn<QString>("targetKind");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QStringList>("expectedFields");
        QTest::newRow("visit") << u"visit"_s << u"Wrong date typed"_s << QStringList();
        QTest::newRow("child views") << u"child_views"_s << u"Typo"_s << QStringList();
        QTest::newRow("advocate offer") << u"advocate_offer"_s << u"Typo"_s << QStringList();
        QTest::newRow("alert") << u"alert"_s << u"Typo"_s << QStringList();
        QTest::newRow("mutable child record") << u"child"_s << u"Typo"_s << QStringList{u"targetKind"_s};
        QTest::newRow("family") << u"family"_s << u"Typo"_s << QStringList{u"targetKind"_s};
        QTest::newRow("unknown kind") << u"note"_s << u"Typo"_s << QStringList{u"targetKind"_s};
        QTest::newRow("no reason") << u"visit"_s << u"  "_s << QStringList{u"reason"_s};
    }
    void amendment()
    {
        QFETCH(QString, targetKind);
        QFETCH(QString, reason);
        QFETCH(QStringList, expectedFields);
        const Amendment a{u"amendment-1"_s,
                          targetKind,
                          u"visit-1"_s,
                          u"hv-1"_s,
                          QDateTime(QDate(2026, 11, 21), QTime(9, 0), Qt::UTC),
                          reason,
                          u"The visit was on 19 Nov."_s};
        QCOMPARE(fields(validateAmendment(a)), expectedFields);
    }

    void describeJoinsMessages()
    {
        Visit v = goodVisit();
        v.id.clear();
        v.outcome = Outcome::DidNotAttend;
        v.children = {VisitChild{u"child-1"_s, false, false}};
        const Problems p = validateVisit(v);
        QCOMPARE(p.size(), 2);
        const QString text = describe(p);
        QCOMPARE(text.split(u'\n'), (QStringList{p.at(0).message, p.at(1).message}));
        QCOMPARE(describe({}), QString());
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
