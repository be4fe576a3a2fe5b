// What each kind of commit asks of the disk, counted through a VFS that wraps SQLite's own
// (syncingvfs.h). A record a person saves is synced before the save returns (it survives power
// loss); a pulled page and a batch marked sent are not (SqliteTransaction::Durability): the
// server holds both and gives them again. After either, and after one refused, saves are synced
// again.
#include "storefixtures.h"
#include "syncingvfs.h"

#include "core/recordcodec.h"
#include "tests/support/remotechange.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;

class TestDurability : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    TestClock m_clock;
    std::unique_ptr<Store> m_store;

    // How many syncs `write` asked for.
    template<typename Write> int syncsOf(Write write)
    {
        const int before = store::test::SyncingVfs::syncs();
        write();
        return store::test::SyncingVfs::syncs() - before;
    }

    Change pulledFamily(const QString &label)
    {
        Family other = family(label);
        other.id = uuid();
        m_clock.advance(1);
        return doorstep::test::remoteChange(Entity::Family, other.id, other.id, toJson(other),
                                            m_clock.now->addSecs(-1));
    }

    void saveIsSynced()
    {
        int saved = 0;
        QCOMPARE_GT(syncsOf([&] { saved = m_store->saveFamily(family()).ok(); }), 0);
        QVERIFY(saved);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(store::test::SyncingVfs::install());
        QVERIFY(m_root.isValid());
        auto created = Store::create(m_root.filePath(QStringLiteral("profile")), pin, m_clock.clock());
        QVERIFY(created.ok());
        m_store = std::move(created).value();
    }

    void aSaveIsSyncedBeforeItReturns() { saveIsSynced(); }

    void aPulledPageIsNotSyncedAndTheNextSaveIs()
    {
        const qsizetype families = m_store->caseload().families.size();
        bool applied = false;
        QCOMPARE(syncsOf([&] {
                     applied = m_store
                                   ->applyPulled({pulledFamily(QStringLiteral("Test Family Two"))},
                                                 QStringLiteral("7"), std::nullopt)
                                   .ok();
                 }),
                 0);
        QVERIFY(applied);
        QCOMPARE(m_store->caseload().families.size(), families + 1);
        QCOMPARE(m_store->pullCursor(), QStringLiteral("7"));
        saveIsSynced();
    }

    void aBatchMarkedSentIsNotSyncedAndTheNextSaveIs()
    {
        QVERIFY(m_store->pendingCount() > 0);
        QStringList ids;
        for (const Change &change : m_store->pendingChanges(100))
            ids << change.changeId;
        bool marked = false;
        QCOMPARE(syncsOf([&] { marked = m_store->markAcknowledged(ids).ok(); }), 0);
        QVERIFY(marked);
        QCOMPARE(m_store->pendingCount(), 0);
        saveIsSynced();
    }

    void aRefusedPullLeavesSavesSynced()
    {
        Change unreadable = pulledFamily(QStringLiteral("Test Family Three"));
        unreadable.hlc = QStringLiteral("not a clock");
        QVERIFY(!m_store->applyPulled({unreadable}, QStringLiteral("8"), std::nullopt).ok());
        QCOMPARE(m_store->pullCursor(), QStringLiteral("7"));
        saveIsSynced();
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
