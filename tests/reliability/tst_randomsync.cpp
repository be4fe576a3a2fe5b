// A seeded randomized multi-device test: five doorstep-cli profiles (two health visitors, a
// midwife, a social worker and their supervisor), each with its clock skewed (libfaketime, some
// ahead, some behind), make records and sync through a fault-injecting TCP proxy
// (faultproxy.h) to two server processes on one database, while servers are SIGKILLed and
// restarted at random points, some of them in the middle of a request, and device processes are
// SIGKILLed in the middle of a sync. When the faults stop and every device has synced twice:
// - every change a device made is on the server exactly once (no change id and no device
//   sequence number twice; per device, as many changes as its successful commands made), and
//   every record a command created is there;
// - every device holds the server's state for its scope: the children it lists, with their
//   current names (after concurrent renames, the server's winner), are exactly those of its scope
//   on the server, and a child's chronology lists exactly the server's visits;
// - every conflict is recorded: a child's name that was replaced only by renames made without
//   seeing it (its writer's intent lost to a concurrent edit) is listed by the server as a
//   conflict's losing value (`admin conflicts --all`), and by the device that wrote it
//   (`doorstep-cli conflicts --all`); no list holds a conflict between renames that were not
//   concurrent.
// The seed is printed; DOORSTEP_SOAK_SEED replays a run, DOORSTEP_SOAK_STEPS makes it longer,
// DOORSTEP_SOAK_MAX_SKEW_MINUTES widens the clock skews (scripts/soak).
#include "faultproxy.h"

#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include "core/hlc.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <random>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::test;

