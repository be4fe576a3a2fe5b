#include "demodata.h"

#include "changelog.h"
#include "directory.h"

#include "core/recordcodec.h"
#include "core/recordid.h"
#include "core/vocabulary.h"

#include <QJsonArray>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

// The records of the demo, in the order they must arrive (families before what hangs off them).
class DemoBuilder
{
public:
    DemoBuilder(ChangeLog::ServerChanges &maker, qint64 nowMillis)
        : m_maker(maker)
        , m_now(nowMillis)
    {}

    void add(const QString &entity, const QString &id, const QString &familyId, const QJsonObject &payload)
    {
        changes.append(m_maker.make(entity, id, familyId, payload, m_now));
    }

    QList<Change> changes;

private:
    ChangeLog::ServerChanges &m_maker;
    qint64 m_now;
};

QDateTime utcAt(const QDate &date, int hour)
{
    return QDateTime(date, QTime(hour, 0), QTimeZone::utc());
}

} // namespace

Result<QJsonObject> createDemoData(const Database &database, const QDate &today, qint64 nowMillis)
{
    Directory directory(database);
    auto teamId = directory.addTeam(u"Demo Team (synthetic)"_s, nowMillis);
    if (!teamId)
        return teamId.error();
    struct DemoUser
    {
        QString name;
        Role role;
        QString id;
        QString code;
    };
    QList<DemoUser> users{{u"Demo Health Visitor"_s, Role::HealthVisitor, {}, {}},
                          {u"Demo Supervisor"_s, Role::Supervisor, {}, {}}};
    for (DemoUser &user : users) {
        auto id = directory.addUser(user.name, user.role, teamId.value(), nowMillis);
        if (!id)
            return id.error();
        user.id = id.value();
        auto code = directory.issueEnrolmentCode(user.id, nowMillis);
        if (!code)
            return code.error();
        user.code = code.value();
    }
    const QString visitorId = users.at(0).id;

    ChangeLog log(database);
    auto maker = log.serverChanges();
    if (!maker)
        return maker.error();
    DemoBuilder demo(maker.value(), nowMillis);

    auto family = [&](const QString &label, const QString &postcode) {
        Family f;
        f.id = newRecordId();
        f.teamId = teamId.value();
        f.practitionerId = visitorId;
        f.label = label;
        f.postcode = postcode;
        return f;
    };
    auto member = [&](const Family &f, const QString &name, const QString &relationship) {
        FamilyMember m;
        m.id = newRecordId();
        m.familyId = f.id;
        m.name = name;
        m.relationship = relationship;
        demo.add(Entity::FamilyMember, m.id, f.id, toJson(m));
        return m;
    };
    auto child = [&](const Family &f, const QString &name, const QDate &born) {
        Child c;
        c.id = newRecordId();
        c.familyId = f.id;
        c.name = name;
        c.dateOfBirth = born;
        demo.add(Entity::Child, c.id, f.id, toJson(c));
        return c;
    };

    // A newborn with no face-to-face visit yet: day 12, so amber (new birth visit due 10–14).
    Family ash = family(u"Synthetic Family Ash"_s, u"ZZ1 1AA"_s);
    demo.add(Entity::Family, ash.id, ash.id, toJson(ash));
    member(ash, u"Synthetic Parent Ash"_s, u"mother"_s);
    const Child newborn = child(ash, u"Synthetic Baby Ash"_s, today.addDays(-12));

    // An older child, visited at home last week, with the child's views recorded.
    Family birch = family(u"Synthetic Family Birch"_s, u"ZZ1 2BB"_s);
    demo.add(Entity::Family, birch.id, birch.id, toJson(birch));
    member(birch, u"Synthetic Parent Birch"_s, u"father"_s);
    const Child older = child(birch, u"Synthetic Child Birch"_s, today.addYears(-4));
    Visit visit;
    visit.id = newRecordId();
    visit.familyId = birch.id;
    visit.practitionerId = visitorId;
    visit.practitionerRole = Role::HealthVisitor;
    visit.occurredAt = utcAt(today.addDays(-7), 10);
    visit.contactType = ContactType::FaceToFaceHome;
    visit.outcome = Outcome::Completed;
    visit.children = {VisitChild{older.id, true, true}};
    visit.present = u"Synthetic Parent Birch and the child"_s;
    visit.observations =
        u"Synthetic observation: the child played with building blocks and chatted freely."_s;
    visit.signedOffAt = utcAt(today.addDays(-7), 12);
    demo.add(Entity::Visit, visit.id, birch.id, toJson(visit));
    ChildViews views;
    views.id = newRecordId();
    views.visitId = visit.id;
    views.childId = older.id;
    views.words = u"Synthetic words: \"I like the park and my blue bike.\""_s;
    views.livedExperience = u"Synthetic: goes to nursery three mornings a week."_s;
    views.presentation = u"Synthetic: cheerful, made good eye contact."_s;
    views.recordedAt = utcAt(today.addDays(-7), 11);
    demo.add(Entity::ChildViews, views.id, birch.id, toJson(views));

    // A family that moved into the area last week, with no contact yet.
    Family cedar = family(u"Synthetic Family Cedar"_s, u"ZZ1 3CC"_s);
    cedar.movedInOn = today.addDays(-7);
    cedar.movedFrom = u"Synthetic Area North"_s;
    demo.add(Entity::Family, cedar.id, cedar.id, toJson(cedar));
    member(cedar, u"Synthetic Carer Cedar"_s, u"grandmother"_s);
    child(cedar, u"Synthetic Child Cedar"_s, today.addYears(-3));

    auto applied = log.pushAsServer(demo.changes, nowMillis);
    if (!applied)
        return applied.error();
    if (!applied.value().rejected.isEmpty()) {
        const protocol::Rejection &first = applied.value().rejected.first();
        return makeError(u"invalid"_s, u"The demo data was refused: %1"_s.arg(first.message), first.field);
    }

    QJsonArray userList;
    for (const DemoUser &user : std::as_const(users)) {
        userList.append(QJsonObject{{u"id"_s, user.id},
                                    {u"name"_s, user.name},
                                    {u"role"_s, toToken(user.role)},
                                    {u"enrolmentCode"_s, user.code}});
    }
    return QJsonObject{
        {u"teamId"_s, teamId.value()}, {u"users"_s, userList}, {u"newbornChildId"_s, newborn.id}};
}

} // namespace doorstep::server
