// Record JSON: the shape every layer shares, round trips for each record, and refusal of unknown
// keys, wrong types and invalid records, naming the field.
#include "core/change.h"
#include "core/recordcodec.h"
#include "core/storedrecorddecoder.h"
#include "tests/support/caseloadtext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace doorstep;
using namespace Qt::StringLiterals;

namespace {

QJsonObject throughText(const QJsonObject &json)
{
    return QJsonDocument::fromJson(QJsonDocument(json).toJson(QJsonDocument::Compact)).object();
}

Family family()
{
    Family f;
    f.id = u"family-1"_s;
    f.teamId = u"team-1"_s;
    f.practitionerId = u"hv-1"_s;
    f.label = u"Test Household One"_s;
    f.postcode = u"ZZ1 1ZZ"_s;
    f.movedInOn = QDate(2026, 10, 1);
    f.movedFrom = u"Test Borough"_s;
    f.careProceedingsStartedOn = QDate(2026, 11, 2);
    f.carerHasCareAndSupportNeeds = true;
    f.carersSocialWorker = u"Adult Social Care, Test Team"_s;
    f.domesticAbuseRecordedOn = QDate(2026, 11, 3);
    f.earlyHelpStatus = u"open"_s;
    return f;
}

Visit visit()
{
    Visit v;
    v.id = u"visit-1"_s;
    v.familyId = u"family-1"_s;
    v.practitionerId = u"mw-1"_s;
    v.practitionerRole = Role::Midwife;
    v.occurredAt = QDateTime(QDate(2026, 11, 20), QTime(10, 15, 30, 250), Qt::UTC);
    v.contactType = ContactType::FaceToFaceClinic;
    v.outcome = Outcome::Completed;
    v.children = {VisitChild{u"child-1"_s, true, false}, VisitChild{u"child-2"_s, true, true}};
    v.present = u"Mother, both children"_s;
    v.observations = u"Home warm and tidy"_s;
    v.concerns = u"None today"_s;
    v.signedOffAt = QDateTime(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
    return v;
}

Alert alert()
{
    Alert a;
    a.id = u"alert-1"_s;
    a.familyId = u"family-1"_s;
    a.childId = u"child-1"_s;
    a.category = u"Domestic abuse"_s;
    a.whatHappened = u"On 18 Nov 2026 police were called after the mother's partner hit her in front of Test "
                     u"Baby One."_s;
    a.whoIsAtRisk = u"Test Baby One and the mother"_s;
    a.riskFrom = u"The mother's partner"_s;
    a.source = u"Police notification"_s;
    a.raisedOn = QDate(2026, 11, 19);
    a.requiredAction = u"Joint home visit with the social worker within 2 days"_s;
    a.reviewOn = QDate(2026, 12, 3);
    a.closedOn = QDate(2026, 12, 10);
    return a;
}

QString describe(const Caseload &c)
{
    return test::caseloadLines(c).join(u'\n');
}

// The full way (QJsonDocument, then the codec) and the stored-record decoder on the same text:
// empty when they agree on the outcome, the error and the records; otherwise what differs.
QString disagreement(const QString &entity, const QByteArray &text)
{
    Caseload full;
    Caseload stored;
    const Result<void> a = addToCaseload(full, entity, QJsonDocument::fromJson(text).object());
    StoredRecordDecoder decoder;
    const Result<void> b = decoder.add(stored, entity, text);
    if (a.ok() != b.ok())
        return u"full way %1, stored decoder %2"_s.arg(a.ok()).arg(b.ok());
    if (!a.ok() && (a.error().code != b.error().code || a.error().field != b.error().field ||
                    a.error().message != b.error().message))
        return u"errors differ: %1 / %2"_s.arg(a.error().message, b.error().message);
    const QString left = describe(full);
    const QString right = describe(stored);
    return left == right ? QString() : u"records differ:\n%1\n%2"_s.arg(left, right);
}

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

// One valid record of each kind, as the codec writes it.
QList<QPair<QString, QByteArray>> storedRecords()
{
    return {
        {Entity::Family, compact(toJson(family()))},
        {Entity::FamilyMember,
         compact(toJson(FamilyMember{u"m"_s, u"family-1"_s, u"Test Parent"_s, u"father"_s}))},
        {Entity::Child, compact(toJson(Child{u"child-1"_s, u"family-1"_s, u"Test Baby One"_s,
                                             QDate(2026, 11, 13), u"9434765919"_s}))},
        {Entity::Visit, compact(toJson(visit()))},
        {Entity::ChildViews,
         compact(toJson(ChildViews{u"v"_s,
                                   u"visit-1"_s,
                                   u"child-1"_s,
                                   u"I like the park"_s,
                                   {},
                                   u"Settled"_s,
                                   QDateTime(QDate(2026, 11, 20), QTime(11, 0), Qt::UTC)}))},
        {Entity::AdvocateOffer,
         compact(toJson(AdvocateOffer{u"o"_s, u"family-1"_s, u"m"_s, QDate(2026, 11, 4), u"sw-1"_s,
                                      u"Test Advocacy"_s, AdvocateResponse::Accepted, QDate(2026, 11, 18)}))},
        {Entity::Alert, compact(toJson(alert()))},
        {Entity::Amendment, compact(toJson(Amendment{u"a"_s, u"visit"_s, u"visit-1"_s, u"hv-1"_s,
                                                     QDateTime(QDate(2026, 11, 21), QTime(9, 30), Qt::UTC),
                                                     u"Typo"_s, u"Home warm"_s}))},
    };
}

} // namespace

class TestRecordCodec : public QObject
{
    Q_OBJECT

private slots:
    void familyRoundTrip()
    {
        const Family f = family();
        const auto back = familyFromJson(throughText(toJson(f)));
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
        const Family &g = back.value();
        QCOMPARE(g.id, f.id);
        QCOMPARE(g.teamId, f.teamId);
        QCOMPARE(g.practitionerId, f.practitionerId);
        QCOMPARE(g.label, f.label);
        QCOMPARE(g.postcode, f.postcode);
        QCOMPARE(g.movedInOn, f.movedInOn);
        QCOMPARE(g.movedFrom, f.movedFrom);
        QCOMPARE(g.careProceedingsStartedOn, f.careProceedingsStartedOn);
        QCOMPARE(g.carerHasCareAndSupportNeeds, true);
        QCOMPARE(g.carersSocialWorker, f.carersSocialWorker);
        QCOMPARE(g.domesticAbuseRecordedOn, f.domesticAbuseRecordedOn);
        QCOMPARE(g.earlyHelpStatus, f.earlyHelpStatus);
        QCOMPARE(toJson(f).value(u"movedInOn"_s).toString(), u"2026-10-01"_s);
    }

