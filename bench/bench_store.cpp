// Device store benchmark: prints figures, asserts nothing. Run: build/bench/bench_store
// Measures durable save of one visit, bulk apply of pulled changes, caseload load, all flags for
// a 5k-child / 50k-visit caseload, and unlock (Argon2id + open + first query), each on the
// SQLCipher store and on the same store over plain SQLite (no key), with the ratio.
// `bench_store --flags-only PROFILE [CHILDREN [ROUNDS]]`: flags alone on a store of exactly that
// many children (made in PROFILE the first time), for profiling (callgrind: toggle-collect on
// doorstep::computeFlags*).
#include "app/store/store.h"
#include "app/store/storetesting.h"
#include "bench/benchfigures.h"
#include "core/flags.h"
#include "core/recordcodec.h"
#include "core/recordid.h"
#include "platform/memoryreuse.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>

#include <sys/resource.h>

using namespace doorstep;

using namespace doorstep::bench;

namespace {

const QByteArray pin = QByteArrayLiteral("benchmark passphrase");
const QDate today(2026, 11, 25);

Change change(const QString &entity, const QString &id, const QString &familyId, const QJsonObject &payload,
              qint64 seq)
{
    return Change{
        newRecordId(),
        QStringLiteral("bench-server"),
        seq,
        entity,
        id,
        familyId,
        QStringLiteral("%1-00000000-bench-server").arg(1764000000000 + seq, 16, 10, QLatin1Char('0')),
        payload};
}

// A synthetic caseload as pulled changes: families of two children, ten visits per child. Ids are
// made as the app makes them, as if each child had been added an hour before the next and each
// visit recorded when it took place.
QList<Change> syntheticCaseload(int children, int visitsPerChild)
{
    QList<Change> changes;
    qint64 seq = 0;
    Family family;
    const QDateTime lastAdded(today, QTime(9, 0), Qt::UTC);
    for (int c = 0; c < children; ++c) {
        const QDateTime added = lastAdded.addSecs(-3600 * qint64(children - c));
        if (c % 2 == 0) {
            family = Family{};
            family.id = newRecordId(added);
            family.teamId = QStringLiteral("team-bench");
            family.practitionerId = QStringLiteral("user-bench");
            family.label = QStringLiteral("Synthetic family %1").arg(c / 2);
            changes.append(change(Entity::Family, family.id, family.id, toJson(family), ++seq));
        }
        Child child;
        child.id = newRecordId(added);
        child.familyId = family.id;
        child.name = QStringLiteral("Synthetic child %1").arg(c);
        child.dateOfBirth = today.addDays(-(c % 2000));
        changes.append(change(Entity::Child, child.id, family.id, toJson(child), ++seq));
        for (int v = 0; v < visitsPerChild; ++v) {
            Visit visit;
            visit.occurredAt = QDateTime(today.addDays(-v * 30), QTime(10, 0), Qt::UTC);
            visit.id = newRecordId(visit.occurredAt);
            visit.familyId = family.id;
            visit.practitionerId = QStringLiteral("user-bench");
            visit.practitionerRole = Role::HealthVisitor;
            visit.contactType = v % 3 == 0 ? ContactType::Telephone : ContactType::FaceToFaceHome;
            visit.outcome = v % 7 == 0 ? Outcome::WasNotBrought : Outcome::Completed;
            visit.children = {VisitChild{child.id, visit.outcome == Outcome::Completed, false}};
            visit.observations = QStringLiteral("Synthetic observation text of ordinary length for a visit.");
            visit.signedOffAt = visit.occurredAt;
            changes.append(change(Entity::Visit, visit.id, family.id, toJson(visit), ++seq));
        }
    }
    return changes;
}

struct Figures
{
    double saveMedian = 0;
    double saveP99 = 0;
    int checkpoints = 0;         // the write-ahead log copied into the file after a save
    double checkpointMillis = 0; // their total, not part of any save
    double bulkApply = 0;
    double caseloadLoad = 0;
    double flags = 0;
    double flagsAgain = 0; // median of five more computations on the same loaded caseload
    qsizetype flagCount = 0;
    qsizetype children = 0;
    qsizetype visits = 0;
};

struct Timing
{
    double wall = -1;
    double cpu = -1;
};

// Bulk apply of 10k pulled changes in one transaction (negative times on failure).
Timing bulkApply(store::Store &store, int round)
{
    const QList<Change> bulk = syntheticCaseload(910, 10).mid(0, 10'000);
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = cpuMillis();
    if (!store.applyPulled(bulk, QStringLiteral("bulk-%1").arg(round), std::nullopt))
        return {};
    return Timing{double(timer.nsecsElapsed()) / 1e6, cpuMillis() - cpuStart};
}

// The same steps on either store, so the two columns compare like with like.
std::optional<Figures> measure(store::Store &store)
{
    Figures figures;
    // Durable save of one visit (synchronous=FULL: each save reaches the disk).
    if (!store.applyPulled(syntheticCaseload(2, 0), QStringLiteral("1"), std::nullopt))
        return std::nullopt;
    const Caseload base = store.caseload();
    QList<double> saveMillis;
    // 1,000 saves, so that the p99 is the tenth slowest rather than the third: a figure, not one
    // unlucky fsync.
    for (int i = 0; i < 1000; ++i) {
        Visit visit;
        visit.familyId = base.children.first().familyId;
        visit.practitionerId = QStringLiteral("user-bench");
        visit.occurredAt = QDateTime(today, QTime(9, 0), Qt::UTC);
        visit.children = {VisitChild{base.children.first().id, true, false}};
        visit.observations = QStringLiteral("Synthetic observation text of ordinary length for a visit.");
        visit.signedOffAt = visit.occurredAt;
        QElapsedTimer timer;
        timer.start();
        if (!store.recordVisit(visit))
            return std::nullopt;
        saveMillis.append(double(timer.nsecsElapsed()) / 1e6);
        // Then what the app's store worker does once the answer has gone
        // (StoreWorker::checkpointAfterAnswer): the log copied into the file when it is due.
        timer.restart();
        const Result<bool> copied = store.checkpointIfDue();
        if (!copied)
            return std::nullopt;
        if (copied.value()) {
            ++figures.checkpoints;
            figures.checkpointMillis += double(timer.nsecsElapsed()) / 1e6;
        }
    }
    figures.saveMedian = percentile(saveMillis, 0.5);
    figures.saveP99 = percentile(saveMillis, 0.99);

    // 5k children, 50k visits more (the saves and the bulk rounds are there too): caseload load and
    // all flags.
    if (!store.applyPulled(syntheticCaseload(5000, 10), QStringLiteral("3"), std::nullopt))
        return std::nullopt;
    QElapsedTimer timer;
    timer.start();
    const Caseload caseload = store.caseload();
    figures.caseloadLoad = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    const QList<Flag> flags = computeFlags(caseload, store.settings(), today);
    figures.flags = double(timer.nsecsElapsed()) / 1e6;
    figures.flagCount = flags.size();
    figures.flagsAgain = medianMillis(5, [&] { (void)computeFlags(caseload, store.settings(), today); }).wall;
    figures.children = caseload.children.size();
    figures.visits = caseload.visits.size();
    return figures;
}

void row(const char *what, double encrypted, double plain, const char *unit)
{
    std::printf("%-44s %10.2f %10.2f %6.2fx %s\n", what, encrypted, plain,
                plain > 0 ? encrypted / plain : 0.0, unit);
}

} // namespace

// The child process of the memory figure: peak RSS of unlock + caseload load + all flags.
int caseloadRss(const QString &profile)
{
    auto opened = store::Store::open(profile, pin);
    if (!opened)
        return 1;
    const double before = memoryMib("VmHWM:");
    const Caseload caseload = opened.value()->caseload();
    const QList<Flag> flags = computeFlags(caseload, opened.value()->settings(), today);
    const double peak = memoryMib("VmHWM:");
    // The profile also holds the bulk-apply rounds, so the caseload is larger than 5k children.
    std::printf("%-44s %10.1f MiB (%lld children, %lld visits, %lld flags; %.1f MiB after unlock)\n",
                "peak RSS: unlock, load caseload, flags", peak, qlonglong(caseload.children.size()),
                qlonglong(caseload.visits.size()), qlonglong(flags.size()), before);
    std::printf("RESULT caseload_peak_rss_mib %.1f\n", peak);
    return 0;
}

// Flags alone on a store of exactly `children` children (ten visits each), for profiling: made in
// `profile` when it is not there yet, then unlocked, loaded and flagged: the first computation
// after the load (as the table's row), then the median and the fastest of more (the fastest is the
// steadier figure on a shared machine). The SHA-256 of the flags tells whether two builds agree.
int flagsOnly(const QString &profile, int children, int rounds)
{
    if (!QFile::exists(profile)) {
        auto created = store::Store::create(profile, pin);
        if (!created ||
            !created.value()->applyPulled(syntheticCaseload(children, 10), QStringLiteral("1"), std::nullopt))
            return 1;
    }
    auto opened = store::Store::open(profile, pin);
    if (!opened)
        return 1;
    QElapsedTimer timer;
    timer.start();
    const Caseload caseload = opened.value()->caseload();
    const double load = double(timer.nsecsElapsed()) / 1e6;
    const RuleSettings settings = opened.value()->settings();
    QList<Flag> flags;
    const auto minorFaults = [] {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        return qlonglong(usage.ru_minflt);
    };
    const qlonglong faultsBefore = minorFaults();
    const Times first = medianMillis(1, [&] { flags = computeFlags(caseload, settings, today); });
    const qlonglong firstFaults = minorFaults() - faultsBefore;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const Flag &f : flags) {
        for (const QString &text : {toToken(f.kind), toToken(f.severity), f.familyId, f.childId, f.subjectId,
                                    QString::number(f.daysOverdue), f.reason, f.toClear})
            hash.addData(text.toUtf8().append('\n'));
    }
    QList<double> wall;
    QList<double> cpu;
    for (int r = 0; r < rounds; ++r) {
        QList<Flag> again;
        const Times one = medianMillis(1, [&] { again = computeFlags(caseload, settings, today); });
        wall.append(one.wall);
        cpu.append(one.cpu);
    }
    std::printf("flags on a store of exactly %lld children, %lld visits (load %.1f ms): %lld flags, sha256 "
                "%s\n",
                qlonglong(caseload.children.size()), qlonglong(caseload.visits.size()), load,
                qlonglong(flags.size()), hash.result().toHex().left(16).constData());
    std::printf("  first after the load %.2f ms (CPU %.2f, %lld page faults)\n", first.wall, first.cpu,
                firstFaults);
    std::printf("  %d more: median %.2f ms (CPU %.2f), fastest %.2f ms (CPU %.2f)\n", rounds, median(wall),
                median(cpu), *std::min_element(wall.cbegin(), wall.cend()),
                *std::min_element(cpu.cbegin(), cpu.cend()));
    std::printf("RESULT store_flags_exact_first_ms %.2f\nRESULT store_flags_exact_median_ms %.2f\n",
                first.wall, median(wall));
    return 0;
}

