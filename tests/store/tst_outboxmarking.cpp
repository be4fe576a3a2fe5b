// Marking a pushed batch sent: the UPDATE lists the batch's change ids in one of a few cached
// statements with a power of two of places (outboxrepository.cpp), the places left over unbound.
// Exactly the changes named are marked, whatever the batch's size, and a statement used again for
// a smaller batch marks nothing from the batch before.
#include "app/store/store.h"
#include "storefixtures.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;

class TestOutboxMarking : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void marksExactlyTheChangesNamed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto created = Store::create(dir.filePath(QStringLiteral("profile")), pin);
        QVERIFY(created.ok());
        Store &store = *created.value();
        constexpr int total = 700;
        for (int i = 0; i < total; ++i)
            QVERIFY(store.saveFamily(family(QStringLiteral("Test Family %1").arg(i))).ok());
        const QList<Change> changes = store.pendingChanges(total);
        QCOMPARE(changes.size(), total);
        QStringList ids;
        for (const Change &change : changes)
            ids.append(change.changeId);

        // 4 ids, then 3 (the same statement of 4 places, one left unbound), then 5 (8 places).
        QVERIFY(store.markAcknowledged(ids.mid(0, 4)).ok());
        QCOMPARE(store.pendingCount(), total - 4);
        QVERIFY(store.markAcknowledged({ids.at(10), ids.at(11), ids.at(12)}).ok());
        QCOMPARE(store.pendingCount(), total - 7);
        QVERIFY(store.markAcknowledged(ids.mid(20, 5)).ok());
        QCOMPARE(store.pendingCount(), total - 12);
        const QList<Change> pending = store.pendingChanges(total);
        QCOMPARE(pending.size(), total - 12);
        QCOMPARE(pending.at(0).changeId, ids.at(4));
        QCOMPARE(pending.at(6).changeId, ids.at(13));
        QCOMPARE(pending.at(12).changeId, ids.at(19));
        QCOMPARE(pending.at(13).changeId, ids.at(25));

        // More than one statement's worth (512): every remaining change, the marked ones again.
        QVERIFY(store.markAcknowledged(ids.mid(0, 600)).ok());
        QCOMPARE(store.pendingCount(), total - 600);
        QCOMPARE(store.pendingChanges(total).first().changeId, ids.at(600));
        QVERIFY(store.markAcknowledged(ids).ok());
        QCOMPARE(store.pendingCount(), 0);
        QCOMPARE(store.unsentCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOutboxMarking)
#include "tst_outboxmarking.moc"
