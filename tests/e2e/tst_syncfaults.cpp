// Exactly once under faults, with the real server process: a device that was offline for 2,000
// changes sends them all in batches; the server killed (SIGKILL) in the middle of a push and
// started again; the answer to a push lost after the server committed it. In every case a second
// device of the same practitioner pulls the server's log and finds each change exactly once.
// The server's crash points are its DOORSTEP_SERVER_FAULT test hook (sync/server/faultpoint.h).
// Built twice so that each stays well under a minute: tst_syncbulk (DOORSTEP_SYNC_BULK) holds the
// 2,000 changes, tst_syncfaults the crashes.
// Runs on SQLite and, under scripts/with-postgres, on PostgreSQL.
#include "tests/support/syncdevice.h"

#include <QSet>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::test::ServerProcess;
using doorstep::test::SyncDevice;

class TestSyncFaults : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<SyncDevice> m_device;
    std::unique_ptr<SyncDevice> m_reader;
    QString m_visitor;
    QString m_familyId;

    // A server (with `fault` set for this process only), the device and a reader enrolled.
    bool setUp(const QByteArray &fault = {})
    {
        m_server = std::make_unique<ServerProcess>();
        const QString team = test::addTeam(*m_server, u"Test Team"_s);
        m_visitor = test::addUser(*m_server, u"Test Visitor"_s, u"health_visitor"_s, team);
        if (!startServer(0, fault))
            return false;
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
        return true;
    }

    bool startServer(quint16 port, const QByteArray &fault)
    {
        if (!fault.isEmpty())
            qputenv("DOORSTEP_SERVER_FAULT", fault);
        const bool started = m_server->start(port);
        qunsetenv("DOORSTEP_SERVER_FAULT");
        if (!started)
            qWarning().noquote() << m_server->error();
        return started;
    }

    // `count` children made offline, each its own change.
    QSet<QString> makeChildren(int count)
    {
        QSet<QString> ids;
        for (int i = 0; i < count; ++i) {
            Child child;
            child.familyId = m_familyId;
            child.name = u"Test Baby %1"_s.arg(i + 1);
            child.dateOfBirth = QDate(2026, 1, 1).addDays(i % 300);
            const auto saved = m_device->store().saveChild(child);
            if (!saved)
                return {};
            ids.insert(saved.value());
        }
        return ids;
    }

    // The reader pulls everything: each change of the log once, and exactly these children.
    void readerFindsExactly(const QSet<QString> &children)
    {
        const auto pulled = m_reader->sync();
        QVERIFY2(pulled.ok, qPrintable(pulled.message));
        QCOMPARE(pulled.pulled, children.size() + 1); // and the family
        QSet<QString> held;
        for (const Child &child : m_reader->store().caseload().children)
            held.insert(child.id);
        QCOMPARE(held, children);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup()
    {
        m_device.reset();
        m_reader.reset();
        m_server.reset();
    }

#ifdef DOORSTEP_SYNC_BULK
    void twoThousandOfflineChangesArriveOnceEach()
    {
        QVERIFY(setUp());
        const QSet<QString> children = makeChildren(2000);
        QCOMPARE(children.size(), 2000);
        QCOMPARE(m_device->store().pendingCount(), 2001);
        const auto run = m_device->sync(60'000);
        QVERIFY2(run.ok, qPrintable(run.message));
        QCOMPARE(run.pushed, 2001);
        QCOMPARE(m_device->store().pendingCount(), 0);
        readerFindsExactly(children);
    }
#else
    void serverKilledMidPushThenRestarted()
    {
        // The second batch dies inside its transaction: the first is committed, the second not.
        QVERIFY(setUp("push-before-commit@2"));
        // Two full batches (the server's maximum each) with the family.
        const int batch = protocol::maxChangesPerPush;
        const QSet<QString> children = makeChildren(2 * batch - 1);
        const quint16 port = m_server->port();
        const auto broken = m_device->sync();
        QVERIFY(broken.finished);
        QVERIFY(!broken.ok);
        QCOMPARE(broken.errorCode, u"offline"_s);
        QCOMPARE(broken.pushed, batch);
        QCOMPARE(m_device->store().pendingCount(), batch);

        QVERIFY(startServer(port, {}));
        const auto resumed = m_device->sync();
        QVERIFY2(resumed.ok, qPrintable(resumed.message));
        QCOMPARE(resumed.pushed, batch);
        QCOMPARE(m_device->store().pendingCount(), 0);
        readerFindsExactly(children);
    }

    void answerLostAfterTheServerCommitted()
    {
        // The first batch is committed, then the server dies before answering.
        QVERIFY(setUp("push-after-commit@1"));
        const QSet<QString> children = makeChildren(249);
        const quint16 port = m_server->port();
        const auto broken = m_device->sync();
        QVERIFY(!broken.ok);
        QCOMPARE(broken.errorCode, u"offline"_s);
        QCOMPARE(broken.pushed, 0);
        QCOMPARE(m_device->store().pendingCount(), 250); // not marked: no answer came

        // Sent again: acknowledged without being applied twice.
        QVERIFY(startServer(port, {}));
        const auto resumed = m_device->sync();
        QVERIFY2(resumed.ok, qPrintable(resumed.message));
        QCOMPARE(resumed.pushed, 250);
        QCOMPARE(m_device->store().pendingCount(), 0);
        readerFindsExactly(children);
    }
#endif
};

QTEST_GUILESS_MAIN(TestSyncFaults)
#include "tst_syncfaults.moc"
