// The client's answer to its own replay (SECURITY.md, gap 3), made to happen for sure: the fault
// proxy forwards a signed request whole and drops the connection at the first byte of the
// server's answer, so the server has acted on it and the client has nothing. Qt sends the same
// request again on a new connection, with the same signed nonce; the server refuses that copy as
// `replayed_nonce`; SyncClient signs the request afresh and sends it once more. In-process
// SyncClient and encrypted store, the real server over plain HTTP on loopback (so the proxy can
// tell the answer from a TLS handshake and the test can read the refusal that passed).
#include "faultproxy.h"

#include "tests/support/apiclient.h"
#include "tests/support/syncdevice.h"

#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::test;
using Fault = FaultProxy::Fault;

class TestReplayResign : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    SyncDevice m_device; // through the proxy
    SyncDevice m_other;  // the same practitioner's second tablet, straight to the server
    TestDevice m_reader; // reads the server's log as signed requests
    QString m_team;
    QString m_user;

    Endpoint direct() const { return {m_server.baseUrl(), {}}; }

    QString saveFamily(SyncDevice &device, const QString &label)
    {
        Family family;
        family.teamId = m_team;
        family.practitionerId = m_user;
        family.label = label;
        const auto saved = device.store().saveFamily(family);
        return saved ? saved.value() : QString();
    }

    // How many times the server's log holds a change of `entityId`.
    int onServer(const QString &entityId)
    {
        ApiClient api;
        const Answer answer = ApiClient::wait(api.startPull(direct(), m_reader, u"0"_s, 2000));
        if (answer.status != 200)
            return -1;
        const auto page = protocol::PullResponse::fromJson(answer.json());
        if (!page || page.value().more)
            return -1;
        return int(std::count_if(page.value().changes.cbegin(), page.value().changes.cend(),
                                 [&](const Change &c) { return c.entityId == entityId; }));
    }

    // Runs one sync whose first request loses its answer; checks the path and the end state.
    SyncOutcome syncLosingTheFirstAnswer()
    {
        m_device.restartClient(); // a fresh connection, which gets the fault
        m_proxy->setRecording(true);
        m_proxy->queueFaults({Fault::DropAnswer});
        const int dropped = m_proxy->count(Fault::DropAnswer);
        const SyncOutcome outcome = m_device.sync();
        m_proxy->setRecording(false);
        [&] {
            QCOMPARE(m_proxy->count(Fault::DropAnswer), dropped + 1);
            // Qt's copy reached the server and was refused as a replay, once; the fresh one passed.
            QCOMPARE(m_proxy->delivered().count("replayed_nonce"), 1);
            QCOMPARE(m_device.client().state(), sync::SyncClient::State::Idle);
            QCOMPARE(m_device.store().pendingCount(), 0);
        }();
        return outcome;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_team = addTeam(m_server, u"Test Team"_s);
        m_user = addUser(m_server, u"Test Visitor"_s, u"health_visitor"_s, m_team);
        QVERIFY(!m_user.isEmpty());
        QVERIFY2(m_server.start(0, {u"--plain-http"_s}), qPrintable(m_server.error()));
        m_proxy = std::make_unique<FaultProxy>(m_server.port(), 20261126);
        QVERIFY(m_proxy->listen());
        QVERIFY2(m_device.create(), qPrintable(m_device.error()));
        QVERIFY2(m_device.enrol(QUrl(u"http://127.0.0.1:%1"_s.arg(m_proxy->port())), {},
                                enrolmentCode(m_server, m_user)),
                 qPrintable(m_device.error()));
        QVERIFY2(m_other.create(), qPrintable(m_other.error()));
        QVERIFY2(m_other.enrol(m_server, enrolmentCode(m_server, m_user)), qPrintable(m_other.error()));
        m_reader = newTestDevice(m_user);
        ApiClient api;
        QCOMPARE(api.enrol(direct(), enrolmentCode(m_server, m_user), m_reader).status, 200);
    }

    void cleanupTestCase() { m_proxy.reset(); }

    void pushWhoseAnswerIsLostIsSentAgainAndAppliedOnce()
    {
        const QString family = saveFamily(m_device, u"Test Family One"_s);
        QVERIFY(!family.isEmpty());
        const SyncOutcome outcome = syncLosingTheFirstAnswer();
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(outcome.ok, qPrintable(outcome.errorCode + u": "_s + outcome.message));
        QCOMPARE(outcome.pushed, 1);
        QCOMPARE(outcome.rejected, 0);
        QCOMPARE(onServer(family), 1);
    }

    void pullWhoseAnswerIsLostIsSentAgain()
    {
        const QString family = saveFamily(m_other, u"Test Family Two"_s);
        QVERIFY(!family.isEmpty());
        QVERIFY(m_other.sync().ok);
        QCOMPARE(m_device.store().pendingCount(), 0); // the sync's first request is its pull
        const SyncOutcome outcome = syncLosingTheFirstAnswer();
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(outcome.ok, qPrintable(outcome.errorCode + u": "_s + outcome.message));
        QCOMPARE(outcome.pulled, 1);
        QVERIFY(m_device.store().family(family).ok());
        QCOMPARE(onServer(family), 1);
    }
};

QTEST_GUILESS_MAIN(TestReplayResign)
#include "tst_replayresign.moc"
