// Sync benchmark: prints figures, asserts nothing. Run: build/bench/bench_sync
// Starts the real doorstep-server on loopback (HTTPS, its own SQLite data folder) and drives it
// with real devices (an encrypted Store and a SyncClient each): write N visits one by one, push N,
// pull N to a fresh device, a 100-record round trip device -> server -> device, bytes on the wire
// per change, sync apply against the store's own bulk apply of the same changes, and many
// simulated devices (signed requests from this one process) pushing all at once, then the largest
// number of them with the same pushes spread over a few seconds.
//
// Environment: DOORSTEP_BENCH_SYNC_SIZES="1000 10000 100000" (push/pull scale),
// DOORSTEP_BENCH_DEVICES="50 200 500", DOORSTEP_BENCH_VISIT_TEMPLATE=path (writes one visit change
// as JSON, the record the PouchDB peer is fed), DOORSTEP_BENCH_SYNC_ONLY=scale|roundtrip|devices
// (roundtrip: the 100-record round trip alone).
#include "app/store/outboxrepository.h"
#include "app/store/store.h"
#include "app/store/storetesting.h"
#include "bench/benchfigures.h"
#include "core/recordcodec.h"
#include "core/recordid.h"
#include "platform/memoryreuse.h"
#include "sync/client/syncclient.h"
#include "sync/protocol/bodyreader.h"
#include "sync/protocol/pushbody.h"
#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include <unistd.h>

using namespace doorstep;
using namespace doorstep::test;
using namespace Qt::StringLiterals;

using namespace doorstep::bench;

namespace {

const QByteArray pin = QByteArrayLiteral("benchmark passphrase");

Visit benchVisit(const QString &familyId, const QString &childId, const QString &userId)
{
    Visit visit;
    visit.id = newRecordId();
    visit.familyId = familyId;
    visit.practitionerId = userId;
    visit.practitionerRole = Role::HealthVisitor;
    visit.occurredAt = QDateTime::currentDateTimeUtc().addDays(-1);
    visit.contactType = ContactType::FaceToFaceHome;
    visit.outcome = Outcome::Completed;
    visit.children = {VisitChild{childId, true, false}};
    visit.present = u"Mother and baby"_s;
    visit.observations = u"Synthetic observation text of ordinary length for a visit."_s;
    visit.signedOffAt = visit.occurredAt;
    return visit;
}

struct Server
{
    ServerProcess process;
    QString teamId;

    QString admin(const QStringList &arguments) const
    {
        const CommandResult run = process.admin(arguments);
        if (run.exitCode != 0)
            std::fprintf(stderr, "admin %s failed: %s\n", qPrintable(arguments.first()), run.err.constData());
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }
    QString newUser() const
    {
        return admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, u"health_visitor"_s,
                      u"--team"_s, teamId});
    }
    QString code(const QString &userId) const { return admin({u"enrolment-code"_s, u"--user"_s, userId}); }
    Endpoint endpoint() const { return Endpoint{process.baseUrl(), process.certificateSha256()}; }
};

struct SyncRun
{
    bool ok = false;
    QString error;
    double totalMs = 0;
    double pushMs = -1; // until the last push batch was acknowledged
    int pushed = 0;
    int pulled = 0;
};

// A device as the app has it: an encrypted store and a sync client on this thread.
struct Device
{
    QTemporaryDir dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<sync::SyncClient> client;
    QString userId;

    bool enrol(const Server &server, const QString &user)
    {
        userId = user;
        auto created = store::Store::create(dir.filePath(u"profile"_s), pin);
        if (!created) {
            std::fprintf(stderr, "store: %s\n", qPrintable(created.error().message));
            return false;
        }
        store = std::move(created).value();
        client = std::make_unique<sync::SyncClient>(store.get());
        QEventLoop loop;
        bool ok = false;
        QObject::connect(client.get(), &sync::SyncClient::enrolFinished, &loop,
                         [&](bool done, const QString &, const QString &message) {
                             ok = done;
                             if (!done)
                                 std::fprintf(stderr, "enrol: %s\n", qPrintable(message));
                             loop.quit();
                         });
        client->enrol(server.process.baseUrl(), server.code(user), u"Bench tablet"_s,
                      server.process.certificateSha256());
        loop.exec();
        return ok;
    }

