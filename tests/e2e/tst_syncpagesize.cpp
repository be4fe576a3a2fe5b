// Pull pages of the device's own cursor grow through a run: 500 changes, then 1000, then the
// server's most (2000), each page committed with its cursor (fewer commits re-encrypt the last
// pages of the store's tables, and any random-id index leaves, less often). Shown through a
// refusal: a record the reader's store refuses stops the run at the page that holds it, after
// every page before it was committed, and the next run starts again at 500 from there.
#include "tests/support/syncdevice.h"

#include "app/store/storetesting.h"
#include "sync/protocol/messages.h"

#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;

class TestSyncPageSize : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void pagesGrowAndEachIsCommittedWithItsCursor()
    {
        test::TwoDevices sync;
        QVERIFY2(sync.start(), qPrintable(sync.error));
        const QString familyId = sync.addFamily();
        QVERIFY(!familyId.isEmpty());
        QStringList children;
        for (int i = 1; i <= 1300; ++i) {
            Child child;
            child.familyId = familyId;
            child.name = u"Test Baby %1"_s.arg(i);
            child.dateOfBirth = QDate(2026, 1, 1).addDays(i % 300);
            const auto saved = sync.first.store().saveChild(child);
            QVERIFY(saved.ok());
            children.append(saved.value());
        }
        QVERIFY(sync.first.sync(60'000).ok);

        // The log holds the family, then the children in order: child 1201 is change 1202, in the
        // second page (changes 501 to 1500); with pages of 500 throughout it is in the third.
        auto &db = store::StoreTesting::database(sync.second.store());
        QVERIFY(db.exec(u"CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON main.children WHEN NEW.id = '%1' "
                        u"BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s.arg(children.at(1200)))
                    .ok());
        const auto stopped = sync.second.sync(60'000);
        QVERIFY(stopped.finished);
        QVERIFY(!stopped.ok);
        QCOMPARE(stopped.pulled, protocol::defaultPullLimit);
        QCOMPARE(sync.second.store().caseload().children.size(), protocol::defaultPullLimit - 1);

        // The next run starts at 500 again (changes 501 to 1000, kept), then asks for 1000 (1001 to
        // 2000), which holds the refused child.
        const auto again = sync.second.sync(60'000);
        QVERIFY(!again.ok);
        QCOMPARE(again.pulled, 500);
        QCOMPARE(sync.second.store().caseload().children.size(), 999);

        QVERIFY(db.exec(u"DROP TRIGGER refuse_one"_s).ok());
        const auto resumed = sync.second.sync(60'000);
        QVERIFY2(resumed.ok, qPrintable(resumed.message));
        QCOMPARE(resumed.pulled, 1301 - 1000);
        QCOMPARE(sync.second.store().caseload().children.size(), children.size());
    }
};

QTEST_GUILESS_MAIN(TestSyncPageSize)
#include "tst_syncpagesize.moc"
