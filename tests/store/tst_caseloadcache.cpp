// Store::caseload() keeps its answer while no record is written: whatever writes a record (a save,
// a pull, a removal, a statement no API call makes) makes the next call read the file again, and
// writes to other tables (drafts, the outbox, settings) do not.
#include "storefixtures.h"

#include "app/store/sqlitedatabase.h"
#include "app/store/storetesting.h"
#include "core/recordcodec.h"
#include "tests/support/remotechange.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;

namespace {

// True when two answers are the same kept one (implicitly shared), not two reads of the file.
bool sameAnswer(const Caseload &a, const Caseload &b)
{
    return a.families.constData() == b.families.constData() && a.visits.constData() == b.visits.constData();
}

} // namespace

class TestCaseloadCache : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    TestClock m_clock;
    int m_profiles = 0;
    std::unique_ptr<Store> m_store;
    QString m_familyId;
    QString m_childId;
    QString m_visitId;

    // A store holding one record of every kind.
    void seedEveryKind()
    {
        auto created = Store::create(m_root.filePath(QStringLiteral("profile-%1").arg(++m_profiles)), pin,
                                     m_clock.clock());
        QVERIFY(created.ok());
        m_store = std::move(created).value();
        Store &store = *m_store;
        const Result<QString> familyId = store.saveFamily(family());
        QVERIFY(familyId.ok());
        m_familyId = familyId.value();
        const Result<QString> memberId = store.saveFamilyMember(member(m_familyId));
        QVERIFY(memberId.ok());
        const Result<QString> childId = store.saveChild(child(m_familyId, QDate(2026, 11, 10)));
        QVERIFY(childId.ok());
        m_childId = childId.value();
        const QDateTime at(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);
        const Result<QString> visitId = store.recordVisit(visit(m_familyId, m_childId, at));
        QVERIFY(visitId.ok());
        m_visitId = visitId.value();
        QVERIFY(store.recordChildViews(views(m_visitId, m_childId, at)).ok());
        QVERIFY(store.recordAdvocateOffer(offer(m_familyId, memberId.value(), QDate(2026, 11, 20))).ok());
        QVERIFY(store.saveAlert(alert(m_familyId, QDate(2026, 11, 20))).ok());
        QVERIFY(store.recordAmendment(amendment(QStringLiteral("visit"), m_visitId, at.addDays(1))).ok());
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_root.isValid());
    }

    void init() { seedEveryKind(); }

    void cleanup() { m_store.reset(); }

    void answersAgainWithoutReadingWhenNothingWasWritten()
    {
        const Caseload first = m_store->caseload();
        QCOMPARE(first.amendments.size(), 1);
        QVERIFY(sameAnswer(first, m_store->caseload()));
        // Drafts, the outbox's state and the store's meta are not records.
        QVERIFY(m_store->saveDraft(QStringLiteral("visit:%1").arg(m_childId), QByteArrayLiteral("{}")).ok());
        QVERIFY(m_store->markAcknowledged({m_store->outbox().first().change.changeId}).ok());
        QVERIFY(m_store->setLastSyncedAt(m_clock.clock()()).ok());
        QVERIFY(sameAnswer(first, m_store->caseload()));
    }

    void aSaveIsSeenAtOnce()
    {
        const Caseload before = m_store->caseload();
        const QDateTime at(QDate(2026, 11, 21), QTime(9, 30), Qt::UTC);
        const Result<QString> visitId = m_store->recordVisit(visit(m_familyId, m_childId, at));
        QVERIFY(visitId.ok());
        const Caseload after = m_store->caseload();
        QCOMPARE(after.visits.size(), before.visits.size() + 1);
        QCOMPARE(after.visits.last().id, visitId.value());

        Alert edited = after.alerts.first();
        edited.closedOn = QDate(2026, 11, 22);
        QVERIFY(m_store->saveAlert(edited).ok());
        QCOMPARE(m_store->caseload().alerts.first().closedOn, QDate(2026, 11, 22));
    }

    void aRefusedSaveLeavesTheAnswerRight()
    {
        const Caseload before = m_store->caseload();
        Visit undated = visit(m_familyId, m_childId, QDateTime(QDate(2026, 11, 21), QTime(9, 0), Qt::UTC));
        undated.occurredAt = {};
        QVERIFY(!m_store->recordVisit(undated).ok());
        const Caseload after = m_store->caseload();
        QCOMPARE(after.visits.size(), before.visits.size());
        QCOMPARE(after.visits.first().id, m_visitId);
    }

    void pulledAndRemovedRecordsAreSeenAtOnce()
    {
        QCOMPARE(m_store->caseload().families.size(), 1);
        Family other = family(QStringLiteral("Test Family Two"));
        other.id = uuid();
        const Change change =
            test::remoteChange(Entity::Family, other.id, other.id, toJson(other), m_clock.now->addSecs(30));
        QVERIFY2(m_store->applyPulled({change}, QStringLiteral("1"), std::nullopt).ok(), "pull applied");
        QCOMPARE(m_store->caseload().families.size(), 2);

        QVERIFY(m_store->dropFamilies({m_familyId}).ok());
        const Caseload after = m_store->caseload();
        QCOMPARE(after.families.size(), 1);
        QCOMPARE(after.families.first().id, other.id);
        QVERIFY(after.children.isEmpty());
        QVERIFY(after.visits.isEmpty());
        QVERIFY(after.amendments.isEmpty());
    }

    // Every table a caseload is read from is watched, whatever writes to it.
    void anyWriteToARecordTableIsSeen_data()
    {
        QTest::addColumn<QString>("table");
        for (const char *table : {"families", "family_members", "children", "visits", "child_views",
                                  "advocate_offers", "alerts", "amendments"})
            QTest::newRow(table) << QString::fromLatin1(table);
    }

    void anyWriteToARecordTableIsSeen()
    {
        QFETCH(QString, table);
        const Caseload before = m_store->caseload();
        SqliteDatabase &db = StoreTesting::database(*m_store);
        QVERIFY(db.exec(QStringLiteral("UPDATE %1 SET payload = payload").arg(table)).ok());
        QCOMPARE(db.changes(), 1);
        QVERIFY(!sameAnswer(before, m_store->caseload()));
    }
};

QTEST_GUILESS_MAIN(TestCaseloadCache)
#include "tst_caseloadcache.moc"
