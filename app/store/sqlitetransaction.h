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
    // What a commit promises once it returns.
    enum class Durability {
        // On disk (the write-ahead log synced): it survives power loss. Everything a person
        // records.
        Synced,
        // Survives the app being killed; power loss just after may roll it back, never part of
        // it. Only for what the server holds and gives again: a pulled page with its cursor (the
        // page is pulled again), a batch marked sent (the server answers a resend as already
        // applied). Any later synced commit syncs it too (the log is synced whole), so a record
        // saved after a pull never outlives the pull it was based on.
        RecoverableFromServer,
    };

    explicit SqliteTransaction(SqliteDatabase &db, Durability durability = Durability::Synced);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;

    // Success, or why BEGIN failed (then nothing must be written).
    const Result<void> &begun() const { return m_begun; }
    Result<void> commit();

private:
    SqliteDatabase &m_db;
    const Durability m_durability;
    Result<void> m_begun;
    bool m_committed = false;
};

} // namespace doorstep::store
