// For tests only: reach a Store's database to inspect tables the API does not expose (audit),
// to simulate failures (a temporary trigger) or a newer schema (PRAGMA user_version); and, for
// the benchmark's baseline, the same store on a plain SQLite file with no key.
#pragma once

#include "app/store/keyvault.h"
#include "app/store/sqlitedatabase.h"
#include "app/store/store.h"

namespace doorstep::store {

struct StoreTesting
{
    static SqliteDatabase &database(Store &store);
    static const KeyVault &vault(Store &store);
    // The same schema, pragmas and code over an unencrypted file (no key at rest). Never for
    // real data: it exists so bench/ can measure what encryption costs.
    static Result<std::unique_ptr<Store>> createUnencrypted(const QString &profileDir,
                                                            Store::Clock clock = {});
};

} // namespace doorstep::store
