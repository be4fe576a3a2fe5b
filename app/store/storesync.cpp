// What the sync engine needs: the outbox in deviceSeq order, the server's answers, and pulled
// changes applied with the cursor in one transaction.
#include "store.h"

#include "auditlog.h"
#include "conflictrepository.h"
#include "metarepository.h"
#include "outboxrepository.h"
#include "recordrepository.h"
#include "sqlitetransaction.h"
#include "storeprivate.h"

#include <QJsonDocument>

namespace doorstep::store {

QList<OutboxEntry> Store::outbox(int limit) const
{
    Result<QList<OutboxEntry>> entries = OutboxRepository(*d->db).entries(limit);
    if (!entries) {
        qCWarning(lcStore, "Could not read the outbox: %s", qUtf8Printable(entries.error().code));
        return {};
    }
    return std::move(entries).value();
}

QList<Change> Store::pendingChanges(int limit, QHash<QString, QJsonObject> *writtenFields) const
{
    Result<QList<Change>> changes = OutboxRepository(*d->db).pending(limit, writtenFields);
    if (!changes) {
        qCWarning(lcStore, "Could not read the outbox: %s", qUtf8Printable(changes.error().code));
        return {};
    }
    return std::move(changes).value();
}

QList<Change> Store::pendingChangeTexts(int limit, QList<QByteArray> *payloadTexts,
                                        QList<QByteArray> *fieldsTexts, qint64 afterSeq) const
{
    Result<QList<Change>> changes =
        OutboxRepository(*d->db).pendingTexts(limit, payloadTexts, fieldsTexts, afterSeq);
    if (!changes) {
        qCWarning(lcStore, "Could not read the outbox: %s", qUtf8Printable(changes.error().code));
        payloadTexts->clear();
        fieldsTexts->clear();
        return {};
    }
    return std::move(changes).value();
}

int Store::pendingCount() const
{
    const Result<int> count = OutboxRepository(*d->db).pendingCount();
    return count ? count.value() : 0;
}

int Store::unsentCount() const
{
    const Result<int> count = OutboxRepository(*d->db).unsentCount();
    return count ? count.value() : 0;
}

Result<void> Store::markAcknowledged(const QStringList &changeIds)
{
    // Not synced: lost to power loss, the changes are sent again and answered as already applied.
    SqliteTransaction transaction(*d->db, SqliteTransaction::Durability::RecoverableFromServer);
    if (!transaction.begun())
        return transaction.begun();
    if (Result<void> marked = OutboxRepository(*d->db).markAcknowledged(changeIds); !marked)
        return marked;
    return transaction.commit();
}

Result<void> Store::resubmitRejected(const QString &changeId)
{
    const Result<bool> resubmitted = OutboxRepository(*d->db).resubmit(changeId);
    if (!resubmitted)
        return resubmitted.error();
    if (!resubmitted.value())
        return makeError(NotFound, QStringLiteral("The outbox holds no rejected change %1.").arg(changeId),
                         QStringLiteral("changeId"));
    return {};
}

Result<int> Store::requeueFrom(qint64 deviceSeq)
{
    SqliteTransaction transaction(*d->db);
    if (!transaction.begun())
        return transaction.begun().error();
    const Result<int> requeued = OutboxRepository(*d->db).requeueFrom(deviceSeq);
    if (!requeued)
        return requeued;
    if (Result<void> committed = transaction.commit(); !committed)
        return committed.error();
    return requeued;
}

Result<void> Store::markRejected(const QString &changeId, const QString &code, const QString &reason)
{
    const Result<bool> marked = OutboxRepository(*d->db).markRejected(changeId, code, reason);
    if (!marked)
        return marked.error();
    if (!marked.value()) {
        return makeError(NotFound, QStringLiteral("The outbox holds no change %1.").arg(changeId),
                         QStringLiteral("changeId"));
    }
    return {};
}

Result<void> Store::applyPulled(const QList<Change> &changes, const QString &newCursor,
                                const std::optional<RuleSettings> &settings,
                                const QHash<QString, QJsonObject> &writtenFields,
                                const QList<QByteArray> &payloadTexts,
                                const std::optional<QDateTime> &syncedAt)
{
    // Not synced: lost to power loss with its cursor, the page is pulled again.
    SqliteTransaction transaction(*d->db, SqliteTransaction::Durability::RecoverableFromServer);
    if (!transaction.begun())
        return transaction.begun();

    RecordRepository records(*d->db);
    ConflictRepository conflicts(*d->db);
    AuditLog audit(*d->db);
    const QDateTime at = d->now();
    const qint64 atMillis = at.toMSecsSinceEpoch();
    const bool haveTexts = payloadTexts.size() == changes.size();
    StoredRecordDecoder decoder; // append-only payloads read from their texts (recordRow)
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const Change &change = changes.at(i);
        const Result<HlcTimestamp> stamp = HlcTimestamp::decode(change.hlc);
        if (!stamp) {
            return makeError(
                Invalid,
                QStringLiteral("Pulled change %1 carries an unreadable clock time.").arg(change.changeId),
                QStringLiteral("hlc"));
        }
        Result<RecordRow> row =
            haveTexts ? recordRow(change, payloadTexts.at(i), decoder) : recordRow(change);
        if (!row)
            return row.error();
        if (row.value().id != change.entityId) {
            return makeError(Invalid,
                             QStringLiteral("Pulled change %1 names record %2 but carries record %3.")
                                 .arg(change.changeId, change.entityId, row.value().id),
                             QStringLiteral("entityId"));
        }
        // A remote clock far ahead is not followed, but its change is still applied.
        d->hlc.observe(stamp.value(), atMillis);

        bool applied = false;
        if (Entity::isAppendOnly(change.entity)) {
            // Stored as received (recordrows.cpp): row.payloadText is the text it came in.
            // Written once, never edited: a copy we already hold (our own, come back) is the same.
            const Result<bool> inserted =
                records.write(row.value(), change.hlc, RecordRepository::Write::InsertOnce);
            if (!inserted)
                return inserted.error();
            applied = inserted.value();
        } else {
            // Field by field, as the server merged it (core/fieldmerge.h); our own
            // change coming back finds its own clocks and changes nothing.
            const auto written = writtenFields.constFind(change.changeId);
            const Result<RecordRepository::MergeOutcome> merged = records.mergeFields(
                row.value(), change.hlc, change.changeId,
                written == writtenFields.constEnd() ? std::nullopt : std::optional<QJsonObject>(*written));
            if (!merged)
                return merged.error();
            applied = merged.value().changed;
            // Our own change coming back after later edits of ours: we saw it, nothing lost. Not
            // when this store no longer holds it (restored from a backup older than the change):
            // then the edit that overwrote it never saw it, as if another device had made it.
            bool ours = change.deviceId == d->deviceId;
            if (ours && !merged.value().conflicts.isEmpty()) {
                const Result<bool> held = OutboxRepository(*d->db).holds(change.changeId);
                if (!held)
                    return held.error();
                ours = held.value();
            }
            for (const doorstep::FieldConflict &conflict :
                 ours ? QList<doorstep::FieldConflict>() : merged.value().conflicts) {
                if (Result<void> kept =
                        conflicts.keep(change.entity, change.entityId, change.familyId, conflict, at);
                    !kept)
                    return kept;
            }
        }
        if (applied) {
            const AuditEntry entry{
                {}, change.deviceId, at, change.entity, change.entityId, AuditLog::Pulled, change.changeId};
            if (Result<void> audited = audit.append(entry); !audited)
                return audited;
        }
    }

