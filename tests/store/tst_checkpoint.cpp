// Checkpoints: a save only appends to the write-ahead log and is durable there; the log is copied
// into the database file when the store's owner asks (after the answer has gone), or by the commit
// that takes it past the hard limit. Nothing is lost either way, and the log does not grow
// without bound.
#include "storefixtures.h"

#include "app/store/profilefiles.h"
#include "app/store/sqlitedatabase.h"
#include "app/store/storetesting.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;

class TestCheckpoint : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    TestClock m_clock;
    int m_profiles = 0;

    QString newProfile() { return m_root.filePath(QStringLiteral("profile-%1").arg(++m_profiles)); }

    static qint64 logFileSize(const Store &store)
    {
        return QFileInfo(profile::databaseFile(store.profileDir()) + QStringLiteral("-wal")).size();
    }

    // A family with one child, and the child's id.
    static QString seedChild(Store &store)
    {
        const Result<QString> familyId = store.saveFamily(family());
        if (!familyId)
            return {};
        const Result<QString> childId = store.saveChild(child(familyId.value(), QDate(2026, 11, 10)));
        return childId ? childId.value() : QString();
    }

    static bool saveVisit(Store &store, const QString &childId, int n)
    {
        const Result<Child> c = store.child(childId);
        return c &&
               store.recordVisit(visit(c.value().familyId, childId,
                                       QDateTime(QDate(2026, 11, 11), QTime(9, 0), Qt::UTC).addSecs(60 * n)));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_root.isValid());
    }

    void savesLeaveTheLogForTheOwnerToCopy()
    {
        auto created = Store::create(newProfile(), pin, m_clock.clock());
        QVERIFY(created.ok());
        Store &store = *created.value();
        SqliteDatabase &db = StoreTesting::database(store);
        const QString childId = seedChild(store);
        QVERIFY(!childId.isEmpty());

        // Below the mark nothing is copied.
        QVERIFY(db.uncheckpointedPages() > 0);
        QVERIFY(db.uncheckpointedPages() < Store::checkpointPages);
        const int early = db.uncheckpointedPages();
        QCOMPARE(store.checkpointIfDue().value(), false);
        QCOMPARE(db.uncheckpointedPages(), early);

        // Past SQLite's own automatic mark (1,000 pages), no save copies the log: it only grows.
        int saves = 0;
        int last = db.uncheckpointedPages();
        while (db.uncheckpointedPages() < Store::checkpointPages + 100) {
            QVERIFY(saveVisit(store, childId, saves++));
            QVERIFY2(db.uncheckpointedPages() > last, "a save checkpointed the log");
            last = db.uncheckpointedPages();
        }
        const qint64 grownLog = logFileSize(store);
        QVERIFY(grownLog >= qint64(last) * 4096);

        // The owner's call copies it all; the next save starts the log again from its beginning,
        // so the file does not grow.
        QCOMPARE(store.checkpointIfDue().value(), true);
        QCOMPARE(db.uncheckpointedPages(), 0);
        QVERIFY(saveVisit(store, childId, saves++));
        QVERIFY(db.uncheckpointedPages() > 0);
        QVERIFY(db.uncheckpointedPages() < 100);
        QCOMPARE(logFileSize(store), grownLog);
        QCOMPARE(store.caseload().visits.size(), saves);
    }

    void theHardLimitBoundsTheLogWhenNobodyAsks()
    {
        auto created = Store::create(newProfile(), pin, m_clock.clock());
        QVERIFY(created.ok());
        Store &store = *created.value();
        SqliteDatabase &db = StoreTesting::database(store);
        const QString childId = seedChild(store);
        QVERIFY(!childId.isEmpty());

        constexpr int limit = 60;
        db.checkpointOnRequest(limit);
        bool copied = false;
        for (int i = 0; i < 40 && !copied; ++i) {
            const int before = db.uncheckpointedPages();
            QVERIFY(saveVisit(store, childId, i));
            // The commit that crosses the limit copies the log itself.
            QVERIFY(db.uncheckpointedPages() < limit);
            copied = db.uncheckpointedPages() < before;
        }
        QVERIFY2(copied, "the log never reached the limit");
    }

    void whatTheLogHoldsSurvivesClosingAndReopening()
    {
        const QString profile = newProfile();
        QString childId;
        {
            auto created = Store::create(profile, pin, m_clock.clock());
            QVERIFY(created.ok());
            childId = seedChild(*created.value());
            QVERIFY(!childId.isEmpty());
            for (int i = 0; i < 20; ++i)
                QVERIFY(saveVisit(*created.value(), childId, i));
            QVERIFY(StoreTesting::database(*created.value()).uncheckpointedPages() > 0);
        }
        auto reopened = Store::open(profile, pin, m_clock.clock());
        QVERIFY(reopened.ok());
        QCOMPARE(reopened.value()->caseload().visits.size(), 20);
        QCOMPARE(reopened.value()->chronology(childId).value().size(), 20);
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
