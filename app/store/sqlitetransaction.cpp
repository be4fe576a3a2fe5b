#include "sqlitetransaction.h"

namespace doorstep::store {

SqliteTransaction::SqliteTransaction(SqliteDatabase &db)
    : m_db(db)
    , m_begun(db.exec(QStringLiteral("BEGIN IMMEDIATE")))
{}

SqliteTransaction::~SqliteTransaction()
{
    // A failed COMMIT can leave the transaction open: roll back whatever is left of ours.
    if (m_begun.ok() && !m_committed && m_db.inTransaction())
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
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