    MetaRepository meta(*d->db);
    if (!changes.isEmpty()) {
        if (Result<void> clock = meta.setText(MetaRepository::Field::HlcLast, d->hlc.last().encode()); !clock)
            return clock;
    }
    if (Result<void> cursor = meta.setText(MetaRepository::Field::PullCursor, newCursor); !cursor)
        return cursor;
    if (settings) {
        const QString json =
            QString::fromUtf8(QJsonDocument(settings->toJson()).toJson(QJsonDocument::Compact));
        if (Result<void> saved = meta.setText(MetaRepository::Field::Settings, json); !saved)
            return saved;
    }
    if (syncedAt) {
        if (Result<void> saved = meta.setText(MetaRepository::Field::LastSyncedAt,
                                              syncedAt->toUTC().toString(Qt::ISODateWithMs));
            !saved)
            return saved;
    }
    return transaction.commit();
}

Result<void> Store::dropFamilies(const QStringList &familyIds)
{
    SqliteTransaction transaction(*d->db);
    if (!transaction.begun())
        return transaction.begun();
    RecordRepository records(*d->db);
    for (const QString &familyId : familyIds) {
        if (Result<void> dropped = records.dropFamily(familyId); !dropped)
            return dropped;
        qCInfo(lcStore, "Dropped family %s: moved to another caseload", qUtf8Printable(familyId));
    }
    return transaction.commit();
}

QList<Conflict> Store::conflicts(bool includeReviewed) const
{
    Result<QList<Conflict>> list = ConflictRepository(*d->db).list(includeReviewed);
    if (!list) {
        qCWarning(lcStore, "Could not read the conflicts: %s", qUtf8Printable(list.error().code));
        return {};
    }
    return std::move(list).value();
}

int Store::conflictCount() const
{
    const Result<int> count = ConflictRepository(*d->db).openCount();
    return count ? count.value() : 0;
}

Result<void> Store::markConflictReviewed(qint64 id)
{
    const Result<bool> marked = ConflictRepository(*d->db).markReviewed(id, d->now());
    if (!marked)
        return marked.error();
    if (!marked.value())
        return makeError(NotFound, QStringLiteral("There is no conflict %1 on this device.").arg(id),
                         QStringLiteral("id"));
    return {};
}

} // namespace doorstep::store
