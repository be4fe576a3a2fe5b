// Cursor safety and stateless servers: two doorstep-server processes on one database (the data
// folder's SQLite file, or one PostgreSQL database under scripts/with-postgres, which is the case
// this test is for). Several devices push batches in parallel through both servers while every
// device pulls without pause through both; in the end each device has pulled exactly the accepted
// changes of its scope, none skipped, none twice, with cursors that only move forward.
#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include "core/domain.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::test;

namespace {

constexpr int practitioners = 6;
constexpr int batchesPerDevice = 10;
constexpr int changesPerBatch = 5;
// Small pages, so that pulls page through the log many times while pushes commit.
constexpr int pullLimit = 7;

// One device's pulling: its cursor, what it has received and whether a pull is in flight.
struct Puller
{
    TestDevice *device = nullptr;
    QString cursor = u"0"_s;
    QStringList received;
    qint64 lastCursor = 0;
    bool cursorWentBack = false;
    int pulls = 0;
    int pullsWhilePushing = 0;
    bool inFlight = false;
    bool drained = false; // a pull that started after every push was answered said "no more"
    QString failure;
};

} // namespace

class TestConcurrentSync : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_first;
    std::unique_ptr<ServerProcess> m_second;
    Endpoint m_a;
    Endpoint m_b;
    ApiClient m_api;
    QString m_teamId;

    QString admin(const QStringList &arguments)
    {
        const CommandResult run = m_first->admin(arguments);
        if (run.exitCode != 0)
            qWarning() << "admin" << arguments.first() << "failed:" << run.err;
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }

    // A device of a new user with `role`, enrolled through `server`.
    bool enrolled(TestDevice &device, const QString &role, const Endpoint &server)
    {
        const QString userId =
            admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, role, u"--team"_s, m_teamId});
        if (userId.isEmpty())
            return false;
        device = newTestDevice(userId);
        const QString code = admin({u"enrolment-code"_s, u"--user"_s, userId});
        return m_api.enrol(server, code, device).status == 200;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // Same data folder: the same SQLite file, or the same PostgreSQL database.
        m_first = std::make_unique<ServerProcess>(m_dir.path());
        m_second = std::make_unique<ServerProcess>(m_dir.path());
        QCOMPARE(m_first->databaseUrl().isEmpty(), qEnvironmentVariableIsEmpty("DOORSTEP_TEST_DATABASE"));
        QCOMPARE(m_second->databaseUrl(), m_first->databaseUrl());
        QVERIFY2(m_first->start(), qPrintable(m_first->error()));
        QVERIFY2(m_second->start(), qPrintable(m_second->error()));
        QCOMPARE_NE(m_first->port(), m_second->port());
        m_a = Endpoint{m_first->baseUrl(), m_first->certificateSha256()};
        m_b = Endpoint{m_second->baseUrl(), m_second->certificateSha256()};
        m_teamId = admin({u"team-add"_s, u"--name"_s, u"Test Team"_s});
        QVERIFY(!m_teamId.isEmpty());
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_second->stop(), 0);
        QCOMPARE(m_first->stop(), 0);
    }

    void eitherServerServesTheSameDevice()
    {
        TestDevice device;
        QVERIFY(enrolled(device, u"health_visitor"_s, m_a));

        // Pushed through one, pulled through the other.
        const QString familyId = newTestId();
        const QList<Change> changes{makeFamilyChange(device, familyId, m_teamId),
                                    makeMemberChange(device, familyId)};
        const Answer pushed = ApiClient::wait(m_api.startPush(m_a, device, changes));
        QCOMPARE(pushed.status, 200);
        QCOMPARE(pushed.json().value(u"accepted"_s).toArray().size(), 2);
        const Answer pulled = ApiClient::wait(m_api.startPull(m_b, device, u"0"_s));
        QCOMPARE(pulled.status, 200);
        const auto page = protocol::PullResponse::fromJson(pulled.json());
        QVERIFY(page.ok());
        QCOMPARE(page.value().changes.size(), 2);
        QCOMPARE(page.value().changes.at(0).changeId, changes.at(0).changeId);
        QCOMPARE(page.value().changes.at(1).changeId, changes.at(1).changeId);

        // A resend through the other server is acknowledged, not applied again.
        const Answer resent = ApiClient::wait(m_api.startPush(m_b, device, changes));
        QCOMPARE(resent.status, 200);
        QCOMPARE(resent.json().value(u"accepted"_s).toArray().size(), 2);
        const auto again = protocol::PullResponse::fromJson(
            ApiClient::wait(m_api.startPull(m_a, device, page.value().cursor)).json());
        QVERIFY(again.ok());
        QVERIFY(again.value().changes.isEmpty());

        // A request replayed to the other server is refused there: nonces are shared.
        const QByteArray body =
            QJsonDocument(protocol::PushRequest{changes}.toJson()).toJson(QJsonDocument::Compact);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const protocol::SignedHeaders headers = protocol::signRequest(
            device.keys.secretKey, "POST", protocol::Path::Push.toUtf8(), body, device.id, now);
        Answer replies[2];
        const Endpoint *servers[2] = {&m_a, &m_b};
        for (int i = 0; i < 2; ++i)
            replies[i] = m_api.sendSigned(*servers[i], "POST", protocol::Path::Push, body, headers);
        QCOMPARE(replies[0].status, 200);
        QCOMPARE(replies[1].status, 401);
        QCOMPARE(replies[1].error(), u"replayed_nonce"_s);

        // Revoked through the admin command: both servers refuse the device at once.
        QCOMPARE(m_first->admin({u"revoke"_s, u"--device"_s, device.id}).exitCode, 0);
        for (const Endpoint *server : servers) {
            const Answer refused = ApiClient::wait(m_api.startPull(*server, device, u"0"_s));
            QCOMPARE(refused.status, 403);
            QCOMPARE(refused.error(), u"revoked"_s);
        }
    }

    void concurrentPushesNeverSkippedByPulls()
    {
        QList<TestDevice> devices(practitioners);
        QList<QString> families;
        for (int i = 0; i < practitioners; ++i) {
            QVERIFY(enrolled(devices[i], u"health_visitor"_s, i % 2 ? m_b : m_a));
            families.append(newTestId());
            // The family first, so the parallel batches that follow all refer to something there.
            const Answer placed = ApiClient::wait(
                m_api.startPush(m_a, devices[i], {makeFamilyChange(devices[i], families[i], m_teamId)}));
            QCOMPARE(placed.status, 200);
        }
        TestDevice supervisor;
        QVERIFY(enrolled(supervisor, u"supervisor"_s, m_b));

        // What each scope must end up with, learnt from the servers' acknowledgements.
        QHash<QString, QSet<QString>> expected; // device id -> accepted change ids in its scope
        QSet<QString> everything;

        QList<Puller> pullers;
        for (TestDevice *device : [&] {
                 QList<TestDevice *> all;
                 for (TestDevice &d : devices)
                     all.append(&d);
                 return all << &supervisor;
             }()) {
            Puller puller;
            puller.device = device;
            pullers.append(puller);
        }

        int pushFailures = 0;
        bool pushesDone = false;
        int turn = 0;

        std::function<void(Puller &)> pullNext;
        pullNext = [&](Puller &p) {
            Puller *puller = &p;
            puller->inFlight = true;
            const bool whilePushing = !pushesDone;
            const Endpoint &server = (turn++ % 2) ? m_b : m_a;
            QNetworkReply *reply = m_api.startPull(server, *puller->device, puller->cursor, pullLimit);
            QObject::connect(
                reply, &QNetworkReply::finished, reply, [&pullNext, puller, reply, whilePushing] {
                    reply->deleteLater();
                    puller->inFlight = false;
                    ++puller->pulls;
                    if (whilePushing)
                        ++puller->pullsWhilePushing;
                    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    const auto page =
                        protocol::PullResponse::fromJson(QJsonDocument::fromJson(reply->readAll()).object());
                    if (status != 200 || !page) {
                        puller->failure = u"pull answered %1"_s.arg(status);
                        return;
                    }
                    for (const Change &change : page.value().changes)
                        puller->received.append(change.changeId);
                    const qint64 cursor = page.value().cursor.toLongLong();
                    if (cursor < puller->lastCursor)
                        puller->cursorWentBack = true;
                    puller->lastCursor = cursor;
                    puller->cursor = page.value().cursor;
                    if (!whilePushing && !page.value().more) {
                        puller->drained = true;
                        return;
                    }
                    pullNext(*puller);
                });
        };

        // Each device sends its batches one after another, as a device does (its sequence numbers
        // must arrive in order), alternating between the two servers; all devices at once, while
        // every device pulls continuously.
        int pushersLeft = practitioners;
        std::function<void(int, int)> pushNext;
        pushNext = [&](int i, int b) {
            if (b == batchesPerDevice) {
                if (--pushersLeft == 0)
                    pushesDone = true;
                return;
            }
            QList<Change> batch;
            for (int c = 0; c < changesPerBatch; ++c)
                batch.append(makeMemberChange(devices[i], families[i]));
            QNetworkReply *reply = m_api.startPush((i + b) % 2 ? m_b : m_a, devices[i], batch);
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, i, b, batch] {
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const auto answer =
                    protocol::PushResponse::fromJson(QJsonDocument::fromJson(reply->readAll()).object());
                if (status != 200 || !answer || !answer.value().rejected.isEmpty() ||
                    answer.value().accepted.size() != batch.size()) {
                    ++pushFailures;
                } else {
                    for (const QString &id : answer.value().accepted) {
                        expected[devices[i].id].insert(id);
                        everything.insert(id);
                    }
                }
                pushNext(i, b + 1);
            });
        };
        for (int i = 0; i < practitioners; ++i)
            pushNext(i, 0);
        for (Puller &puller : pullers)
            pullNext(puller);

        QTRY_VERIFY_WITH_TIMEOUT(pushesDone, 300'000);
        QCOMPARE(pushFailures, 0);
        // Pulls that were in flight when the last push was answered go on; the next pull of each
        // device then starts after every commit and must drain to the end.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(pullers.cbegin(), pullers.cend(),
                        [](const Puller &p) { return p.drained || !p.failure.isEmpty(); }),
            300'000);

        QCOMPARE(everything.size(), practitioners * batchesPerDevice * changesPerBatch);
        QSet<QString> teamFamiliesAndMembers;
        for (int i = 0; i < practitioners; ++i) {
            const Puller &puller = pullers.at(i);
            QVERIFY2(puller.failure.isEmpty(), qPrintable(puller.failure));
            QVERIFY(!puller.cursorWentBack);
            QVERIFY(puller.pullsWhilePushing > 0);
            const QSet<QString> got(puller.received.cbegin(), puller.received.cend());
            QCOMPARE(got.size(), puller.received.size()); // none twice
            // Its own family change, then every member it pushed: none skipped, nothing else.
            QSet<QString> members = got;
            QCOMPARE(members.size(), expected.value(devices[i].id).size() + 1);
            members.intersect(expected.value(devices[i].id));
            QCOMPARE(members, expected.value(devices[i].id));
            teamFamiliesAndMembers.unite(got);
        }
        const Puller &team = pullers.last();
        QVERIFY2(team.failure.isEmpty(), qPrintable(team.failure));
        QVERIFY(!team.cursorWentBack);
        QVERIFY(team.pullsWhilePushing > 0);
        const QSet<QString> got(team.received.cbegin(), team.received.cend());
        QCOMPARE(got.size(), team.received.size());
        // The supervisor sees the whole team: the first test's family is in it too.
        QVERIFY(got.contains(teamFamiliesAndMembers));
        QVERIFY(got.contains(everything));
        QCOMPARE(got.size(), teamFamiliesAndMembers.size() + 2);
    }
};

QTEST_GUILESS_MAIN(TestConcurrentSync)
#include "tst_concurrentsync.moc"