    void unsetDatesAreOmitted()
    {
        Family f = family();
        f.movedInOn.reset();
        f.movedFrom.clear();
        f.careProceedingsStartedOn.reset();
        f.domesticAbuseRecordedOn.reset();
        const QJsonObject json = toJson(f);
        QVERIFY(!json.contains(u"movedInOn"_s));
        QVERIFY(!json.contains(u"careProceedingsStartedOn"_s));
        QVERIFY(!json.contains(u"domesticAbuseRecordedOn"_s));
        const auto back = familyFromJson(json);
        QVERIFY(back.ok());
        QVERIFY(!back.value().movedInOn);
        QVERIFY(!back.value().careProceedingsStartedOn);

        Visit draft = visit();
        draft.signedOffAt = QDateTime();
        QVERIFY(!toJson(draft).contains(u"signedOffAt"_s));
        const auto v = visitFromJson(toJson(draft));
        QVERIFY(v.ok());
        QVERIFY(!v.value().signedOffAt.isValid());
    }

    void memberRoundTrip()
    {
        const FamilyMember m{u"member-1"_s, u"family-1"_s, u"Test Parent One"_s, u"mother"_s};
        const auto back = familyMemberFromJson(throughText(toJson(m)));
        QVERIFY(back.ok());
        QCOMPARE(back.value().id, m.id);
        QCOMPARE(back.value().familyId, m.familyId);
        QCOMPARE(back.value().name, m.name);
        QCOMPARE(back.value().relationship, m.relationship);
    }

    void childRoundTrip()
    {
        const Child c{u"child-1"_s, u"family-1"_s, u"Test Baby One"_s, QDate(2026, 11, 13), u"9434765919"_s};
        const QJsonObject json = toJson(c);
        QCOMPARE(json.value(u"dateOfBirth"_s).toString(), u"2026-11-13"_s);
        const auto back = childFromJson(throughText(json));
        QVERIFY(back.ok());
        QCOMPARE(back.value().id, c.id);
        QCOMPARE(back.value().familyId, c.familyId);
        QCOMPARE(back.value().name, c.name);
        QCOMPARE(back.value().dateOfBirth, c.dateOfBirth);
        QCOMPARE(back.value().nhsNumber, c.nhsNumber);
    }

