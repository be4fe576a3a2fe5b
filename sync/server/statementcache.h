// Prepared statements of one QtSql connection, kept by their SQL text so that a statement run
// for every pushed change is prepared once per connection instead of once per use (preparing
// was about a third of the server's work per change).
//
// Thread: the thread that owns the connection (connections are per thread, see
// Database::connection). Ownership: the cache owns its queries; a SqlStatement borrows one while
// its caller reads it and gives it back, finished, when it goes out of scope. Destroy the cache
// before its connection is closed.
#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace doorstep::server {

class StatementCache
{
public:
    StatementCache() = default;
    StatementCache(const StatementCache &) = delete;
    StatementCache &operator=(const StatementCache &) = delete;

    // The name of the `i`th placeholder of a statement the cache prepared: each "?" becomes
    // ":p<i>", because QtSql binds a value by name for some 300 instructions and by position for
    // some 2,000 (it formats the position's name each time). nullptr past the most it names: such
    // a statement keeps its "?"s, bind by position.
    static const QString *placeholderName(qsizetype i);

    // A prepared query for `sql` that nobody is using. nullptr with `error` empty: every cached
    // copy is in use (a statement run again while its rows are read), prepare one outside the
    // cache. nullptr with `error` set: preparing failed.
    QSqlQuery *acquire(const QSqlDatabase &db, const QString &sql, QString *error);
    // Ends the use of `query` (finish(): rows and SQLite read locks released). `discard`: it
    // failed, prepare it afresh next time.
    void release(QSqlQuery *query, bool discard);
    void clear();

private:
    struct Entry
    {
        std::unique_ptr<QSqlQuery> query;
        bool busy = false;
    };
    std::unordered_map<QString, std::vector<Entry>> m_entries;
};

// What runQuery answers: an executed query to read rows from, on loan from the connection's
// StatementCache (or its own when not cached). Read it through query() or the forwarding calls;
// it is finished and handed back when destroyed.
class SqlStatement
{
public:
    SqlStatement(StatementCache *cache, QSqlQuery *borrowed)
        : m_cache(cache)
        , m_borrowed(borrowed)
    {}
    explicit SqlStatement(QSqlQuery &&own)
        : m_own(std::move(own))
    {}
    SqlStatement(SqlStatement &&other) noexcept;
    SqlStatement &operator=(SqlStatement &&) = delete;
    SqlStatement(const SqlStatement &) = delete;
    SqlStatement &operator=(const SqlStatement &) = delete;
    ~SqlStatement();

    QSqlQuery &query() { return m_borrowed ? *m_borrowed : *m_own; }
    operator QSqlQuery &() { return query(); }
    bool next() { return query().next(); }
    QVariant value(int index) { return query().value(index); }
    int numRowsAffected() { return query().numRowsAffected(); }
    // Releases the rows now (the statement stays usable for the cache).
    void finish() { query().finish(); }

private:
    StatementCache *m_cache = nullptr;
    QSqlQuery *m_borrowed = nullptr;
    std::optional<QSqlQuery> m_own;
};

} // namespace doorstep::server
