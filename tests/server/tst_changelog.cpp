// The server's change log on SQLite, or on a fresh PostgreSQL database per test function when
// DOORSTEP_TEST_DATABASE is set (scripts/with-postgres): last-writer-wins with conflicts kept, insert-once
// records, idempotent resends, scopes, and pull paging with its cursor. Also the database's own
// connections: one that was closed is opened again with the settings of a new one.
#include "sync/server/changelog.h"
#include "sync/server/directory.h"
#include "tests/support/serverprocess.h"

#include "core/fieldmerge.h"
#include "core/hlc.h"
#include "core/recordcodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::server;

class TestChangeLog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_database;
    Caller m_visitorA; // health visitor, team one
    Caller m_visitorB; // midwife, team one
    Caller m_supervisor;
    Caller m_otherSupervisor; // team two
    qint64 m_now = 1'774'000'000'000;

    Caller enrolled(Directory &directory, const QString &teamId, const QString &name, Role role,
                    const QString &deviceId)
    {
        const QString userId = directory.addUser(name, role, teamId, m_now).value();
        const QString code = directory.issueEnrolmentCode(userId, m_now).value();
        protocol::EnrolRequest request{code, deviceId, QByteArray(32, 'k'), u"Test Tablet"_s};
        [[maybe_unused]] const auto user = directory.enrol(request, m_now);
        return Caller{deviceId, userId, role, teamId};
    }

    static Change change(const Caller &by, qint64 seq, const QString &entity, const QString &id,
                         const QString &familyId, qint64 hlcMillis, const QJsonObject &payload)
    {
        Change c;
        c.changeId = u"%1-%2"_s.arg(by.deviceId).arg(seq);
        c.deviceId = by.deviceId;
        c.deviceSeq = seq;
        c.entity = entity;
        c.entityId = id;
        c.familyId = familyId;
        c.hlc = HlcTimestamp{hlcMillis, 0, by.deviceId}.encode();
        c.payload = payload;
        return c;
    }

    static QJsonObject family(const QString &id, const Caller &practitioner, const QString &label)
    {
        Family f;
        f.id = id;
        f.teamId = practitioner.teamId;
        f.practitionerId = practitioner.userId;
        f.label = label;
        return toJson(f);
    }

    static QJsonObject child(const QString &id, const QString &familyId, const QString &name)
    {
        Child c;
        c.id = id;
        c.familyId = familyId;
        c.name = name;
        c.dateOfBirth = QDate(2026, 3, 1);
        return toJson(c);
    }

    // Visit "visit-1" to child-1 of fam-1 by `practitioner`, signed off an hour after.
    static Visit visitOfChildOne(const Caller &practitioner)
    {
        Visit visit;
        visit.id = u"visit-1"_s;
        visit.familyId = u"fam-1"_s;
        visit.practitionerId = practitioner.userId;
        visit.occurredAt = QDateTime(QDate(2026, 3, 10), QTime(10, 0), QTimeZone::utc());
        visit.children = {VisitChild{u"child-1"_s, true, false}};
        visit.signedOffAt = visit.occurredAt.addSecs(3600);
        return visit;
    }

    ChangeLog log() const { return ChangeLog(*m_database); }

    // The settings Database gives each connection, as the connection reports them.
    static QStringList settingsOf(QSqlDatabase &db, Database::Engine engine)
    {
        const QStringList reads = engine == Database::Engine::Sqlite
                                      ? QStringList{u"PRAGMA foreign_keys"_s, u"PRAGMA synchronous"_s,
                                                    u"PRAGMA cache_size"_s, u"PRAGMA journal_mode"_s}
                                      : QStringList{u"SHOW client_min_messages"_s};
        QStringList values;
        for (const QString &sql : reads) {
            QSqlQuery query(db);
            values.append(query.exec(sql) && query.next() ? query.value(0).toString() : u"(not read)"_s);
        }
        return values;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        const QString url = doorstep::test::freshTestDatabaseUrl();
        QCOMPARE(url.isEmpty(), qEnvironmentVariableIsEmpty("DOORSTEP_TEST_DATABASE"));
        m_database = Database::fromUrl(url, m_dir->path()).value();
        QVERIFY(m_database->migrate().ok());
        Directory directory(*m_database);
        const QString teamOne = directory.addTeam(u"Test Team One"_s, m_now).value();
        const QString teamTwo = directory.addTeam(u"Test Team Two"_s, m_now).value();
        m_visitorA = enrolled(directory, teamOne, u"Test Visitor A"_s, Role::HealthVisitor, u"dev-a"_s);
        m_visitorB = enrolled(directory, teamOne, u"Test Midwife B"_s, Role::Midwife, u"dev-b"_s);
        m_supervisor = enrolled(directory, teamOne, u"Test Supervisor"_s, Role::Supervisor, u"dev-s"_s);
        m_otherSupervisor =
            enrolled(directory, teamTwo, u"Test Supervisor Two"_s, Role::Supervisor, u"dev-t"_s);
    }

    void cleanup()
    {
        Database::releaseThreadConnections();
        m_database.reset();
        m_dir.reset();
    }

    // PostgreSQL: once a process has stored 1,000 changes in a database, it has analysed the change
    // log's tables itself (ChangeLog's keepStatisticsFresh), with autovacuum kept off them so that
    // only the server can have done it. SQLite is left on its own planner's defaults: no statistics.
    void planningStatisticsFollowTheLogsGrowth()
    {
        QSqlDatabase db = m_database->connection().value();
        const bool postgres = m_database->engine() == Database::Engine::Postgres;
        const auto analysed = [&db, postgres] {
            QSqlQuery query(db);
            if (postgres)
                return query.exec(u"SELECT reltuples FROM pg_class WHERE relname = 'changes'"_s) &&
                       query.next() && query.value(0).toDouble() > 0;
            return query.exec(u"SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"_s) && query.next();
        };
        if (postgres) {
            QSqlQuery off(db);
            QVERIFY(off.exec(u"ALTER TABLE changes SET (autovacuum_enabled = false)"_s));
            QVERIFY(off.exec(u"ALTER TABLE records SET (autovacuum_enabled = false)"_s));
        }
        qint64 seq = 0;
        const auto pushFamilies = [&](int count) {
            QList<Change> batch;
            for (int i = 0; i < count; ++i) {
                ++seq;
                const QString id = u"fam-%1"_s.arg(seq);
                batch.append(change(m_visitorA, seq, Entity::Family, id, id, m_now + seq,
                                    family(id, m_visitorA, u"Synthetic family"_s)));
            }
            const auto pushed = log().push(m_visitorA, batch, m_now + seq, {}, {}, {});
            return pushed.ok() && pushed.value().accepted.size() == count;
        };
        QVERIFY(pushFamilies(999));
        QVERIFY(!analysed());
        QVERIFY(pushFamilies(1));
        QCOMPARE(analysed(), postgres);
    }

    void resendIsAcknowledgedOnce()
    {
        const QList<Change> batch{
            change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                   family(u"fam-1"_s, m_visitorA, u"Test Family"_s)),
            change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 1,
                   child(u"child-1"_s, u"fam-1"_s, u"Test Baby One"_s)),
        };
        const auto first = log().push(m_visitorA, batch, m_now);
        QVERIFY(first.ok());
        QCOMPARE(first.value().accepted.size(), 2);
        const auto again = log().push(m_visitorA, batch, m_now);
        QVERIFY(again.ok());
        QCOMPARE(again.value().accepted, first.value().accepted);
        QVERIFY(again.value().rejected.isEmpty());
        QCOMPARE(log().pull(Scope::practitioner(m_visitorA.userId), 0, 100).value().changes.size(), 2);
    }

    void olderChangeLosesAndIsKept()
    {
        QVERIFY(log()
                    .push(m_visitorA,
                          {change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                                  family(u"fam-1"_s, m_visitorA, u"Test Family"_s))},
                          m_now)
                    .value()
                    .rejected.isEmpty());
        const Change newer = change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 100,
                                    child(u"child-1"_s, u"fam-1"_s, u"Test Baby Newer"_s));
        const Change older = change(m_supervisor, 1, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 50,
                                    child(u"child-1"_s, u"fam-1"_s, u"Test Baby Older"_s));
        QCOMPARE(log().push(m_visitorA, {newer}, m_now).value().accepted.size(), 1);
        QCOMPARE(log().push(m_supervisor, {older}, m_now).value().accepted.size(), 1);

        const Caseload caseload = log().caseload(Scope::team(m_visitorA.teamId)).value();
        QCOMPARE(caseload.children.size(), 1);
        QCOMPARE(caseload.children.first().name, u"Test Baby Newer"_s);
        const auto conflicts = log().conflicts().value();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().field, u"name"_s);
        QCOMPARE(conflicts.first().losing.changeId, older.changeId);
        QCOMPARE(conflicts.first().winning.changeId, newer.changeId);
        QCOMPARE(conflicts.first().losingValue.toString(), u"Test Baby Older"_s);
        QCOMPARE(conflicts.first().winningValue.toString(), u"Test Baby Newer"_s);
        // Both stay in the log: every device sees the full history and merges the same way.
        QCOMPARE(log().pull(Scope::team(m_visitorA.teamId), 0, 100).value().changes.size(), 3);
    }

    void concurrentWinnerKeepsTheReplacedValue()
    {
        QVERIFY(log()
                    .push(m_visitorA,
                          {change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                                  family(u"fam-1"_s, m_visitorA, u"Test Family"_s)),
                           change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 1,
                                  child(u"child-1"_s, u"fam-1"_s, u"Test Baby A"_s))},
                          m_now)
                    .value()
                    .rejected.isEmpty());
        // The supervisor never pulled, so their later edit was made without seeing A's value.
        const Change unseen = change(m_supervisor, 1, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 500,
                                     child(u"child-1"_s, u"fam-1"_s, u"Test Baby S"_s));
        QCOMPARE(log().push(m_supervisor, {unseen}, m_now).value().accepted.size(), 1);
        auto conflicts = log().conflicts().value();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().losingValue.toString(), u"Test Baby A"_s);
        QCOMPARE(conflicts.first().winning.changeId, unseen.changeId);

        // Once A has pulled everything, A's next edit replaces the value without a conflict.
        const auto page = log().pull(Scope::practitioner(m_visitorA.userId), 0, 100).value();
        QVERIFY(Directory(*m_database).notePulled(m_visitorA.deviceId, page.cursor).ok());
        const Change seen = change(m_visitorA, 3, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 900,
                                   child(u"child-1"_s, u"fam-1"_s, u"Test Baby A2"_s));
        QCOMPARE(log().push(m_visitorA, {seen}, m_now).value().accepted.size(), 1);
        QCOMPARE(log().conflicts().value().size(), 1);
        QCOMPARE(log().caseload(Scope::practitioner(m_visitorA.userId)).value().children.first().name,
                 u"Test Baby A2"_s);
    }

    // Changes that say which fields they wrote merge field by field: edits of different fields
    // both stand; concurrent edits of one field keep the loser as a conflict.
    void writtenFieldsMergeFieldByField()
    {
        const Change fam = change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                                  family(u"fam-1"_s, m_visitorA, u"Test Family"_s));
        const QJsonObject base = child(u"child-1"_s, u"fam-1"_s, u"Test Baby One"_s);
        const Change created =
            change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 1, base);
        QCOMPARE(log().push(m_visitorA, {fam, created}, m_now).value().accepted.size(), 2);
        const QString baseHlc = created.hlc;

        // A renames and changes the date of birth; S (not having seen A's edit) renames too and
        // adds an NHS number. Both started from the created record.
        QJsonObject byA = base;
        byA.insert(u"name"_s, u"Test Baby A"_s);
        byA.insert(u"dateOfBirth"_s, u"2026-02-27"_s);
        const Change editA = change(m_visitorA, 3, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 100, byA);
        QJsonObject byS = base;
        byS.insert(u"name"_s, u"Test Baby S"_s);
        byS.insert(u"nhsNumber"_s, u"9434765919"_s);
        const Change editS =
            change(m_supervisor, 1, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 200, byS);
        QCOMPARE(log()
                     .push(m_visitorA, {editA}, m_now,
                           {{editA.changeId, QJsonObject{{u"name"_s, baseHlc}, {u"dateOfBirth"_s, baseHlc}}}})
                     .value()
                     .accepted.size(),
                 1);
        QCOMPARE(log()
                     .push(m_supervisor, {editS}, m_now,
                           {{editS.changeId, QJsonObject{{u"name"_s, baseHlc}, {u"nhsNumber"_s, baseHlc}}}})
                     .value()
                     .accepted.size(),
                 1);

        const Child merged = log().caseload(Scope::team(m_visitorA.teamId)).value().children.first();
        QCOMPARE(merged.name, u"Test Baby S"_s);
        QCOMPARE(merged.dateOfBirth, QDate(2026, 2, 27));
        QCOMPARE(merged.nhsNumber, u"9434765919"_s);
        const auto conflicts = log().conflicts().value();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().field, u"name"_s);
        QCOMPARE(conflicts.first().losingValue.toString(), u"Test Baby A"_s);
        QCOMPARE(conflicts.first().losing.hlc, editA.hlc);
        QCOMPARE(conflicts.first().winningValue.toString(), u"Test Baby S"_s);
        QCOMPARE(conflicts.first().winning.hlc, editS.hlc);
        QCOMPARE(conflicts.first().toJson().value(u"losing"_s).toObject().value(u"deviceId"_s).toString(),
                 m_visitorA.deviceId);

        // A later edit that had seen S's name replaces it without a conflict.
        QJsonObject again = byS;
        again.insert(u"name"_s, u"Test Baby A2"_s);
        const Change seen =
            change(m_visitorA, 4, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 300, again);
        QVERIFY(log()
                    .push(m_visitorA, {seen}, m_now, {{seen.changeId, QJsonObject{{u"name"_s, editS.hlc}}}})
                    .ok());
        QCOMPARE(log().conflicts().value().size(), 1);
        QCOMPARE(log().caseload(Scope::team(m_visitorA.teamId)).value().children.first().name,
                 u"Test Baby A2"_s);
    }

    void appendOnlyIsInsertOnce()
    {
        Visit visit = visitOfChildOne(m_visitorA);
        const auto first = log().push(
            m_visitorA,
            {change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                    family(u"fam-1"_s, m_visitorA, u"Test Family"_s)),
             change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 1,
                    child(u"child-1"_s, u"fam-1"_s, u"Test Baby One"_s)),
             change(m_visitorA, 3, Entity::Visit, u"visit-1"_s, u"fam-1"_s, m_now + 2, toJson(visit))},
            m_now);
        QCOMPARE(first.value().accepted.size(), 3);
        visit.observations = u"Rewritten afterwards"_s;
        const auto rewrite = log().push(
            m_visitorA,
            {change(m_visitorA, 4, Entity::Visit, u"visit-1"_s, u"fam-1"_s, m_now + 3, toJson(visit))},
            m_now);
        QCOMPARE(rewrite.value().rejected.size(), 1);
        QCOMPARE(rewrite.value().rejected.first().code, u"invalid"_s);
        QCOMPARE(rewrite.value().rejected.first().field, u"entityId"_s);

        ChildViews views;
        views.id = u"views-1"_s;
        views.visitId = u"visit-unknown"_s;
        views.childId = u"child-1"_s;
        views.presentation = u"Test presentation"_s;
        views.recordedAt = visit.occurredAt;
        const auto orphan = log().push(
            m_visitorA,
            {change(m_visitorA, 5, Entity::ChildViews, u"views-1"_s, u"fam-1"_s, m_now + 4, toJson(views))},
            m_now);
        QCOMPARE(orphan.value().rejected.size(), 1);
        QCOMPARE(orphan.value().rejected.first().field, u"visitId"_s);
        views.visitId = u"visit-1"_s;
        const auto attached = log().push(
            m_visitorA,
            {change(m_visitorA, 6, Entity::ChildViews, u"views-1"_s, u"fam-1"_s, m_now + 5, toJson(views))},
            m_now);
        QCOMPARE(attached.value().accepted.size(), 1);
    }

    void sequenceGapIsAnsweredWithWhatIsExpected()
    {
        const Change fam = change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                                  family(u"fam-1"_s, m_visitorA, u"Test Family"_s));
        QVERIFY(log().push(m_visitorA, {fam}, m_now).value().rejected.isEmpty());
        const Change second = change(m_visitorA, 2, Entity::Child, u"child-2"_s, u"fam-1"_s, m_now + 2,
                                     child(u"child-2"_s, u"fam-1"_s, u"Test Baby Two"_s));
        const Change third = change(m_visitorA, 3, Entity::Child, u"child-3"_s, u"fam-1"_s, m_now + 3,
                                    child(u"child-3"_s, u"fam-1"_s, u"Test Baby Three"_s));

        // 3 without 2: refused as a gap, nothing stored, and the answer says 2 is expected.
        const auto skipped = log().push(m_visitorA, {third}, m_now).value();
        QVERIFY(skipped.accepted.isEmpty());
        QCOMPARE(skipped.rejected.size(), 1);
        QCOMPARE(skipped.rejected.first().code, u"gap"_s);
        QCOMPARE(skipped.rejected.first().field, u"deviceSeq"_s);
        QCOMPARE(skipped.expectedSeq, std::optional<qint64>(2));
        QCOMPARE(
            log().pull(Scope{Scope::Kind::Practitioner, m_visitorA.userId}, 0, 100).value().changes.size(),
            1);

        // From 2 on, in order: both applied; a resend of 1 is still only acknowledged.
        const auto inOrder = log().push(m_visitorA, {fam, second, third}, m_now).value();
        QCOMPARE(inOrder.accepted, (QStringList{fam.changeId, second.changeId, third.changeId}));
        QVERIFY(!inOrder.expectedSeq);

        // A change refused for its content still counts as received: the next number follows it.
        Change bad = change(m_visitorA, 4, Entity::Child, u"child-4"_s, u"fam-1"_s, m_now + 4,
                            child(u"child-4"_s, u"fam-other"_s, u"Test Baby Four"_s));
        QCOMPARE(log().push(m_visitorA, {bad}, m_now).value().rejected.first().code, u"invalid"_s);
        const Change fifth = change(m_visitorA, 5, Entity::Child, u"child-5"_s, u"fam-1"_s, m_now + 5,
                                    child(u"child-5"_s, u"fam-1"_s, u"Test Baby Five"_s));
        QCOMPARE(log().push(m_visitorA, {fifth}, m_now).value().accepted, QStringList{fifth.changeId});
        // A gap in the middle of a batch: what comes before it is applied.
        const Change sixth = change(m_visitorA, 6, Entity::Child, u"child-6"_s, u"fam-1"_s, m_now + 6,
                                    child(u"child-6"_s, u"fam-1"_s, u"Test Baby Six"_s));
        const Change eighth = change(m_visitorA, 8, Entity::Child, u"child-8"_s, u"fam-1"_s, m_now + 8,
                                     child(u"child-8"_s, u"fam-1"_s, u"Test Baby Eight"_s));
        const auto middle = log().push(m_visitorA, {sixth, eighth}, m_now).value();
        QCOMPARE(middle.accepted, QStringList{sixth.changeId});
        QCOMPARE(middle.rejected.first().code, u"gap"_s);
        QCOMPARE(middle.expectedSeq, std::optional<qint64>(7));
    }

    void scopesAndForbiddenWrites()
    {
        QVERIFY(log()
                    .push(m_visitorA,
                          {change(m_visitorA, 1, Entity::Family, u"fam-a"_s, u"fam-a"_s, m_now,
                                  family(u"fam-a"_s, m_visitorA, u"Test Family A"_s))},
                          m_now)
                    .value()
                    .rejected.isEmpty());
        // B may not write into A's family, nor put a family on A's caseload.
        const auto intoOther = log().push(m_visitorB,
                                          {change(m_visitorB, 1, Entity::Child, u"child-b"_s, u"fam-a"_s,
                                                  m_now, child(u"child-b"_s, u"fam-a"_s, u"Test Baby B"_s)),
                                           change(m_visitorB, 2, Entity::Family, u"fam-b"_s, u"fam-b"_s,
                                                  m_now, family(u"fam-b"_s, m_visitorA, u"Test Family B"_s))},
                                          m_now);
        QCOMPARE(intoOther.value().rejected.size(), 2);
        QCOMPARE(intoOther.value().rejected.at(0).code, u"forbidden"_s);
        QCOMPARE(intoOther.value().rejected.at(1).code, u"forbidden"_s);
        QCOMPARE(intoOther.value().rejected.at(1).field, u"practitionerId"_s);
        // A change must come from the device that sends it.
        const auto spoofed = log().push(m_visitorB,
                                        {change(m_visitorA, 9, Entity::Child, u"child-x"_s, u"fam-a"_s, m_now,
                                                child(u"child-x"_s, u"fam-a"_s, u"Test Baby X"_s))},
                                        m_now);
        QCOMPARE(spoofed.value().rejected.first().field, u"deviceId"_s);

        // The supervisor of the team may write; the other team's may not.
        QCOMPARE(log()
                     .push(m_supervisor,
                           {change(m_supervisor, 1, Entity::Child, u"child-s"_s, u"fam-a"_s, m_now,
                                   child(u"child-s"_s, u"fam-a"_s, u"Test Baby S"_s))},
                           m_now)
                     .value()
                     .accepted.size(),
                 1);
        QCOMPARE(log()
                     .push(m_otherSupervisor,
                           {change(m_otherSupervisor, 1, Entity::Child, u"child-t"_s, u"fam-a"_s, m_now,
                                   child(u"child-t"_s, u"fam-a"_s, u"Test Baby T"_s))},
                           m_now)
                     .value()
                     .rejected.first()
                     .code,
                 u"forbidden"_s);

        QCOMPARE(log().pull(Scope::practitioner(m_visitorA.userId), 0, 100).value().changes.size(), 2);
        QCOMPARE(log().pull(Scope::practitioner(m_visitorB.userId), 0, 100).value().changes.size(), 0);
        QCOMPARE(log().pull(Scope::team(m_supervisor.teamId), 0, 100).value().changes.size(), 2);
        QCOMPARE(log().pull(Scope::team(m_otherSupervisor.teamId), 0, 100).value().changes.size(), 0);
    }

    void pullPagesWithTheCursor()
    {
        QList<Change> batch{change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                                   family(u"fam-1"_s, m_visitorA, u"Test Family"_s))};
        for (int i = 2; i <= 5; ++i) {
            batch.append(change(m_visitorA, i, Entity::Child, u"child-%1"_s.arg(i), u"fam-1"_s, m_now + i,
                                child(u"child-%1"_s.arg(i), u"fam-1"_s, u"Test Baby %1"_s.arg(i))));
        }
        QCOMPARE(log().push(m_visitorA, batch, m_now).value().accepted.size(), 5);
        const Scope scope = Scope::practitioner(m_visitorA.userId);
        QStringList seen;
        qint64 cursor = 0;
        int pages = 0;
        for (bool more = true; more; ++pages) {
            const auto page = log().pull(scope, cursor, 2).value();
            QVERIFY(page.changes.size() <= 2);
            QVERIFY(page.cursor > cursor);
            for (const Change &c : page.changes)
                seen.append(c.changeId);
            cursor = page.cursor;
            more = page.more;
        }
        QCOMPARE(pages, 3);
        QCOMPARE(seen.size(), 5);
        QCOMPARE(seen.first(), batch.first().changeId);
        const auto empty = log().pull(scope, cursor, 2).value();
        QVERIFY(empty.changes.isEmpty());
        QCOMPARE(empty.cursor, cursor);
        QVERIFY(!empty.more);
    }

    // A batch is checked against what the batch itself wrote before (the server looks its change
    // ids and records up once per batch): a record made earlier in it exists for the changes after
    // it, a change id seen earlier in it is a resend, and batches longer than one look-up (256)
    // are looked up whole.
    void batchSeesWhatItWroteBefore()
    {
        const auto placed = log().push(m_visitorB,
                                       {change(m_visitorB, 1, Entity::Family, u"fam-b"_s, u"fam-b"_s, m_now,
                                               family(u"fam-b"_s, m_visitorB, u"Test Family B"_s))},
                                       m_now);
        QCOMPARE(placed.value().accepted.size(), 1);

        const Visit visit = visitOfChildOne(m_visitorA);
        ChildViews views;
        views.id = u"views-1"_s;
        views.visitId = u"visit-1"_s;
        views.childId = u"child-1"_s;
        views.presentation = u"Test presentation"_s;
        views.recordedAt = visit.occurredAt;
        Change madeChild = change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 1,
                                  child(u"child-1"_s, u"fam-1"_s, u"Test Baby One"_s));
        madeChild.changeId = u"dev-a-2 \"quoted\" \\ caf\u00e9"_s; // looked up as JSON text: escaped
        Change stolenId = change(m_visitorA, 7, Entity::Child, u"child-2"_s, u"fam-1"_s, m_now + 7,
                                 child(u"child-2"_s, u"fam-1"_s, u"Test Baby Two"_s));
        stolenId.changeId = u"dev-b-1"_s; // device B's family change
        QList<Change> batch{
            change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                   family(u"fam-1"_s, m_visitorA, u"Test Family"_s)),
            madeChild,
            change(m_visitorA, 3, Entity::Visit, u"visit-1"_s, u"fam-1"_s, m_now + 2, toJson(visit)),
            change(m_visitorA, 4, Entity::ChildViews, u"views-1"_s, u"fam-1"_s, m_now + 3, toJson(views)),
            change(m_visitorA, 5, Entity::Visit, u"visit-1"_s, u"fam-1"_s, m_now + 4, toJson(visit)),
            change(m_visitorA, 6, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 5,
                   child(u"child-1"_s, u"fam-1"_s, u"Test Baby Renamed"_s)),
            madeChild,
            stolenId,
        };
        for (int i = 8; i < 308; ++i) {
            Visit more = visit;
            more.id = u"visit-%1"_s.arg(i);
            batch.append(change(m_visitorA, i, Entity::Visit, more.id, u"fam-1"_s, m_now + i, toJson(more)));
        }
        const auto pushed = log().push(m_visitorA, batch, m_now);
        QVERIFY(pushed.ok());
        QCOMPARE(pushed.value().accepted.size(), 306);
        QCOMPARE(pushed.value().accepted.count(madeChild.changeId), 2);
        QCOMPARE(pushed.value().rejected.size(), 2);
        QCOMPARE(pushed.value().rejected.at(0).changeId, u"dev-a-5"_s); // the visit again
        QCOMPARE(pushed.value().rejected.at(0).field, u"entityId"_s);
        QCOMPARE(pushed.value().rejected.at(1).changeId, u"dev-b-1"_s);
        QCOMPARE(pushed.value().rejected.at(1).field, u"changeId"_s);

        // Everything accepted was stored once; the child has its second name.
        const auto page = log().pull(Scope::practitioner(m_visitorA.userId), 0, 1000).value();
        QCOMPARE(page.changes.size(), 305);
        QStringList ids;
        for (const Change &c : page.changes)
            ids.append(c.changeId);
        QCOMPARE(ids.count(madeChild.changeId), 1);
        QVERIFY(ids.contains(u"dev-a-4"_s));
        QVERIFY(ids.contains(u"dev-a-6"_s));
        const auto caseload = log().caseload(Scope::practitioner(m_visitorA.userId)).value();
        QCOMPARE(caseload.children.size(), 1);
        QCOMPARE(caseload.children.first().name, u"Test Baby Renamed"_s);
        QCOMPARE(caseload.visits.size(), 301);

        // The same batch again: every accepted change is a resend, nothing is stored twice.
        const auto again = log().push(m_visitorA, batch, m_now);
        QVERIFY(again.ok());
        QCOMPARE(again.value().accepted, pushed.value().accepted);
        QCOMPARE(log().pull(Scope::practitioner(m_visitorA.userId), 0, 1000).value().changes.size(), 305);
    }

    // Changes carry their family's scope (for the pull's index); a move carries the history.
    void pullFollowsAReassignedFamily()
    {
        QList<Change> batch{change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                                   family(u"fam-1"_s, m_visitorA, u"Test Family"_s))};
        for (int i = 2; i <= 3; ++i) {
            batch.append(change(m_visitorA, i, Entity::Child, u"child-%1"_s.arg(i), u"fam-1"_s, m_now + i,
                                child(u"child-%1"_s.arg(i), u"fam-1"_s, u"Test Baby %1"_s.arg(i))));
        }
        QCOMPARE(log().push(m_visitorA, batch, m_now).value().accepted.size(), 3);
        const Scope a = Scope::practitioner(m_visitorA.userId);
        const Scope b = Scope::practitioner(m_visitorB.userId);
        QCOMPARE(log().pull(a, 0, 100).value().changes.size(), 3);
        QVERIFY(log().pull(b, 0, 100).value().changes.isEmpty());

        QVERIFY(log().reassignFamily(u"fam-1"_s, m_visitorB.userId, m_visitorB.teamId, m_now + 10).ok());
        const auto history = log().pull(b, 0, 100, u"fam-1"_s).value();
        QCOMPARE(history.changes.size(), 4); // the three and the server's move
        QCOMPARE(history.changes.last().deviceId, ChangeLog::ServerDevice);
        const auto arrived = log().pull(b, 0, 100).value();
        QCOMPARE(arrived.added, QStringList{u"fam-1"_s});
        const auto left = log().pull(a, 0, 100).value();
        QVERIFY(left.changes.isEmpty());
        QCOMPARE(left.removed, QStringList{u"fam-1"_s});
        QCOMPARE(log().pull(Scope::team(m_visitorA.teamId), 0, 100).value().changes.size(), 4);

        // A change B makes afterwards reaches B's pulls, not A's.
        const Change later = change(m_visitorB, 1, Entity::Child, u"child-9"_s, u"fam-1"_s, m_now + 20,
                                    child(u"child-9"_s, u"fam-1"_s, u"Test Baby Nine"_s));
        QCOMPARE(log().push(m_visitorB, {later}, m_now).value().accepted.size(), 1);
        QCOMPARE(log().pull(b, history.cursor, 100).value().changes.size(), 1);
        QVERIFY(log().pull(a, left.cursor, 100).value().changes.isEmpty());
    }

    // The HTTP answer's form: each change as JSON with its payload spliced in as stored, the
    // same as encoding the decoded change (quotes, backslashes, control and non-ASCII characters).
    void encodedPullMatchesTheDecodedChanges()
    {
        const QString awkward = u"Test Baby \"Zo\u00eb\" \\ one\nline\ttab\u0001"_s;
        QVERIFY(log()
                    .push(m_visitorA,
                          {change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                                  family(u"fam-1"_s, m_visitorA, awkward)),
                           change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 1,
                                  child(u"child-1"_s, u"fam-1"_s, awkward))},
                          m_now)
                    .value()
                    .rejected.isEmpty());
        const Scope scope = Scope::practitioner(m_visitorA.userId);
        const auto decoded = log().pull(scope, 0, 100).value();
        const auto encoded = log().pull(scope, 0, 100, {}, ChangeLog::Form::Encoded).value();
        QCOMPARE(decoded.changes.size(), 2);
        QCOMPARE(encoded.encoded.size(), 2);
        QCOMPARE(encoded.cursor, decoded.cursor);
        QVERIFY(!decoded.fields.isEmpty());
        for (qsizetype i = 0; i < decoded.changes.size(); ++i) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(encoded.encoded.at(i), &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            QJsonObject expected = decoded.changes.at(i).toJson();
            if (const auto it = decoded.fields.constFind(decoded.changes.at(i).changeId);
                it != decoded.fields.constEnd())
                expected.insert(u"fields"_s, *it);
            QCOMPARE(document.object(), expected);
        }
    }

    // A batch's new records are written several rows a statement: every column holds what its
    // change said, byte for byte and of the same type, as when each change had a statement of its
    // own (payloads as sent, clocks and written fields as the merge makes them).
    void storedRowsAreTheChangesAsSent()
    {
        const QString awkward = u"Test Baby \"Zo\u00eb\" \\ one\nline\ttab\u0001 \U0001F476 /"_s;
        Change madeChild = change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 1,
                                  child(u"child-1"_s, u"fam-1"_s, awkward));
        madeChild.changeId = u"dev-a-2 \"quoted\" \\ caf\u00e9"_s;
        Visit visit = visitOfChildOne(m_visitorA);
        visit.observations = awkward;
        const QList<Change> batch{
            change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                   family(u"fam-1"_s, m_visitorA, awkward)),
            madeChild,
            change(m_visitorA, 3, Entity::Visit, u"visit-1"_s, u"fam-1"_s, m_now + 2, toJson(visit)),
        };
        // As a device might send them: spaced out, and with an escape where Qt writes the character.
        QList<QByteArray> texts;
        for (const Change &c : batch)
            texts.append(
                QJsonDocument(c.payload).toJson(QJsonDocument::Indented).replace("Zo\xc3\xab", "Zo\\u00eb"));
        const qint64 received = m_now + 500;
        const auto pushed = log().push(m_visitorA, batch, received, {}, {}, texts);
        QVERIFY(pushed.ok());
        QCOMPARE(pushed.value().accepted.size(), 3);

        QSqlDatabase db = m_database->connection().value();
        QSqlQuery rows(db);
        QVERIFY(rows.exec(u"SELECT seq, change_id, device_id, device_seq, entity, entity_id, family_id, hlc,"
                          u" payload, received_at, team_id, practitioner_id FROM changes ORDER BY seq"_s));
        qint64 firstSeq = 0;
        for (qsizetype i = 0; i < batch.size(); ++i) {
            const Change &c = batch.at(i);
            QVERIFY(rows.next());
            if (i == 0)
                firstSeq = rows.value(0).toLongLong();
            QCOMPARE(rows.value(0).toLongLong(), firstSeq + i);
            QCOMPARE(rows.value(1).toString(), c.changeId);
            QCOMPARE(rows.value(2).toString(), c.deviceId);
            QCOMPARE(rows.value(3).toLongLong(), c.deviceSeq);
            QCOMPARE(rows.value(4).toString(), c.entity);
            QCOMPARE(rows.value(5).toString(), c.entityId);
            QCOMPARE(rows.value(6).toString(), c.familyId);
            QCOMPARE(rows.value(7).toString(), c.hlc);
            QCOMPARE(rows.value(8).toString().toUtf8(), texts.at(i));
            QCOMPARE(rows.value(9).toLongLong(), received);
            QCOMPARE(rows.value(10).toString(), m_visitorA.teamId);
            QCOMPARE(rows.value(11).toString(), m_visitorA.userId);
        }
        QVERIFY(!rows.next());

        QVERIFY(rows.exec(u"SELECT entity, entity_id, family_id, hlc, change_id, seq, device_id, payload"
                          u" FROM records ORDER BY seq"_s));
        for (qsizetype i = 0; i < batch.size(); ++i) {
            const Change &c = batch.at(i);
            QVERIFY(rows.next());
            QCOMPARE(rows.value(0).toString(), c.entity);
            QCOMPARE(rows.value(1).toString(), c.entityId);
            QCOMPARE(rows.value(2).toString(), c.familyId);
            QCOMPARE(rows.value(3).toString(), c.hlc);
            QCOMPARE(rows.value(4).toString(), c.changeId);
            QCOMPARE(rows.value(5).toLongLong(), firstSeq + i);
            QCOMPARE(rows.value(6).toString(), c.deviceId);
            // An append-only record's payload is its change's (the change log's row above).
            QCOMPARE(rows.value(7).toString().toUtf8(),
                     Entity::isAppendOnly(c.entity) ? QByteArray() : texts.at(i));
        }
        QVERIFY(!rows.next());

        // The mutable records (family, child): their clocks, and what each change wrote.
        const auto compact = [](const QJsonObject &json) {
            return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
        };
        for (qsizetype i = 0; i < 2; ++i) {
            const Change &c = batch.at(i);
            const WrittenFields written = writtenFields({}, {}, c.payload);
            const FieldMerge merge = mergeFields({}, {}, c.payload, c.hlc, c.changeId, written);
            QVERIFY(rows.prepare(u"SELECT clocks FROM record_clocks WHERE entity = ? AND entity_id = ?"_s));
            rows.addBindValue(c.entity);
            rows.addBindValue(c.entityId);
            QVERIFY(rows.exec() && rows.next());
            QCOMPARE(rows.value(0).toString(), compact(clocksToJson(merge.clocks)));
            QVERIFY(rows.prepare(u"SELECT fields FROM change_fields WHERE change_id = ?"_s));
            rows.addBindValue(c.changeId);
            QVERIFY(rows.exec() && rows.next());
            QCOMPARE(rows.value(0).toString(), compact(written));
        }
        QVERIFY(rows.exec(u"SELECT COUNT(*) FROM record_clocks"_s) && rows.next());
        QCOMPARE(rows.value(0).toInt(), 2);
        QVERIFY(rows.exec(u"SELECT COUNT(*) FROM change_fields"_s) && rows.next());
        QCOMPARE(rows.value(0).toInt(), 2);

        if (db.driver()->dbmsType() == QSqlDriver::SQLite) {
            // Of the types a value bound on its own has (SQLite keeps a type per value).
            QVERIFY(
                rows.exec(u"SELECT DISTINCT typeof(c.seq), typeof(c.change_id), typeof(c.device_seq),"
                          u" typeof(c.payload), typeof(c.received_at), typeof(c.team_id),"
                          u" typeof(r.seq), typeof(r.payload), typeof(k.clocks), typeof(w.fields)"
                          u" FROM changes c JOIN records r ON r.change_id = c.change_id"
                          u" LEFT JOIN record_clocks k ON k.entity = r.entity AND k.entity_id = r.entity_id"
                          u" LEFT JOIN change_fields w ON w.change_id = c.change_id"
                          u" WHERE c.entity <> 'visit'"_s));
            QVERIFY(rows.next());
            const QStringList types{u"integer"_s, u"text"_s,    u"integer"_s, u"text"_s, u"integer"_s,
                                    u"text"_s,    u"integer"_s, u"text"_s,    u"text"_s, u"text"_s};
            for (int i = 0; i < types.size(); ++i)
                QCOMPARE(rows.value(i).toString(), types.at(i));
            QVERIFY(!rows.next());
        }
        rows.finish();

        // The visit's record is read from its change; a record stored before, with a payload of
        // its own, is read from that.
        const auto readVisit = [this] {
            const QList<Visit> visits = log().caseload(Scope::practitioner(m_visitorA.userId)).value().visits;
            return visits.size() == 1 ? visits.first().observations : u"visits: %1"_s.arg(visits.size());
        };
        QCOMPARE(readVisit(), awkward);
        QVERIFY(rows.exec(
            u"UPDATE records SET payload = (SELECT c.payload FROM changes c WHERE c.seq = records.seq)"
            u" WHERE entity = 'visit'"_s));
        QCOMPARE(rows.numRowsAffected(), 1);
        QVERIFY(rows.exec(u"UPDATE changes SET payload = '{}' WHERE entity = 'visit'"_s));
        QCOMPARE(readVisit(), awkward);
        QVERIFY(rows.exec(
            u"UPDATE changes SET payload = (SELECT r.payload FROM records r WHERE r.seq = changes.seq)"
            u" WHERE entity = 'visit'"_s));
        rows.finish();

        // The same batch again: acknowledged, nothing stored twice; the pull gives the texts back.
        const auto again = log().push(m_visitorA, batch, received, {}, {}, texts);
        QCOMPARE(again.value().accepted, pushed.value().accepted);
        const auto page =
            log().pull(Scope::practitioner(m_visitorA.userId), 0, 100, {}, ChangeLog::Form::Encoded).value();
        QCOMPARE(page.encoded.size(), 3);
        for (qsizetype i = 0; i < batch.size(); ++i)
            QVERIFY(page.encoded.at(i).contains(texts.at(i)));
    }

    // Changes stored before the scope columns existed get their scope when the server migrates.
    void migrationFillsTheScopeOfOlderChanges()
    {
        QVERIFY(log()
                    .push(m_visitorA,
                          {change(m_visitorA, 1, Entity::Family, u"fam-1"_s, u"fam-1"_s, m_now,
                                  family(u"fam-1"_s, m_visitorA, u"Test Family"_s)),
                           change(m_visitorA, 2, Entity::Child, u"child-1"_s, u"fam-1"_s, m_now + 1,
                                  child(u"child-1"_s, u"fam-1"_s, u"Test Baby One"_s))},
                          m_now)
                    .value()
                    .rejected.isEmpty());
        {
            QSqlDatabase db = m_database->connection().value();
            QSqlQuery query(db);
            QVERIFY(query.exec(u"UPDATE changes SET team_id = NULL, practitioner_id = NULL"_s));
        }
        const Scope scope = Scope::practitioner(m_visitorA.userId);
        QVERIFY(log().pull(scope, 0, 100).value().changes.isEmpty());
        QVERIFY(m_database->migrate().ok());
        QCOMPARE(log().pull(scope, 0, 100).value().changes.size(), 2);
        QCOMPARE(log().pull(Scope::team(m_visitorA.teamId), 0, 100).value().changes.size(), 2);
    }

    void reopenedConnectionHasTheSettingsOfANewOne()
    {
        const Database::Engine engine = m_database->engine();
        auto first = m_database->connection();
        QVERIFY(first.ok());
        QSqlDatabase db = first.value();
        const QStringList fresh = settingsOf(db, engine);
        const QStringList expected = engine == Database::Engine::Sqlite
                                         ? QStringList{u"1"_s, u"2"_s, u"-16384"_s, u"wal"_s}
                                         : QStringList{u"warning"_s};
        QCOMPARE(fresh, expected);

        db.close();
        auto again = m_database->connection();
        QVERIFY(again.ok());
        QSqlDatabase reopened = again.value();
        QVERIFY(reopened.isOpen());
        QCOMPARE(reopened.connectionName(), db.connectionName()); // the thread's one connection
        QCOMPARE(settingsOf(reopened, engine), expected);
    }
};

QTEST_GUILESS_MAIN(TestChangeLog)
#include "tst_changelog.moc"
