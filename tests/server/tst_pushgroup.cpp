// Group commit (sync/server/pushgroup.h) against the real server on SQLite: pushes that wait while
// another writer holds the database's write lock are applied together in one transaction and one
// commit, each answered with its own result, and a push that fails inside the group is rolled
// back alone. The test holds the lock itself (a write transaction on the server's SQLite file)
// until the server reports every push waiting, so the grouping does not depend on timing;
// DOORSTEP_SERVER_TEST_STATS makes /v1/health report the server's commits of pushes. On
// PostgreSQL (scripts/with-postgres) pushes are not grouped: the same concurrent pushes are
// answered each with its own result, the failing one leaving nothing, in no group commit.
#include "sync/server/database.h"
#include "sync/server/sqlquery.h"
#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include "core/domain.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::test;

namespace {

constexpr int groupSize = 6;

QStringList idsOf(const QList<Change> &changes)
{
    QStringList ids;
    for (const Change &change : changes)
        ids.append(change.changeId);
    return ids;
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace

class TestPushGroup : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    Endpoint m_endpoint;
    ApiClient m_api;
    QString m_teamId;

    QString admin(const QStringList &arguments)
    {
        const CommandResult run = m_server->admin(arguments);
        if (run.exitCode != 0)
            qWarning() << "admin" << arguments.first() << "failed:" << run.err;
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }

    QString newUser()
    {
        return admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, u"health_visitor"_s,
                      u"--team"_s, m_teamId});
    }

    bool enrolled(TestDevice &device, const QString &userId)
    {
        device = newTestDevice(userId);
        return m_api.enrol(m_endpoint, admin({u"enrolment-code"_s, u"--user"_s, userId}), device).status ==
               200;
    }

    QJsonObject pushGroups()
    {
        return m_api.send(m_endpoint, "GET", protocol::Path::Health).json().value(u"pushGroups"_s).toObject();
    }

    // What the server's database holds for a device: its changes, nonces and answered sequence.
    static QList<qint64> heldFor(QSqlDatabase &db, const QString &deviceId)
    {
        QList<qint64> held;
        for (const QString &sql : {u"SELECT COUNT(*) FROM changes WHERE device_id = ?"_s,
                                   u"SELECT COUNT(*) FROM nonces WHERE device_id = ?"_s,
                                   u"SELECT COALESCE(MAX(answered_seq), 0) FROM device_sequences"
                                   u" WHERE device_id = ?"_s}) {
            auto query = server::runQuery(db, sql, {deviceId}, u"reading a test's expectations"_s);
            held.append(query && query.value().next() ? query.value().value(0).toLongLong() : -1);
        }
        return held;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Pushes reach the fault point once each, when applied: three before the group (below),
        // so the third push of the group fails after writing its changes.
        qputenv("DOORSTEP_SERVER_FAULT", "push-fails@6");
        qputenv("DOORSTEP_SERVER_TEST_STATS", "1");
        m_server = std::make_unique<ServerProcess>();
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
        qunsetenv("DOORSTEP_SERVER_FAULT");
        qunsetenv("DOORSTEP_SERVER_TEST_STATS");
        m_endpoint = Endpoint{m_server->baseUrl(), m_server->certificateSha256()};
        m_teamId = admin({u"team-add"_s, u"--name"_s, u"Test Team"_s});
        QVERIFY(!m_teamId.isEmpty());
    }

    void cleanupTestCase()
    {
        server::Database::releaseThreadConnections();
        QCOMPARE(m_server->stop(), 0);
    }

    void waitingPushesShareOneCommitEachWithItsOwnAnswer()
    {
        // One practitioner's family, another practitioner's family (out of the first's scope).
        const QString userA = newUser();
        const QString userB = newUser();
        TestDevice setupA;
        TestDevice setupB;
        QVERIFY(enrolled(setupA, userA));
        QVERIFY(enrolled(setupB, userB));
        const QString familyA = newTestId();
        const QString familyB = newTestId();
        const QList<Change> placedA{makeFamilyChange(setupA, familyA, m_teamId)};
        QCOMPARE(ApiClient::wait(m_api.startPush(m_endpoint, setupA, placedA)).status, 200); // fault 1
        QCOMPARE(ApiClient::wait(
                     m_api.startPush(m_endpoint, setupB, {makeFamilyChange(setupB, familyB, m_teamId)}))
                     .status,
                 200); // fault 2

        // The group: one push per device of the first practitioner.
        std::vector<TestDevice> devices(groupSize);
        for (TestDevice &device : devices)
            QVERIFY(enrolled(device, userA));
        QList<QList<Change>> pushes;
        QList<QStringList> expectAccepted;
        QList<QStringList> expectForbidden;
        QStringList storedBefore = idsOf(placedA);
        for (int d = 0; d < groupSize; ++d) {
            QList<Change> changes{makeMemberChange(devices[d], familyA)};
            QStringList forbidden;
            if (d == 1) {
                // Out of scope: refused with a reason, the rest of the push taken.
                changes.append(makeMemberChange(devices[d], familyB));
                forbidden.append(changes.last().changeId);
            }
            if (d == 2) {
                // Sent before: acknowledged again, stored once.
                QCOMPARE(ApiClient::wait(m_api.startPush(m_endpoint, devices[d], changes)).status,
                         200); // fault 3
                storedBefore.append(changes.first().changeId);
            }
            changes.append(makeMemberChange(devices[d], familyA));
            QStringList accepted = idsOf(changes);
            for (const QString &id : std::as_const(forbidden))
                accepted.removeAll(id);
            pushes.append(changes);
            expectAccepted.append(accepted);
            expectForbidden.append(forbidden);
        }

        auto database = server::Database::fromUrl(m_server->databaseUrl(), m_server->dataDir());
        QVERIFY(database.ok());
        auto connected = database.value().connection();
        QVERIFY2(connected.ok(), qPrintable(connected.ok() ? QString() : connected.error().message));
        QSqlDatabase db = connected.value();
        QList<QList<qint64>> before;
        for (const TestDevice &device : devices)
            before.append(heldFor(db, device.id));
        const QJsonObject statsBefore = pushGroups();
        QCOMPARE(statsBefore.value(u"waiting"_s).toInteger(), 0);

        // SQLite: hold the write lock, so that the pushes queue behind it until every one has
        // arrived. PostgreSQL: they are simply sent at once.
        const bool grouped = database.value().engine() == server::Database::Engine::Sqlite;
        if (grouped)
            QVERIFY(database.value().beginWrite(db).ok());
        std::vector<std::unique_ptr<ApiClient>> clients;
        QList<QNetworkReply *> replies;
        for (int d = 0; d < groupSize; ++d) {
            clients.push_back(std::make_unique<ApiClient>());
            replies.append(clients.back()->startPush(m_endpoint, devices[d], pushes.at(d)));
        }
        if (grouped) {
            QTRY_COMPARE_WITH_TIMEOUT(pushGroups().value(u"waiting"_s).toInteger(), qint64(groupSize),
                                      10'000);
            database.value().rollback(db);
        }

        QList<Answer> answers;
        for (QNetworkReply *reply : std::as_const(replies))
            answers.append(ApiClient::wait(reply));

        // One commit for the whole group (none grouped on PostgreSQL).
        const QJsonObject statsAfter = pushGroups();
        QCOMPARE(statsAfter.value(u"commits"_s).toInteger() - statsBefore.value(u"commits"_s).toInteger(),
                 grouped ? 1 : 0);
        QCOMPARE(statsAfter.value(u"pushes"_s).toInteger() - statsBefore.value(u"pushes"_s).toInteger(),
                 grouped ? qint64(groupSize) : 0);
        QCOMPARE(statsAfter.value(u"waiting"_s).toInteger(), 0);

        // Every push has its own answer; the one that failed left nothing behind.
        int failed = -1;
        QStringList stored = storedBefore;
        for (int d = 0; d < groupSize; ++d) {
            const Answer &answer = answers.at(d);
            if (answer.status == 500) {
                QCOMPARE(failed, -1);
                failed = d;
                QCOMPARE(answer.error(), u"storage"_s);
                QCOMPARE(heldFor(db, devices[d].id), before.at(d));
                continue;
            }
            QCOMPARE(answer.status, 200);
            QCOMPARE(stringsOf(answer.json().value(u"accepted"_s)), expectAccepted.at(d));
            const QJsonArray rejected = answer.json().value(u"rejected"_s).toArray();
            QCOMPARE(rejected.size(), expectForbidden.at(d).size());
            for (qsizetype i = 0; i < rejected.size(); ++i) {
                QCOMPARE(rejected.at(i)[u"changeId"_s].toString(), expectForbidden.at(d).at(i));
                QCOMPARE(rejected.at(i)[u"code"_s].toString(), u"forbidden"_s);
            }
            QVERIFY(heldFor(db, devices[d].id) != before.at(d));
            for (const QString &id : expectAccepted.at(d)) {
                if (!stored.contains(id))
                    stored.append(id);
            }
        }
        QVERIFY(failed >= 0);

        // A pull sees exactly the accepted changes, once each, nothing of the failed push.
        auto pulled = protocol::PullResponse::fromJson(
            ApiClient::wait(m_api.startPull(m_endpoint, setupA, u"0"_s, 1000)).json());
        QVERIFY(pulled.ok());
        QStringList seen = idsOf(pulled.value().changes);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), seen.size());
        std::sort(seen.begin(), seen.end());
        std::sort(stored.begin(), stored.end());
        QCOMPARE(seen, stored);

        // The failed push, sent again, is taken whole.
        const Answer again = ApiClient::wait(m_api.startPush(m_endpoint, devices[failed], pushes.at(failed)));
        QCOMPARE(again.status, 200);
        QCOMPARE(stringsOf(again.json().value(u"accepted"_s)), expectAccepted.at(failed));
    }
};

QTEST_GUILESS_MAIN(TestPushGroup)
#include "tst_pushgroup.moc"