namespace {

const QByteArray pin = QByteArrayLiteral("736251");

// How far a device's clock may be off, either way: up to an hour. The server refuses a request
// whose timestamp is more than 5 minutes off its own; the client learns the offset from that
// refusal's Date header and signs again. DOORSTEP_SOAK_MAX_SKEW_MINUTES overrides.
constexpr int defaultMaxSkewMinutes = 60;

struct Device
{
    QString name;
    QString profile;
    QString userId;
    QString deviceId;
    bool supervisor = false;
    int skewSeconds = 0;        // this device's clock against the real one (libfaketime)
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

int maxSkewMinutes()
{
    bool ok = false;
    const int minutes = qEnvironmentVariableIntValue("DOORSTEP_SOAK_MAX_SKEW_MINUTES", &ok);
    return ok && minutes >= 0 ? minutes : defaultMaxSkewMinutes;
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

    // Runs the CLI while this thread's event loop runs, so the proxy keeps forwarding; the kill
    // hook may SIGKILL it meanwhile (exit code -1 then).
    CommandResult cli(const Device &device, const QStringList &args)
    {
        RunOptions options;
        options.input = pin + '\n';
        options.timeoutMillis = 180'000;
        options.eventLoop = true;
        options.running = [this](QProcess *process) {
            m_running = process;
        };
        if (device.skewSeconds != 0) {
            options.environment.insert(u"LD_PRELOAD"_s, QStringLiteral(DOORSTEP_FAKETIME_LIBRARY));
            options.environment.insert(
                u"FAKETIME"_s,
                u"%1%2s"_s.arg(device.skewSeconds > 0 ? u"+"_s : u"-"_s).arg(std::abs(device.skewSeconds)));
            // Only the wall clock: Qt's timers and timeouts run on the monotonic one.
            options.environment.insert(u"FAKETIME_DONT_FAKE_MONOTONIC"_s, u"1"_s);
        }
        return runCommand(QStringLiteral(DOORSTEP_CLI), QStringList{u"--profile"_s, device.profile} + args,
                          options);
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
                                        QDate::currentDate().addDays(-roll(1, 300)).toString(Qt::ISODate)},
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
                  // In the past for the device and the server alike, whichever clock is ahead.
                  QDateTime::currentDateTimeUtc()
                      .addSecs(-std::abs(device.skewSeconds) - roll(60, 3600))
                      .toString(Qt::ISODate),
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
    QList<Change> serverLog(ApiClient &api, const Endpoint &endpoint, const TestDevice &auditor,
                            protocol::WrittenFieldsById *fields)
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
            fields->insert(decoded.value().fields);
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
        qInfo("seed %u (replay with DOORSTEP_SOAK_SEED=%u), %d steps, clocks up to %d min off", m_seed,
              m_seed, stepsFromEnvironment(), maxSkewMinutes());
        QVERIFY2(QFile::exists(QStringLiteral(DOORSTEP_FAKETIME_LIBRARY)),
                 "libfaketime is missing: install Debian's faketime (scripts/install-deps)");
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
                                                    {u"sw"_s, u"social_worker"_s},
                                                    {u"sup"_s, u"supervisor"_s}};
        for (const auto &[name, role] : people) {
            Device device;
            device.name = name;
            // Some ahead, some behind, none on time: alternately, up to the limit.
            const int limit = maxSkewMinutes() * 60;
            if (limit > 0)
                device.skewSeconds = (m_devices.size() % 2 == 0 ? 1 : -1) * roll(std::min(30, limit), limit);
            qInfo("%s: clock %+d s", qPrintable(name), device.skewSeconds);
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
        protocol::WrittenFieldsById written;
        const QList<Change> log = serverLog(api, endpoint, auditor, &written);
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

        // Every conflict recorded, and only real ones. A rename's base is the name its writer
        // replaced: following bases gives what a writer had seen. A name that no later rename
        // replaced knowingly (none has it as its base) and that is not the name the child ends
        // with was lost to renames made without seeing it: a conflict's losing value, on the
        // server and on the device that wrote it. Every conflict listed anywhere is between two
        // renames neither of whose writers had seen the other. (A device may list more than the
        // server: a value its writer replaced itself, before a concurrent rename reached the
        // server, is still concurrent with that rename on a device that held it.)
        struct NameEdit
        {
            QString deviceId;
            QString entityId;
            QString hlc;
            QString base;
            QString value;
        };
        QHash<QString, QList<NameEdit>> namesByChild;
        QHash<QString, NameEdit> nameByHlc;
        for (const Change &c : log) {
            if (c.entity != Entity::Child)
                continue;
            // A change sent without its written fields (a creation) wrote every field over nothing.
            const QJsonObject fields = written.value(c.changeId, QJsonObject{{u"name"_s, QString()}});
            if (!fields.contains(u"name"_s))
                continue;
            const NameEdit edit{c.deviceId, c.entityId, c.hlc, fields[u"name"_s].toString(),
                                c.payload[u"name"_s].toString()};
            namesByChild[c.entityId].append(edit);
            nameByHlc.insert(c.hlc, edit);
        }
        const auto seen = [&nameByHlc](const QString &writer, const QString &hlc) {
            for (QString at = nameByHlc.value(writer).base; !at.isEmpty(); at = nameByHlc.value(at).base) {
                if (at == hlc)
                    return true;
            }
            return false;
        };
        QHash<QString, NameEdit> lost; // by HLC
        for (const QList<NameEdit> &edits : std::as_const(namesByChild)) {
            QSet<QString> replaced;
            const NameEdit *last = &edits.first();
            for (const NameEdit &edit : edits) {
                replaced.insert(edit.base);
                if (edit.hlc > last->hlc)
                    last = &edit;
            }
            for (const NameEdit &edit : edits) {
                if (replaced.contains(edit.hlc) || edit.hlc == last->hlc || edit.value == last->value)
                    continue;
                lost.insert(edit.hlc, edit);
            }
        }
        // The conflicts a list holds, as "child/field/losing HLC"; fails the test on one between
        // renames that were not concurrent. A local rename never loses at once on its own device
        // (an edit is stamped after the value it replaced, whatever the clocks), so every losing
        // value in a list is a rename the server has.
        const auto conflictsIn = [&](const QString &who, const QJsonArray &list, QSet<QString> *keys) {
            for (const QJsonValue &conflict : list) {
                const QString losing = conflict[u"losing"_s][u"hlc"_s].toString();
                const QString winning = conflict[u"winning"_s][u"hlc"_s].toString();
                const QString key = conflict[u"entityId"_s].toString() + u'/' +
                                    conflict[u"field"_s].toString() + u'/' + losing;
                if (!nameByHlc.contains(losing) || !nameByHlc.contains(winning) || seen(losing, winning) ||
                    seen(winning, losing)) {
                    qWarning("seed %u: %s lists a conflict that is not between two concurrent renames: %s",
                             m_seed, qPrintable(who),
                             QJsonDocument(conflict.toObject()).toJson(QJsonDocument::Compact).constData());
                    return false;
                }
                keys->insert(key);
            }
            return true;
        };
        const QJsonArray serverConflicts =
            QJsonDocument::fromJson(admin({u"conflicts"_s, u"--all"_s}).toUtf8()).array();
        QSet<QString> recorded;
        QVERIFY(conflictsIn(u"the server"_s, serverConflicts, &recorded));
        qInfo() << "names lost to concurrent renames" << lost.size() << "conflicts on the server"
                << serverConflicts.size();
        for (const NameEdit &edit : std::as_const(lost)) {
            QVERIFY2(recorded.contains(edit.entityId + u"/name/"_s + edit.hlc),
                     qPrintable(u"seed %1: child %2's name written at %3 was lost to a concurrent rename; "
                                u"the server lists no conflict for it"_s.arg(m_seed)
                                    .arg(edit.entityId, edit.hlc)));
        }
        for (const Device &device : std::as_const(m_devices)) {
            const CommandResult run = cli(device, {u"--json"_s, u"conflicts"_s, u"--all"_s});
            QCOMPARE(run.exitCode, 0);
            QSet<QString> listed;
            QVERIFY(conflictsIn(device.name, QJsonDocument::fromJson(run.out).array(), &listed));
            for (const NameEdit &edit : std::as_const(lost)) {
                if (edit.deviceId == device.deviceId)
                    QVERIFY2(
                        listed.contains(edit.entityId + u"/name/"_s + edit.hlc),
                        qPrintable(u"seed %1: %2 does not list its own rename of %3 (at %4), which lost"_s
                                       .arg(m_seed)
                                       .arg(device.name, edit.entityId, edit.hlc)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestRandomSync)
#include "tst_randomsync.moc"
