#include "migrations.h"

#include "sqlitetransaction.h"
#include "store.h"

#include <QList>

#include <algorithm>

namespace doorstep::store {

namespace {

// Every record table keeps the record's JSON (core/recordcodec.h) in `payload`, which is what
// the store decodes; the other columns copy the fields that queries filter or sort on. `hlc` is
// the hybrid-logical-clock time of the last write, which decides last-writer-wins on a pull.
const char *const schemaV1 = R"sql(
CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    device_id TEXT NOT NULL,
    hlc_last TEXT NOT NULL DEFAULT '',
    identity TEXT NOT NULL DEFAULT '',
    signing_public_key BLOB,
    signing_secret_key BLOB,
    settings TEXT NOT NULL DEFAULT '',
    pull_cursor TEXT NOT NULL DEFAULT '',
    last_synced_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE families (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL,
    practitioner_id TEXT NOT NULL,
    moved_in_on TEXT NOT NULL,
    care_proceedings_started_on TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX families_practitioner ON families (practitioner_id);

CREATE TABLE family_members (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX family_members_family ON family_members (family_id);

CREATE TABLE children (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX children_family ON children (family_id);
CREATE INDEX children_date_of_birth ON children (date_of_birth);

CREATE TABLE visits (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    practitioner_id TEXT NOT NULL,
    practitioner_role TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    contact_type TEXT NOT NULL,
    outcome TEXT NOT NULL,
    signed_off_at TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX visits_family_time ON visits (family_id, occurred_at);

CREATE TABLE visit_children (
    visit_id TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    child_id TEXT NOT NULL,
    seen INTEGER NOT NULL,
    seen_alone INTEGER NOT NULL,
    PRIMARY KEY (visit_id, child_id)
) WITHOUT ROWID;
CREATE INDEX visit_children_child ON visit_children (child_id, visit_id);

CREATE TABLE child_views (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    visit_id TEXT NOT NULL,
    child_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX child_views_visit ON child_views (visit_id);
CREATE INDEX child_views_child ON child_views (child_id);

CREATE TABLE advocate_offers (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    offered_on TEXT NOT NULL,
    response TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX advocate_offers_family ON advocate_offers (family_id, member_id);

CREATE TABLE alerts (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    child_id TEXT NOT NULL,
    raised_on TEXT NOT NULL,
    review_on TEXT NOT NULL,
    closed_on TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX alerts_family ON alerts (family_id);
CREATE INDEX alerts_review ON alerts (closed_on, review_on);

CREATE TABLE amendments (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    made_at TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX amendments_target ON amendments (target_kind, target_id);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    at TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    change_id TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit (entity, entity_id);

-- seq is the device's deviceSeq: AUTOINCREMENT so a number is never reused.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    family_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acknowledged', 'rejected')),
    rejection_code TEXT NOT NULL DEFAULT '',
    rejection_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX outbox_state ON outbox (state, seq);
)sql";

// Version 2: unfinished forms (a visit half recorded when the app was closed or locked), kept
// inside the encrypted file so that a draft is as safe as a record. Local to the device: drafts
// never enter the outbox.
const char *const schemaV2 = R"sql(
CREATE TABLE drafts (
    key TEXT PRIMARY KEY NOT NULL,
    payload BLOB NOT NULL,
    saved_at TEXT NOT NULL
);
)sql";

// Version 3: field-by-field merge of mutable records (core/fieldmerge.h). The clocks
// of each field of a family, family member, child or alert (a record without a row here is read
// as if every field were written at the record's hlc); the values that lost a merge to a
// concurrent edit, for a person to review; and, in the outbox, the fields each change wrote
// with their bases, as sent to the server.
const char *const schemaV3 = R"sql(
CREATE TABLE field_clocks (
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    clocks TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;

CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    family_id TEXT NOT NULL,
    field TEXT NOT NULL,
    losing_value TEXT NOT NULL,
    losing_hlc TEXT NOT NULL,
    winning_value TEXT NOT NULL,
    winning_hlc TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    reviewed_at TEXT NOT NULL DEFAULT '',
    UNIQUE (entity, entity_id, field, losing_hlc)
);
CREATE INDEX conflicts_open ON conflicts (reviewed_at, id);

ALTER TABLE outbox ADD COLUMN fields TEXT NOT NULL DEFAULT '';
)sql";

// Version 4: what the server has not answered yet, in a narrow table of its own. Marking a batch
// sent rewrote each whole outbox row, payload and all, and re-encrypted every page they were on;
// now it deletes a few words a change. An entry with no row here is acknowledged: the outbox row
// is the change as made, never written again. The outbox is rebuilt without its state columns
// (SQLite 3.15 cannot drop a column), its numbering carried over so that no number is reused.
const char *const schemaV4 = R"sql(
CREATE TABLE outbox_unsent (
    seq INTEGER PRIMARY KEY,
    rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected IN (0, 1)),
    rejection_code TEXT NOT NULL DEFAULT '',
    rejection_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_unsent_rejected ON outbox_unsent (rejected);
INSERT INTO outbox_unsent (seq, rejected, rejection_code, rejection_reason)
    SELECT seq, state = 'rejected', rejection_code, rejection_reason FROM outbox
    WHERE state IN ('pending', 'rejected');

CREATE TABLE outbox_v4 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    family_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    payload TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
INSERT INTO outbox_v4 (seq, change_id, entity, entity_id, family_id, hlc, payload, fields, created_at)
    SELECT seq, change_id, entity, entity_id, family_id, hlc, payload, fields, created_at FROM outbox;
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_v4', seq FROM sqlite_sequence
    WHERE name = 'outbox' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox_v4');
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'outbox'))
    WHERE name = 'outbox_v4';
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
)sql";

// Index i holds the SQL that takes the schema from version i to version i + 1.
const QList<const char *> &steps()
{
    static const QList<const char *> all = {schemaV1, schemaV2, schemaV3, schemaV4};
    return all;
}

} // namespace

int latestSchemaVersion()
{
    return int(steps().size());
}

Result<void> migrateSchema(SqliteDatabase &db)
{
    return migrateSchema(db, latestSchemaVersion());
}

Result<void> migrateSchema(SqliteDatabase &db, int targetVersion)
{
    const Result<qint64> current = db.queryInteger(QStringLiteral("PRAGMA user_version"));
    if (!current)
        return current.error();
    if (current.value() > latestSchemaVersion()) {
        return makeError(Store::NewerVersion,
                         QStringLiteral("This store was written by a newer version of Doorstep "
                                        "(schema %1; this version knows up to %2). Update the app "
                                        "to open it.")
                             .arg(current.value())
                             .arg(latestSchemaVersion()));
    }
    for (qint64 version = current.value(); version < std::min(targetVersion, latestSchemaVersion());
         ++version) {
        SqliteTransaction transaction(db);
        if (!transaction.begun())
            return transaction.begun().error();
        if (Result<void> ran = db.exec(QString::fromUtf8(steps().at(version))); !ran)
            return ran.error();
        if (Result<void> set = db.exec(QStringLiteral("PRAGMA user_version = %1").arg(version + 1)); !set)
            return set.error();
        if (Result<void> committed = transaction.commit(); !committed)
            return committed.error();
    }
    return {};
}

} // namespace doorstep::store
