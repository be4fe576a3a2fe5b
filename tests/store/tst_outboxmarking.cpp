// Marking a pushed batch sent: the UPDATE lists the batch's change ids in one of a few cached
// statements with a power of two of places (outboxrepository.cpp), the places left over unbound.
// Exactly the changes named are marked, whatever the batch's size, and a statement used again for
// a smaller batch marks nothing from the batch before. The batch after one still waiting for its
// answer (read by number, past that batch's last) holds exactly the pending changes after it.
#include "app/store/store.h"
#include "storefixtures.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;

class TestOutboxMarking : public QObject
{
    Q_OBJECT

    std::optional<QTemporaryDir> m_dir; // each test's own

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { m_dir.emplace(); }

    void marksExactlyTheChangesNamed()
    {
        QVERIFY(m_dir->isValid());
        auto created = Store::create(m_dir->filePath(QStringLiteral("profile")), pin);
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

    void theNextBatchStartsAfterTheOneInFlight()
    {
        QVERIFY(m_dir->isValid());
        auto created = Store::create(m_dir->filePath(QStringLiteral("profile")), pin);
        QVERIFY(created.ok());
        Store &store = *created.value();
        for (int i = 0; i < 12; ++i)
            QVERIFY(store.saveFamily(family(QStringLiteral("Test Family %1").arg(i))).ok());
        QList<QByteArray> payloads;
        QList<QByteArray> fields;
        const QList<Change> first = store.pendingChangeTexts(5, &payloads, &fields);
        QCOMPARE(first.size(), 5);
        // Sent, not yet answered: the next batch begins with the sixth change.
        payloads.clear();
        fields.clear();
        const QList<Change> next = store.pendingChangeTexts(5, &payloads, &fields, first.last().deviceSeq);
        QCOMPARE(next.size(), 5);
        QCOMPARE(payloads.size(), 5);
        QCOMPARE(next.first().deviceSeq, first.last().deviceSeq + 1);
        const QList<Change> all = store.pendingChanges(12);
        QCOMPARE(next.first().changeId, all.at(5).changeId);
        QCOMPARE(next.last().changeId, all.at(9).changeId);
        // A change rejected in between is passed over, as in a batch from the start.
        QVERIFY(
            store.markRejected(all.at(6).changeId, QStringLiteral("invalid"), QStringLiteral("test")).ok());
        payloads.clear();
        fields.clear();
        const QList<Change> after = store.pendingChangeTexts(50, &payloads, &fields, first.last().deviceSeq);
        QCOMPARE(after.size(), 6);
        QCOMPARE(after.at(1).changeId, all.at(7).changeId);
        // Past the last change: nothing.
        QVERIFY(store.pendingChangeTexts(5, &payloads, &fields, all.last().deviceSeq).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOutboxMarking)
#include "tst_outboxmarking.moc"