    void visitRoundTrip()
    {
        const Visit v = visit();
        const QJsonObject json = toJson(v);
        QCOMPARE(json.value(u"occurredAt"_s).toString(), u"2026-11-20T10:15:30.250Z"_s);
        QCOMPARE(json.value(u"practitionerRole"_s).toString(), u"midwife"_s);
        QCOMPARE(json.value(u"contactType"_s).toString(), u"face_to_face_clinic"_s);
        QCOMPARE(json.value(u"outcome"_s).toString(), u"completed"_s);
        QCOMPARE(json.value(u"children"_s).toArray().at(1).toObject(),
                 (QJsonObject{{u"childId"_s, u"child-2"_s}, {u"seen"_s, true}, {u"seenAlone"_s, true}}));
        const auto back = visitFromJson(throughText(json));
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
        const Visit &w = back.value();
        QCOMPARE(w.id, v.id);
        QCOMPARE(w.familyId, v.familyId);
        QCOMPARE(w.practitionerId, v.practitionerId);
        QCOMPARE(w.practitionerRole, v.practitionerRole);
        QCOMPARE(w.occurredAt, v.occurredAt);
        QCOMPARE(w.occurredAt.timeSpec(), Qt::UTC);
        QCOMPARE(w.contactType, v.contactType);
        QCOMPARE(w.outcome, v.outcome);
        QCOMPARE(w.children.size(), 2);
        QCOMPARE(w.children.at(1).childId, u"child-2"_s);
        QCOMPARE(w.children.at(1).seenAlone, true);
        QCOMPARE(w.present, v.present);
        QCOMPARE(w.observations, v.observations);
        QCOMPARE(w.concerns, v.concerns);
        QCOMPARE(w.signedOffAt, v.signedOffAt);
    }

    void localTimesAreWrittenInUtc()
    {
        Visit v = visit();
        // 10:00 in London in summer is 09:00 UTC.
        v.occurredAt = QDateTime(QDate(2026, 7, 1), QTime(10, 0), Qt::LocalTime);
        v.signedOffAt = QDateTime();
        QCOMPARE(toJson(v).value(u"occurredAt"_s).toString(), u"2026-07-01T09:00:00.000Z"_s);
        // An offset on the way in is understood and kept as the same instant.
        QJsonObject json = toJson(v);
        json.insert(u"occurredAt"_s, u"2026-07-01T10:00:00+01:00"_s);
        const auto back = visitFromJson(json);
        QVERIFY(back.ok());
        QCOMPARE(back.value().occurredAt, QDateTime(QDate(2026, 7, 1), QTime(9, 0), Qt::UTC));
    }

    void childViewsRoundTrip()
    {
        const ChildViews cv{u"views-1"_s,
                            u"visit-1"_s,
                            u"child-1"_s,
                            u"I like my bedroom"_s,
                            u"Goes to nursery three days a week"_s,
                            u"Chatty, played with blocks"_s,
                            QDateTime(QDate(2026, 11, 20), QTime(11, 0), Qt::UTC)};
        const auto back = childViewsFromJson(throughText(toJson(cv)));
        QVERIFY(back.ok());
        QCOMPARE(back.value().id, cv.id);
        QCOMPARE(back.value().visitId, cv.visitId);
        QCOMPARE(back.value().childId, cv.childId);
        QCOMPARE(back.value().words, cv.words);
        QCOMPARE(back.value().livedExperience, cv.livedExperience);
        QCOMPARE(back.value().presentation, cv.presentation);
        QCOMPARE(back.value().recordedAt, cv.recordedAt);
    }

    void advocateOfferRoundTrip()
    {
        const AdvocateOffer o{u"offer-1"_s,
                              u"family-1"_s,
                              u"member-1"_s,
                              QDate(2026, 11, 4),
                              u"sw-1"_s,
                              u"Test Advocacy Service"_s,
                              AdvocateResponse::Declined,
                              QDate(2026, 11, 18)};
        const QJsonObject json = toJson(o);
        QCOMPARE(json.value(u"response"_s).toString(), u"declined"_s);
        const auto back = advocateOfferFromJson(throughText(json));
        QVERIFY(back.ok());
        QCOMPARE(back.value().id, o.id);
        QCOMPARE(back.value().memberId, o.memberId);
        QCOMPARE(back.value().offeredOn, o.offeredOn);
        QCOMPARE(back.value().offeredBy, o.offeredBy);
        QCOMPARE(back.value().service, o.service);
        QCOMPARE(back.value().response, o.response);
        QCOMPARE(back.value().followUpOn, o.followUpOn);
    }

