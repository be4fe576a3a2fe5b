// Device store benchmark: prints figures, asserts nothing. Run: build/bench/bench_store
// Measures durable save of one visit, bulk apply of pulled changes, caseload load, all flags for
// a 5k-child / 50k-visit caseload, and unlock (Argon2id + open + first query).
#include "app/store/store.h"
#include "core/recordcodec.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <cstdio>

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

void row(const char *what, double value, const char *unit)
{
    std::printf("%-48s %12.2f %s\n", what, value, unit);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("profile"));
    auto created = store::Store::create(profile, pin);
    if (!created) {
        std::fprintf(stderr, "create failed: %s\n", qPrintable(created.error().message));
        return 1;
    }
    std::unique_ptr<store::Store> store = std::move(created).value();

    // Durable save of one visit (synchronous=FULL: each save reaches the disk).
    const QList<Change> seed = syntheticCaseload(2, 0);
    if (!store->applyPulled(seed, QStringLiteral("1"), std::nullopt))
        return 1;
    const Caseload base = store->caseload();
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
        if (!store->recordVisit(visit))
            return 1;
        saveMillis.append(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("Doorstep device store (SQLCipher %s)\n", "3.4.1");
    row("save one visit, median", percentile(saveMillis, 0.5), "ms");
    row("save one visit, p99", percentile(saveMillis, 0.99), "ms");

    // Bulk apply of 10k pulled changes in one transaction.
    const QList<Change> bulk = syntheticCaseload(910, 10);
    QElapsedTimer timer;
    timer.start();
    if (!store->applyPulled(bulk.mid(0, 10'000), QStringLiteral("2"), std::nullopt))
        return 1;
    const double bulkMillis = double(timer.nsecsElapsed()) / 1e6;
    row("apply 10k pulled changes", bulkMillis, "ms");
    row("apply rate", 10'000 / (bulkMillis / 1000), "changes/s");

    // 5k children, 50k visits: caseload load and all flags.
    const QList<Change> large = syntheticCaseload(5000, 10);
    if (!store->applyPulled(large, QStringLiteral("3"), std::nullopt))
        return 1;
    timer.restart();
    const Caseload caseload = store->caseload();
    row("load caseload (5k children, 50k visits)", double(timer.nsecsElapsed()) / 1e6, "ms");
    timer.restart();
    const QList<Flag> flags = computeFlags(caseload, store->settings(), today);
    row("compute all flags (5k children, 50k visits)", double(timer.nsecsElapsed()) / 1e6, "ms");
    std::printf("%-48s %12lld\n", "  flags raised", qlonglong(flags.size()));

    // Unlock: Argon2id + open + first query.
    store.reset();
    QList<double> unlockMillis;
    for (int i = 0; i < 5; ++i) {
        timer.restart();
        auto opened = store::Store::open(profile, pin);
        if (!opened)
            return 1;
        (void)opened.value()->pendingCount();
        unlockMillis.append(double(timer.nsecsElapsed()) / 1e6);
    }
    row("unlock (Argon2id + open + first query), median", percentile(unlockMillis, 0.5), "ms");
    return 0;
}
