// The conflicts page's C++ against a real encrypted store: the rows (record, field in words, the
// value kept beside the value not kept, which device and when), the list model, marking one
// reviewed through the store worker, and keeping the value not kept as an ordinary edit.
#include "app/conflictlistmodel.h"
#include "app/conflictrows.h"
#include "app/conflictscontroller.h"
#include "app/storeworker.h"
#include "core/change.h"
#include "core/hlc.h"
#include "core/recordcodec.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace doorstep;
using namespace doorstep::app;
using namespace Qt::StringLiterals;
using store::Store;

namespace {

const QByteArray TestPin = "482916";

template<typename T> T must(Result<T> result)
{
    if (!result)
        qFatal("fixture: %s", qPrintable(result.error().message));
    return std::move(result).value();
}

} // namespace

class TestConflictList : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_profile;
    QString m_childId;
    std::shared_ptr<QDateTime> m_now = std::make_shared<QDateTime>(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC);
    Store::Clock clock() const
    {
        return [now = m_now] {
            return *now;
        };
    }

    // A store where this device renamed a child and another device, without seeing that, renamed
    // it too a minute later: the later name won and ours is kept as a conflict.
    std::unique_ptr<Store> makeStore()
    {
        static int n = 0;
        m_profile = m_root.filePath(u"p%1"_s.arg(++n));
        auto store = must(Store::create(m_profile, TestPin, clock()));
        Family family;
        family.teamId = u"team-1"_s;
        family.practitionerId = u"user-1"_s;
        family.label = u"Test Family One"_s;
        family.id = must(store->saveFamily(family));
        Child child;
        child.familyId = family.id;
        child.name = u"Test Baby One"_s;
        child.dateOfBirth = QDate(2026, 11, 1);
        m_childId = child.id = must(store->saveChild(child));
        const QString createdHlc = store->pendingChanges(10).constLast().hlc;
        *m_now = m_now->addSecs(10);
        child.name = u"Test Baby Local"_s;
        must(store->saveChild(child));

        Child theirs = child;
        theirs.name = u"Test Baby Remote"_s;
        Change remote;
        remote.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        remote.deviceId = u"device-b-0123456789"_s;
        remote.deviceSeq = 1;
        remote.entity = Entity::Child;
        remote.entityId = child.id;
        remote.familyId = family.id;
        // 09:01 UTC on 25 Nov is 09:01 in London (GMT in November).
        remote.hlc = HlcTimestamp{m_now->addSecs(50).toMSecsSinceEpoch(), 0, remote.deviceId}.encode();
        remote.payload = toJson(theirs);
        const Result<void> pulled = store->applyPulled(
            {remote}, u"1"_s, std::nullopt, {{remote.changeId, QJsonObject{{u"name"_s, createdHlc}}}});
        if (!pulled || store->conflictCount() != 1)
            qFatal("fixture: no conflict");
        return store;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void rowsSayBothValuesWhoAndWhen()
    {
        auto store = makeStore();
        const QList<ConflictRow> rows =
            buildConflictRows(store->conflicts(), store->caseload(), store->deviceId());
        QCOMPARE(rows.size(), 1);
        const ConflictRow &row = rows.first();
        QCOMPARE(row.record, u"Test Baby Remote (child)"_s);
        QCOMPARE(row.field, u"Name"_s);
        QCOMPARE(row.keptValue, u"Test Baby Remote"_s);
        QCOMPARE(row.keptBy, u"Another device (device-b)"_s);
        QCOMPARE(row.keptAt, u"25 Nov 2026, 09:01"_s);
        QCOMPARE(row.notKeptValue, u"Test Baby Local"_s);
        QCOMPARE(row.notKeptBy, u"This device"_s);
        QCOMPARE(row.notKeptAt, u"25 Nov 2026, 09:00"_s);
        QVERIFY(row.canUseNotKept);

        // A record no longer on the device (its family moved away) can only be marked reviewed.
        QList<store::Conflict> orphan = store->conflicts();
        orphan.first().entityId = u"gone"_s;
        const ConflictRow gone = buildConflictRows(orphan, store->caseload(), store->deviceId()).first();
        QCOMPARE(gone.record, u"A child no longer on this device"_s);
        QVERIFY(!gone.canUseNotKept);

        QCOMPARE(describeConflictField(Entity::Child, u"dateOfBirth"_s), u"Date of birth"_s);
        QCOMPARE(describeConflictField(Entity::Family, u"carerHasCareAndSupportNeeds"_s),
                 u"A parent or carer has care and support needs"_s);
    }

    void modelServesTheRows()
    {
        auto store = makeStore();
        ConflictListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(&model, &ConflictListModel::countChanged);
        model.setRows(buildConflictRows(store->conflicts(), store->caseload(), store->deviceId()));
        QCOMPARE(model.count(), 1);
        QCOMPARE(counted.size(), 1);
        const QModelIndex index = model.index(0);
        const QHash<int, QByteArray> roles = model.roleNames();
        QCOMPARE(model.data(index, roles.key("conflictId")).toString(),
                 QString::number(store->conflicts().first().id));
        QCOMPARE(model.data(index, roles.key("keptValue")).toString(), u"Test Baby Remote"_s);
        QCOMPARE(model.data(index, roles.key("notKeptValue")).toString(), u"Test Baby Local"_s);
        QCOMPARE(model.data(index, roles.key("canUseNotKept")).toBool(), true);
        model.setRows({});
        QCOMPARE(model.count(), 0);
    }

    void useNotKeptIsAnOrdinaryEdit()
    {
        auto store = makeStore();
        const int pendingBefore = store->pendingCount();
        const qint64 id = store->conflicts().first().id;
        *m_now = m_now->addSecs(120);
        const Result<QString> saved = useNotKeptValue(*store, id);
        QVERIFY2(saved.ok(), qPrintable(saved ? QString() : saved.error().message));
        QCOMPARE(saved.value(), m_childId);
        QCOMPARE(store->child(m_childId).value().name, u"Test Baby Local"_s);
        QCOMPARE(store->conflictCount(), 0);
        // Validated, audited and sent like any edit.
        QCOMPARE(store->pendingCount(), pendingBefore + 1);
        QCOMPARE(store->pendingChanges(100).constLast().payload.value(u"name"_s).toString(),
                 u"Test Baby Local"_s);
        // Twice is refused in words, not applied again.
        const Result<QString> again = useNotKeptValue(*store, id);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, Store::NotFound);
    }

    void controllerMarksReviewedThroughTheWorker()
    {
        makeStore(); // closed again: the worker opens it
        StoreWorker worker(m_profile, clock());
        ConflictsController controller(&worker);
        QSignalSpy unlocked(&worker, &StoreWorker::unlockFinished);
        QSignalSpy snapshots(&worker, &StoreWorker::syncSnapshotChanged);
        worker.requestUnlock(TestPin);
        QTRY_COMPARE_WITH_TIMEOUT(unlocked.size(), 1, 30000);
        QVERIFY(unlocked.first().at(0).toBool());
        // The refresh after unlocking sends the rows.
        QTRY_COMPARE(controller.count(), 1);
        QCOMPARE(controller.summaryText(), u"1 conflict to review"_s);
        QTRY_VERIFY(!snapshots.isEmpty());
        QCOMPARE(snapshots.constLast().at(0).value<SyncSnapshot>().conflictCount, 1);

        controller.open();
        QVERIFY(controller.isActive());
        QSignalSpy finished(&controller, &ConflictsController::actionFinished);
        const QString id = controller.conflicts()
                               ->data(controller.conflicts()->index(0), ConflictListModel::ConflictIdRole)
                               .toString();
        controller.markReviewed(id);
        QVERIFY(controller.isBusy());
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(finished.first().at(0).toBool());
        QVERIFY(!controller.isBusy());
        QCOMPARE(controller.count(), 0);
        QCOMPARE(controller.summaryText(), u"No conflicts to review"_s);
        QCOMPARE(snapshots.constLast().at(0).value<SyncSnapshot>().conflictCount, 0);

        // An id that is not there says so.
        controller.markReviewed(u"9999"_s);
        QTRY_COMPARE(finished.size(), 2);
        QVERIFY(!finished.last().at(0).toBool());
        QVERIFY(!controller.errorString().isEmpty());
        controller.close();
        QVERIFY(!controller.isActive());
        worker.requestLock();
        worker.waitForRequests();
        QCoreApplication::processEvents();
    }
};

QTEST_GUILESS_MAIN(TestConflictList)
#include "tst_conflictlist.moc"
