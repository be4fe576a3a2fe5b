// For tests only: reach a Store's database to inspect tables the API does not expose (audit),
// to simulate failures (a temporary trigger) or a newer schema (PRAGMA user_version).
#pragma once

#include "app/store/keyvault.h"
#include "app/store/sqlitedatabase.h"
#include "app/store/store.h"

namespace doorstep::store {

struct StoreTesting
{
    static SqliteDatabase &database(Store &store);
    static const KeyVault &vault(Store &store);
};

} // namespace doorstep::store
