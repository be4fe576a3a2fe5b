// Push batches and pull pages against the real server: a full batch is the server's maximum (500
// changes), each batch after the first is sent while the one before is marked and every change
// still arrives once, a batch of long notes is split so that no request body passes the server's
// 8 MiB limit, and a single change over that limit is not sent at all (the run says so; it and
// what follows wait). A pull that fails while the next page is already on its way (read ahead) keeps
// every page committed before it, and the next run resumes from there.
#include "tests/support/syncdevice.h"

#include "app/store/storetesting.h"
#include "sync/protocol/messages.h"

#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;

class TestSyncBatching : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TwoDevices> m_sync; // the first device writes, the second reads
    QString m_familyId;
    QString m_childId;

    bool setUp()
    {
        m_sync = std::make_unique<test::TwoDevices>();
        if (!m_sync->start()) {
            qWarning().noquote() << m_sync->error;
            return false;
        }
        m_familyId = m_sync->addFamily();
        if (m_familyId.isEmpty())
            return false;
        const auto child = m_sync->first.store().saveChild(test::testChild(m_familyId, u"Test Baby One"_s));
        m_childId = child ? child.value() : QString();
        return !m_childId.isEmpty();
    }

    // A visit whose observations are `noteChars` characters long.
    Result<QString> recordVisit(qsizetype noteChars)
    {
        Visit visit;
        visit.familyId = m_familyId;
        visit.practitionerId = m_sync->visitor;
        visit.practitionerRole = Role::HealthVisitor;
        visit.occurredAt = QDateTime(QDate(2026, 11, 2), QTime(10, 0), Qt::UTC);
        visit.contactType = ContactType::FaceToFaceHome;
        visit.outcome = Outcome::Completed;
        visit.children = {VisitChild{m_childId, true, false}};
        visit.observations = QString(noteChars, u'x');
        return m_sync->first.store().recordVisit(visit);
    }

    // The number of changes each push answered, from the client's progress signals.
    static QList<int> batchSizes(const QSignalSpy &progress)
    {
        QList<int> sizes;
        int before = 0;
        for (qsizetype i = 1; i < progress.size(); ++i) { // the first is (0, total)
            const int done = progress.at(i).at(0).toInt();
            sizes.append(done - before);
            before = done;
        }
        return sizes;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { m_sync.reset(); }

    void aFullBatchIsTheServersMaximum()
    {
        QVERIFY(setUp());
        for (int i = 0; i < 1020; ++i)
            QVERIFY(recordVisit(40).ok());
        QCOMPARE(m_sync->first.store().pendingCount(), 1022);
        QSignalSpy progress(&m_sync->first.client(), &sync::SyncClient::progress);
        const auto run = m_sync->first.sync(60'000);
        QVERIFY2(run.ok, qPrintable(run.message));
        QCOMPARE(run.pushed, 1022);
        QCOMPARE(batchSizes(progress),
                 (QList<int>{protocol::maxChangesPerPush, protocol::maxChangesPerPush, 22}));
        QCOMPARE(m_sync->first.store().pendingCount(), 0);
        QCOMPARE(m_sync->first.store().outbox().size(), 0);
        // Each change once on the server: the second device pulls exactly these.
        const auto pulled = m_sync->second.sync(60'000);
        QVERIFY2(pulled.ok, qPrintable(pulled.message));
        QCOMPARE(pulled.pulled, 1022);
        QCOMPARE(m_sync->second.store().caseload().visits.size(), 1020);
    }

    void longNotesAreSplitUnderTheBodyLimit()
    {
        QVERIFY(setUp());
        // 24 visits of 512 KiB notes: 12 MiB in all, more than one request may carry.
        for (int i = 0; i < 24; ++i)
            QVERIFY(recordVisit(512 * 1024).ok());
        QSignalSpy progress(&m_sync->first.client(), &sync::SyncClient::progress);
        const auto run = m_sync->first.sync(60'000);
        QVERIFY2(run.ok, qPrintable(run.message));
        QCOMPARE(run.pushed, 26);
        QCOMPARE(run.rejected, 0);
        const QList<int> sizes = batchSizes(progress);
        QVERIFY2(sizes.size() >= 2, qPrintable(u"%1 push(es)"_s.arg(sizes.size())));
        for (const int size : sizes)
            QVERIFY2(qint64(size) * 512 * 1024 < protocol::maxRequestBytes, qPrintable(u"%1"_s.arg(size)));
        QCOMPARE(m_sync->first.store().pendingCount(), 0);

        const auto pulled = m_sync->second.sync(60'000);
        QVERIFY2(pulled.ok, qPrintable(pulled.message));
        QCOMPARE(pulled.pulled, 26);
        QCOMPARE(m_sync->second.store().caseload().visits.size(), 24);
    }

    void aChangeOverTheLimitIsNotSent()
    {
        QVERIFY(setUp());
        QVERIFY(recordVisit(protocol::maxRequestBytes + 1).ok());
        QVERIFY(recordVisit(40).ok());
        const auto run = m_sync->first.sync(60'000);
        QVERIFY(run.finished);
        QVERIFY(!run.ok);
        QCOMPARE(run.errorCode, u"too_large"_s);
        QVERIFY2(run.message.contains(u"more than the server accepts"_s), qPrintable(run.message));
        // What came before it was sent; it and the visit after it wait, still pending.
        QCOMPARE(run.pushed, 2);
        QCOMPARE(m_sync->first.store().pendingCount(), 2);
        QCOMPARE(m_sync->first.store().outbox().size(), 2);
    }
    void aPullStoppedMidwayResumesFromTheLastCommittedPage()
    {
        QVERIFY(setUp());
        QStringList children{m_childId};
        for (int i = 2; i <= 1100; ++i) {
            Child child;
            child.familyId = m_familyId;
            child.name = u"Test Baby %1"_s.arg(i);
            child.dateOfBirth = QDate(2026, 1, 1).addDays(i % 300);
            const auto saved = m_sync->first.store().saveChild(child);
            QVERIFY(saved.ok());
            children.append(saved.value());
        }
        QVERIFY(m_sync->first.sync(60'000).ok);

        // The reader's store refuses one child of the second page (the log holds the family, then
        // the children in order; pages of 500), as a full disk or a damaged row would.
        const QString refused = children.at(700);
        auto &db = store::StoreTesting::database(m_sync->second.store());
        QVERIFY(db.exec(u"CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON main.children WHEN NEW.id = '%1' "
                        u"BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s.arg(refused))
                    .ok());
        const auto stopped = m_sync->second.sync(60'000);
        QVERIFY(stopped.finished);
        QVERIFY(!stopped.ok);
        QCOMPARE(stopped.pulled, protocol::defaultPullLimit);
        QCOMPARE(m_sync->second.store().caseload().children.size(), protocol::defaultPullLimit - 1);

        QVERIFY(db.exec(u"DROP TRIGGER refuse_one"_s).ok());
        const auto resumed = m_sync->second.sync(60'000);
        QVERIFY2(resumed.ok, qPrintable(resumed.message));
        QCOMPARE(resumed.pulled, 1101 - protocol::defaultPullLimit);
        QSet<QString> held;
        for (const Child &child : m_sync->second.store().caseload().children)
            held.insert(child.id);
        QCOMPARE(held.size(), children.size());
        QCOMPARE(held, QSet<QString>(children.cbegin(), children.cend()));
    }
};

QTEST_GUILESS_MAIN(TestSyncBatching)
#include "tst_syncbatching.moc"
