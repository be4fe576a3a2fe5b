// Store's private state, shared by the files that implement it (store.cpp: lifecycle, PIN and
// meta; storesaves.cpp: local edits; storesync.cpp: outbox and pulls).
#pragma once

#include "app/store/keyvault.h"
#include "app/store/recordrepository.h"
#include "app/store/recordrows.h"
#include "app/store/sqlitedatabase.h"
#include "app/store/store.h"
#include "core/hlc.h"
#include "platform/keyrest.h"

#include <QLoggingCategory>

#include <memory>
#include <optional>

namespace doorstep::store {

Q_DECLARE_LOGGING_CATEGORY(lcStore)

struct Store::Private
{
    Private(QString profileDir, QString deviceId, Clock clock, KeyVault vault,
            std::unique_ptr<SqliteDatabase> db, HlcTimestamp lastHlc,
            std::unique_ptr<platform::KeyRest> keyRest)
        : profileDir(std::move(profileDir))
        , deviceId(deviceId)
        , clock(std::move(clock))
        , vault(std::move(vault))
        , db(std::move(db))
        , hlc(std::move(deviceId), std::move(lastHlc))
        , keyRest(std::move(keyRest))
    {
        // The tables Store::caseload() reads (visit_children, WITHOUT ROWID, changes only with
        // its visit).
        QList<QByteArray> recordTables;
        for (const RecordRepository::CaseloadQuery &load : RecordRepository::caseloadQueries())
            recordTables.append(tableFor(load.entity).toUtf8());
        this->db->watchWritesTo(std::move(recordTables));
    }

    QDateTime now() const { return clock(); }

    // Writes a validated local record, its audit entry and its outbox change in one
    // transaction. Append-only records refuse an id that is already stored.
    Result<QString> saveLocal(const RecordRow &row);

    QString profileDir;
    QString deviceId;
    QString userId; // from the identity; stamped on audit entries
    Clock clock;
    KeyVault vault;
    std::unique_ptr<SqliteDatabase> db;
    HybridClock hlc;
    std::unique_ptr<platform::KeyRest> keyRest;
    // Store::caseload()'s last answer, and the record writes it had seen.
    mutable std::optional<Caseload> caseload;
    mutable quint64 caseloadAtWrites = 0;
};

} // namespace doorstep::store
