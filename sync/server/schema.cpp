#include "schema.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

// %1 is the type for a 64-bit integer; the rest is standard SQL both engines accept.
QStringList schemaWith(const QString &integer)
{
    const QStringList statements{
        u"CREATE TABLE IF NOT EXISTS teams ("
        u" id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at %1 NOT NULL)"_s,

        u"CREATE TABLE IF NOT EXISTS users ("
        u" id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
        u" team_id TEXT NOT NULL REFERENCES teams(id), created_at %1 NOT NULL)"_s,

        // Codes are kept only as SHA-256 hashes: a copy of the database enrols nobody.
        u"CREATE TABLE IF NOT EXISTS enrolment_codes ("
        u" code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),"
        u" created_at %1 NOT NULL, expires_at %1 NOT NULL, used_at %1, used_by_device TEXT)"_s,

        // pulled_seq: the cursor the device last pulled from, i.e. what it has committed. A
        // change the device pushes without having seen a newer one is concurrent with it.
        u"CREATE TABLE IF NOT EXISTS devices ("
        u" id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), public_key TEXT NOT NULL,"
        u" name TEXT NOT NULL, enrolled_at %1 NOT NULL, last_seen_at %1,"
        u" pulled_seq %1 NOT NULL DEFAULT 0, revoked_at %1)"_s,

        // The highest deviceSeq answered (accepted or rejected) for each device, with every lower
        // one answered too: a push that skips numbers is refused as a gap.
        u"CREATE TABLE IF NOT EXISTS device_sequences ("
        u" device_id TEXT PRIMARY KEY, answered_seq %1 NOT NULL)"_s,

        // Each device's last sync (its last pull) and how many changes it said were waiting on
        // it then: the freshness of the coverage report.
        u"CREATE TABLE IF NOT EXISTS device_sync ("
        u" device_id TEXT PRIMARY KEY, synced_at %1 NOT NULL, unsynced %1 NOT NULL)"_s,

        u"CREATE TABLE IF NOT EXISTS nonces ("
        u" device_id TEXT NOT NULL, nonce TEXT NOT NULL, seen_at %1 NOT NULL,"
        u" PRIMARY KEY (device_id, nonce))"_s,
        u"CREATE INDEX IF NOT EXISTS nonces_seen_at ON nonces (seen_at)"_s,

        // One row; writers lock it first, so sequence numbers are handed out and committed in
        // the same order.
        u"CREATE TABLE IF NOT EXISTS change_sequence (id INTEGER PRIMARY KEY, last_seq %1 NOT NULL)"_s,
        u"INSERT INTO change_sequence (id, last_seq) VALUES (1, 0) ON CONFLICT DO NOTHING"_s,

        u"CREATE TABLE IF NOT EXISTS changes ("
        u" seq %1 PRIMARY KEY, change_id TEXT NOT NULL UNIQUE, device_id TEXT NOT NULL,"
        u" device_seq %1 NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,"
        u" family_id TEXT NOT NULL, hlc TEXT NOT NULL, payload TEXT NOT NULL, received_at %1 NOT NULL)"_s,
        u"CREATE INDEX IF NOT EXISTS changes_family ON changes (family_id, seq)"_s,

        // The current value of each record: the change that wins by HLC. An append-only record
        // is its first change for good, so its payload is read from that change (seq) and kept
        // here as '' rather than a second copy (rows stored before that keep theirs).
        u"CREATE TABLE IF NOT EXISTS records ("
        u" entity TEXT NOT NULL, entity_id TEXT NOT NULL, family_id TEXT NOT NULL, hlc TEXT NOT NULL,"
        u" change_id TEXT NOT NULL, seq %1 NOT NULL, device_id TEXT NOT NULL, payload TEXT NOT NULL,"
        u" PRIMARY KEY (entity, entity_id))"_s,
        u"CREATE INDEX IF NOT EXISTS records_family ON records (family_id)"_s,

        // Per-field clocks of mutable records (core/fieldmerge.h), as JSON.
        u"CREATE TABLE IF NOT EXISTS record_clocks ("
        u" entity TEXT NOT NULL, entity_id TEXT NOT NULL, clocks TEXT NOT NULL,"
        u" PRIMARY KEY (entity, entity_id))"_s,

        // What each change of a mutable record wrote (its "fields"), sent with it on pull so
        // that devices merge exactly as the server did.
        u"CREATE TABLE IF NOT EXISTS change_fields (change_id TEXT PRIMARY KEY, fields TEXT NOT NULL)"_s,

        // Field values that lost the field merge to a concurrent write, beside the winner.
        // Values are JSON arrays of one element ([] for a cleared field). reviewed_by (the user
        // who marked it reviewed) is added by migration 3.
        u"CREATE TABLE IF NOT EXISTS field_conflicts ("
        u" entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL, losing_hlc TEXT NOT NULL,"
        u" family_id TEXT NOT NULL, losing_change_id TEXT NOT NULL, losing_value TEXT NOT NULL,"
        u" winning_hlc TEXT NOT NULL, winning_change_id TEXT NOT NULL, winning_value TEXT NOT NULL,"
        u" detected_at %1 NOT NULL, reviewed_at %1,"
        u" PRIMARY KEY (entity, entity_id, field, losing_hlc))"_s,

        // Families that changed practitioner or team, numbered in the change log's sequence (the
        // change that moved them), so that pulls tell the old side to drop them and the new side
        // to fetch their history.
        u"CREATE TABLE IF NOT EXISTS family_moves ("
        u" seq %1 PRIMARY KEY, family_id TEXT NOT NULL, hlc TEXT NOT NULL,"
        u" from_practitioner TEXT NOT NULL, from_team TEXT NOT NULL,"
        u" to_practitioner TEXT NOT NULL, to_team TEXT NOT NULL)"_s,
        u"CREATE INDEX IF NOT EXISTS family_moves_family ON family_moves (family_id)"_s,

        u"CREATE TABLE IF NOT EXISTS family_scope ("
        u" family_id TEXT PRIMARY KEY, team_id TEXT NOT NULL, practitioner_id TEXT NOT NULL)"_s,
        u"CREATE INDEX IF NOT EXISTS family_scope_team ON family_scope (team_id)"_s,
        u"CREATE INDEX IF NOT EXISTS family_scope_practitioner ON family_scope (practitioner_id)"_s,

        u"CREATE TABLE IF NOT EXISTS rule_settings ("
        u" id INTEGER PRIMARY KEY, settings TEXT NOT NULL, updated_at %1 NOT NULL)"_s,
    };
    QStringList result;
    for (const QString &statement : statements)
        result.append(QString(statement).replace(u"%1"_s, integer));
    return result;
}

