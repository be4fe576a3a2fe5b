// Field-by-field merge in the device store: what a local edit says it wrote, pulled edits of
// other fields and of the same field, the losing value kept as a conflict and reviewed, append-
// only records never conflicting, and a remote clock far ahead not dragging the local clock.
#include "app/store/store.h"
#include "storefixtures.h"
#include "tests/support/remotechange.h"

#include "core/hlc.h"
#include "core/recordcodec.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;
using doorstep::test::remoteChange;
using namespace Qt::StringLiterals;

namespace {

#define VERIFY_OK(expression)                                                                                \
    do {                                                                                                     \
        const auto &result_ = (expression);                                                                  \
        QVERIFY2(result_.ok(), qPrintable(result_.ok() ? QString() : result_.error().message));              \
    } while (false)

} // namespace

class TestConflicts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    TestClock m_clock;
    std::unique_ptr<Store> m_store;
    QString m_familyId;
    QString m_childId;
    QString m_createdHlc; // the child's creation

    // The pending change of `entityId` made last, with what it says it wrote.
    std::pair<Change, QJsonObject> lastPending(const QString &entityId)
    {
        QHash<QString, QJsonObject> fields;
        const QList<Change> pending = m_store->pendingChanges(1000, &fields);
        for (auto it = pending.crbegin(); it != pending.crend(); ++it) {
            if (it->entityId == entityId)
                return {*it, fields.value(it->changeId)};
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        static int profile = 0;
        auto created = Store::create(m_root.filePath(u"p%1"_s.arg(++profile)), pin, m_clock.clock());
        QVERIFY(created.ok());
        m_store = std::move(created).value();
        m_familyId = m_store->saveFamily(family()).value();
        m_clock.advance(1);
        m_childId = m_store->saveChild(child(m_familyId, QDate(2026, 11, 1))).value();
        m_createdHlc = lastPending(m_childId).first.hlc;
    }

    void cleanup() { m_store.reset(); }

    void aLocalEditSaysWhichFieldsItWrote()
    {
        // A new record writes every field, over nothing.
        const QJsonObject created = lastPending(m_childId).second;
        QCOMPARE(created.value(u"name"_s).toString(), QString());
        QCOMPARE(created.value(u"dateOfBirth"_s).toString(), QString());
        QVERIFY(!created.contains(u"id"_s));

        m_clock.advance(1);
        Child edited = m_store->child(m_childId).value();
        edited.name = u"Test Baby Renamed"_s;
        VERIFY_OK(m_store->saveChild(edited));
        const auto [change, written] = lastPending(m_childId);
        QCOMPARE(written, (QJsonObject{{u"name"_s, m_createdHlc}}));
        QCOMPARE(change.payload.value(u"name"_s).toString(), u"Test Baby Renamed"_s);

        // Appending never says: a visit is written once.
        m_clock.advance(1);
        const QString visitId =
            m_store->recordVisit(visit(m_familyId, m_childId, m_clock.now->addSecs(-60))).value();
        QHash<QString, QJsonObject> fields;
        const QList<Change> pending = m_store->pendingChanges(1000, &fields);
        QCOMPARE(pending.constLast().entityId, visitId);
        QVERIFY(!fields.contains(pending.constLast().changeId));
    }

    void editsOfOtherFieldsBothStand()
    {
        m_clock.advance(10);
        Child local = m_store->child(m_childId).value();
        local.name = u"Test Baby Local"_s;
        VERIFY_OK(m_store->saveChild(local));

        // Another device, which had the created child, sets the NHS number a moment later.
        Child theirs = child(m_familyId, QDate(2026, 11, 1));
        theirs.id = m_childId;
        theirs.nhsNumber = u"9434765919"_s;
        const Change change =
            remoteChange(Entity::Child, m_childId, m_familyId, toJson(theirs), m_clock.now->addSecs(5));
        VERIFY_OK(m_store->applyPulled({change}, u"1"_s, std::nullopt,
                                       {{change.changeId, QJsonObject{{u"nhsNumber"_s, m_createdHlc}}}}));
        const Child merged = m_store->child(m_childId).value();
        QCOMPARE(merged.name, u"Test Baby Local"_s);
        QCOMPARE(merged.nhsNumber, u"9434765919"_s);
        QCOMPARE(m_store->conflictCount(), 0);
    }

    void concurrentEditsOfOneFieldKeepTheLoser()
    {
        m_clock.advance(10);
        Child local = m_store->child(m_childId).value();
        local.name = u"Test Baby Local"_s;
        VERIFY_OK(m_store->saveChild(local));
        const QString localHlc = lastPending(m_childId).first.hlc;

        // A later rename made without seeing ours: it wins, ours is kept.
        Child theirs = child(m_familyId, QDate(2026, 11, 1), u"Test Baby Remote"_s);
        theirs.id = m_childId;
        const Change later =
            remoteChange(Entity::Child, m_childId, m_familyId, toJson(theirs), m_clock.now->addSecs(5));
        VERIFY_OK(m_store->applyPulled({later}, u"1"_s, std::nullopt,
                                       {{later.changeId, QJsonObject{{u"name"_s, m_createdHlc}}}}));
        QCOMPARE(m_store->child(m_childId).value().name, u"Test Baby Remote"_s);
        QList<Conflict> conflicts = m_store->conflicts();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().entity, Entity::Child);
        QCOMPARE(conflicts.first().entityId, m_childId);
        QCOMPARE(conflicts.first().familyId, m_familyId);
        QCOMPARE(conflicts.first().field, u"name"_s);
        QCOMPARE(conflicts.first().losingValue.toString(), u"Test Baby Local"_s);
        QCOMPARE(conflicts.first().losingHlc, localHlc);
        QCOMPARE(conflicts.first().losingDeviceId, m_store->deviceId());
        QCOMPARE(conflicts.first().winningValue.toString(), u"Test Baby Remote"_s);
        QCOMPARE(conflicts.first().winningHlc, later.hlc);
        QCOMPARE(conflicts.first().winningDeviceId, u"device-b"_s);

        // The same page again keeps it once; an older concurrent rename loses and is kept too.
        VERIFY_OK(m_store->applyPulled({later}, u"1"_s, std::nullopt,
                                       {{later.changeId, QJsonObject{{u"name"_s, m_createdHlc}}}}));
        QCOMPARE(m_store->conflictCount(), 1);
        Child older = theirs;
        older.name = u"Test Baby Older"_s;
        const Change earlier = remoteChange(Entity::Child, m_childId, m_familyId, toJson(older),
                                            m_clock.now->addSecs(-5), u"device-c"_s);
        VERIFY_OK(m_store->applyPulled({earlier}, u"2"_s, std::nullopt,
                                       {{earlier.changeId, QJsonObject{{u"name"_s, m_createdHlc}}}}));
        QCOMPARE(m_store->child(m_childId).value().name, u"Test Baby Remote"_s);
        conflicts = m_store->conflicts();
        QCOMPARE(conflicts.size(), 2);
        QCOMPARE(conflicts.last().losingValue.toString(), u"Test Baby Older"_s);
        QCOMPARE(conflicts.last().winningValue.toString(), u"Test Baby Remote"_s);

        // Reviewed ones leave the list, and stay in the full one.
        VERIFY_OK(m_store->markConflictReviewed(conflicts.first().id));
        QCOMPARE(m_store->conflictCount(), 1);
        QCOMPARE(m_store->conflicts(true).size(), 2);
        QVERIFY(m_store->conflicts(true).first().reviewedAt.isValid());
        QCOMPARE(m_store->markConflictReviewed(9999).error().code, Store::NotFound);
    }

    void aSequentialEditIsNoConflict()
    {
        // The other device had seen our rename before making its own.
        m_clock.advance(10);
        Child local = m_store->child(m_childId).value();
        local.name = u"Test Baby Local"_s;
        VERIFY_OK(m_store->saveChild(local));
        const QString localHlc = lastPending(m_childId).first.hlc;
        Child theirs = local;
        theirs.name = u"Test Baby After"_s;
        const Change after =
            remoteChange(Entity::Child, m_childId, m_familyId, toJson(theirs), m_clock.now->addSecs(5));
        VERIFY_OK(m_store->applyPulled({after}, u"1"_s, std::nullopt,
                                       {{after.changeId, QJsonObject{{u"name"_s, localHlc}}}}));
        QCOMPARE(m_store->child(m_childId).value().name, u"Test Baby After"_s);
        QCOMPARE(m_store->conflictCount(), 0);
    }

    void ourOwnChangeComingBackChangesNothing()
    {
        m_clock.advance(10);
        Child local = m_store->child(m_childId).value();
        local.name = u"Test Baby Local"_s;
        VERIFY_OK(m_store->saveChild(local));
        const auto [change, written] = lastPending(m_childId);
        // Meanwhile another device set the NHS number, later.
        Child theirs = local;
        theirs.nhsNumber = u"9434765919"_s;
        const Change other =
            remoteChange(Entity::Child, m_childId, m_familyId, toJson(theirs), m_clock.now->addSecs(5));
        VERIFY_OK(m_store->applyPulled(
            {other, change}, u"2"_s, std::nullopt,
            {{other.changeId, QJsonObject{{u"nhsNumber"_s, m_createdHlc}}}, {change.changeId, written}}));
        const Child merged = m_store->child(m_childId).value();
        QCOMPARE(merged.name, u"Test Baby Local"_s);
        QCOMPARE(merged.nhsNumber, u"9434765919"_s);
        QCOMPARE(m_store->conflictCount(), 0);
    }

    void aLateValueFromAnotherLineOfEditsIsAConflict()
    {
        // Three devices rename the child: A and B having seen only its creation, C having seen A.
        // B's rename is the oldest but arrives last: nobody replaced it knowingly, so it is kept.
        Child renamed = child(m_familyId, QDate(2026, 11, 1), u"Test Baby A"_s);
        renamed.id = m_childId;
        const Change a = remoteChange(Entity::Child, m_childId, m_familyId, toJson(renamed),
                                      m_clock.now->addSecs(20), u"device-a"_s);
        renamed.name = u"Test Baby C"_s;
        const Change c = remoteChange(Entity::Child, m_childId, m_familyId, toJson(renamed),
                                      m_clock.now->addSecs(30), u"device-c"_s);
        renamed.name = u"Test Baby B"_s;
        const Change b = remoteChange(Entity::Child, m_childId, m_familyId, toJson(renamed),
                                      m_clock.now->addSecs(10), u"device-b"_s);
        VERIFY_OK(m_store->applyPulled({a, c, b}, u"3"_s, std::nullopt,
                                       {{a.changeId, QJsonObject{{u"name"_s, m_createdHlc}}},
                                        {c.changeId, QJsonObject{{u"name"_s, a.hlc}}},
                                        {b.changeId, QJsonObject{{u"name"_s, m_createdHlc}}}}));
        QCOMPARE(m_store->child(m_childId).value().name, u"Test Baby C"_s);
        const QList<Conflict> conflicts = m_store->conflicts();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().losingValue.toString(), u"Test Baby B"_s);
        QCOMPARE(conflicts.first().losingDeviceId, u"device-b"_s);
        QCOMPARE(conflicts.first().winningValue.toString(), u"Test Baby C"_s);
    }

    void ourOwnEarlierEditsComingBackAreNoConflict()
    {
        // Three renames here between syncs, all pushed, then all back in one pull.
        QList<Change> ours;
        QHash<QString, QJsonObject> written;
        for (const QString &name : {u"Test Baby One"_s, u"Test Baby Two"_s, u"Test Baby Three"_s}) {
            m_clock.advance(10);
            Child local = m_store->child(m_childId).value();
            local.name = name;
            VERIFY_OK(m_store->saveChild(local));
            const auto [change, fields] = lastPending(m_childId);
            ours.append(change);
            written.insert(change.changeId, fields);
        }
        VERIFY_OK(m_store->applyPulled(ours, u"3"_s, std::nullopt, written));
        QCOMPARE(m_store->child(m_childId).value().name, u"Test Baby Three"_s);
        QCOMPARE(m_store->conflictCount(), 0);
    }

    void anEditOfAValueFromAFastClockTakesEffect()
    {
        // Another device's clock is an hour ahead, and its rename reached us. Our rename of that
        // value, made by our own (right) clock, replaces it, without moving our clock an hour on.
        Child theirs = child(m_familyId, QDate(2026, 11, 1), u"Test Baby Fast"_s);
        theirs.id = m_childId;
        const Change fast = remoteChange(Entity::Child, m_childId, m_familyId, toJson(theirs),
                                         m_clock.now->addSecs(3600), u"device-f"_s);
        VERIFY_OK(m_store->applyPulled({fast}, u"1"_s, std::nullopt,
                                       {{fast.changeId, QJsonObject{{u"name"_s, m_createdHlc}}}}));
        m_clock.advance(10);
        Child local = m_store->child(m_childId).value();
        local.name = u"Test Baby Mine"_s;
        VERIFY_OK(m_store->saveChild(local));
        QCOMPARE(m_store->child(m_childId).value().name, u"Test Baby Mine"_s);
        QCOMPARE(m_store->conflictCount(), 0);
        const auto [change, fields] = lastPending(m_childId);
        QVERIFY(change.hlc > fast.hlc);
        QCOMPARE(fields.value(u"name"_s).toString(), fast.hlc); // it replaced exactly that value

        // Our clock did not follow: a record made now is stamped by our own time.
        m_clock.advance(1);
        const QString other = m_store->saveFamily(family()).value();
        QVERIFY(lastPending(other).first.hlc < fast.hlc);
    }

    void appendOnlyRecordsNeverConflict()
    {
        Visit theirs = visit(m_familyId, m_childId, m_clock.now->addSecs(-3600));
        theirs.id = uuid();
        const Change first = remoteChange(Entity::Visit, theirs.id, m_familyId, toJson(theirs), *m_clock.now);
        VERIFY_OK(m_store->applyPulled({first}, u"1"_s, std::nullopt));
        theirs.observations = u"Written differently"_s;
        const Change again = remoteChange(Entity::Visit, theirs.id, m_familyId, toJson(theirs),
                                          m_clock.now->addSecs(9), u"device-c"_s);
        VERIFY_OK(m_store->applyPulled({again}, u"2"_s, std::nullopt));
        QCOMPARE(m_store->visit(theirs.id).value().observations,
                 visit(m_familyId, m_childId, {}).observations);
        QCOMPARE(m_store->conflictCount(), 0);
    }

    // Rejected changes stay, with the reason, until sent again; a gap requeues what the server
    // lost.
    void rejectedChangesAreResubmittedAndGapsRequeued()
    {
        const QList<Change> pending = m_store->pendingChanges(10);
        QCOMPARE(pending.size(), 2);
        VERIFY_OK(m_store->markAcknowledged({pending.at(0).changeId}));
        VERIFY_OK(m_store->markRejected(pending.at(1).changeId, u"forbidden"_s, u"Not on your caseload."_s));
        QCOMPARE(m_store->pendingCount(), 0);
        QCOMPARE(m_store->unsentCount(), 1);
        QCOMPARE(m_store->outbox().first().rejectionReason, u"Not on your caseload."_s);

        VERIFY_OK(m_store->resubmitRejected(pending.at(1).changeId));
        QCOMPARE(m_store->pendingChanges(10).first().changeId, pending.at(1).changeId);
        QCOMPARE(m_store->resubmitRejected(pending.at(1).changeId).error().code, Store::NotFound);

        // The server lost everything from number 1: both are pending again, in order.
        VERIFY_OK(m_store->markAcknowledged({pending.at(1).changeId}));
        QCOMPARE(m_store->requeueFrom(1).value(), 2);
        QCOMPARE(m_store->pendingChanges(10).size(), 2);
        QCOMPARE(m_store->pendingChanges(10).first().deviceSeq, 1);
    }
};

QTEST_GUILESS_MAIN(TestConflicts)
#include "tst_conflicts.moc"