int main(int argc, char *argv[])
{
    platform::keepFreedMemoryForReuse(); // as the app and the server do
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--caseload-rss") == 0)
        return caseloadRss(QString::fromLocal8Bit(argv[2]));
    if (argc >= 3 && qstrcmp(argv[1], "--flags-only") == 0)
        return flagsOnly(QString::fromLocal8Bit(argv[2]), argc >= 4 ? std::atoi(argv[3]) : 5000,
                         argc >= 5 ? std::max(1, std::atoi(argv[4])) : 7);
    QLoggingCategory::setFilterRules(QStringLiteral("doorstep.store.info=false"));
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("profile"));
    auto created = store::Store::create(profile, pin);
    auto plainCreated = store::StoreTesting::createUnencrypted(dir.filePath(QStringLiteral("plain")));
    if (!created || !plainCreated) {
        std::fprintf(stderr, "could not create the stores\n");
        return 1;
    }
    std::unique_ptr<store::Store> store = std::move(created).value();
    std::unique_ptr<store::Store> plainStore = std::move(plainCreated).value();
    // Bulk apply first, on the young stores, alternating between them so that whatever else the
    // machine is doing weighs on both columns alike; the median of three rounds is reported.
    QList<double> encryptedApply;
    QList<double> plainApply;
    QList<double> encryptedApplyCpu;
    QList<double> plainApplyCpu;
    for (int round = 0; round < 3; ++round) {
        const Timing encryptedRound = bulkApply(*store, round);
        const Timing plainRound = bulkApply(*plainStore, round);
        encryptedApply.append(encryptedRound.wall);
        encryptedApplyCpu.append(encryptedRound.cpu);
        plainApply.append(plainRound.wall);
        plainApplyCpu.append(plainRound.cpu);
    }
    std::optional<Figures> encrypted = measure(*store);
    std::optional<Figures> plain = measure(*plainStore);
    plainStore.reset();
    if (!encrypted || !plain || encryptedApply.contains(-1) || plainApply.contains(-1)) {
        std::fprintf(stderr, "a step failed\n");
        return 1;
    }
    encrypted->bulkApply = percentile(encryptedApply, 0.5);
    plain->bulkApply = percentile(plainApply, 0.5);

    std::printf("Doorstep device store: SQLCipher 3.4.1 against the same library with no key\n");
    std::printf("%-44s %10s %10s %7s\n", "", "SQLCipher", "plain", "ratio");
    row("save one visit, median", encrypted->saveMedian, plain->saveMedian, "ms");
    row("save one visit, p99", encrypted->saveP99, plain->saveP99, "ms");
    // Not in the saves' times: the app answers the save first (Store::checkpointIfDue).
    std::printf("%-44s %10d %10d\n", "  log checkpoints after the 1,000 saves", encrypted->checkpoints,
                plain->checkpoints);
    row("  each, after the answer", encrypted->checkpointMillis / std::max(1, encrypted->checkpoints),
        plain->checkpointMillis / std::max(1, plain->checkpoints), "ms");
    row("apply 10k pulled changes (median of 3)", encrypted->bulkApply, plain->bulkApply, "ms");
    row("apply 10k pulled changes, CPU time", percentile(encryptedApplyCpu, 0.5),
        percentile(plainApplyCpu, 0.5), "ms");
    row("apply rate", 10'000 / (encrypted->bulkApply / 1000), 10'000 / (plain->bulkApply / 1000),
        "changes/s");
    // The store also holds the saves' and the bulk-apply rounds' records besides the 5k children
    // added for these rows: its sizes are on the "flags raised" line.
    row("load the store's caseload (sizes below)", encrypted->caseloadLoad, plain->caseloadLoad, "ms");
    row("compute all flags on it", encrypted->flags, plain->flags, "ms");
    row("  the same flags again, median of 5", encrypted->flagsAgain, plain->flagsAgain, "ms");
    std::printf("%-44s %10lld (%lld children, %lld visits)\n", "  flags raised",
                qlonglong(encrypted->flagCount), qlonglong(encrypted->children),
                qlonglong(encrypted->visits));

    // Unlock: Argon2id + open + first query.
    store.reset();
    QList<double> unlockMillis;
    QElapsedTimer timer;
    for (int i = 0; i < 5; ++i) {
        timer.restart();
        auto opened = store::Store::open(profile, pin);
        if (!opened)
            return 1;
        (void)opened.value()->pendingCount();
        unlockMillis.append(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("%-44s %10.2f ms\n", "unlock (Argon2id + open + first query), median",
                percentile(unlockMillis, 0.5));
    std::printf("RESULT save_p99_ms %.2f\nRESULT save_p99_plain_ratio %.2f\n", encrypted->saveP99,
                encrypted->saveP99 / plain->saveP99);
    std::printf("RESULT store_bulk_plain_ratio %.2f\nRESULT store_bulk_cpu_plain_ratio %.2f\n",
                encrypted->bulkApply / plain->bulkApply,
                percentile(encryptedApplyCpu, 0.5) / percentile(plainApplyCpu, 0.5));
    std::printf("RESULT caseload_load_ms %.1f\nRESULT store_flags_ms %.1f\nRESULT unlock_ms %.1f\n",
                encrypted->caseloadLoad, encrypted->flags, percentile(unlockMillis, 0.5));

    // Memory of the app's part, in a fresh process so that nothing of this benchmark counts:
    // unlock, load the caseload and compute its flags.
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--caseload-rss"), profile});
    if (child.waitForFinished(300'000) && child.exitCode() == 0)
        std::fputs(child.readAllStandardOutput().constData(), stdout);
    else
        std::fprintf(stderr, "the caseload memory step failed\n");

    // The flags target is for 5k children and 50k visits; the store above holds the bulk-apply
    // rounds too (see "flags raised"). A fresh process on a store of exactly that size.
    QProcess exact;
    exact.start(
        QCoreApplication::applicationFilePath(),
        {QStringLiteral("--flags-only"), dir.filePath(QStringLiteral("exact")), QStringLiteral("5000")});
    if (exact.waitForFinished(600'000) && exact.exitCode() == 0)
        std::fputs(exact.readAllStandardOutput().constData(), stdout);
    else
        std::fprintf(stderr, "the flags step on a store of exactly 5k children failed\n");
    return 0;
}
