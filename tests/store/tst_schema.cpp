// The schema over time: a store built by every earlier schema version, with data in it, migrates
// to the latest without losing a record; and the queries the store runs for lookups, the
// chronology and the outbox are answered through indexes, never by scanning a big table.
#include "storefixtures.h"

#include "app/store/migrations.h"
#include "app/store/outboxrepository.h"
#include "app/store/recordrepository.h"
#include "app/store/sqlitedatabase.h"
#include "app/store/storetesting.h"

#include "core/recordcodec.h"

#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace doorstep;
using namespace doorstep::store;

namespace {

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

// What each schema version's code wrote, frozen as SQL of that version: when version N + 1
// changes a table, the seeder for N stays as it is, so it keeps writing what N wrote.
// Returns how many records it wrote.
using Seeder = std::function<int(SqliteDatabase &)>;

int seedVersion1(SqliteDatabase &db)
{
    Family family = fixtures::family();
    family.id = QStringLiteral("family-v1");
    Child child = fixtures::child(family.id, QDate(2026, 11, 1));
    child.id = QStringLiteral("child-v1");
    Visit visit = fixtures::visit(family.id, child.id, QDateTime(QDate(2026, 11, 12), QTime(10, 0), Qt::UTC));
    visit.id = QStringLiteral("visit-v1");
    const auto run = [&](const QString &sql, const QList<QByteArray> &values) {
        Result<SqliteStatement> statement = db.prepare(sql);
        if (!statement)
            return false;
        for (int i = 0; i < values.size(); ++i)
            statement.value().bindUtf8(i + 1, values.at(i));
        return statement.value().run().ok();
    };
    const bool ok =
        run(QStringLiteral(
                "INSERT INTO families (id, team_id, practitioner_id, moved_in_on, "
                "care_proceedings_started_on, hlc, payload) VALUES (?1, 'team-1', 'user-1', '', '', "
                "'0001764000000000-00000000-seed', ?2)"),
            {family.id.toUtf8(), compact(toJson(family))}) &&
        run(QStringLiteral("INSERT INTO children (id, family_id, date_of_birth, hlc, payload) "
                           "VALUES (?1, ?2, '2026-11-01', '0001764000000001-00000000-seed', ?3)"),
            {child.id.toUtf8(), family.id.toUtf8(), compact(toJson(child))}) &&
        run(QStringLiteral(
                "INSERT INTO visits (id, family_id, practitioner_id, practitioner_role, occurred_at, "
                "contact_type, outcome, signed_off_at, hlc, payload) VALUES (?1, ?2, 'user-1', "
                "'health_visitor', '2026-11-12T10:00:00.000Z', 'face_to_face_home', 'completed', "
                "'2026-11-12T11:00:00.000Z', '0001764000000002-00000000-seed', ?3)"),
            {visit.id.toUtf8(), family.id.toUtf8(), compact(toJson(visit))}) &&
        run(QStringLiteral(
                "INSERT INTO visit_children (visit_id, child_id, seen, seen_alone) VALUES (?1, ?2, 1, 0)"),
            {visit.id.toUtf8(), child.id.toUtf8()}) &&
        run(QStringLiteral(
                "INSERT INTO outbox (change_id, entity, entity_id, family_id, hlc, payload, created_at) "
                "VALUES ('change-v1', 'visit', ?1, ?2, '0001764000000002-00000000-seed', ?3, "
                "'2026-11-12T11:00:00.000Z')"),
            {visit.id.toUtf8(), family.id.toUtf8(), compact(toJson(visit))}) &&
        // Two more entries, answered by the server in versions before 4 (outboxStatesBeforeV4).
        run(QStringLiteral(
                "INSERT INTO outbox (change_id, entity, entity_id, family_id, hlc, payload, created_at) "
                "VALUES ('change-v1-sent', 'family', ?1, ?1, '0001764000000000-00000000-seed', ?2, "
                "'2026-11-12T11:00:00.000Z')"),
            {family.id.toUtf8(), compact(toJson(family))}) &&
        run(QStringLiteral(
                "INSERT INTO outbox (change_id, entity, entity_id, family_id, hlc, payload, created_at) "
                "VALUES ('change-v1-refused', 'child', ?1, ?2, '0001764000000001-00000000-seed', ?3, "
                "'2026-11-12T11:00:00.000Z')"),
            {child.id.toUtf8(), family.id.toUtf8(), compact(toJson(child))}) &&
        run(QStringLiteral("INSERT INTO audit (user_id, device_id, at, entity, entity_id, action, change_id) "
                           "VALUES ('user-1', 'device-1', '2026-11-12T11:00:00.000Z', 'visit', ?1, 'create', "
                           "'change-v1')"),
            {visit.id.toUtf8()});
    return ok ? 3 : -1;
}

// Version 2 added drafts: what version 1 wrote, and a draft beside it.
int seedVersion2(SqliteDatabase &db)
{
    const int records = seedVersion1(db);
    const bool drafted = db.exec(QStringLiteral("INSERT INTO drafts (key, payload, saved_at) VALUES "
                                                "('visit:child-v1', X'7B7D', '2026-11-12T11:00:00.000Z')"))
                             .ok();
    return drafted ? records : -1;
}

// Version 3 added field clocks and conflicts (field-by-field merge): what version 2 wrote, with
// the child's clocks and a conflict about its name.
int seedVersion3(SqliteDatabase &db)
{
    const int records = seedVersion2(db);
    const bool seeded =
        db.exec(QStringLiteral(
                    "INSERT INTO field_clocks (entity, entity_id, clocks) VALUES ('child', 'child-v1', "
                    "'{\"name\":[\"0001764000000001-00000000-seed\",\"\",\"\"]}');"
                    "INSERT INTO conflicts (entity, entity_id, family_id, field, losing_value, losing_hlc, "
                    "winning_value, winning_hlc, detected_at) VALUES ('child', 'child-v1', 'family-v1', "
                    "'name', '[\"Test Baby Earlier\"]', '0001764000000000-00000000-other', "
                    "'[\"Test Baby One\"]', '0001764000000001-00000000-seed', '2026-11-12T11:00:00.000Z')"))
            .ok();
    return seeded ? records : -1;
}

// Version 4 moved the outbox's state to outbox_unsent: what version 3 wrote, its answered entries
// as version 4 keeps them.
int seedVersion4(SqliteDatabase &db)
{
    const int records = seedVersion3(db);
    const bool seeded =
        db.exec(QStringLiteral(
                    "INSERT INTO outbox_unsent (seq) SELECT seq FROM outbox WHERE change_id = 'change-v1';"
                    "INSERT INTO outbox_unsent (seq, rejected, rejection_code, rejection_reason) SELECT seq, "
                    "1, 'invalid', 'Test reason' FROM outbox WHERE change_id = 'change-v1-refused';"
                    "UPDATE sqlite_sequence SET seq = 10 WHERE name = 'outbox'"))
            .ok();
    return seeded ? records : -1;
}

// Before version 4 the outbox row held its state: one entry acknowledged, one rejected, and
// numbers up to 10 used (as if later entries had gone), which the next entry must not reuse.
Seeder outboxStatesBeforeV4(Seeder seed)
{
    return [seed](SqliteDatabase &db) {
        const int records = seed(db);
        const bool marked =
            db.exec(QStringLiteral(
                        "UPDATE outbox SET state = 'acknowledged' WHERE change_id = 'change-v1-sent';"
                        "UPDATE outbox SET state = 'rejected', rejection_code = 'invalid', "
                        "rejection_reason = 'Test reason' WHERE change_id = 'change-v1-refused';"
                        "UPDATE sqlite_sequence SET seq = 10 WHERE name = 'outbox'"))
                .ok();
        return marked ? records : -1;
    };
}

// Index i seeds a store at schema version i + 1.
const QList<Seeder> &seeders()
{
    static const QList<Seeder> all = {outboxStatesBeforeV4(seedVersion1), outboxStatesBeforeV4(seedVersion2),
                                      outboxStatesBeforeV4(seedVersion3), seedVersion4};
    return all;
}

// SQLite 3.15 says "SCAN TABLE t" for a full scan; a covering or ordered index scan names the
// index ("SCAN TABLE t USING INDEX i"), a lookup says "SEARCH".
bool isFullScan(const QString &step)
{
    return step.startsWith(u"SCAN") && !step.contains(u"USING");
}

QStringList queryPlan(SqliteDatabase &db, const QString &sql)
{
    QStringList details;
    Result<SqliteStatement> plan = db.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + sql);
    if (!plan)
        return {QStringLiteral("error: ") + plan.error().message};
    for (;;) {
        const Result<bool> row = plan.value().step();
        if (!row || !row.value())
            break;
        details << plan.value().text(3);
    }
    return details;
}

} // namespace

