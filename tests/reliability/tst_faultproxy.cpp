// The fault proxy itself, in front of the real server over TLS (pinned end to end): each fault
// does what it says, and what the server keeps is right after it: a push cut mid-request is not
// applied, a push whose answer was lost is applied once, a replayed TLS stream adds nothing, the
// server survives every fault, and a killed server is the kill hook's doing.
#include "faultproxy.h"

#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::test;
using Fault = FaultProxy::Fault;

namespace {

// Enough changes that a push's request and a pull's answer are both longer than any cut point.
constexpr int bulk = 40;

} // namespace

class TestFaultProxy : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    Endpoint m_direct;
    Endpoint m_proxied;
    TestDevice m_device;
    QString m_family;
    int m_kills = 0;

    QString admin(const QStringList &arguments)
    {
        const CommandResult run = m_server.admin(arguments);
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }

    // A fresh client for each request, so that each has its own connection (and fault).
    Answer pull(const Endpoint &endpoint, int limit = 2000)
    {
        ApiClient api;
        return ApiClient::wait(api.startPull(endpoint, m_device, u"0"_s, limit));
    }

    Answer push(const Endpoint &endpoint, const QList<Change> &changes)
    {
        ApiClient api;
        return ApiClient::wait(api.startPush(endpoint, m_device, changes));
    }

    QList<Change> members(int count)
    {
        QList<Change> changes;
        for (int i = 0; i < count; ++i)
            changes << makeMemberChange(m_device, m_family);
        return changes;
    }

    int timesOnServer(const QString &changeId)
    {
        const Answer answer = pull(m_direct);
        int times = 0;
        for (const QJsonValue &c : answer.json().value(u"changes"_s).toArray())
            times += c.toObject().value(u"changeId"_s).toString() == changeId ? 1 : 0;
        return answer.status == 200 ? times : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_direct = Endpoint{m_server.baseUrl(), m_server.certificateSha256()};
        m_proxy = std::make_unique<FaultProxy>(m_server.port(), 1);
        QVERIFY(m_proxy->listen());
        m_proxy->setKillHook([this] {
            ++m_kills;
            m_server.kill();
        });
        m_proxied =
            Endpoint{QUrl(u"https://127.0.0.1:%1"_s.arg(m_proxy->port())), m_server.certificateSha256()};

        const QString team = admin({u"team-add"_s, u"--name"_s, u"Test Team"_s});
        const QString user = admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s,
                                    u"health_visitor"_s, u"--team"_s, team});
        m_device = newTestDevice(user);
        ApiClient api;
        QCOMPARE(api.enrol(m_direct, admin({u"enrolment-code"_s, u"--user"_s, user}), m_device).status, 200);
        m_family = newTestId();
        QList<Change> first{makeFamilyChange(m_device, m_family, team)};
        first += members(bulk);
        QCOMPARE(push(m_direct, first).status, 200);
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_server.stop();
    }

    void passesThroughWithoutFaults()
    {
        const Answer answer = pull(m_proxied);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().value(u"changes"_s).toArray().size(), bulk + 1);
        QCOMPARE(m_proxy->count(Fault::None), 1);
    }

    void dropMidRequestAppliesNothing()
    {
        // Every attempt is cut: Qt's network layer itself retries a request whose connection
        // closed before an answer began (up to three more times), each on a new connection.
        m_proxy->queueFaults(QList<Fault>(8, Fault::DropMidRequest));
        const QList<Change> batch = members(bulk);
        QCOMPARE(push(m_proxied, batch).status, 0);
        m_proxy->clearQueuedFaults();
        QVERIFY(m_proxy->count(Fault::DropMidRequest) >= 1);
        QCOMPARE(timesOnServer(batch.first().changeId), 0);
        // The device sends the same batch again (a new request, new nonce): applied once.
        QCOMPARE(push(m_proxied, batch).status, 200);
        QCOMPARE(timesOnServer(batch.last().changeId), 1);
    }

    void dropMidResponseLosesTheAnswerNotTheChange()
    {
        m_proxy->queueFaults(QList<Fault>(8, Fault::DropMidResponse));
        const QList<Change> batch = members(bulk);
        const Answer lost = push(m_proxied, batch);
        m_proxy->clearQueuedFaults();
        QVERIFY(m_proxy->count(Fault::DropMidResponse) >= 1);
        QVERIFY(lost.status != 200 || lost.json().value(u"accepted"_s).toArray().size() == bulk);
        // Resent after the lost answer: acknowledged, and still on the server exactly once.
        const Answer again = push(m_proxied, batch);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(u"accepted"_s).toArray().size(), bulk);
        for (const Change &c : {batch.first(), batch.last()})
            QCOMPARE(timesOnServer(c.changeId), 1);
    }

    void truncatedAnswerIsNoAnswer()
    {
        m_proxy->queueFaults(QList<Fault>(8, Fault::Truncate));
        const Answer answer = pull(m_proxied);
        m_proxy->clearQueuedFaults();
        QVERIFY(m_proxy->count(Fault::Truncate) >= 1);
        QCOMPARE_NE(answer.status, 200);
        QCOMPARE(pull(m_direct).status, 200);
    }

    void delayedAndReorderedAnswersArrive()
    {
        m_proxy->queueFaults({Fault::Delay, Fault::Reorder});
        QCOMPARE(pull(m_proxied).status, 200);
        ApiClient first;
        ApiClient second;
        QNetworkReply *held = first.startPull(m_proxied, m_device, u"0"_s, 1);
        QNetworkReply *other = second.startPull(m_proxied, m_device, u"0"_s, 1);
        QCOMPARE(ApiClient::wait(other).status, 200);
        QCOMPARE(ApiClient::wait(held).status, 200);
        QCOMPARE(m_proxy->count(Fault::Delay), 1);
        QCOMPARE(m_proxy->count(Fault::Reorder), 1);
    }

    void replayedStreamAddsNothing()
    {
        m_proxy->queueFaults({Fault::Duplicate});
        const QList<Change> batch = members(1);
        QCOMPARE(push(m_proxied, batch).status, 200);
        QCOMPARE(m_proxy->count(Fault::Duplicate), 1);
        // The client's connection closed (its client is gone): the stream is replayed; TLS refuses it.
        QTRY_COMPARE_WITH_TIMEOUT(m_proxy->replaysFinished(), 1, 10'000);
        QCOMPARE(timesOnServer(batch.first().changeId), 1);
    }

    void killHookStopsTheServer()
    {
        m_proxy->queueFaults({Fault::KillServer});
        const Answer answer = push(m_proxied, members(bulk));
        m_proxy->clearQueuedFaults();
        QCOMPARE(m_kills, 1);
        QCOMPARE(answer.status, 0);
        QCOMPARE(pull(m_proxied).status, 0); // nobody listens now
        QVERIFY2(m_server.start(m_direct.baseUrl.port()), qPrintable(m_server.error()));
        QCOMPARE(pull(m_proxied).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
