// Reads and writes record rows (recordrows.h) in the open store: one row per record, visit
// children beside their visit, and the whole caseload back through the codec.
//
// Thread: the store's thread. Ownership: borrows the database; the caller owns transactions.
#pragma once

#include "app/store/recordrows.h"
#include "app/store/sqlitedatabase.h"
#include "core/domain.h"
#include "core/result.h"

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
    // True when the row was written (InsertOnce on an existing id writes nothing).
    Result<bool> write(const RecordRow &row, const QString &hlc, Write mode);

    // Every record, decoded with the codec. A row that no longer decodes (written under older
    // rules) is left out and its id logged, so one bad row cannot hide a whole caseload.
    Result<Caseload> loadCaseload();

private:
    SqliteDatabase &m_db;
};

} // namespace doorstep::store
