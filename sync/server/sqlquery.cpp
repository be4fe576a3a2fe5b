#include "sqlquery.h"

#include "database.h"
#include "writeturn.h"

#include <QSqlDriver>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace doorstep::server {

Error storageError(const QString &purpose, const QString &detail)
{
    return makeError(u"storage"_s, detail.isEmpty()
                                       ? u"The server's database failed while %1."_s.arg(purpose)
                                       : u"The server's database failed while %1: %2"_s.arg(purpose, detail));
}

namespace {

bool isWrite(const QString &sql)
{
    return sql.startsWith("INSERT "_L1) || sql.startsWith("UPDATE "_L1) || sql.startsWith("DELETE "_L1);
}

// Statements PostgreSQL can prepare (not transaction control or DDL), and the ones worth keeping.
bool cacheable(const QString &sql)
{
    return sql.startsWith("SELECT "_L1) || isWrite(sql);
}

} // namespace

Result<SqlStatement> runQuery(QSqlDatabase &db, const QString &sql, const QVariantList &values,
                              const QString &purpose)
{
    // A write outside a transaction on SQLite is a transaction of its own: it queues for the
    // process's write turn like the others (inside a transaction this thread holds it already).
    const WriteTurn::Scope turn(db.driver()->dbmsType() == QSqlDriver::SQLite && isWrite(sql));
    if (StatementCache *cache = cacheable(sql) ? Database::statementCache(db) : nullptr) {
        QString error;
        if (QSqlQuery *query = cache->acquire(db, sql, &error)) {
            if (StatementCache::placeholderName(values.size() - 1)) {
                for (qsizetype i = 0; i < values.size(); ++i)
                    query->bindValue(*StatementCache::placeholderName(i), values.at(i));
            } else {
                for (qsizetype i = 0; i < values.size(); ++i)
                    query->bindValue(int(i), values.at(i));
            }
            if (!query->exec()) {
                const QString text = query->lastError().text();
                cache->release(query, true);
                return storageError(purpose, text);
            }
            return SqlStatement(cache, query);
        }
        if (!error.isEmpty())
            return storageError(purpose, error);
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // PostgreSQL cannot prepare transaction control or DDL; statements without values run as
    // they are.
    if (values.isEmpty()) {
        if (!query.exec(sql))
            return storageError(purpose, query.lastError().text());
        return SqlStatement(std::move(query));
    }
    if (!query.prepare(sql))
        return storageError(purpose, query.lastError().text());
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return storageError(purpose, query.lastError().text());
    return SqlStatement(std::move(query));
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

QVariant nullInteger()
{
    return QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace doorstep::server
