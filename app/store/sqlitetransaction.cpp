#include "sqlitetransaction.h"

namespace doorstep::store {

namespace {

// SQLite takes the setting outside a transaction only; the store's own is FULL
// (encrypteddatabase.cpp), and NORMAL in write-ahead-log mode syncs at checkpoints, not commits.
Result<void> beginWith(SqliteDatabase &db, SqliteTransaction::Durability durability)
{
    if (durability == SqliteTransaction::Durability::RecoverableFromServer) {
        if (Result<void> set = db.exec(QStringLiteral("PRAGMA synchronous = NORMAL")); !set)
            return set;
    }
    return db.exec(QStringLiteral("BEGIN IMMEDIATE"));
}

} // namespace

SqliteTransaction::SqliteTransaction(SqliteDatabase &db, Durability durability)
    : m_db(db)
    , m_durability(durability)
    , m_begun(beginWith(db, durability))
{}

SqliteTransaction::~SqliteTransaction()
{
    // A failed COMMIT can leave the transaction open: roll back whatever is left of ours.
    if (m_begun.ok() && !m_committed && m_db.inTransaction())
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
    // Every other commit on this connection is synced again. Setting it cannot fail on an open
    // connection outside a transaction.
    if (m_durability != Durability::Synced && !m_db.inTransaction())
        (void)m_db.exec(QStringLiteral("PRAGMA synchronous = FULL"));
}

Result<void> SqliteTransaction::commit()
{
    if (!m_begun.ok())
        return m_begun;
    if (m_committed)
        return {};
    Result<void> committed = m_db.exec(QStringLiteral("COMMIT"));
    m_committed = committed.ok();
    return committed;
}

} // namespace doorstep::store