    void alertRoundTrip()
    {
        const Alert a = alert();
        const auto back = alertFromJson(throughText(toJson(a)));
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
        const Alert &b = back.value();
        QCOMPARE(b.id, a.id);
        QCOMPARE(b.familyId, a.familyId);
        QCOMPARE(b.childId, a.childId);
        QCOMPARE(b.category, a.category);
        QCOMPARE(b.whatHappened, a.whatHappened);
        QCOMPARE(b.whoIsAtRisk, a.whoIsAtRisk);
        QCOMPARE(b.riskFrom, a.riskFrom);
        QCOMPARE(b.source, a.source);
        QCOMPARE(b.raisedOn, a.raisedOn);
        QCOMPARE(b.requiredAction, a.requiredAction);
        QCOMPARE(b.reviewOn, a.reviewOn);
        QCOMPARE(b.closedOn, a.closedOn);
    }

    void amendmentRoundTrip()
    {
        const Amendment a{u"amendment-1"_s,
                          u"visit"_s,
                          u"visit-1"_s,
                          u"hv-1"_s,
                          QDateTime(QDate(2026, 11, 21), QTime(9, 30), Qt::UTC),
                          u"Wrong contact type recorded"_s,
                          u"The visit was at the clinic"_s};
        const auto back = amendmentFromJson(throughText(toJson(a)));
        QVERIFY(back.ok());
        QCOMPARE(back.value().id, a.id);
        QCOMPARE(back.value().targetKind, a.targetKind);
        QCOMPARE(back.value().targetId, a.targetId);
        QCOMPARE(back.value().authorId, a.authorId);
        QCOMPARE(back.value().madeAt, a.madeAt);
        QCOMPARE(back.value().reason, a.reason);
        QCOMPARE(back.value().correction, a.correction);
    }

