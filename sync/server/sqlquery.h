// Small helpers over QSqlQuery: run a statement with bound values and turn a failure into an
// Error that names the statement's purpose, never the values (they may be names or codes).
#pragma once

#include "statementcache.h"

#include "core/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>
#include <QVariantList>

namespace doorstep::server {

// Prepares `sql` (once per connection: see StatementCache), binds `values` in order and executes
// it. `purpose` goes into the error. Keep the answer only while reading its rows.
Result<SqlStatement> runQuery(QSqlDatabase &db, const QString &sql, const QVariantList &values,
                              const QString &purpose);

// A null of the right type for binding (QPSQL needs to know the type of a null).
QVariant nullText();
QVariant nullInteger();
inline QVariant textOrNull(const QString &text)
{
    return text.isNull() ? nullText() : QVariant(text);
}

Error storageError(const QString &purpose, const QString &detail = {});

} // namespace doorstep::server
