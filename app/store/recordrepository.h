// Reads and writes record rows (recordrows.h) in the open store: one row per record, visit
// children beside their visit, and the whole caseload back through the codec.
//
// Thread: the store's thread. Ownership: borrows the database; the caller owns transactions.
#pragma once

#include "app/store/recordrows.h"
#include "app/store/sqlitedatabase.h"
#include "core/domain.h"
#include "core/fieldmerge.h"
#include "core/result.h"

#include <QHash>

#include <optional>

namespace doorstep::store {

class RecordRepository
{
public:
    enum class Write {
        Insert,     // fails if the id exists
        InsertOnce, // leaves an existing row as it is
        Replace,    // overwrites an existing row
    };

    explicit RecordRepository(SqliteDatabase &db)
        : m_db(db)
    {}

    // The hlc of the stored row, or nullopt when there is none.
    Result<std::optional<QString>> storedHlc(const QString &table, const QString &id);
    // The household of a stored row (empty when the row is not there).
    Result<QString> familyOf(const QString &table, const QString &id);
    // The stored record's JSON, or nullopt when there is none.
    Result<std::optional<QJsonObject>> payload(const QString &table, const QString &id);
    // The JSON of every row `sql` selects (its first column must be the payload); `bind` are
    // text parameters ?1, ?2, ...
    Result<QList<QJsonObject>> payloads(const QString &sql, const QStringList &bind);
    // True when the row was written (InsertOnce on an existing id writes nothing). Replace on a
    // mutable record is a local edit: it writes the fields that differ from the stored record
    // and moves their clocks (mergeFields below), so field_clocks says what each edit wrote. A
    // field whose held clock is still ahead of the edit's (a pulled clock far ahead) keeps its
    // value, and the edit's value is kept as a conflict, never dropped.
    Result<bool> write(const RecordRow &row, const QString &hlc, Write mode);

    struct MergeOutcome
    {
        bool changed = false; // the stored record (or its clocks) changed
        QList<doorstep::FieldConflict> conflicts;
        // Fields the change wrote that kept another value (a held clock still ahead of it).
        QList<doorstep::FieldConflict> lost;
    };
    // Merges a change of a mutable record into the stored one field by field
    // (core/fieldmerge.h): `written` is what the change says it wrote, or nullopt for
    // every field that differs with the stored values taken as seen.
    Result<MergeOutcome> mergeFields(const RecordRow &row, const QString &hlc, const QString &changeId,
                                     const std::optional<QJsonObject> &written);
    // Deletes every record of the family, their field clocks and the family's conflicts.
    Result<void> dropFamily(const QString &familyId);
    // The fields a local edit stamped `hlc` wrote, each with its base (for the outbox).
    Result<QJsonObject> fieldsWrittenAt(const QString &entity, const QString &id, const QString &hlc);

    // Every record, decoded as the codec decodes it (core/recordcodec.h, StoredRecordDecoder:
    // the stored text read directly, repeated ids shared), each list in the order of its
    // query's key columns. A row that no longer decodes (written under older rules) is left out
    // and its id logged, so one bad row cannot hide a whole caseload.
    Result<Caseload> loadCaseload();

    // The statements loadCaseload runs, one per kind of record: `SELECT id, payload, <key
    // columns>` over the whole table with no ORDER BY (SQLite would sort every row with its
    // payload in a temporary B-tree); the load sorts the rows on the key columns' bytes as
    // ORDER BY would.
    struct CaseloadQuery
    {
        QString entity;
        QString sql;
        int keyColumns = 1;
    };
    static const QList<CaseloadQuery> &caseloadQueries();

private:
    Result<bool> writeRow(const RecordRow &row, const QString &hlc, Write mode);
    QString insertSql(const RecordRow &row, Write mode);
    Result<doorstep::FieldClocks> storedClocks(const QString &entity, const QString &id);

    SqliteDatabase &m_db;
    QHash<QString, QString> m_insertSql; // "table mode" -> INSERT statement
};

} // namespace doorstep::store
