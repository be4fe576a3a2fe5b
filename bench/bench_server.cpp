// Server flags and coverage benchmark: prints figures, asserts nothing.
// Run inside scripts/with-postgres: scripts/with-postgres build-bench/bench/bench_server
// For each caseload size (1k, 10k, 100k children, ten visits each) it starts the real
// doorstep-server on a fresh PostgreSQL database, seeds that database with the caseload, and times
// GET /v1/flags as the practitioner's device calls it and GET /v1/coverage as the supervisor's
// device does (signed HTTPS requests, median of a few calls), with the cost per child so that
// growth can be read off: the per-child column stays flat when the cost is linear.
//
// Seeding: the records are written straight into the server's tables that flags and coverage read
// (`records`, `family_scope`, and `changes` for the append-only records, whose payloads only the
// change log holds), one COPY each through psql, as the server's push would store them (payloads
// made by core/recordcodec). The changes of mutable records are left out: neither endpoint reads
// them, and pushing a million changes through the API would take longer than the whole benchmark.
//
// Environment: DOORSTEP_BENCH_SERVER_SIZES="1000 10000 100000"; DOORSTEP_TEST_DATABASE (set by
// scripts/with-postgres) is required.
#include "bench/benchfigures.h"
#include "bench/syntheticcaseload.h"
#include "core/flags.h"
#include "core/recordcodec.h"
#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <thread>
#include <vector>

using namespace doorstep;
using namespace doorstep::test;
using namespace Qt::StringLiterals;

using namespace doorstep::bench;

