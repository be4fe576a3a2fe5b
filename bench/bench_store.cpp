// Device store benchmark: prints figures, asserts nothing. Run: build/bench/bench_store
// Measures durable save of one visit, bulk apply of pulled changes, caseload load, all flags for
// a 5k-child / 50k-visit caseload, and unlock (Argon2id + open + first query), each on the
// SQLCipher store and on the same store over plain SQLite (no key), with the ratio.
#include "app/store/store.h"
#include "app/store/storetesting.h"
#include "core/recordcodec.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>

using namespace doorstep;

namespace {

const QByteArray pin = QByteArrayLiteral("benchmark passphrase");
const QDate today(2026, 11, 25);

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size()))));
}

Change change(const QString &entity, const QString &id, const QString &familyId, const QJsonObject &payload,
              qint64 seq)
{
    return Change{
        newId(),
        QStringLiteral("bench-server"),
        seq,
        entity,
        id,
        familyId,
        QStringLiteral("%1-00000000-bench-server").arg(1764000000000 + seq, 16, 10, QLatin1Char('0')),
        payload};
}

// A synthetic caseload as pulled changes: families of two children, ten visits per child.
QList<Change> syntheticCaseload(int children, int visitsPerChild)
{
    QList<Change> changes;
    qint64 seq = 0;
    Family family;
    for (int c = 0; c < children; ++c) {
        if (c % 2 == 0) {
            family = Family{};
            family.id = newId();
            family.teamId = QStringLiteral("team-bench");
            family.practitionerId = QStringLiteral("user-bench");
            family.label = QStringLiteral("Synthetic family %1").arg(c / 2);
            changes.append(change(Entity::Family, family.id, family.id, toJson(family), ++seq));
        }
        Child child;
        child.id = newId();
        child.familyId = family.id;
        child.name = QStringLiteral("Synthetic child %1").arg(c);
        child.dateOfBirth = today.addDays(-(c % 2000));
        changes.append(change(Entity::Child, child.id, family.id, toJson(child), ++seq));
        for (int v = 0; v < visitsPerChild; ++v) {
            Visit visit;
            visit.id = newId();
            visit.familyId = family.id;
            visit.practitionerId = QStringLiteral("user-bench");
            visit.practitionerRole = Role::HealthVisitor;
            visit.occurredAt = QDateTime(today.addDays(-v * 30), QTime(10, 0), Qt::UTC);
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
    double bulkApply = 0;
    double caseloadLoad = 0;
    double flags = 0;
    qsizetype flagCount = 0;
};

// CPU time of this thread: on a shared machine wall time swings with the other load, CPU time
// much less, so ratios are also given on it.
double cpuMillis()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

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
    for (int i = 0; i < 300; ++i) {
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
    }
    figures.saveMedian = percentile(saveMillis, 0.5);
    figures.saveP99 = percentile(saveMillis, 0.99);

    // 5k children, 50k visits: caseload load and all flags.
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
    return figures;
}

void row(const char *what, double encrypted, double plain, const char *unit)
{
    std::printf("%-44s %10.2f %10.2f %6.2fx %s\n", what, encrypted, plain,
                plain > 0 ? encrypted / plain : 0.0, unit);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
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
    row("apply 10k pulled changes (median of 3)", encrypted->bulkApply, plain->bulkApply, "ms");
    row("apply 10k pulled changes, CPU time", percentile(encryptedApplyCpu, 0.5),
        percentile(plainApplyCpu, 0.5), "ms");
    row("apply rate", 10'000 / (encrypted->bulkApply / 1000), 10'000 / (plain->bulkApply / 1000),
        "changes/s");
    row("load caseload (5k children, 50k visits)", encrypted->caseloadLoad, plain->caseloadLoad, "ms");
    row("compute all flags (5k children, 50k visits)", encrypted->flags, plain->flags, "ms");
    std::printf("%-44s %10lld\n", "  flags raised", qlonglong(encrypted->flagCount));

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
    return 0;
}
