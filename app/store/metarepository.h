// The store's single meta row: device id, the hybrid logical clock's last timestamp, the device
// identity (with the signing secret key, which therefore rests only inside the encrypted file),
// the rule settings as JSON, the pull cursor and when the last sync finished.
//
// Thread: the store's thread. Ownership: borrows the database; the caller owns transactions.
#pragma once

#include "app/store/sqlitedatabase.h"
#include "app/store/store.h"
#include "core/result.h"

#include <optional>

namespace doorstep::store {

class MetaRepository
{
public:
    enum class Field { DeviceId, HlcLast, Settings, PullCursor, LastSyncedAt };

    explicit MetaRepository(SqliteDatabase &db)
        : m_db(db)
    {}

    Result<void> initialise(const QString &deviceId);
    Result<QString> text(Field field);
    Result<void> setText(Field field, const QString &value);

    Result<std::optional<DeviceIdentity>> identity();
    Result<void> setIdentity(const DeviceIdentity &identity);

private:
    SqliteDatabase &m_db;
};

} // namespace doorstep::store