namespace {

// One field of COPY's text format: backslashes doubled (compact JSON holds no raw tabs or
// newlines, the other characters COPY escapes).
void appendField(QByteArray &line, const QByteArray &field)
{
    if (!line.isEmpty() && !line.endsWith('\n'))
        line.append('\t');
    if (field.contains('\\'))
        line.append(QByteArray(field).replace('\\', "\\\\"));
    else
        line.append(field);
}

struct FamilyScope
{
    QString teamId;
    QString practitionerId;
};

// The COPY lines of the seed, as the server's push would leave its tables.
struct SeedRows
{
    QByteArray records;
    QByteArray changes; // of append-only records only
};

// The rows of record number `seq` (1-based), made by the server; `scopes`: each family's team and
// practitioner, which the change log keeps with each change.
void appendRecord(SeedRows &out, const QHash<QString, FamilyScope> &scopes, qint64 seq, const QString &entity,
                  const QString &id, const QString &familyId, const QJsonObject &payload)
{
    const QByteArray hlc =
        QByteArray::number(1'764'000'000'000 + seq).rightJustified(16, '0') + "-00000000-server";
    const QByteArray changeId = "seed-" + QByteArray::number(seq);
    const QByteArray text = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    const bool appendOnly = Entity::isAppendOnly(entity);
    QByteArray &record = out.records;
    appendField(record, entity.toUtf8());
    appendField(record, id.toUtf8());
    appendField(record, familyId.toUtf8());
    appendField(record, hlc);
    appendField(record, changeId);
    appendField(record, QByteArray::number(seq));
    appendField(record, "server");
    appendField(record, appendOnly ? QByteArray() : text);
    record.append('\n');
    if (!appendOnly)
        return;
    const FamilyScope scope = scopes.value(familyId);
    QByteArray &change = out.changes;
    appendField(change, QByteArray::number(seq));
    appendField(change, changeId);
    appendField(change, "server");
    appendField(change, QByteArray::number(seq));
    appendField(change, entity.toUtf8());
    appendField(change, id.toUtf8());
    appendField(change, familyId.toUtf8());
    appendField(change, hlc);
    appendField(change, text);
    appendField(change, "1764000000000");
    appendField(change, scope.teamId.toUtf8());
    appendField(change, scope.practitionerId.toUtf8());
    change.append('\n');
}

// Writes `caseload` into the server's database at `databaseUrl`: every record into `records` and
// an append-only one's change into `changes` (as a server-made change would leave them), and every
// family into `family_scope`; then ANALYZE, as autovacuum would after a load. The rows are encoded
// on every core, in slices, and written in order. False (with a message) on failure.
bool seed(const QString &databaseUrl, const Caseload &caseload, const QString &folder)
{
    QFile records(QDir(folder).filePath(u"records.copy"_s));
    QFile changes(QDir(folder).filePath(u"changes.copy"_s));
    QFile scope(QDir(folder).filePath(u"scope.copy"_s));
    if (!records.open(QIODevice::WriteOnly) || !changes.open(QIODevice::WriteOnly) ||
        !scope.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "cannot write the seed files in %s\n", qPrintable(folder));
        return false;
    }
    QHash<QString, QString> familyOfChild;
    familyOfChild.reserve(caseload.children.size());
    for (const Child &child : caseload.children)
        familyOfChild.insert(child.id, child.familyId);
    QHash<QString, FamilyScope> scopeOfFamily;
    scopeOfFamily.reserve(caseload.families.size());
    for (const Family &family : caseload.families)
        scopeOfFamily.insert(family.id, {family.teamId, family.practitionerId});
    // Record n (0-based) in the order families, members, alerts, children, visits, views.
    const qsizetype bounds[] = {caseload.families.size(), caseload.members.size(), caseload.alerts.size(),
                                caseload.children.size(), caseload.visits.size(),  caseload.views.size()};
    qsizetype total = 0;
    for (const qsizetype n : bounds)
        total += n;
    const auto encode = [&](qsizetype n, SeedRows &out) {
        const qint64 seq = n + 1;
        qsizetype i = n;
        if (i < bounds[0]) {
            const Family &f = caseload.families.at(i);
            return appendRecord(out, scopeOfFamily, seq, Entity::Family, f.id, f.id, toJson(f));
        }
        if ((i -= bounds[0]) < bounds[1]) {
            const FamilyMember &m = caseload.members.at(i);
            return appendRecord(out, scopeOfFamily, seq, Entity::FamilyMember, m.id, m.familyId, toJson(m));
        }
        if ((i -= bounds[1]) < bounds[2]) {
            const Alert &a = caseload.alerts.at(i);
            return appendRecord(out, scopeOfFamily, seq, Entity::Alert, a.id, a.familyId, toJson(a));
        }
        if ((i -= bounds[2]) < bounds[3]) {
            const Child &c = caseload.children.at(i);
            return appendRecord(out, scopeOfFamily, seq, Entity::Child, c.id, c.familyId, toJson(c));
        }
        if ((i -= bounds[3]) < bounds[4]) {
            const Visit &v = caseload.visits.at(i);
            return appendRecord(out, scopeOfFamily, seq, Entity::Visit, v.id, v.familyId, toJson(v));
        }
        i -= bounds[4];
        const ChildViews &v = caseload.views.at(i);
        appendRecord(out, scopeOfFamily, seq, Entity::ChildViews, v.id, familyOfChild.value(v.childId),
                     toJson(v));
    };
    constexpr qsizetype slice = 20'000;
    const int threads = std::max(1, QThread::idealThreadCount());
    for (qsizetype from = 0; from < total; from += slice * threads) {
        std::vector<SeedRows> parts(static_cast<size_t>(threads));
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                const qsizetype begin = from + t * slice;
                for (qsizetype n = begin; n < std::min(total, begin + slice); ++n)
                    encode(n, parts[size_t(t)]);
            });
        }
        for (std::thread &worker : workers)
            worker.join();
        for (const SeedRows &part : parts) {
            records.write(part.records);
            changes.write(part.changes);
        }
    }
    for (const Family &family : caseload.families) {
        QByteArray line;
        appendField(line, family.id.toUtf8());
        appendField(line, family.teamId.toUtf8());
        appendField(line, family.practitionerId.toUtf8());
        line.append('\n');
        scope.write(line);
    }
    const qint64 seq = total;
    records.close();
    changes.close();
    scope.close();
    QElapsedTimer copying;
    copying.start();

    const QString script =
        u"\\copy records (entity, entity_id, family_id, hlc, change_id, seq, device_id, payload) FROM '%1'\n"
        u"\\copy family_scope (family_id, team_id, practitioner_id) FROM '%2'\n"
        u"\\copy changes (seq, change_id, device_id, device_seq, entity, entity_id, family_id, hlc, payload,"
        u" received_at, team_id, practitioner_id) FROM '%3'\n"
        u"ANALYZE records;\nANALYZE family_scope;\nANALYZE changes;\n"_s.arg(
            records.fileName(), scope.fileName(), changes.fileName());
    const QString bindir = qEnvironmentVariable("DOORSTEP_TEST_PG_BINDIR", u"/usr/lib/postgresql/15/bin"_s);
    RunOptions options;
    options.input = script.toUtf8();
    options.timeoutMillis = 600'000;
    const CommandResult run =
        runCommand(QDir(bindir).filePath(u"psql"_s),
                   {u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, databaseUrl}, options);
    if (run.exitCode != 0) {
        std::fprintf(stderr, "seeding with psql failed: %s\n", run.err.constData());
        return false;
    }
    std::fprintf(stderr, "  COPY of %lld records and ANALYZE: %.1f s\n", qlonglong(seq),
                 double(copying.nsecsElapsed()) / 1e9);
    return true;
}

