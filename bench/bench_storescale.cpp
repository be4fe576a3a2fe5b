// Device store at scale: prints figures, asserts nothing. Run: build/bench/bench_storescale
// For each caseload size (1k, 10k, 100k children, ten visits each: bench/syntheticcaseload.h) it
// makes a real SQLCipher store (app/store), seeds it in one transaction through the store's own
// row mapping and writer (as a first pull leaves the records), and then, in a fresh process so
// that the seeding's memory does not count, times what the app does with it: unlock (Argon2id +
// open + first query), load the caseload, compute all flags (Store::flags is the load followed by
// computeFlags; the two are timed apart) and the supervisor's coverage over 90 days
// (core/coverage.h), with the cost per child so that growth can be read off: the per-child
// columns (on CPU time) stay flat when the cost is linear.
//
// Environment: DOORSTEP_BENCH_STORE_SIZES="1000 10000 100000". For profiling by hand,
// DOORSTEP_BENCH_STORE_KEEP=<folder> keeps each seeded store as <folder>/<children>, and
// `bench_storescale --measure <folder>/<children> <children>` (under valgrind --tool=callgrind)
// runs the measured steps alone.
#include "app/store/profilefiles.h"
#include "app/store/recordrepository.h"
#include "app/store/recordrows.h"
#include "app/store/sqlitetransaction.h"
#include "app/store/store.h"
#include "app/store/storetesting.h"
#include "bench/benchfigures.h"
#include "bench/syntheticcaseload.h"
#include "core/coverage.h"
#include "core/flags.h"
#include "platform/memoryreuse.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace doorstep;
using namespace Qt::StringLiterals;

using namespace doorstep::bench;

