// The store's schema as forward-only migrations in code, numbered by PRAGMA user_version.
// Version 1 is the first schema; a later change adds version 2 below it and never edits an
// earlier one. SQL is for SQLite 3.15 (SQLCipher 3.4.1): no UPSERT, no JSON functions.
//
// Thread: the store's thread, on an open, keyed database.
#pragma once

#include "app/store/sqlitedatabase.h"
#include "core/result.h"

namespace doorstep::store {

// The newest schema this code knows.
int latestSchemaVersion();

// Brings the database up to latestSchemaVersion(), each step in its own transaction. A
// database newer than this code is refused with Store::NewerVersion and left untouched.
Result<void> migrateSchema(SqliteDatabase &db);
// The same, stopping at `targetVersion` (at most latestSchemaVersion()): for tests that build a
// store as an earlier version wrote it, fill it, then migrate it to the latest.
Result<void> migrateSchema(SqliteDatabase &db, int targetVersion);

} // namespace doorstep::store