    SyncRun sync()
    {
        SyncRun run;
        QEventLoop loop;
        QElapsedTimer timer;
        const auto progress =
            QObject::connect(client.get(), &sync::SyncClient::progress, &loop, [&](int done, int total) {
                if (total > 0 && done >= total && run.pushMs < 0)
                    run.pushMs = double(timer.nsecsElapsed()) / 1e6;
            });
        const auto finished = QObject::connect(
            client.get(), &sync::SyncClient::syncFinished, &loop,
            [&](bool ok, const QString &, const QString &message, int pushed, int, int pulled) {
                run.totalMs = double(timer.nsecsElapsed()) / 1e6;
                run.ok = ok;
                run.error = message;
                run.pushed = pushed;
                run.pulled = pulled;
                loop.quit();
            });
        timer.start();
        client->sync();
        if (client->state() == sync::SyncClient::State::Syncing)
            loop.exec();
        QObject::disconnect(progress);
        QObject::disconnect(finished);
        if (!run.ok)
            std::fprintf(stderr, "sync failed: %s\n", qPrintable(run.error));
        return run;
    }
};

struct Household
{
    QString familyId;
    QString childId;
};

std::optional<Household> newHousehold(Device &device, const QString &teamId)
{
    Family family;
    family.teamId = teamId;
    family.practitionerId = device.userId;
    family.label = u"Synthetic family"_s;
    const auto familyId = device.store->saveFamily(family);
    if (!familyId)
        return std::nullopt;
    Child child;
    child.familyId = familyId.value();
    child.name = u"Test Baby One"_s;
    child.dateOfBirth = QDate::currentDate().addDays(-40);
    const auto childId = device.store->saveChild(child);
    if (!childId)
        return std::nullopt;
    return Household{familyId.value(), childId.value()};
}

// Records `n` visits one by one, each its own durable transaction; the wall time in ms.
double writeVisits(Device &device, const Household &household, int n)
{
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < n; ++i) {
        if (!device.store->recordVisit(benchVisit(household.familyId, household.childId, device.userId))) {
            std::fprintf(stderr, "recordVisit failed\n");
            return -1;
        }
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

// Everything `device` may pull, page by page as the client asks for it and read as it reads them
// (protocol::readPullAnswer: each payload's text kept, for the store to keep as it came), with
// the body bytes. `all` is every page's changes together, for one transaction.
struct Pulled
{
    QList<protocol::PullResponse> pages;
    protocol::PullResponse all;
    qint64 bodyBytes = 0;
    double ms = 0;
};

Pulled pullAll(ApiClient &api, const Endpoint &server, const TestDevice &device)
{
    Pulled pulled;
    QString since = u"0"_s;
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        const Answer answer = ApiClient::wait(api.startPull(server, device, since));
        if (answer.status != 200)
            break;
        pulled.bodyBytes += answer.body.size();
        auto page = protocol::readPullAnswer(answer.body);
        if (!page)
            break;
        pulled.all.changes += page->changes;
        pulled.all.payloadTexts += page->payloadTexts;
        pulled.all.fields.insert(page->fields);
        pulled.all.cursor = page->cursor;
        since = page->cursor;
        const bool last = !page->more || page->changes.isEmpty();
        pulled.pages.append(std::move(*page));
        if (last)
            break;
    }
    pulled.ms = double(timer.nsecsElapsed()) / 1e6;
    return pulled;
}

// A push body of the first `limit` pending changes as the client writes it now (the changes read
// and their payloads decoded, then encoded again: protocol::pushBody) ...
QByteArray bodyFromParsed(store::Store &store, int limit)
{
    QHash<QString, QJsonObject> fields;
    const QList<Change> changes = store.pendingChanges(limit, &fields);
    return protocol::pushBody(changes, fields);
}

// ... and from the texts the outbox stores (OutboxRepository::pendingTexts), which the client would
// use once the Store hands them out: the same bytes, without decoding or encoding a payload.
QByteArray bodyFromTexts(store::Store &store, int limit)
{
    QList<QByteArray> payloads;
    QList<QByteArray> fields;
    const auto changes =
        store::OutboxRepository(store::StoreTesting::database(store)).pendingTexts(limit, &payloads, &fields);
    if (!changes)
        return {};
    QList<protocol::PushItem> items;
    items.reserve(changes.value().size());
    for (qsizetype i = 0; i < changes.value().size(); ++i)
        items.append(protocol::PushItem{changes.value().at(i), payloads.at(i), fields.at(i)});
    return protocol::pushBody(items);
}