namespace {

const QByteArray pin = QByteArrayLiteral("benchmark passphrase");
// Fixed, as in bench_flags: the store is given its "today", so the figures do not move with the date.
const QDate today(2026, 11, 25);

// The caseload's records written straight into a new store at `profile`, in one transaction,
// through the store's own row mapping (recordrows.h) and writer (RecordRepository), as a first
// pull leaves them; the number of records, or -1 (with a message) on failure. A pull would also
// write field clocks and an audit entry per record: nothing measured here reads them, and going
// through applyPulled (about 3x the instructions per record) would take minutes at 100k children.
qsizetype seed(const QString &profile, int children)
{
    auto created = store::Store::create(profile, pin);
    if (!created) {
        std::fprintf(stderr, "store: %s\n", qPrintable(created.error().message));
        return -1;
    }
    store::SqliteDatabase &db = store::StoreTesting::database(*created.value());
    // For this connection only (the measuring process opens the store as the app does): the whole
    // file fits in the page cache, so the one big transaction does not spill pages to the WAL
    // midway (at 30k children: 19% less CPU than with the store's 32 MiB cache).
    if (const Result<void> cached = db.exec(u"PRAGMA cache_size = -2000000"_s); !cached) {
        std::fprintf(stderr, "seed: %s\n", qPrintable(cached.error().message));
        return -1;
    }
    const Caseload caseload = bench::syntheticCaseload({.children = children, .today = today});
    QHash<QString, QString> familyOfChild;
    familyOfChild.reserve(caseload.children.size());
    for (const Child &child : caseload.children)
        familyOfChild.insert(child.id, child.familyId);
    store::SqliteTransaction transaction(db);
    if (!transaction.begun()) {
        std::fprintf(stderr, "seed: %s\n", qPrintable(transaction.begun().error().message));
        return -1;
    }
    store::RecordRepository records(db);
    qint64 seq = 0;
    QString failure;
    const auto write = [&](const store::RecordRow &row) {
        ++seq;
        const QString hlc = u"%1-00000000-bench-server"_s.arg(1'764'000'000'000 + seq, 16, 10, QChar(u'0'));
        if (const auto written = records.write(row, hlc, store::RecordRepository::Write::Insert);
            !written && failure.isEmpty())
            failure = written.error().message;
    };
    for (const Family &family : caseload.families)
        write(store::recordRow(family));
    for (const FamilyMember &member : caseload.members)
        write(store::recordRow(member));
    for (const Alert &alert : caseload.alerts)
        write(store::recordRow(alert));
    for (const Child &child : caseload.children)
        write(store::recordRow(child));
    for (const Visit &visit : caseload.visits)
        write(store::recordRow(visit));
    for (const ChildViews &views : caseload.views)
        write(store::recordRow(views, familyOfChild.value(views.childId)));
    if (failure.isEmpty()) {
        if (const Result<void> committed = transaction.commit(); !committed)
            failure = committed.error().message;
    }
    if (!failure.isEmpty()) {
        std::fprintf(stderr, "seed: %s\n", qPrintable(failure));
        return -1;
    }
    return qsizetype(seq);
}

// The child process: the app's steps on the seeded store at `profile`; prints its row and RESULT
// lines. Peak RSS is this process's alone: unlock, the caseload in memory, flags and coverage.
int measure(const QString &profile, int children)
{
    const int rounds = children >= 100'000 ? 1 : 3;
    std::unique_ptr<store::Store> store;
    bool opened = true;
    const Times unlock = medianMillis(3, [&] {
        store.reset();
        auto open = store::Store::open(profile, pin);
        if (!open) {
            opened = false;
            return;
        }
        store = std::move(open).value();
        (void)store->pendingCount();
    });
    if (!opened) {
        std::fprintf(stderr, "could not open the seeded store\n");
        return 1;
    }
    Caseload caseload;
    // Read from the file each round (Store::caseload() would answer from its cache after the first).
    bool loaded = true;
    const Times load = medianMillis(rounds, [&] {
        Result<Caseload> read = store::RecordRepository(store::StoreTesting::database(*store)).loadCaseload();
        loaded = loaded && read.ok();
        if (read)
            caseload = std::move(read).value();
    });
    if (!loaded) {
        std::fprintf(stderr, "could not load the caseload\n");
        return 1;
    }
    const RuleSettings settings = store->settings();
    qsizetype flagCount = 0;
    const Times flags =
        medianMillis(rounds, [&] { flagCount = computeFlags(caseload, settings, today).size(); });
    int newborns = 0;
    const Times coverage = medianMillis(rounds, [&] {
        newborns = computeCoverage(caseload, settings, today.addDays(-90), today, today).newborns;
    });
    const double rss = memoryMib("VmHWM:");
    const double fileMib =
        double(QFileInfo(store::profile::databaseFile(profile)).size()) / (1024.0 * 1024.0);

    const auto us = [children](double ms) {
        return 1000.0 * ms / children;
    };
    std::printf("%-9d %8lld %7lld %8.1f %9.1f %8.2f %9.1f %8.2f %9.1f %8.2f %8.1f %8.1f\n", children,
                qlonglong(caseload.visits.size()), qlonglong(flagCount), unlock.wall, load.wall, us(load.cpu),
                flags.wall, us(flags.cpu), coverage.wall, us(coverage.cpu), rss, fileMib);
    std::printf("RESULT store_scale_unlock_ms_%d %.1f\n", children, unlock.wall);
    std::printf("RESULT store_scale_load_ms_%d %.1f\nRESULT store_scale_load_us_%d %.2f\n", children,
                load.wall, children, us(load.cpu));
    std::printf("RESULT store_scale_flags_ms_%d %.1f\nRESULT store_scale_flags_us_%d %.2f\n", children,
                flags.wall, children, us(flags.cpu));
    std::printf("RESULT store_scale_coverage_ms_%d %.1f\nRESULT store_scale_coverage_us_%d %.2f\n", children,
                coverage.wall, children, us(coverage.cpu));
    std::printf("RESULT store_scale_flags_count_%d %lld\nRESULT store_scale_newborns_%d %d\n", children,
                qlonglong(flagCount), children, newborns);
    std::printf("RESULT store_scale_rss_mib_%d %.1f\nRESULT store_scale_file_mib_%d %.1f\n", children, rss,
                children, fileMib);
    return 0;
}

// A RESULT line's value from `output`, or -1.
double result(const QByteArray &output, const QByteArray &key)
{
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() == 3 && parts.at(0) == "RESULT" && parts.at(1) == key)
            return parts.at(2).toDouble();
    }
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    platform::keepFreedMemoryForReuse(); // as the app and the server do
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"doorstep.store.info=false"_s);
    if (argc == 4 && qstrcmp(argv[1], "--measure") == 0)
        return measure(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toInt());

    const QList<int> sizes = sizesFromEnv("DOORSTEP_BENCH_STORE_SIZES", {1'000, 10'000, 100'000});
    std::printf(
        "Doorstep device store (SQLCipher) at scale: unlock, load the caseload, all flags, coverage\n"
        "(90 days) as the app computes them; ten visits per child; median of 3 rounds (one at 100k);\n"
        "us/child on CPU time; RSS: peak of the measuring process; file: the database on disk\n");
    std::printf("%-9s %8s %7s %8s %9s %8s %9s %8s %9s %8s %8s %8s\n", "children", "visits", "flags", "unlock",
                "load ms", "load us", "flags ms", "flags us", "cover ms", "cover us", "RSS MiB", "file MiB");
    std::fflush(stdout);
    QList<QByteArray> outputs;
    for (const int children : sizes) {
        QTemporaryDir dir;
        const QString keep = qEnvironmentVariable("DOORSTEP_BENCH_STORE_KEEP");
        const QString profile =
            keep.isEmpty() ? dir.filePath(u"profile"_s) : QDir(keep).filePath(QString::number(children));
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = cpuMillis();
        const qsizetype records = seed(profile, children);
        if (records < 0) {
            std::fprintf(stderr, "seeding failed at %d children\n", children);
            return 1;
        }
        const double seedS = double(timer.nsecsElapsed()) / 1e9;
        std::fprintf(stderr, "%d children: %lld records seeded in %.1f s (%.1f s CPU)\n", children,
                     qlonglong(records), seedS, (cpuMillis() - cpuStart) / 1000.0);
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {u"--measure"_s, profile, QString::number(children)});
        if (!child.waitForFinished(1'800'000) || child.exitCode() != 0) {
            std::fprintf(stderr, "measuring failed at %d children\n", children);
            return 1;
        }
        const QByteArray output = child.readAllStandardOutput();
        std::fputs(output.constData(), stdout);
        std::printf("RESULT store_scale_seed_s_%d %.1f\nRESULT store_scale_records_%d %lld\n", children,
                    seedS, children, qlonglong(records));
        std::fflush(stdout);
        outputs.append(output);
    }
    // Linear growth keeps the cost per child flat: these ratios near 1.
    if (sizes.size() > 1) {
        const auto growth = [&](const char *what) {
            const QByteArray key = QByteArray("store_scale_") + what + "_us_";
            const double first = result(outputs.constFirst(), key + QByteArray::number(sizes.constFirst()));
            const double last = result(outputs.constLast(), key + QByteArray::number(sizes.constLast()));
            return first > 0 ? last / first : -1;
        };
        const double load = growth("load");
        const double flags = growth("flags");
        const double coverage = growth("coverage");
        std::printf("per-child cost at %d / at %d children: load %.2fx, flags %.2fx, coverage %.2fx "
                    "(1.00x = linear)\n",
                    sizes.constLast(), sizes.constFirst(), load, flags, coverage);
        std::printf("RESULT store_scale_load_growth %.2f\nRESULT store_scale_flags_growth %.2f\n"
                    "RESULT store_scale_coverage_growth %.2f\n",
                    load, flags, coverage);
    }
    return 0;
}
