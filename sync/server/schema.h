// The server's tables, as SQL for each engine. The statements differ only where the engines'
// types or DDL do; every query the server runs against them is shared.
#pragma once

#include <QStringList>

#include <functional>

namespace doorstep::server {

QStringList sqliteSchema();
QStringList postgresSchema();

// Later migrations, run after the schema above on every start (each statement is safe to
// repeat): 2, each change carries its family's current scope (team_id, practitioner_id, kept in
// step with family_scope by the change log), so that a pull reads its scope's changes through an
// index on (scope, seq) instead of walking the whole log in seq order; 3, the old whole-record
// `conflicts` table is dropped and field_conflicts gains reviewed_by. SQLite has no ADD COLUMN IF
// NOT EXISTS: `hasColumn(table, column)` says whether a column is there already.
QStringList sqliteMigrations(const std::function<bool(const QString &, const QString &)> &hasColumn);
QStringList postgresMigrations();
// SQLite: one row when table ? has column ?.
QString sqliteColumnQuery();

} // namespace doorstep::server
