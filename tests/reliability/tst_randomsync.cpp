// A seeded randomized multi-device test: several doorstep-cli profiles (two health visitors, a
// midwife and their supervisor) make records and sync through a fault-injecting TCP proxy
// (faultproxy.h) to two server processes on one database, while servers are SIGKILLed and
// restarted at random points, some of them in the middle of a request, and device processes are
// SIGKILLed in the middle of a sync. When the faults stop and every device has synced twice:
// - every change a device made is on the server exactly once (no change id and no device
//   sequence number twice; per device, as many changes as its successful commands made), and
//   every record a command created is there;
// - every device holds the server's state for its scope: the children it lists, with their
//   current names (after concurrent renames, the server's winner), are exactly those of its scope
//   on the server, and a child's chronology lists exactly the server's visits.
// The seed is printed; DOORSTEP_SOAK_SEED replays a run, DOORSTEP_SOAK_STEPS makes it longer
// (scripts/soak). Not covered: device clocks skewed (the CLI has no clock to skew) and the
// conflicts table (no interface reads it).
#include "faultproxy.h"

#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include "core/hlc.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <random>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::test;

namespace {

const QByteArray pin = QByteArrayLiteral("736251");

struct Device
{
    QString name;
    QString profile;
    QString userId;
    QString deviceId;
    bool supervisor = false;
    int changesMade = 0;        // by commands that succeeded
    QStringList families;       // made here
    QStringList children;       // made here, or (supervisor) seen in its caseload
    QStringList createdRecords; // every record id a command printed
};

quint32 seedFromEnvironment()
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("DOORSTEP_SOAK_SEED").toUInt(&ok);
    return ok ? seed : QRandomGenerator::global()->generate();
}

int stepsFromEnvironment()
{
    bool ok = false;
    const int steps = qEnvironmentVariableIntValue("DOORSTEP_SOAK_STEPS", &ok);
    return ok && steps > 0 ? steps : 50;
}

} // namespace