    void visitRefusals_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value"); // undefined: remove the key
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown key") << u"mood"_s << QJsonValue(u"fine"_s) << u"mood"_s;
        QTest::newRow("snake-case key") << u"family_id"_s << QJsonValue(u"family-1"_s) << u"family_id"_s;
        QTest::newRow("missing id") << u"id"_s << QJsonValue(QJsonValue::Undefined) << u"id"_s;
        QTest::newRow("numeric id") << u"id"_s << QJsonValue(12) << u"id"_s;
        QTest::newRow("missing occurredAt")
            << u"occurredAt"_s << QJsonValue(QJsonValue::Undefined) << u"occurredAt"_s;
        QTest::newRow("date without time")
            << u"occurredAt"_s << QJsonValue(u"2026-11-20"_s) << u"occurredAt"_s;
        QTest::newRow("time without zone")
            << u"occurredAt"_s << QJsonValue(u"2026-11-20T10:00:00"_s) << u"occurredAt"_s;
        QTest::newRow("impossible time")
            << u"occurredAt"_s << QJsonValue(u"2026-11-20T25:00:00Z"_s) << u"occurredAt"_s;
        QTest::newRow("number for a time") << u"occurredAt"_s << QJsonValue(1764000000) << u"occurredAt"_s;
        QTest::newRow("unknown role")
            << u"practitionerRole"_s << QJsonValue(u"nurse"_s) << u"practitionerRole"_s;
        QTest::newRow("label for a token")
            << u"contactType"_s << QJsonValue(u"Face-to-face at home"_s) << u"contactType"_s;
        QTest::newRow("unknown outcome") << u"outcome"_s << QJsonValue(u"dna"_s) << u"outcome"_s;
        QTest::newRow("did not attend for a child")
            << u"outcome"_s << QJsonValue(u"did_not_attend"_s) << u"outcome"_s;
        QTest::newRow("children not a list") << u"children"_s << QJsonValue(u"child-1"_s) << u"children"_s;
        QTest::newRow("child not an object")
            << u"children"_s << QJsonValue(QJsonArray{u"child-1"_s}) << u"children"_s;
        QTest::newRow("child seen as text")
            << u"children"_s
            << QJsonValue(QJsonArray{
                   QJsonObject{{u"childId"_s, u"c"_s}, {u"seen"_s, u"yes"_s}, {u"seenAlone"_s, false}}})
            << u"children"_s;
        QTest::newRow("child with unknown key")
            << u"children"_s
            << QJsonValue(QJsonArray{QJsonObject{
                   {u"childId"_s, u"c"_s}, {u"seen"_s, true}, {u"seenAlone"_s, false}, {u"age"_s, 3}}})
            << u"children"_s;
        QTest::newRow("notes as a number") << u"observations"_s << QJsonValue(3) << u"observations"_s;
        QTest::newRow("signed off before it happened")
            << u"signedOffAt"_s << QJsonValue(u"2026-11-19T10:00:00.000Z"_s) << u"signedOffAt"_s;
    }
    void visitRefusals()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        QJsonObject json = toJson(visit());
        if (value.isUndefined())
            json.remove(key);
        else
            json.insert(key, value);
        const auto v = visitFromJson(json);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().field, field);
        QCOMPARE(v.error().code, u"invalid"_s);
        QVERIFY(!v.error().message.isEmpty());
    }

    void otherRefusals_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("field");
        QTest::newRow("family unknown key")
            << Entity::Family << u"address"_s << QJsonValue(u"x"_s) << u"address"_s;
        QTest::newRow("family needs flag as bool") << Entity::Family << u"carerHasCareAndSupportNeeds"_s
                                                   << QJsonValue(1) << u"carerHasCareAndSupportNeeds"_s;
        QTest::newRow("family date with time")
            << Entity::Family << u"movedInOn"_s << QJsonValue(u"2026-10-01T00:00:00Z"_s) << u"movedInOn"_s;
        QTest::newRow("family impossible date")
            << Entity::Family << u"movedInOn"_s << QJsonValue(u"2026-02-30"_s) << u"movedInOn"_s;
        QTest::newRow("child British date")
            << Entity::Child << u"dateOfBirth"_s << QJsonValue(u"13/11/2026"_s) << u"dateOfBirth"_s;
        QTest::newRow("child bad NHS number")
            << Entity::Child << u"nhsNumber"_s << QJsonValue(u"9434765918"_s) << u"nhsNumber"_s;
        QTest::newRow("child NHS number as number")
            << Entity::Child << u"nhsNumber"_s << QJsonValue(9434765919.0) << u"nhsNumber"_s;
        QTest::newRow("member unknown key") << Entity::FamilyMember << u"age"_s << QJsonValue(30) << u"age"_s;
        QTest::newRow("views empty") << Entity::ChildViews << u"words"_s << QJsonValue(u""_s) << u"words"_s;
        QTest::newRow("offer unknown response")
            << Entity::AdvocateOffer << u"response"_s << QJsonValue(u"maybe"_s) << u"response"_s;
        QTest::newRow("alert vague") << Entity::Alert << u"whatHappened"_s << QJsonValue(u"see notes"_s)
                                     << u"whatHappened"_s;
        QTest::newRow("alert missing source")
            << Entity::Alert << u"source"_s << QJsonValue(QJsonValue::Undefined) << u"source"_s;
        QTest::newRow("amendment of a family")
            << Entity::Amendment << u"targetKind"_s << QJsonValue(u"family"_s) << u"targetKind"_s;
    }
    void otherRefusals()
    {
        QFETCH(QString, entity);
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        QJsonObject json;
        if (entity == Entity::Family)
            json = toJson(family());
        else if (entity == Entity::Child)
            json = toJson(Child{u"child-1"_s, u"family-1"_s, u"Test Baby One"_s, QDate(2026, 11, 13), {}});
        else if (entity == Entity::FamilyMember)
            json = toJson(FamilyMember{u"m"_s, u"family-1"_s, u"Test Parent"_s, u"father"_s});
        else if (entity == Entity::ChildViews)
            json = toJson(ChildViews{u"v"_s, u"visit-1"_s, u"child-1"_s, {}, {}, {}, {}});
        else if (entity == Entity::AdvocateOffer)
            json = toJson(AdvocateOffer{u"o"_s, u"family-1"_s, u"m"_s, QDate(2026, 11, 4), u"sw-1"_s,
                                        u"Test Advocacy"_s, AdvocateResponse::Accepted, std::nullopt});
        else if (entity == Entity::Alert)
            json = toJson(alert());
        else if (entity == Entity::Amendment)
            json = toJson(Amendment{u"a"_s,
                                    u"visit"_s,
                                    u"visit-1"_s,
                                    u"hv-1"_s,
                                    QDateTime(QDate(2026, 11, 21), QTime(9, 30), Qt::UTC),
                                    u"Typo"_s,
                                    {}});
        if (value.isUndefined())
            json.remove(key);
        else
            json.insert(key, value);
        Caseload caseload;
        const Result<void> r = addToCaseload(caseload, entity, json);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, field);
        QCOMPARE(r.error().code, u"invalid"_s);
        // addToCaseload says which kind of record was wrong.
        QVERIFY2(r.error().message.contains(entity), qPrintable(r.error().message));
    }

    void addToCaseloadDispatches()
    {
        Caseload c;
        QVERIFY(addToCaseload(c, Entity::Family, toJson(family())).ok());
        QVERIFY(addToCaseload(c, Entity::FamilyMember,
                              toJson(FamilyMember{u"m"_s, u"family-1"_s, u"Test Parent"_s, u"father"_s}))
                    .ok());
        QVERIFY(addToCaseload(
                    c, Entity::Child,
                    toJson(Child{u"child-1"_s, u"family-1"_s, u"Test Baby One"_s, QDate(2026, 11, 13), {}}))
                    .ok());
        QVERIFY(addToCaseload(c, Entity::Visit, toJson(visit())).ok());
        QVERIFY(
            addToCaseload(c, Entity::ChildViews,
                          toJson(ChildViews{u"v"_s, u"visit-1"_s, u"child-1"_s, {}, {}, u"Settled"_s, {}}))
                .ok());
        QVERIFY(
            addToCaseload(c, Entity::AdvocateOffer,
                          toJson(AdvocateOffer{u"o"_s, u"family-1"_s, u"m"_s, QDate(2026, 11, 4), u"sw-1"_s,
                                               u"Test Advocacy"_s, AdvocateResponse::Accepted, std::nullopt}))
                .ok());
        QVERIFY(addToCaseload(c, Entity::Alert, toJson(alert())).ok());
        QVERIFY(addToCaseload(c, Entity::Amendment,
                              toJson(Amendment{u"a"_s,
                                               u"visit"_s,
                                               u"visit-1"_s,
                                               u"hv-1"_s,
                                               QDateTime(QDate(2026, 11, 21), QTime(9, 30), Qt::UTC),
                                               u"Typo"_s,
                                               {}}))
                    .ok());
        QCOMPARE(c.families.size(), 1);
        QCOMPARE(c.members.size(), 1);
        QCOMPARE(c.children.size(), 1);
        QCOMPARE(c.visits.size(), 1);
        QCOMPARE(c.views.size(), 1);
        QCOMPARE(c.offers.size(), 1);
        QCOMPARE(c.alerts.size(), 1);
        QCOMPARE(c.amendments.size(), 1);
        QCOMPARE(c.visits.first().children.size(), 2);

        const Result<void> unknown = addToCaseload(c, u"note"_s, QJsonObject{});
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().field, u"entity"_s);
        // A refused record leaves the caseload as it was.
        QVERIFY(!addToCaseload(c, Entity::Visit, QJsonObject{{u"id"_s, u"visit-2"_s}}).ok());
        QCOMPARE(c.visits.size(), 1);
    }

    // The device store's decoder gives what the full way gives, for the texts it reads itself
    // and for those it hands on: the same records, or the same refusal naming the same field.
    void storedDecoderAgrees_data()
    {
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QByteArray>("text");
        for (const auto &[entity, text] : storedRecords()) {
            QTest::addRow("%s as written", qPrintable(entity)) << entity << text;
            QTest::addRow("%s indented", qPrintable(entity))
                << entity
                << QJsonDocument(QJsonDocument::fromJson(text).object()).toJson(QJsonDocument::Indented);
        }
        const QByteArray v = compact(toJson(visit()));
        const auto visitWith = [&](const char *from, const char *to) {
            QByteArray t = v;
            return t.replace(from, to);
        };
        QTest::newRow("escapes") << Entity::Visit
                                 << visitWith("Home warm and tidy",
                                              R"(Line one\nLine \"two\"\t\\ \/ end\r\b\f)");
        QTest::newRow("unicode escape") << Entity::Visit << visitWith("Home warm", R"(Caf\u00e9 warm)");
        QTest::newRow("surrogate escape") << Entity::Visit << visitWith("Home warm", R"(\ud83d\ude00 warm)");
        QTest::newRow("lone surrogate escape") << Entity::Visit << visitWith("Home warm", R"(\ud83d warm)");
        QTest::newRow("non-Latin text")
            << Entity::Visit
            << visitWith("Home warm", "Zo\xc3\xab \xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88 warm");
        QTest::newRow("non-Latin id")
            << Entity::Visit << visitWith("visit-1", "visit-\xc5\x81\xf0\x9f\x98\x80");
        QTest::newRow("invalid UTF-8") << Entity::Visit << visitWith("Home warm", "Home \xc3\x28 warm");
        QTest::newRow("overlong UTF-8") << Entity::Visit << visitWith("Home warm", "Home \xc0\xaf warm");
        QTest::newRow("encoded surrogate")
            << Entity::Visit << visitWith("Home warm", "Home \xed\xa0\x80 warm");
        QTest::newRow("replacement character")
            << Entity::Visit << visitWith("Home warm", "Home \xef\xbf\xbd warm");
        QTest::newRow("raw control character") << Entity::Visit << visitWith("Home warm", "Home\x01warm");
        QTest::newRow("raw tab") << Entity::Visit << visitWith("Home warm", "Home\twarm");
        QTest::newRow("time with offset")
            << Entity::Visit << visitWith("2026-11-20T10:15:30.250Z", "2026-11-20T11:15:30.250+01:00");
        QTest::newRow("time without milliseconds")
            << Entity::Visit << visitWith("2026-11-20T10:15:30.250Z", "2026-11-20T10:15:30Z");
        QTest::newRow("time with one digit of milliseconds")
            << Entity::Visit << visitWith("2026-11-20T10:15:30.250Z", "2026-11-20T10:15:30.2Z");
        QTest::newRow("hour 24") << Entity::Visit
                                 << visitWith("2026-11-20T10:15:30.250Z", "2026-11-20T24:00:00.000Z");
        QTest::newRow("hour 25") << Entity::Visit
                                 << visitWith("2026-11-20T10:15:30.250Z", "2026-11-20T25:00:00.000Z");
        QTest::newRow("leap second") << Entity::Visit
                                     << visitWith("2026-11-20T10:15:30.250Z", "2026-11-20T23:59:60.000Z");
        QTest::newRow("30 February") << Entity::Visit
                                     << visitWith("2026-11-20T10:15:30.250Z", "2026-02-30T10:00:00.000Z");
        QTest::newRow("year 0") << Entity::Visit
                                << visitWith("2026-11-20T10:15:30.250Z", "0000-11-20T10:00:00.000Z");
        QTest::newRow("lower-case z")
            << Entity::Visit << visitWith("2026-11-20T10:15:30.250Z", "2026-11-20T10:15:30.250z");
        QTest::newRow("space for T") << Entity::Visit
                                     << visitWith("2026-11-20T10:15:30.250Z", "2026-11-20 10:15:30.250Z");
        QTest::newRow("duplicate key")
            << Entity::Visit << visitWith("{\"id\":\"visit-1\"", "{\"id\":\"visit-1\",\"id\":\"visit-2\"");
        QTest::newRow("duplicate key in a child")
            << Entity::Visit
            << visitWith("{\"childId\":\"child-1\"", "{\"childId\":\"child-1\",\"childId\":\"child-3\"");
        QTest::newRow("null notes") << Entity::Visit << visitWith("\"Home warm and tidy\"", "null");
        QTest::newRow("number notes") << Entity::Visit << visitWith("\"Home warm and tidy\"", "12");
        QTest::newRow("object notes") << Entity::Visit << visitWith("\"Home warm and tidy\"", "{}");
        QTest::newRow("unknown key") << Entity::Visit << visitWith("{\"id\"", "{\"colour\":\"red\",\"id\"");
        QTest::newRow("escaped key") << Entity::Visit << visitWith("\"present\"", R"("pres\u0065nt")");
        QTest::newRow("no children") << Entity::Visit << visitWith(",\"children\":[", ",\"kids\":[");
        QTest::newRow("trailing text") << Entity::Visit << v + "x";
        QTest::newRow("trailing whitespace") << Entity::Visit << v + " \n";
        QTest::newRow("second object") << Entity::Visit << v + v;
        QTest::newRow("truncated") << Entity::Visit << v.left(v.size() - 1);
        QTest::newRow("empty") << Entity::Visit << QByteArray();
        QTest::newRow("empty object") << Entity::Visit << QByteArray("{}");
        QTest::newRow("array") << Entity::Visit << QByteArray("[]");
        QTest::newRow("did not attend for a child")
            << Entity::Visit << visitWith("\"outcome\":\"completed\"", "\"outcome\":\"did_not_attend\"");
        QTest::newRow("unknown outcome")
            << Entity::Visit << visitWith("\"outcome\":\"completed\"", "\"outcome\":\"dna\"");
        QTest::newRow("True") << Entity::Visit << visitWith("\"seen\":true", "\"seen\":True");
        QTest::newRow("unknown entity") << u"note"_s << v;
    }

    void storedDecoderAgrees()
    {
        QFETCH(QString, entity);
        QFETCH(QByteArray, text);
        const QString difference = disagreement(entity, text);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    // The same, on texts damaged at random (seeded, so a failure repeats).
    void storedDecoderAgreesOnDamagedTexts()
    {
        QRandomGenerator random(20261126);
        static const QByteArray bytes =
            QByteArrayLiteral("\\\"{}[],: 0129TZ+-.utfnaz\x01\x7f\x80\xc3\xa9\xff");
        int checked = 0;
        for (const auto &[entity, text] : storedRecords()) {
            for (int round = 0; round < 400; ++round) {
                QByteArray damaged = text;
                for (int change = 0, changes = 1 + random.bounded(3); change < changes && !damaged.isEmpty();
                     ++change) {
                    const int at = random.bounded(int(damaged.size()));
                    switch (random.bounded(3)) {
                    case 0:
                        damaged[at] = bytes.at(random.bounded(int(bytes.size())));
                        break;
                    case 1:
                        damaged.remove(at, 1 + random.bounded(3));
                        break;
                    default:
                        damaged.insert(at, bytes.at(random.bounded(int(bytes.size()))));
                        break;
                    }
                }
                const QString difference = disagreement(entity, damaged);
                QVERIFY2(difference.isEmpty(), qPrintable(QString::fromUtf8(damaged) + u"\n"_s + difference));
                ++checked;
            }
        }
        QCOMPARE(checked, 8 * 400);
    }

    // Records decoded by one decoder share the text of the ids they repeat: a visit's child is
    // the child's own id, a view's visit the visit's.
    void storedDecoderSharesRepeatedText()
    {
        Caseload c;
        StoredRecordDecoder decoder;
        const auto records = storedRecords();
        QVERIFY(decoder.add(c, Entity::Child, records.at(2).second).ok());
        QVERIFY(decoder.add(c, Entity::Visit, records.at(3).second).ok());
        QVERIFY(decoder.add(c, Entity::ChildViews, records.at(4).second).ok());
        QCOMPARE(c.visits.first().children.first().childId, c.children.first().id);
        QCOMPARE(c.visits.first().children.first().childId.constData(), c.children.first().id.constData());
        QCOMPARE(c.views.first().visitId.constData(), c.visits.first().id.constData());
        QCOMPARE(c.views.first().childId.constData(), c.children.first().id.constData());
        QCOMPARE(c.visits.first().familyId.constData(), c.children.first().familyId.constData());
    }

    // The decoder keeps the texts it has seen in blocks of its own: many more ids than one block
    // holds, a text longer than a block, and an empty text are each found again, and read back
    // the same once the records they came in are gone.
    void storedDecoderSharesTextAcrossItsBlocks()
    {
        Caseload c;
        StoredRecordDecoder decoder;
        constexpr int families = 2000; // some 22 KB of ids: more than one block
        const QString familyIdFormat = u"family-%1"_s;
        for (int i = 0; i < families; ++i) {
            Family f = family();
            f.id = familyIdFormat.arg(i, 4, 10, QChar(u'0'));
            f.earlyHelpStatus = i % 2 == 0 ? QString() : u"Open to early help"_s;
            QVERIFY(decoder.add(c, Entity::Family, compact(toJson(f))).ok());
        }
        const QString longService(20000, QChar(u's'));
        for (const QString &id : {u"o1"_s, u"o2"_s}) {
            const AdvocateOffer offer{
                id,          u"family-0000"_s,           u"m"_s, QDate(2026, 11, 4), u"sw-1"_s,
                longService, AdvocateResponse::Accepted, {}};
            QVERIFY(decoder.add(c, Entity::AdvocateOffer, compact(toJson(offer))).ok());
        }
        for (int i = families - 1; i >= 0; --i) {
            const Child child{u"child-%1"_s.arg(i),
                              familyIdFormat.arg(i, 4, 10, QChar(u'0')),
                              u"Test Baby"_s,
                              QDate(2026, 11, 13),
                              {}};
            QVERIFY(decoder.add(c, Entity::Child, compact(toJson(child))).ok());
        }
        QCOMPARE(c.families.size(), families);
        QCOMPARE(c.children.size(), families);
        for (int i = 0; i < families; ++i) {
            const Family &f = c.families.at(i);
            const Child &child = c.children.at(families - 1 - i);
            QCOMPARE(child.familyId, familyIdFormat.arg(i, 4, 10, QChar(u'0')));
            QCOMPARE(child.familyId.constData(), f.id.constData());
            QCOMPARE(f.earlyHelpStatus.isEmpty(), i % 2 == 0);
            if (i >= 2)
                QCOMPARE(f.earlyHelpStatus.constData(), c.families.at(i - 2).earlyHelpStatus.constData());
        }
        QCOMPARE(c.offers.size(), 2);
        QCOMPARE(c.offers.at(0).service, longService);
        QCOMPARE(c.offers.at(1).service.constData(), c.offers.at(0).service.constData());
        QCOMPARE(c.offers.at(1).familyId.constData(), c.families.at(0).id.constData());
    }
};

QTEST_GUILESS_MAIN(TestRecordCodec)
#include "tst_recordcodec.moc"
