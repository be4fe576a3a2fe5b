// Local edits: validate, give the record an id, then write the record, its audit entry and its
// outbox change in one transaction.
#include "store.h"

#include "auditlog.h"
#include "metarepository.h"
#include "outboxrepository.h"
#include "recordrepository.h"
#include "sqlitetransaction.h"
#include "storeprivate.h"

#include "core/recordid.h"
#include "core/validation.h"

namespace doorstep::store {

namespace {

void fillId(QString &id)
{
    if (id.isEmpty())
        id = newRecordId();
}

// Every problem is reported; the first names the field for the UI to focus.
std::optional<Error> refusal(const Problems &problems)
{
    if (problems.isEmpty())
        return std::nullopt;
    Error error = problems.first();
    error.code = Store::Invalid;
    if (problems.size() > 1)
        error.message = describe(problems);
    return error;
}

QString described(const QString &entity)
{
    if (entity == Entity::Visit)
        return QStringLiteral("visit");
    if (entity == Entity::ChildViews)
        return QStringLiteral("record of the child's views");
    if (entity == Entity::AdvocateOffer)
        return QStringLiteral("advocate offer");
    if (entity == Entity::Amendment)
        return QStringLiteral("amendment");
    return QStringLiteral("record");
}

// An edit follows the value it was made from. A record last written by a device whose clock is
// ahead of ours keeps that clock; an edit of it stamped by our clock alone would lose to the very
// value it replaced. So the edit is stamped just after the record's newest write, without moving
// our own clock (a wrong clock elsewhere must not drag it: HybridClock::observe).
QString editStamp(const HlcTimestamp &now, const std::optional<QString> &recordHlc)
{
    const QString mine = now.encode();
    if (!recordHlc || *recordHlc < mine)
        return mine;
    const Result<HlcTimestamp> held = HlcTimestamp::decode(*recordHlc);
    if (!held)
        return mine;
    return HlcTimestamp{held.value().millis, held.value().counter + 1, now.node}.encode();
}

} // namespace

Result<QString> Store::Private::saveLocal(const RecordRow &row)
{
    const bool appendOnly = Entity::isAppendOnly(row.entity);
    SqliteTransaction transaction(*db);
    if (!transaction.begun())
        return transaction.begun().error();

    RecordRepository records(*db);
    const Result<std::optional<QString>> stored = records.storedHlc(row.table, row.id);
    if (!stored)
        return stored.error();
    const bool existed = stored.value().has_value();
    if (appendOnly && existed) {
        return makeError(Invalid,
                         QStringLiteral("This %1 has already been recorded and cannot be changed. "
                                        "Record an amendment to correct it.")
                             .arg(described(row.entity)),
                         QStringLiteral("id"));
    }

    const QDateTime at = now();
    const QString stamp =
        editStamp(hlc.tick(at.toMSecsSinceEpoch()), appendOnly ? std::nullopt : stored.value());
    const Result<bool> written = records.write(
        row, stamp, appendOnly ? RecordRepository::Write::Insert : RecordRepository::Write::Replace);
    if (!written)
        return written.error();

    Change change;
    change.changeId = newRecordId();
    change.deviceId = deviceId;
    change.entity = row.entity;
    change.entityId = row.id;
    change.familyId = row.familyId;
    change.hlc = stamp;
    change.payload = row.payload;

    const AuditEntry audit{userId,         deviceId, at,
                           row.entity,     row.id,   existed ? AuditLog::Update : AuditLog::Create,
                           change.changeId};
    if (Result<void> audited = AuditLog(*db).append(audit); !audited)
        return audited.error();
    if (Result<qint64> queued = OutboxRepository(*db).append(change, at); !queued)
        return queued.error();
    if (Result<void> clock = MetaRepository(*db).setText(MetaRepository::Field::HlcLast, hlc.last().encode());
        !clock)
        return clock.error();
    if (Result<void> committed = transaction.commit(); !committed)
        return committed.error();
    return row.id;
}

Result<QString> Store::saveFamily(Family family)
{
    fillId(family.id);
    if (const auto refused = refusal(validateFamily(family)))
        return *refused;
    return d->saveLocal(recordRow(family));
}

Result<QString> Store::saveFamilyMember(FamilyMember member)
{
    fillId(member.id);
    if (const auto refused = refusal(validateFamilyMember(member)))
        return *refused;
    return d->saveLocal(recordRow(member));
}

Result<QString> Store::saveChild(Child child)
{
    fillId(child.id);
    if (const auto refused = refusal(validateChild(child)))
        return *refused;
    return d->saveLocal(recordRow(child));
}

Result<QString> Store::recordVisit(Visit visit)
{
    fillId(visit.id);
    if (const auto refused = refusal(validateVisit(visit)))
        return *refused;
    return d->saveLocal(recordRow(visit));
}

Result<QString> Store::recordChildViews(ChildViews views)
{
    fillId(views.id);
    if (const auto refused = refusal(validateChildViews(views)))
        return *refused;
    // Views travel with their visit's household, which decides who may see them.
    const Result<QString> familyId =
        RecordRepository(*d->db).familyOf(tableFor(Entity::Visit), views.visitId);
    if (!familyId)
        return familyId.error();
    if (familyId.value().isEmpty()) {
        return makeError(Invalid,
                         QStringLiteral("The visit these views belong to is not on this device. "
                                        "Record the visit first."),
                         QStringLiteral("visitId"));
    }
    return d->saveLocal(recordRow(views, familyId.value()));
}

Result<QString> Store::recordAdvocateOffer(AdvocateOffer offer)
{
    fillId(offer.id);
    if (const auto refused = refusal(validateAdvocateOffer(offer)))
        return *refused;
    return d->saveLocal(recordRow(offer));
}

Result<QString> Store::saveAlert(Alert alert)
{
    fillId(alert.id);
    if (const auto refused = refusal(validateAlert(alert)))
        return *refused;
    return d->saveLocal(recordRow(alert));
}

Result<QString> Store::recordAmendment(Amendment amendment)
{
    fillId(amendment.id);
    if (const auto refused = refusal(validateAmendment(amendment)))
        return *refused;
    const QString table = tableFor(amendment.targetKind);
    Result<QString> familyId = table.isEmpty() ? Result<QString>(QString())
                                               : RecordRepository(*d->db).familyOf(table, amendment.targetId);
    if (!familyId)
        return familyId.error();
    if (familyId.value().isEmpty()) {
        return makeError(Invalid, QStringLiteral("The record this amendment corrects is not on this device."),
                         QStringLiteral("targetId"));
    }
    return d->saveLocal(recordRow(amendment, familyId.value()));
}

} // namespace doorstep::store
