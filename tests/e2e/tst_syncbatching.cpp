// Push batches and pull pages against the real server: a full batch is the server's maximum (500
// changes), a batch of long notes is split so that no request body passes the server's 8 MiB
// limit, and a single change over that limit is not sent at all (the run says so; it and what
// follows wait). A pull that fails while the next page is already on its way (read ahead) keeps
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
using doorstep::test::ServerProcess;
using doorstep::test::SyncDevice;

class TestSyncBatching : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<SyncDevice> m_device;
    std::unique_ptr<SyncDevice> m_reader;
    QString m_visitor;
    QString m_familyId;
    QString m_childId;

    bool setUp()
    {
        m_server = std::make_unique<ServerProcess>();
        const QString team = test::addTeam(*m_server, u"Test Team"_s);
        m_visitor = test::addUser(*m_server, u"Test Visitor"_s, u"health_visitor"_s, team);
        if (!m_server->start()) {
            qWarning().noquote() << m_server->error();
            return false;
        }
        m_device = std::make_unique<SyncDevice>();
        m_reader = std::make_unique<SyncDevice>();
        for (SyncDevice *device : {m_device.get(), m_reader.get()}) {
            if (!device->create() || !device->enrol(*m_server, test::enrolmentCode(*m_server, m_visitor))) {
                qWarning().noquote() << device->error();
                return false;
            }
        }
        Family family;
        family.teamId = team;
        family.practitionerId = m_visitor;
        family.label = u"Test Family One"_s;
        family.postcode = u"ZZ99 9ZZ"_s;
        m_familyId = m_device->store().saveFamily(family).value();
        Child child;
        child.familyId = m_familyId;
        child.name = u"Test Baby One"_s;
        child.dateOfBirth = QDate(2026, 1, 1);
        m_childId = m_device->store().saveChild(child).value();
        return !m_familyId.isEmpty() && !m_childId.isEmpty();
    }

    // A visit whose observations are `noteChars` characters long.
    Result<QString> recordVisit(qsizetype noteChars)
    {
        Visit visit;
        visit.familyId = m_familyId;
        visit.practitionerId = m_visitor;
        visit.practitionerRole = Role::HealthVisitor;
        visit.occurredAt = QDateTime(QDate(2026, 11, 2), QTime(10, 0), Qt::UTC);
        visit.contactType = ContactType::FaceToFaceHome;
        visit.outcome = Outcome::Completed;
        visit.children = {VisitChild{m_childId, true, false}};
        visit.observations = QString(noteChars, u'x');
        return m_device->store().recordVisit(visit);
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
    void cleanup()
    {
        m_device.reset();
        m_reader.reset();
        m_server.reset();
    }

    void aFullBatchIsTheServersMaximum()
    {
        QVERIFY(setUp());
        for (int i = 0; i < 520; ++i)
            QVERIFY(recordVisit(40).ok());
        QCOMPARE(m_device->store().pendingCount(), 522);
        QSignalSpy progress(&m_device->client(), &sync::SyncClient::progress);
        const auto run = m_device->sync(60'000);
        QVERIFY2(run.ok, qPrintable(run.message));
        QCOMPARE(run.pushed, 522);
        QCOMPARE(batchSizes(progress), (QList<int>{protocol::maxChangesPerPush, 22}));
        QCOMPARE(m_device->store().pendingCount(), 0);
    }

    void longNotesAreSplitUnderTheBodyLimit()
    {
        QVERIFY(setUp());
        // 24 visits of 512 KiB notes: 12 MiB in all, more than one request may carry.
        for (int i = 0; i < 24; ++i)
            QVERIFY(recordVisit(512 * 1024).ok());
        QSignalSpy progress(&m_device->client(), &sync::SyncClient::progress);
        const auto run = m_device->sync(60'000);
        QVERIFY2(run.ok, qPrintable(run.message));
        QCOMPARE(run.pushed, 26);
        QCOMPARE(run.rejected, 0);
        const QList<int> sizes = batchSizes(progress);
        QVERIFY2(sizes.size() >= 2, qPrintable(u"%1 push(es)"_s.arg(sizes.size())));
        for (const int size : sizes)
            QVERIFY2(qint64(size) * 512 * 1024 < protocol::maxRequestBytes, qPrintable(u"%1"_s.arg(size)));
        QCOMPARE(m_device->store().pendingCount(), 0);

        const auto pulled = m_reader->sync(60'000);
        QVERIFY2(pulled.ok, qPrintable(pulled.message));
        QCOMPARE(pulled.pulled, 26);
        QCOMPARE(m_reader->store().caseload().visits.size(), 24);
    }

    void aChangeOverTheLimitIsNotSent()
    {
        QVERIFY(setUp());
        QVERIFY(recordVisit(protocol::maxRequestBytes + 1).ok());
        QVERIFY(recordVisit(40).ok());
        const auto run = m_device->sync(60'000);
        QVERIFY(run.finished);
        QVERIFY(!run.ok);
        QCOMPARE(run.errorCode, u"too_large"_s);
        QVERIFY2(run.message.contains(u"more than the server accepts"_s), qPrintable(run.message));
        // What came before it was sent; it and the visit after it wait, still pending.
        QCOMPARE(run.pushed, 2);
        QCOMPARE(m_device->store().pendingCount(), 2);
        QCOMPARE(m_device->store().outbox().size(), 2);
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
            const auto saved = m_device->store().saveChild(child);
            QVERIFY(saved.ok());
            children.append(saved.value());
        }
        QVERIFY(m_device->sync(60'000).ok);

        // The reader's store refuses one child of the second page (the log holds the family, then
        // the children in order; pages of 500), as a full disk or a damaged row would.
        const QString refused = children.at(700);
        auto &db = store::StoreTesting::database(m_reader->store());
        QVERIFY(db.exec(u"CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON main.children WHEN NEW.id = '%1' "
                        u"BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s.arg(refused))
                    .ok());
        const auto stopped = m_reader->sync(60'000);
        QVERIFY(stopped.finished);
        QVERIFY(!stopped.ok);
        QCOMPARE(stopped.pulled, protocol::defaultPullLimit);
        QCOMPARE(m_reader->store().caseload().children.size(), protocol::defaultPullLimit - 1);

        QVERIFY(db.exec(u"DROP TRIGGER refuse_one"_s).ok());
        const auto resumed = m_reader->sync(60'000);
        QVERIFY2(resumed.ok, qPrintable(resumed.message));
        QCOMPARE(resumed.pulled, 1101 - protocol::defaultPullLimit);
        QSet<QString> held;
        for (const Child &child : m_reader->store().caseload().children)
            held.insert(child.id);
        QCOMPARE(held.size(), children.size());
        QCOMPARE(held, QSet<QString>(children.cbegin(), children.cend()));
    }
};

QTEST_GUILESS_MAIN(TestSyncBatching)
#include "tst_syncbatching.moc"