class TestRandomSync : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    struct Server
    {
        std::unique_ptr<ServerProcess> process;
        quint16 port = 0;
        bool up = false;
    };
    // Two server processes on one database (the data folder's SQLite file, or one PostgreSQL
    // database under scripts/with-postgres); the proxy spreads connections over both.
    std::array<Server, 2> m_servers;
    std::unique_ptr<FaultProxy> m_proxy;
    int m_kills = 0;
    quint32 m_seed = seedFromEnvironment();
    std::mt19937 m_random{m_seed};
    QList<Device> m_devices;
    QString m_team;
    QMap<QString, int> m_syncOutcomes;
    QProcess *m_running = nullptr; // the CLI process talking through the proxy, if any
    int m_clientKills = 0;

    int roll(int from, int to) { return std::uniform_int_distribution<int>(from, to)(m_random); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(m_random) < p; }

    // Runs the CLI while this thread's event loop runs, so the proxy keeps forwarding.
    CommandResult cli(const Device &device, const QStringList &args)
    {
        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(DOORSTEP_CLI), QStringList{u"--profile"_s, device.profile} + args);
        CommandResult result;
        if (!process.waitForStarted())
            return result;
        process.write(pin + '\n');
        process.closeWriteChannel();
        m_running = &process;
        const auto done = qScopeGuard([this] { m_running = nullptr; });
        if (process.state() != QProcess::NotRunning && !finished.wait(180'000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    QString admin(const QStringList &arguments)
    {
        const CommandResult run = m_servers[0].process->admin(arguments);
        if (run.exitCode != 0)
            qWarning() << "admin" << arguments.first() << "failed:" << run.err;
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }

    bool startServer(Server &server)
    {
        server.up = server.process->start(server.port);
        if (!server.up)
            qWarning() << "server did not start:" << server.process->error();
        server.port = server.process->port();
        return server.up;
    }

    void killServer(Server &server)
    {
        if (!server.up)
            return;
        server.process->kill();
        server.up = false;
        ++m_kills;
    }

    QString certificateSha256() const { return m_servers[0].process->certificateSha256(); }

    QString proxyUrl() const { return u"https://127.0.0.1:%1"_s.arg(m_proxy->port()); }

    bool enrol(Device &device, const QString &role)
    {
        device.userId =
            admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, role, u"--team"_s, m_team});
        const QString code = admin({u"enrolment-code"_s, u"--user"_s, device.userId});
        device.profile = m_dir.filePath(device.name);
        device.supervisor = role == u"supervisor"_s;
        const CommandResult run =
            cli(device, {u"--json"_s, u"enrol"_s, u"--server"_s, proxyUrl(), u"--code"_s, code,
                         u"--server-cert-sha256"_s, certificateSha256()});
        if (run.exitCode != 0) {
            qWarning("enrol failed: %s", run.err.constData());
            return false;
        }
        device.deviceId = QJsonDocument::fromJson(run.out).object()[u"deviceId"_s].toString();
        return !device.deviceId.isEmpty();
    }

    // Runs a command that makes `changes` changes; on success counts them and notes the id printed.
    QString made(Device &device, const QStringList &args, int changes)
    {
        const CommandResult run = cli(device, args);
        if (run.exitCode != 0)
            return {};
        device.changesMade += changes;
        const QString id = QString::fromUtf8(run.out).trimmed();
        device.createdRecords << id;
        return id;
    }

    void sync(Device &device)
    {
        const CommandResult run = cli(device, {u"--json"_s, u"sync"_s});
        const QJsonObject answer = QJsonDocument::fromJson(run.out).object();
        const QString outcome = run.exitCode == 0    ? u"ok"_s
                                : run.exitCode == -1 ? u"killed"_s
                                                     : answer[u"error"_s].toString();
        m_syncOutcomes[outcome] += 1;
    }

    // One random command on one random device.
    void step()
    {
        Device &device = m_devices[roll(0, int(m_devices.size()) - 1)];
        const int op = roll(0, 9);
        if (op <= 2) {
            sync(device);
        } else if (device.supervisor) {
            // Renames a child of the team it has already pulled: concurrent with the practitioner's.
            if (device.children.isEmpty()) {
                const CommandResult list = cli(device, {u"--json"_s, u"caseload"_s});
                for (const QJsonValue &child : QJsonDocument::fromJson(list.out).array())
                    device.children << child[u"childId"_s].toString();
                return;
            }
            const QString child = device.children.at(roll(0, int(device.children.size()) - 1));
            if (cli(device, {u"update-child"_s, u"--child"_s, child, u"--name"_s,
                             u"Test Baby S%1"_s.arg(roll(0, 9999))})
                    .exitCode == 0)
                device.changesMade += 1;
        } else if (device.families.isEmpty() || op == 3) {
            const QString family =
                made(device, {u"add-family"_s, u"--label"_s, u"Test Family %1"_s.arg(roll(0, 9999))}, 1);
            if (!family.isEmpty())
                device.families << family;
        } else if (device.children.isEmpty() || op == 4) {
            const QString family = device.families.at(roll(0, int(device.families.size()) - 1));
            const QString child = made(device,
                                       {u"add-child"_s, u"--family"_s, family, u"--name"_s,
                                        u"Test Baby %1"_s.arg(roll(0, 9999)), u"--dob"_s,
                                        QDate::currentDate().addDays(-roll(0, 300)).toString(Qt::ISODate)},
                                       1);
            if (!child.isEmpty())
                device.children << child;
        } else if (op == 5) {
            const QString family = device.families.at(roll(0, int(device.families.size()) - 1));
            made(device,
                 {u"add-member"_s, u"--family"_s, family, u"--name"_s, u"Test Parent %1"_s.arg(roll(0, 9999)),
                  u"--relationship"_s, u"mother"_s},
                 1);
        } else if (op <= 7) {
            const QString child = device.children.at(roll(0, int(device.children.size()) - 1));
            made(device,
                 {u"record-visit"_s, u"--child"_s, child, u"--type"_s, u"face_to_face_home"_s, u"--outcome"_s,
                  u"completed"_s, u"--seen"_s, u"--at"_s,
                  QDateTime::currentDateTimeUtc().addSecs(-roll(60, 3600)).toString(Qt::ISODate),
                  u"--observations"_s, u"Synthetic observation %1"_s.arg(roll(0, 9999)),
                  u"--views-presentation"_s, u"Synthetic presentation"_s},
                 2); // the visit and the child's views
        } else {
            const QString child = device.children.at(roll(0, int(device.children.size()) - 1));
            if (cli(device, {u"update-child"_s, u"--child"_s, child, u"--name"_s,
                             u"Test Baby P%1"_s.arg(roll(0, 9999))})
                    .exitCode == 0)
                device.changesMade += 1;
        }
    }

    // Every change the server holds, pulled by a team supervisor's device straight from the server.
    QList<Change> serverLog(ApiClient &api, const Endpoint &endpoint, const TestDevice &auditor)
    {
        QList<Change> all;
        QString cursor = u"0"_s;
        for (int page = 0; page < 1000; ++page) {
            const Answer answer = ApiClient::wait(api.startPull(endpoint, auditor, cursor, 2000));
            if (answer.status != 200) {
                qWarning() << "pull failed:" << answer.status << answer.body.left(200);
                return {};
            }
            const auto decoded = protocol::PullResponse::fromJson(answer.json());
            if (!decoded)
                return {};
            all += decoded.value().changes;
            cursor = decoded.value().cursor;
            if (!decoded.value().more)
                break;
        }
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        qInfo("seed %u (replay with DOORSTEP_SOAK_SEED=%u), %d steps", m_seed, m_seed,
              stepsFromEnvironment());
        // One after the other: the first makes the TLS certificate the second then uses.
        for (Server &server : m_servers) {
            server.process = std::make_unique<ServerProcess>(m_dir.filePath(u"server"_s));
            QVERIFY(startServer(server));
        }
        QCOMPARE(m_servers[1].process->certificateSha256(), certificateSha256());
        m_proxy = std::make_unique<FaultProxy>(m_servers[0].port, m_seed);
        m_proxy->addTarget(m_servers[1].port);
        QVERIFY(m_proxy->listen());
        // Mid-request, either side dies: the server (SIGKILL) or the device's process (SIGKILL,
        // in the middle of its sync: its local transaction is cut short too).
        m_proxy->setKillHook([this] {
            if (m_running && chance(0.5)) {
                m_running->kill();
                ++m_clientKills;
            } else {
                killServer(m_servers[roll(0, 1)]);
            }
        });
        m_team = admin({u"team-add"_s, u"--name"_s, u"Test Team"_s});
        QVERIFY(!m_team.isEmpty());
        const QList<QPair<QString, QString>> people{{u"hv1"_s, u"health_visitor"_s},
                                                    {u"hv2"_s, u"health_visitor"_s},
                                                    {u"mw"_s, u"midwife"_s},
                                                    {u"sup"_s, u"supervisor"_s}};
        for (const auto &[name, role] : people) {
            Device device;
            device.name = name;
            QVERIFY(enrol(device, role));
            m_devices << device;
        }
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        for (Server &server : m_servers) {
            if (server.process)
                server.process->stop();
        }
    }

    void everyChangeOnceAndEveryDeviceConverges()
    {
        const int steps = stepsFromEnvironment();
        m_proxy->setFaultRate(0.5);
        for (int i = 0; i < steps; ++i) {
            for (Server &server : m_servers) {
                if (!server.up && chance(0.5))
                    QVERIFY(startServer(server));
                else if (server.up && chance(0.03))
                    killServer(server);
            }
            step();
        }

        // The faults stop; every device sends what waits, then every device fetches the rest.
        m_proxy->setFaultRate(0.0);
        for (Server &server : m_servers) {
            if (!server.up)
                QVERIFY(startServer(server));
        }
        for (int round = 0; round < 2; ++round) {
            for (Device &device : m_devices) {
                const CommandResult run = cli(device, {u"--json"_s, u"sync"_s});
                const QJsonObject answer = QJsonDocument::fromJson(run.out).object();
                QVERIFY2(run.exitCode == 0, qPrintable(u"seed %1: %2's final sync: %3"_s.arg(m_seed).arg(
                                                device.name, QString::fromUtf8(run.out + run.err))));
                QCOMPARE(answer[u"pending"_s].toInt(), 0);
                QCOMPARE(answer[u"refused"_s].toInt(), 0);
            }
        }
        qInfo() << "seed" << m_seed << "connections" << m_proxy->connections() << "server kills" << m_kills
                << "client kills" << m_clientKills << "sync outcomes" << m_syncOutcomes;
        for (const auto fault :
             {FaultProxy::Fault::DropMidRequest, FaultProxy::Fault::DropMidResponse,
              FaultProxy::Fault::Truncate, FaultProxy::Fault::Delay, FaultProxy::Fault::Duplicate,
              FaultProxy::Fault::Reorder, FaultProxy::Fault::KillServer})
            qInfo() << "  fault" << fault << m_proxy->count(fault);

        // The server's log, read directly by another supervisor device of the team.
        ApiClient api;
        const Endpoint endpoint{m_servers[0].process->baseUrl(), certificateSha256()};
        const QString auditorUser = admin({u"user-add"_s, u"--name"_s, u"Test Auditor"_s, u"--role"_s,
                                           u"supervisor"_s, u"--team"_s, m_team});
        TestDevice auditor = newTestDevice(auditorUser);
        QCOMPARE(api.enrol(endpoint, admin({u"enrolment-code"_s, u"--user"_s, auditorUser}), auditor).status,
                 200);
        const QList<Change> log = serverLog(api, endpoint, auditor);
        QVERIFY(!log.isEmpty());

        // Exactly once.
        QSet<QString> changeIds;
        QSet<QString> sequences;
        QHash<QString, int> perDevice;
        QSet<QString> entities;
        for (const Change &c : log) {
            QVERIFY2(!changeIds.contains(c.changeId),
                     qPrintable(u"seed %1: change %2 twice"_s.arg(m_seed).arg(c.changeId)));
            changeIds.insert(c.changeId);
            const QString seq = u"%1/%2"_s.arg(c.deviceId).arg(c.deviceSeq);
            QVERIFY2(!sequences.contains(seq), qPrintable(u"seed %1: %2 twice"_s.arg(m_seed).arg(seq)));
            sequences.insert(seq);
            perDevice[c.deviceId] += 1;
            entities.insert(c.entityId);
        }
        for (const Device &device : std::as_const(m_devices)) {
            QCOMPARE(perDevice.value(device.deviceId), device.changesMade);
            for (const QString &id : device.createdRecords)
                QVERIFY2(entities.contains(id), qPrintable(u"seed %1: %2 lost"_s.arg(m_seed).arg(id)));
        }

        // The server's current children (the value with the highest hlc) and visits by child.
        QHash<QString, QString> familyPractitioner;
        QHash<QString, QPair<QString, QString>> childNameAt; // id -> (hlc, name)
        QHash<QString, QString> childFamily;
        QHash<QString, QSet<QString>> visitsByChild;
        for (const Change &c : log) {
            if (c.entity == Entity::Family)
                familyPractitioner[c.entityId] = c.payload[u"practitionerId"_s].toString();
            if (c.entity == Entity::Child) {
                childFamily[c.entityId] = c.familyId;
                if (!childNameAt.contains(c.entityId) || childNameAt[c.entityId].first < c.hlc)
                    childNameAt[c.entityId] = {c.hlc, c.payload[u"name"_s].toString()};
            }
            if (c.entity == Entity::Visit) {
                for (const QJsonValue &child : c.payload[u"children"_s].toArray())
                    visitsByChild[child[u"childId"_s].toString()].insert(c.entityId);
            }
        }
        for (const Device &device : std::as_const(m_devices)) {
            QHash<QString, QString> expected;
            for (auto it = childNameAt.cbegin(); it != childNameAt.cend(); ++it) {
                if (device.supervisor ||
                    familyPractitioner.value(childFamily.value(it.key())) == device.userId)
                    expected.insert(it.key(), it.value().second);
            }
            const CommandResult list = cli(device, {u"--json"_s, u"caseload"_s});
            QCOMPARE(list.exitCode, 0);
            QHash<QString, QString> held;
            for (const QJsonValue &child : QJsonDocument::fromJson(list.out).array())
                held.insert(child[u"childId"_s].toString(), child[u"name"_s].toString());
            QVERIFY2(held == expected,
                     qPrintable(u"seed %1: %2 holds %3 children, the server %4 in its scope"_s.arg(m_seed)
                                    .arg(device.name)
                                    .arg(held.size())
                                    .arg(expected.size())));
            // One child's chronology per device: the same visits as on the server.
            if (expected.isEmpty())
                continue;
            const QString child = expected.keys().at(roll(0, int(expected.size()) - 1));
            const CommandResult chronology = cli(device, {u"--json"_s, u"chronology"_s, u"--child"_s, child});
            QCOMPARE(chronology.exitCode, 0);
            QSet<QString> visits;
            for (const QJsonValue &entry : QJsonDocument::fromJson(chronology.out).array()) {
                if (entry[u"kind"_s].toString() == u"visit"_s)
                    visits.insert(entry[u"id"_s].toString());
            }
            QCOMPARE(visits, visitsByChild.value(child));
        }
    }
};

QTEST_GUILESS_MAIN(TestRandomSync)
#include "tst_randomsync.moc"
