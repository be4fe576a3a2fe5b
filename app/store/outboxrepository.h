// The outbox: changes made on this device, in the order made. The row number is the change's
// deviceSeq. Entries stay after the server answers: acknowledged ones drop out of every list,
// rejected ones are kept with the server's reason so a person can see them. The change itself
// (table outbox) is written once; whether it is pending or rejected is a row of outbox_unsent,
// which acknowledging deletes (migrations.cpp, version 4).
//
// Thread: the store's thread. Ownership: borrows the database; the caller owns transactions.
#pragma once

#include "app/store/sqlitedatabase.h"
#include "app/store/store.h"
#include "core/change.h"
#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace doorstep::store {

class OutboxRepository
{
public:
    explicit OutboxRepository(SqliteDatabase &db)
        : m_db(db)
    {}

    // Adds a pending change and returns its deviceSeq (change.deviceSeq is ignored).
    Result<qint64> append(const Change &change, const QDateTime &createdAt);
    // `fields` (optional) receives the fields each mutable record's change wrote, by change id.
    Result<QList<Change>> pending(int limit, QHash<QString, QJsonObject> *fields = nullptr);
    // The same changes as the outbox keeps them, for a push body made of the stored texts
    // (protocol::pushBody) instead of parsed and encoded again: each change's payload is left
    // empty and its JSON text appended to `payloadTexts`; `fieldsTexts` (optional) receives the
    // JSON text of the fields each change wrote (empty for an append-only record). Only changes
    // numbered after `afterSeq`: the batch after one still waiting for its answer.
    Result<QList<Change>> pendingTexts(int limit, QList<QByteArray> *payloadTexts,
                                       QList<QByteArray> *fieldsTexts = nullptr, qint64 afterSeq = 0);
    Result<QList<OutboxEntry>> entries(int limit); // pending oldest first, then rejected
    Result<int> pendingCount();
    // Pending and rejected: every change the server does not hold.
    Result<int> unsentCount();
    // Ids the outbox does not hold, or no longer holds as pending, are passed over: a resent
    // batch may be acknowledged twice.
    Result<void> markAcknowledged(const QStringList &changeIds);
    // Puts every answered change numbered `deviceSeq` or higher back to pending (the server has
    // lost them: restored from an older copy). Returns how many.
    Result<int> requeueFrom(qint64 deviceSeq);
    // A rejected change back to pending, as it was; false when no rejected change has that id.
    Result<bool> resubmit(const QString &changeId);
    // False when no change has that id.
    Result<bool> markRejected(const QString &changeId, const QString &code, const QString &reason);
    // Whether this outbox holds (in any state) the change with that id: a store restored from an
    // older backup does not hold what it wrote after the backup.
    Result<bool> holds(const QString &changeId);

private:
    Result<QList<Change>> readPending(int limit, QHash<QString, QJsonObject> *fields,
                                      QList<QByteArray> *payloadTexts, QList<QByteArray> *fieldsTexts,
                                      qint64 afterSeq = 0);

    SqliteDatabase &m_db;
};

} // namespace doorstep::store
