// A database transaction that rolls back unless committed, on the calling thread's connection.
#pragma once

#include "database.h"

namespace doorstep::server {

class Transaction
{
public:
    Transaction(const Database &database, QSqlDatabase &db)
        : m_database(database)
        , m_db(db)
    {}
    ~Transaction()
    {
        if (m_open)
            m_database.rollback(m_db);
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    Result<void> begin() { return opened(m_database.begin(m_db)); }
    // For writes to the change log: see Database::beginWrite.
    Result<void> beginWrite() { return opened(m_database.beginWrite(m_db)); }
    Result<void> commit()
    {
        m_open = false;
        return m_database.commit(m_db);
    }

private:
    Result<void> opened(Result<void> begun)
    {
        m_open = begun.ok();
        return begun;
    }

    const Database &m_database;
    QSqlDatabase &m_db;
    bool m_open = false;
};

} // namespace doorstep::server