struct Call
{
    double ms = -1;
    Answer answer;
};

// ApiClient::wait, with room for the largest caseloads (it gives up after two minutes).
Answer waitLong(QNetworkReply *reply)
{
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(900'000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!reply->isFinished())
        reply->abort();
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

// `rounds` signed GETs of `path` by `device`; the median time, and the last answer.
Call timeCalls(ApiClient &api, const Endpoint &server, const TestDevice &device, const QString &path,
               int rounds)
{
    QList<double> times;
    Call call;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer timer;
        timer.start();
        call.answer = waitLong(api.start(server, "GET", path, {}, &device));
        times.append(double(timer.nsecsElapsed()) / 1e6);
        if (call.answer.status != 200) {
            std::fprintf(stderr, "GET %s: HTTP %d %s\n", qPrintable(path), call.answer.status,
                         qPrintable(call.answer.error()));
            return call;
        }
    }
    call.ms = median(times);
    return call;
}

// The flags' and coverage's cost per child (us), for the growth line.
struct PerChild
{
    double flags = -1;
    double coverage = -1;
};

bool runSize(int children, PerChild *perChild)
{
    ServerProcess server;
    if (!server.start()) {
        std::fprintf(stderr, "server: %s\n", qPrintable(server.error()));
        return false;
    }
    if (server.databaseUrl().isEmpty()) {
        std::fprintf(stderr, "the server is not on PostgreSQL: run inside scripts/with-postgres\n");
        return false;
    }
    const auto admin = [&](const QStringList &arguments) {
        const CommandResult run = server.admin(arguments);
        if (run.exitCode != 0)
            std::fprintf(stderr, "admin %s failed: %s\n", qPrintable(arguments.first()), run.err.constData());
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    };
    const QString teamId = admin({u"team-add"_s, u"--name"_s, u"Bench Team"_s});
    const QString practitioner = admin({u"user-add"_s, u"--name"_s, u"Test Practitioner"_s, u"--role"_s,
                                        u"health_visitor"_s, u"--team"_s, teamId});
    const QString supervisor = admin({u"user-add"_s, u"--name"_s, u"Test Supervisor"_s, u"--role"_s,
                                      u"supervisor"_s, u"--team"_s, teamId});
    if (teamId.isEmpty() || practitioner.isEmpty() || supervisor.isEmpty())
        return false;
    const Endpoint endpoint{server.baseUrl(), server.certificateSha256()};
    ApiClient api;
    TestDevice practitionerDevice = newTestDevice(practitioner);
    TestDevice supervisorDevice = newTestDevice(supervisor);
    if (api.enrol(endpoint, admin({u"enrolment-code"_s, u"--user"_s, practitioner}), practitionerDevice)
                .status != 200 ||
        api.enrol(endpoint, admin({u"enrolment-code"_s, u"--user"_s, supervisor}), supervisorDevice).status !=
            200) {
        std::fprintf(stderr, "enrolment failed\n");
        return false;
    }

    // The server's today is the machine's date: the caseload is dated from it.
    const QDate today = QDate::currentDate();
    QElapsedTimer timer;
    timer.start();
    const Caseload caseload = bench::syntheticCaseload({children, 10, today, teamId, practitioner});
    std::fprintf(stderr, "%d children: caseload made in memory in %.1f s\n", children,
                 double(timer.nsecsElapsed()) / 1e9);
    QTemporaryDir folder;
    if (!seed(server.databaseUrl(), caseload, folder.path()))
        return false;
    const double seedMs = double(timer.nsecsElapsed()) / 1e6;
    std::fprintf(stderr, "%d children seeded in %.1f s\n", children, seedMs / 1000.0);
    // For profiling the server by hand (valgrind --tool=callgrind doorstep-server admin ... flags):
    // keeps this database until a line arrives on standard input.
    if (qEnvironmentVariableIntValue("DOORSTEP_BENCH_SERVER_HOLD") == 1) {
        std::fprintf(stderr, "holding: --data-dir %s --database %s; team %s; press Enter\n",
                     qPrintable(server.dataDir()), qPrintable(server.databaseUrl()), qPrintable(teamId));
        (void)std::getchar();
    }
    const qsizetype records = caseload.families.size() + caseload.members.size() + caseload.alerts.size() +
                              caseload.children.size() + caseload.visits.size() + caseload.views.size();
    // What the same rules give in memory: the server's answer should hold as many.
    const qsizetype expectedFlags = computeFlags(caseload, RuleSettings{}, today).size();

    const int rounds = children >= 100'000 ? 1 : 5;
    const Call flags = timeCalls(api, endpoint, practitionerDevice, u"/v1/flags"_s, rounds);
    if (flags.ms < 0)
        return false;
    const QString coveragePath = u"/v1/coverage?from=%1&to=%2"_s.arg(today.addDays(-90).toString(Qt::ISODate),
                                                                     today.toString(Qt::ISODate));
    const Call coverage = timeCalls(api, endpoint, supervisorDevice, coveragePath, rounds);
    if (coverage.ms < 0)
        return false;
    const qsizetype flagCount = flags.answer.array().size();
    const double rss = memoryMib("VmHWM:", serverPid(server.dataDir()));
    server.stop();

    std::printf("%-9d %8lld %8lld %8lld %10.1f %12.2f %8.1f %12.2f %10.2f %8.1f %8.1f\n", children,
                qlonglong(caseload.visits.size()), qlonglong(flagCount), qlonglong(expectedFlags), flags.ms,
                1000.0 * flags.ms / children, double(flags.answer.body.size()) / (1024.0 * 1024.0),
                coverage.ms, 1000.0 * coverage.ms / children, rss, seedMs / 1000.0);
    std::printf("RESULT server_flags_ms_%d %.1f\nRESULT server_flags_us_%d %.2f\n", children, flags.ms,
                children, 1000.0 * flags.ms / children);
    std::printf("RESULT server_coverage_ms_%d %.1f\nRESULT server_coverage_us_%d %.2f\n", children,
                coverage.ms, children, 1000.0 * coverage.ms / children);
    std::printf(
        "RESULT server_flags_count_%d %lld\nRESULT server_rss_mib_%d %.1f\nRESULT server_seed_s_%d %.1f\n",
        children, qlonglong(flagCount), children, rss, children, seedMs / 1000.0);
    std::printf("RESULT server_records_%d %lld\n", children, qlonglong(records));
    std::fflush(stdout);
    *perChild = PerChild{1000.0 * flags.ms / children, 1000.0 * coverage.ms / children};
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    // The server inherits this: its per-request log lines would bury the figures.
    qputenv("QT_LOGGING_RULES", "doorstep.*.info=false;qt.network.ssl.warning=false");
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariable("DOORSTEP_TEST_DATABASE").isEmpty()) {
        std::fprintf(stderr, "bench_server needs PostgreSQL: run it as scripts/with-postgres %s\n", argv[0]);
        return 1;
    }
    const QList<int> sizes = sizesFromEnv("DOORSTEP_BENCH_SERVER_SIZES", {1'000, 10'000, 100'000});
    std::printf(
        "Doorstep server on PostgreSQL 15: GET /v1/flags (practitioner) and /v1/coverage (supervisor,\n"
        "90 days) over HTTPS on loopback, signed, median of 5 calls (one at 100k); ten visits per child\n");
    std::printf("%-9s %8s %8s %8s %10s %12s %8s %12s %10s %8s %8s\n", "children", "visits", "flags", "in mem",
                "flags ms", "flags us/ch", "body MiB", "coverage ms", "cov us/ch", "RSS MiB", "seed s");
    QList<PerChild> perChild;
    for (const int children : sizes) {
        PerChild cost;
        if (!runSize(children, &cost)) {
            std::fprintf(stderr, "a step failed at %d children\n", children);
            return 1;
        }
        perChild.append(cost);
    }
    // Linear growth keeps the cost per child flat: this ratio near 1.
    if (sizes.size() > 1) {
        const double flagsGrowth = perChild.constLast().flags / perChild.constFirst().flags;
        const double coverageGrowth = perChild.constLast().coverage / perChild.constFirst().coverage;
        std::printf("per-child cost at %d / at %d children: flags %.2fx, coverage %.2fx (1.00x = linear)\n",
                    sizes.constLast(), sizes.constFirst(), flagsGrowth, coverageGrowth);
        std::printf("RESULT server_flags_growth %.2f\nRESULT server_coverage_growth %.2f\n", flagsGrowth,
                    coverageGrowth);
    }
    return 0;
}
