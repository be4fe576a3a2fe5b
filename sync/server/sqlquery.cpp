#include "sqlquery.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace doorstep::server {

Error storageError(const QString &purpose, const QString &detail)
{
    return makeError(u"storage"_s, detail.isEmpty()
                                       ? u"The server's database failed while %1."_s.arg(purpose)
                                       : u"The server's database failed while %1: %2"_s.arg(purpose, detail));
}

Result<QSqlQuery> runQuery(QSqlDatabase &db, const QString &sql, const QVariantList &values,
                           const QString &purpose)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // PostgreSQL cannot prepare transaction control or DDL; statements without values run as
    // they are.
    if (values.isEmpty()) {
        if (!query.exec(sql))
            return storageError(purpose, query.lastError().text());
        return query;
    }
    if (!query.prepare(sql))
        return storageError(purpose, query.lastError().text());
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return storageError(purpose, query.lastError().text());
    return query;
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