void line(const QString &what, double value, const char *unit)
{
    std::printf("%-58s %12.2f %s\n", qPrintable(what), value, unit);
}

// Push N, pull N to a fresh device, and the limits: bulk apply of the same changes into a fresh
// store in one transaction, page-by-page apply, and the server's pages alone.
bool scaleRun(Server &server, int n, bool detail)
{
    Device writer;
    const QString user = server.newUser();
    if (user.isEmpty() || !writer.enrol(server, user))
        return false;
    const auto household = newHousehold(writer, server.teamId);
    if (!household)
        return false;
    // Writing is measured up to 50k on the durable path; larger runs write without fsync (not timed).
    if (n > 50'000)
        (void)store::StoreTesting::database(*writer.store).exec(u"PRAGMA synchronous = OFF"_s);
    const double writeMs = writeVisits(writer, *household, n);
    (void)store::StoreTesting::database(*writer.store).exec(u"PRAGMA synchronous = FULL"_s);
    if (writeMs < 0)
        return false;
    // A push body as the client sends it: one full batch of its pending changes.
    const QList<Change> sample = writer.store->pendingChanges(protocol::maxChangesPerPush);
    const qint64 pushBodyBytes =
        QJsonDocument(protocol::PushRequest{sample}.toJson()).toJson(QJsonDocument::Compact).size();

    // The outbox's texts as the body: the same bytes as the parsed changes encoded again.
    const QByteArray parsedBody = bodyFromParsed(*writer.store, protocol::maxChangesPerPush);
    const bool textsSame = bodyFromTexts(*writer.store, protocol::maxChangesPerPush) == parsedBody;
    const SyncRun push = writer.sync();
    if (!push.ok)
        return false;
    Device reader;
    if (!reader.enrol(server, user))
        return false;
    const SyncRun pull = reader.sync();
    if (!pull.ok)
        return false;

    const double pushRate = push.pushed / (push.pushMs / 1000);
    const double pullRate = pull.pulled / (pull.totalMs / 1000);
    std::printf("\n-- %d visits --\n", n);
    if (n <= 50'000)
        line(u"write %1 visits one by one (durable), per visit"_s.arg(n), writeMs / n, "ms");
    line(u"push %1 changes"_s.arg(push.pushed), push.pushMs, "ms");
    line(u"  push rate"_s, pushRate, "changes/s");
    line(u"pull %1 changes to a fresh device"_s.arg(pull.pulled), pull.totalMs, "ms");
    line(u"  pull rate"_s, pullRate, "changes/s");
    // Per change, so that growth across sizes reads directly (flat = linear).
    std::printf("%-58s %12s us\n", "  cost per change, push / pull",
                qPrintable(u"%1 / %2"_s.arg(1e6 / pushRate, 0, 'f', 1).arg(1e6 / pullRate, 0, 'f', 1)));
    std::printf("RESULT push_rate_%d %.0f\nRESULT pull_rate_%d %.0f\n", n, pushRate, n, pullRate);
    std::printf("RESULT push_ms_%d %.1f\nRESULT pull_ms_%d %.1f\n", n, push.pushMs, n, pull.totalMs);
    if (n <= 50'000)
        std::printf("RESULT write_ms_%d %.1f\n", n, writeMs);
    if (!detail)
        return true;

    std::printf("%-58s %12s\n", "push body from the outbox's stored texts: same bytes",
                textsSame ? "yes" : "NO");
    line(u"push body per change (JSON, one %1-change batch)"_s.arg(sample.size()),
         double(pushBodyBytes) / sample.size(), "bytes");
    // Where pull time goes: the server's pages alone (signed GETs, JSON decoded), then the same
    // pages applied one transaction each (as the client does), then all in one transaction.
    TestDevice probe = newTestDevice(user);
    ApiClient api;
    if (api.enrol(server.endpoint(), server.code(user), probe).status != 200)
        return false;
    const Pulled pages = pullAll(api, server.endpoint(), probe);
    if (pages.all.changes.size() != pull.pulled) {
        std::fprintf(stderr, "the pages read again hold %lld changes, the pull %lld\n",
                     qlonglong(pages.all.changes.size()), qlonglong(pull.pulled));
        return false;
    }
    line(u"pull body per change (JSON, all pages of 500)"_s,
         double(pages.bodyBytes) / pages.all.changes.size(), "bytes");
    line(u"  server pages alone (request, query, transfer, decode)"_s, pages.ms, "ms");
    QTemporaryDir dir;
    auto paged = store::Store::create(dir.filePath(u"paged"_s), pin);
    auto bulk = store::Store::create(dir.filePath(u"bulk"_s), pin);
    auto plain = store::StoreTesting::createUnencrypted(dir.filePath(u"plain"_s));
    if (!paged || !bulk || !plain)
        return false;
    QElapsedTimer timer;
    timer.start();
    // As the client applies a page (SyncClient::applyPage): its changes, written fields and texts.
    const auto apply = [](store::Store &store, const protocol::PullResponse &page) {
        return store.applyPulled(page.changes, page.cursor, std::nullopt, page.fields, page.payloadTexts)
            .ok();
    };
    for (const protocol::PullResponse &page : std::as_const(pages.pages)) {
        if (!apply(*paged.value(), page))
            return false;
    }
    const double pagedMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    if (!apply(*bulk.value(), pages.all))
        return false;
    const double bulkMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    if (!apply(*plain.value(), pages.all))
        return false;
    const double plainMs = double(timer.nsecsElapsed()) / 1e6;
    const double bulkRate = pages.all.changes.size() / (bulkMs / 1000);
    line(u"  store apply, page by page (500 per transaction)"_s, pagedMs, "ms");
    line(u"bulk apply limit: same changes, one transaction (SQLCipher)"_s, bulkMs, "ms");
    line(u"  bulk apply rate"_s, bulkRate, "changes/s");
    line(u"  plain SQLite, same changes, one transaction"_s, plainMs, "ms");
    line(u"  bulk apply SQLCipher / plain SQLite"_s, bulkMs / plainMs, "x");
    line(u"sync apply (pull rate) as a fraction of bulk apply"_s, 100.0 * pullRate / bulkRate, "%");
    std::printf("RESULT bulk_rate_%d %.0f\nRESULT bulk_plain_ratio_%d %.2f\nRESULT sync_fraction_%d %.1f\n",
                n, bulkRate, n, bulkMs / plainMs, n, 100.0 * pullRate / bulkRate);
    std::printf("RESULT push_bytes_per_change %.0f\nRESULT pull_bytes_per_change %.0f\n",
                double(pushBodyBytes) / sample.size(), double(pages.bodyBytes) / pages.all.changes.size());

    return true;
}

// 100 visits recorded on one device, pushed, and pulled by another device of the same user.
bool roundTrip(Server &server)
{
    Device a;
    Device b;
    const QString user = server.newUser();
    if (user.isEmpty() || !a.enrol(server, user) || !b.enrol(server, user))
        return false;
    const auto household = newHousehold(a, server.teamId);
    if (!household || !a.sync().ok || !b.sync().ok)
        return false;
    QList<double> trips;
    for (int round = 0; round < 7; ++round) {
        if (writeVisits(a, *household, 100) < 0)
            return false;
        QElapsedTimer timer;
        timer.start();
        const SyncRun up = a.sync();
        const SyncRun down = b.sync();
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!up.ok || !down.ok || down.pulled != 100)
            return false;
        // The pushing device's own pull-back of what it sent is not part of the trip.
        trips.append(up.pushMs + down.totalMs);
        (void)ms;
    }
    std::printf("\n-- round trip --\n");
    line(u"100-record round trip device -> server -> device, median"_s, percentile(trips, 0.5), "ms");
    line(u"  slowest of 7"_s, percentile(trips, 1.0), "ms");
    std::printf("RESULT round_trip_ms %.1f\n", percentile(trips, 0.5));
    return true;
}

// CPU seconds (user + system) a process has used so far; -1 when unreadable.
double processCpuSeconds(qint64 pid)
{
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (pid <= 0 || !file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // Fields after the command name (which may hold spaces, in parentheses): utime is the 14th
    // field of the line, stime the 15th.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

// The server's count of commits of pushes (`/v1/health` with DOORSTEP_SERVER_TEST_STATS); -1 from a
// server without group commit.
qint64 pushCommits(const Server &server)
{
    ApiClient api;
    const QJsonObject groups =
        api.send(server.endpoint(), "GET", protocol::Path::Health).json().value(u"pushGroups"_s).toObject();
    return groups.isEmpty() ? -1 : groups.value(u"commits"_s).toInteger();
}

// The simulated devices: each has its own connection and pushes batches of 10 new visits of one
// household, and every answer is tallied.
class SimulatedDevices
{
public:
    static constexpr int batches = 5; // pushes per device in each run
    static constexpr int perBatch = 10;

    // Latencies (ms) and outcomes of one run's pushes.
    struct Tally
    {
        QList<double> latencies;
        int errors = 0;
        int accepted = 0;
    };

    explicit SimulatedDevices(Server &server)
        : m_server(server)
    {}

    // One user and household for all of them (their scope), set up by a first device, then
    // `count` devices enrolled.
    bool enrol(int count)
    {
        m_user = m_server.newUser();
        ApiClient setupApi;
        TestDevice first = newTestDevice(m_user);
        if (m_user.isEmpty() ||
            setupApi.enrol(m_server.endpoint(), m_server.code(m_user), first).status != 200)
            return false;
        m_familyId = newRecordId();
        m_childId = newRecordId();
        Child child;
        child.id = m_childId;
        child.familyId = m_familyId;
        child.name = u"Test Baby One"_s;
        child.dateOfBirth = QDate::currentDate().addDays(-40);
        const Answer placed = ApiClient::wait(
            setupApi.startPush(m_server.endpoint(), first,
                               {makeFamilyChange(first, m_familyId, m_server.teamId),
                                makeChange(first, Entity::Child, m_childId, m_familyId, toJson(child))}));
        if (placed.status != 200)
            return false;
        for (int i = 0; i < count; ++i) {
            TestDevice device = newTestDevice(m_user);
            auto api = std::make_unique<ApiClient>();
            if (api->enrol(m_server.endpoint(), m_server.code(m_user), device).status != 200)
                return false;
            m_devices.push_back(device);
            m_clients.push_back(std::move(api));
        }
        return true;
    }

    // Sends device `d`'s next push; `answered` runs, in this thread, when its answer is tallied.
    void push(int d, Tally &tally, std::function<double()> latencyMs, std::function<void()> answered)
    {
        QList<Change> changes;
        for (int i = 0; i < perBatch; ++i) {
            const Visit visit = benchVisit(m_familyId, m_childId, m_user);
            changes.append(makeChange(m_devices[d], Entity::Visit, visit.id, m_familyId, toJson(visit)));
        }
        QNetworkReply *reply = m_clients[d]->startPush(m_server.endpoint(), m_devices[d], changes);
        QObject::connect(reply, &QNetworkReply::finished, reply, [&tally, reply, latencyMs, answered] {
            tally.latencies.append(latencyMs());
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const auto answer =
                protocol::PushResponse::fromJson(QJsonDocument::fromJson(reply->readAll()).object());
            reply->deleteLater();
            if (status != 200 || !answer || !answer.value().rejected.isEmpty())
                ++tally.errors;
            else
                tally.accepted += static_cast<int>(answer.value().accepted.size());
            answered();
        });
    }

private:
    Server &m_server;
    QString m_user;
    QString m_familyId;
    QString m_childId;
    std::vector<TestDevice> m_devices;
    std::vector<std::unique_ptr<ApiClient>> m_clients;
};

// The first `count` devices push all at once, each its batches one after another: every push's
// latency from send to answer. In the event loop until the last is answered.
void burst(SimulatedDevices &devices, int count, SimulatedDevices::Tally &tally)
{
    QEventLoop loop;
    int outstanding = count;
    std::function<void(int, int)> pushNext = [&](int d, int left) {
        QElapsedTimer sent;
        sent.start();
        devices.push(
            d, tally, [sent] { return double(sent.nsecsElapsed()) / 1e6; },
            [&, d, left] {
                if (left > 1)
                    pushNext(d, left - 1);
                else if (--outstanding == 0)
                    loop.quit();
            });
    };
    for (int d = 0; d < count; ++d)
        pushNext(d, SimulatedDevices::batches);
    loop.exec();
}

// The same number of pushes, each device's at moments of its own drawn uniformly over
// `spreadMs` (a fixed seed), as devices that sync when their people save rather than all at one
// instant. A device has one push out at a time: one due while its last is unanswered goes when
// that is answered, and its latency counts from the moment it was due, so a server falling
// behind shows in the figures rather than in pushes that start late.
void spread(SimulatedDevices &devices, int count, int spreadMs, SimulatedDevices::Tally &tally)
{
    QRandomGenerator random(20261128);
    std::vector<std::vector<int>> due(count);
    for (std::vector<int> &moments : due) {
        for (int k = 0; k < SimulatedDevices::batches; ++k)
            moments.push_back(int(random.bounded(spreadMs)));
        std::sort(moments.begin(), moments.end());
    }
    std::vector<int> next(count, 0);
    std::vector<bool> busy(count, false);
    int outstanding = count * SimulatedDevices::batches;
    QEventLoop loop;
    QElapsedTimer clock;
    std::function<void(int)> sendNext = [&](int d) {
        const int dueMs = due[d][next[d]++];
        busy[d] = true;
        devices.push(
            d, tally, [&clock, dueMs] { return double(clock.nsecsElapsed()) / 1e6 - dueMs; },
            [&, d] {
                busy[d] = false;
                if (next[d] < SimulatedDevices::batches && due[d][next[d]] <= clock.elapsed())
                    sendNext(d);
                if (--outstanding == 0)
                    loop.quit();
            });
    };
    clock.start();
    for (int d = 0; d < count; ++d) {
        for (const int dueMs : due[d]) {
            // Not when the device's next push is a later one: this one went as its last was answered.
            QTimer::singleShot(dueMs, Qt::PreciseTimer, &loop, [&, d, dueMs] {
                if (!busy[d] && next[d] < SimulatedDevices::batches && due[d][next[d]] <= dueMs)
                    sendNext(d);
            });
        }
    }
    loop.exec();
}

// Simulated devices pushing against the server: each count at once (burst), then the largest
// count with its pushes spread over a few seconds.
bool manyDevices(Server &server, const QList<int> &counts)
{
    constexpr int spreadMs = 5'000;
    const int most = *std::max_element(counts.begin(), counts.end());
    std::printf("\n-- simulated devices (each: %d pushes of %d visits, one at a time) --\n",
                SimulatedDevices::batches, SimulatedDevices::perBatch);
    std::printf("%-10s %10s %10s %10s %8s %10s %12s %14s %12s %12s %12s\n", "devices", "p50 ms", "p99 ms",
                "max ms", "errors", "accepted", "changes/s", "server RSS MiB", "pushes/commit",
                "server CPU s", "bench CPU s");
    SimulatedDevices devices(server);
    if (!devices.enrol(most))
        return false;
    const qint64 pid = serverPid(server.process.dataDir());
    // One row: `count` devices, run by `run`; `name` keys its RESULT lines.
    const auto row = [&](int count, const QString &name,
                         const std::function<void(SimulatedDevices::Tally &)> &run) {
        SimulatedDevices::Tally tally;
        const qint64 commitsBefore = pushCommits(server);
        const double serverCpuBefore = processCpuSeconds(pid);
        // The whole process: Qt's network thread does the devices' TLS and HTTP, not this one.
        const double benchCpuBefore = processCpuSeconds(QCoreApplication::applicationPid());
        QElapsedTimer wall;
        wall.start();
        run(tally);
        const double seconds = double(wall.nsecsElapsed()) / 1e9;
        const double serverCpu = processCpuSeconds(pid) - serverCpuBefore;
        const double benchCpu = processCpuSeconds(QCoreApplication::applicationPid()) - benchCpuBefore;
        const qint64 commits = pushCommits(server) - commitsBefore;
        const double rss = memoryMib("VmHWM:", pid);
        const int pushes = count * SimulatedDevices::batches;
        const double p50 = percentile(tally.latencies, 0.5);
        const double p99 = percentile(tally.latencies, 0.99);
        std::printf("%-10s %10.1f %10.1f %10.1f %8d %10d %12.0f %14.1f %12.1f %12.1f %12.1f\n",
                    qPrintable(name), p50, p99, percentile(tally.latencies, 1.0), tally.errors,
                    tally.accepted, tally.accepted / seconds, rss,
                    commitsBefore < 0 || commits <= 0 ? 1.0 : double(pushes) / double(commits), serverCpu,
                    benchCpu);
        const QByteArray key = name.toUtf8();
        std::printf("RESULT devices_%s_p50 %.1f\nRESULT devices_%s_p99 %.1f\nRESULT devices_%s_errors %d\n",
                    key.constData(), p50, key.constData(), p99, key.constData(), tally.errors);
        std::printf("RESULT devices_%s_lost %d\n", key.constData(),
                    pushes * SimulatedDevices::perBatch - tally.accepted -
                        tally.errors * SimulatedDevices::perBatch);
        return rss;
    };
    for (const int count : counts) {
        const double rss = row(count, QString::number(count),
                               [&](SimulatedDevices::Tally &tally) { burst(devices, count, tally); });
        if (count == most)
            std::printf("RESULT server_peak_rss_mib %.1f\n", rss);
    }
    std::printf("the same pushes from %d devices, each device's at its own moments over %d s\n", most,
                spreadMs / 1000);
    row(most, u"spread_%1"_s.arg(most),
        [&](SimulatedDevices::Tally &tally) { spread(devices, most, spreadMs, tally); });
    return true;
}

// One visit change as it travels, for the peer to copy field for field.
void writeTemplate(const QString &path)
{
    TestDevice device = newTestDevice(u"user-template"_s);
    const Visit visit = benchVisit(newRecordId(), newRecordId(), u"user-template"_s);
    const Change change = makeChange(device, Entity::Visit, visit.id, visit.familyId, toJson(visit));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(QJsonDocument(change.toJson()).toJson(QJsonDocument::Compact));
}

} // namespace

int main(int argc, char *argv[])
{
    platform::keepFreedMemoryForReuse(); // as the app and the server do
    // The server inherits this: its per-request log lines would bury the figures.
    qputenv("QT_LOGGING_RULES", "doorstep.*.info=false;qt.network.ssl.warning=false");
    // So that /v1/health counts the server's commits of pushes (pushes per commit, below).
    qputenv("DOORSTEP_SERVER_TEST_STATS", "1");
    QCoreApplication app(argc, argv);
    if (const QString path = qEnvironmentVariable("DOORSTEP_BENCH_VISIT_TEMPLATE"); !path.isEmpty()) {
        writeTemplate(path);
        return 0;
    }
    const QString only = qEnvironmentVariable("DOORSTEP_BENCH_SYNC_ONLY");
    // Read before the server starts: a bad size stops the benchmark (benchfigures.h).
    const QList<int> sizes = sizesFromEnv("DOORSTEP_BENCH_SYNC_SIZES", {1'000, 10'000, 100'000});
    const QList<int> deviceCounts = sizesFromEnv("DOORSTEP_BENCH_DEVICES", {50, 200, 500});
    Server server;
    if (!server.process.start()) {
        std::fprintf(stderr, "server: %s\n", qPrintable(server.process.error()));
        return 1;
    }
    server.teamId = server.admin({u"team-add"_s, u"--name"_s, u"Bench Team"_s});
    if (server.teamId.isEmpty())
        return 1;
    std::printf(
        "Doorstep sync: doorstep-server over HTTPS on loopback (SQLite), devices with SQLCipher stores\n");
    bool ok = true;
    if (only.isEmpty() || only == u"scale"_s) {
        for (const int n : sizes)
            ok = ok && scaleRun(server, n, n <= 10'000);
    }
    if (only.isEmpty() || only == u"scale"_s || only == u"roundtrip"_s)
        ok = ok && roundTrip(server);
    if (ok && (only.isEmpty() || only == u"devices"_s))
        ok = manyDevices(server, deviceCounts);
    server.process.stop();
    if (!ok) {
        std::fprintf(stderr, "a step failed\n");
        return 1;
    }
    return 0;
}
