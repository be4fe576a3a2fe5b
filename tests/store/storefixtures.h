// Synthetic records and a settable clock for the store tests. Names are obviously made up.
#pragma once

#include "app/store/store.h"
#include "core/domain.h"

#include <QDateTime>
#include <QUuid>

#include <memory>

namespace doorstep::store::fixtures {

inline const QByteArray pin = QByteArrayLiteral("482913");
inline const QByteArray otherPin = QByteArrayLiteral("905173");

// A clock the test moves by hand.
struct TestClock
{
    std::shared_ptr<QDateTime> now = std::make_shared<QDateTime>(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC);
    Store::Clock clock() const
    {
        return [now = now] {
            return *now;
        };
    }
    void advance(qint64 seconds) { *now = now->addSecs(seconds); }
};

inline QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline Family family(const QString &label = QStringLiteral("Test Family One"))
{
    Family f;
    f.teamId = QStringLiteral("team-1");
    f.practitionerId = QStringLiteral("user-1");
    f.label = label;
    f.postcode = QStringLiteral("ZZ99 9ZZ");
    return f;
}

inline FamilyMember member(const QString &familyId, const QString &name = QStringLiteral("Test Parent One"))
{
    FamilyMember m;
    m.familyId = familyId;
    m.name = name;
    m.relationship = QStringLiteral("mother");
    return m;
}

inline Child child(const QString &familyId, const QDate &born,
                   const QString &name = QStringLiteral("Test Baby One"))
{
    Child c;
    c.familyId = familyId;
    c.name = name;
    c.dateOfBirth = born;
    return c;
}

inline Visit visit(const QString &familyId, const QString &childId, const QDateTime &at,
                   ContactType type = ContactType::FaceToFaceHome, Outcome outcome = Outcome::Completed)
{
    Visit v;
    v.familyId = familyId;
    v.practitionerId = QStringLiteral("user-1");
    v.practitionerRole = Role::HealthVisitor;
    v.occurredAt = at;
    v.contactType = type;
    v.outcome = outcome;
    const bool happened = outcome == Outcome::Completed || outcome == Outcome::Declined;
    v.children = {VisitChild{childId, happened, false}};
    v.present = QStringLiteral("Test Parent One");
    v.observations = QStringLiteral("Test observations: baby feeding well.");
    v.signedOffAt = at.addSecs(3600);
    return v;
}

inline ChildViews views(const QString &visitId, const QString &childId, const QDateTime &at)
{
    ChildViews v;
    v.visitId = visitId;
    v.childId = childId;
    v.presentation = QStringLiteral("Test presentation: alert and settled.");
    v.recordedAt = at;
    return v;
}

inline AdvocateOffer offer(const QString &familyId, const QString &memberId, const QDate &on)
{
    AdvocateOffer o;
    o.familyId = familyId;
    o.memberId = memberId;
    o.offeredOn = on;
    o.offeredBy = QStringLiteral("user-1");
    o.service = QStringLiteral("Test Advocacy Service");
    o.response = AdvocateResponse::Considering;
    o.followUpOn = on.addDays(7);
    return o;
}

inline Alert alert(const QString &familyId, const QDate &raised)
{
    Alert a;
    a.familyId = familyId;
    a.category = QStringLiteral("home conditions");
    a.whatHappened =
        QStringLiteral("Test description: the stair gate was broken on the visit of 20 Nov 2026.");
    a.whoIsAtRisk = QStringLiteral("Test Baby One");
    a.riskFrom = QStringLiteral("a fall down the stairs");
    a.source = QStringLiteral("home visit by the health visitor");
    a.raisedOn = raised;
    a.requiredAction = QStringLiteral("Health visitor to check the gate is repaired at the next visit.");
    a.reviewOn = raised.addDays(14);
    return a;
}

inline Amendment amendment(const QString &targetKind, const QString &targetId, const QDateTime &at)
{
    Amendment a;
    a.targetKind = targetKind;
    a.targetId = targetId;
    a.authorId = QStringLiteral("user-1");
    a.madeAt = at;
    a.reason = QStringLiteral("Test reason: the time was entered wrongly.");
    a.correction = QStringLiteral("The visit was at 10:00.");
    return a;
}

} // namespace doorstep::store::fixtures
