// A transaction on a SqliteDatabase: BEGIN IMMEDIATE on construction, ROLLBACK on destruction
// unless commit() succeeded, so every early return leaves the database as it was.
//
// Thread: the database's thread. Ownership: borrows the database, which must outlive it.
#pragma once

#include "app/store/sqlitedatabase.h"
#include "core/result.h"

namespace doorstep::store {

class SqliteTransaction
{
public:
    explicit SqliteTransaction(SqliteDatabase &db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;

    // Success, or why BEGIN failed (then nothing must be written).
    const Result<void> &begun() const { return m_begun; }
    Result<void> commit();

private:
    SqliteDatabase &m_db;
    Result<void> m_begun;
    bool m_committed = false;
};

} // namespace doorstep::store