// Migration 2 fills the scope of changes that have none (those stored before it) and indexes
// it. Also an index by device for a device's first push (its highest stored deviceSeq) and the
// server's own clock, which otherwise read the whole log.
// Migration 3: the whole-record `conflicts` table, superseded by field_conflicts and never
// written since, is dropped; a field conflict records who reviewed it.
QStringList afterColumns()
{
    return {
        u"UPDATE changes SET"
        u" team_id = (SELECT f.team_id FROM family_scope f WHERE f.family_id = changes.family_id),"
        u" practitioner_id = (SELECT f.practitioner_id FROM family_scope f WHERE f.family_id = "
        u"changes.family_id)"
        u" WHERE practitioner_id IS NULL"_s,
        u"CREATE INDEX IF NOT EXISTS changes_practitioner ON changes (practitioner_id, seq)"_s,
        u"CREATE INDEX IF NOT EXISTS changes_team ON changes (team_id, seq)"_s,
        u"CREATE INDEX IF NOT EXISTS changes_device ON changes (device_id, device_seq)"_s,
        u"DROP TABLE IF EXISTS conflicts"_s,
    };
}

// The columns later migrations add: table, column, type.
struct AddedColumn
{
    QString table;
    QString column;
    QString type;
};

QList<AddedColumn> addedColumns()
{
    return {
        {u"changes"_s, u"team_id"_s, u"TEXT"_s},
        {u"changes"_s, u"practitioner_id"_s, u"TEXT"_s},
        {u"field_conflicts"_s, u"reviewed_by"_s, u"TEXT"_s},
    };
}

} // namespace

QStringList sqliteMigrations(const std::function<bool(const QString &, const QString &)> &hasColumn)
{
    QStringList statements;
    for (const AddedColumn &added : addedColumns()) {
        if (!hasColumn(added.table, added.column))
            statements << u"ALTER TABLE %1 ADD COLUMN %2 %3"_s.arg(added.table, added.column, added.type);
    }
    return statements + afterColumns();
}

QStringList postgresMigrations()
{
    QStringList statements;
    for (const AddedColumn &added : addedColumns())
        statements << u"ALTER TABLE %1 ADD COLUMN IF NOT EXISTS %2 %3"_s.arg(added.table, added.column,
                                                                             added.type);
    return statements + afterColumns();
}

QString sqliteColumnQuery()
{
    return u"SELECT 1 FROM pragma_table_info(?) WHERE name = ?"_s;
}

QStringList sqliteSchema()
{
    return schemaWith(u"INTEGER"_s);
}

QStringList postgresSchema()
{
    return schemaWith(u"BIGINT"_s);
}

} // namespace doorstep::server
