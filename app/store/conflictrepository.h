// The conflicts table: field values that lost a field-by-field merge (core/fieldmerge.h)
// to a concurrent edit, kept beside the winner until a person marks them reviewed.
//
// Thread: the store's thread. Ownership: borrows the database; the caller owns transactions.
#pragma once

#include "app/store/sqlitedatabase.h"
#include "app/store/store.h"
#include "core/fieldmerge.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>

namespace doorstep::store {

class ConflictRepository
{
public:
    explicit ConflictRepository(SqliteDatabase &db)
        : m_db(db)
    {}

    // The same conflict found again (a page pulled twice) is kept once.
    Result<void> keep(const QString &entity, const QString &entityId, const QString &familyId,
                      const doorstep::FieldConflict &conflict, const QDateTime &detectedAt);
    Result<QList<Conflict>> list(bool includeReviewed);
    Result<int> openCount();
    // False when there is no such conflict.
    Result<bool> markReviewed(qint64 id, const QDateTime &at);

private:
    SqliteDatabase &m_db;
};

} // namespace doorstep::store