class TestSchema : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everySeederIsWritten() { QCOMPARE(seeders().size(), latestSchemaVersion()); }

    void migratesFromEveryVersion_data()
    {
        QTest::addColumn<int>("version");
        for (int version = 1; version <= latestSchemaVersion(); ++version)
            QTest::addRow("from v%d", version) << version;
    }

    void migratesFromEveryVersion()
    {
        QFETCH(int, version);
        QTemporaryDir dir;
        auto opened =
            SqliteDatabase::open(dir.filePath(QStringLiteral("old.db")), SqliteDatabase::OpenMode::Create);
        QVERIFY(opened.ok());
        SqliteDatabase &db = *opened.value();
        QVERIFY(migrateSchema(db, version).ok());
        QCOMPARE(db.queryInteger(QStringLiteral("PRAGMA user_version")).value(), qint64(version));
        const int records = seeders().at(version - 1)(db);
        QVERIFY(records > 0);

        const Result<void> migrated = migrateSchema(db);
        QVERIFY2(migrated.ok(), migrated.ok() ? "" : qPrintable(migrated.error().message));
        QCOMPARE(db.queryInteger(QStringLiteral("PRAGMA user_version")).value(),
                 qint64(latestSchemaVersion()));

        Result<Caseload> caseload = RecordRepository(db).loadCaseload();
        QVERIFY(caseload.ok());
        const int loaded = int(caseload.value().families.size() + caseload.value().children.size() +
                               caseload.value().visits.size());
        QCOMPARE(loaded, records);
        QCOMPARE(caseload.value().visits.first().children.size(), 1);
        // The outbox's entries keep their state, and its numbering goes on.
        OutboxRepository outbox(db);
        QCOMPARE(outbox.pendingCount().value(), 1);
        QCOMPARE(outbox.unsentCount().value(), 2);
        const Result<QList<OutboxEntry>> entries = outbox.entries(10);
        QVERIFY(entries.ok());
        QCOMPARE(entries.value().size(), 2);
        QCOMPARE(entries.value().at(0).change.changeId, QStringLiteral("change-v1"));
        QVERIFY(!entries.value().at(0).rejected);
        QCOMPARE(entries.value().at(1).change.changeId, QStringLiteral("change-v1-refused"));
        QVERIFY(entries.value().at(1).rejected);
        QCOMPARE(entries.value().at(1).rejectionCode, QStringLiteral("invalid"));
        QCOMPARE(entries.value().at(1).rejectionReason, QStringLiteral("Test reason"));
        QVERIFY(outbox.holds(QStringLiteral("change-v1-sent")).value());
        Change next = entries.value().at(0).change;
        next.changeId = QStringLiteral("change-after-migration");
        QCOMPARE(outbox.append(next, QDateTime(QDate(2026, 11, 13), QTime(9, 0), Qt::UTC)).value(),
                 qint64(11));
        Result<SqliteStatement> check = db.prepare(QStringLiteral("PRAGMA integrity_check"));
        QVERIFY(check.ok());
        const Result<bool> checked = check.value().step();
        QVERIFY(checked.ok() && checked.value());
        QCOMPARE(check.value().text(0), QStringLiteral("ok"));
        // SQLite 3.15 has no pragma table functions: no row from the pragma means no violation.
        Result<SqliteStatement> foreignKeys = db.prepare(QStringLiteral("PRAGMA foreign_key_check"));
        QVERIFY(foreignKeys.ok());
        const Result<bool> violation = foreignKeys.value().step();
        QVERIFY(violation.ok());
        QVERIFY(!violation.value());
    }

    // The check above would see a query on a column with no index.
    void aFullScanIsSeen()
    {
        QTemporaryDir dir;
        auto created = Store::create(dir.filePath(QStringLiteral("profile")), fixtures::pin);
        QVERIFY(created.ok());
        const QStringList plan = queryPlan(StoreTesting::database(*created.value()),
                                           QStringLiteral("SELECT payload FROM visits WHERE outcome = ?1"));
        QVERIFY(!plan.isEmpty());
        QVERIFY2(std::any_of(plan.cbegin(), plan.cend(), isFullScan), qPrintable(plan.join(u" | ")));
    }

    // The caseload load reads every row once, in the table's own order: one pass over each
    // table and no temporary B-tree (the load sorts its small keys itself), so neither its time
    // nor its memory grows with the payloads sorted.
    void caseloadLoadSortsNothingInSql()
    {
        QTemporaryDir dir;
        auto created = Store::create(dir.filePath(QStringLiteral("profile")), fixtures::pin);
        QVERIFY(created.ok());
        QCOMPARE(RecordRepository::caseloadQueries().size(), 8);
        for (const RecordRepository::CaseloadQuery &load : RecordRepository::caseloadQueries()) {
            const QStringList plan = queryPlan(StoreTesting::database(*created.value()), load.sql);
            QCOMPARE(plan.size(), 1);
            QVERIFY2(plan.first().startsWith(u"SCAN TABLE"),
                     qPrintable(load.sql + QStringLiteral(" | ") + plan.join(u" | ")));
            QVERIFY2(!plan.first().contains(u"TEMP B-TREE"), qPrintable(plan.join(u" | ")));
        }
    }

    void lookupsUseIndexes_data()
    {
        QTest::addColumn<QString>("sql");
        // The lookups the store makes per record, per pulled change, for the chronology and the
        // outbox (flags are computed from the caseload in memory, whose load reads every row).
        const QStringList tables = {QStringLiteral("families"),    QStringLiteral("family_members"),
                                    QStringLiteral("children"),    QStringLiteral("visits"),
                                    QStringLiteral("child_views"), QStringLiteral("advocate_offers"),
                                    QStringLiteral("alerts"),      QStringLiteral("amendments")};
        for (const QString &table : tables)
            QTest::addRow("%s by id", qPrintable(table))
                << QStringLiteral("SELECT hlc, payload FROM %1 WHERE id = ?1").arg(table);
        QTest::addRow("visits of a child")
            << QStringLiteral("SELECT v.payload FROM visit_children vc JOIN visits v ON v.id = vc.visit_id "
                              "WHERE vc.child_id = ?1");
        QTest::addRow("views of a child")
            << QStringLiteral("SELECT payload FROM child_views WHERE child_id = ?1");
        QTest::addRow("offers of a family")
            << QStringLiteral("SELECT payload FROM advocate_offers WHERE family_id = ?1");
        QTest::addRow("alerts of a child") << QStringLiteral(
            "SELECT payload FROM alerts WHERE family_id = ?1 AND (child_id = ?2 OR child_id = '')");
        QTest::addRow("amendments of a record")
            << QStringLiteral("SELECT payload FROM amendments WHERE target_kind = ?1 AND target_id = ?2");
        QTest::addRow("outbox pending")
            << QStringLiteral("SELECT o.seq, o.payload FROM outbox_unsent u JOIN outbox o ON o.seq = u.seq "
                              "WHERE u.rejected = 0 ORDER BY u.seq LIMIT ?1");
        QTest::addRow("outbox unsent")
            << QStringLiteral("SELECT o.seq, o.payload FROM outbox_unsent u JOIN outbox o ON o.seq = u.seq "
                              "ORDER BY u.rejected, u.seq LIMIT ?1");
        QTest::addRow("outbox count")
            << QStringLiteral("SELECT count(*) FROM outbox_unsent WHERE rejected = 0");
        QTest::addRow("outbox acknowledge")
            << QStringLiteral("DELETE FROM outbox_unsent WHERE +rejected = 0 AND seq IN "
                              "(SELECT seq FROM outbox WHERE change_id IN (?1, ?2))");
        QTest::addRow("outbox reject")
            << QStringLiteral("INSERT OR REPLACE INTO outbox_unsent (seq, rejected, rejection_code, "
                              "rejection_reason) SELECT seq, 1, ?2, ?3 FROM outbox WHERE change_id = ?1");
        QTest::addRow("alerts due for review")
            << QStringLiteral("SELECT payload FROM alerts WHERE closed_on = '' AND review_on < ?1");
        QTest::addRow("draft of a form") << QStringLiteral("SELECT payload FROM drafts WHERE key = ?1");
        QTest::addRow("audit of a record")
            << QStringLiteral("SELECT action FROM audit WHERE entity = ?1 AND entity_id = ?2");
    }

    void lookupsUseIndexes()
    {
        QFETCH(QString, sql);
        QTemporaryDir dir;
        auto created = Store::create(dir.filePath(QStringLiteral("profile")), fixtures::pin);
        QVERIFY(created.ok());
        const QStringList plan = queryPlan(StoreTesting::database(*created.value()), sql);
        QVERIFY(!plan.isEmpty());
        for (const QString &step : plan) {
            QVERIFY2(!isFullScan(step),
                     qPrintable(QStringLiteral("%1\n  plan: %2").arg(sql, plan.join(u" | "))));
            QVERIFY2(!step.contains(u"TEMP B-TREE"), qPrintable(plan.join(u" | ")));
        }
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
