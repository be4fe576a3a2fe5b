// Reading single records and a child's chronology, through the indexed query columns rather
// than by loading the whole caseload.
#include "store.h"

#include "recordrepository.h"
#include "storeprivate.h"

#include "core/recordcodec.h"

#include <algorithm>

namespace doorstep::store {

namespace {

template<typename Record>
Result<Record> loadOne(SqliteDatabase &db, const QString &entity, const QString &id, const QString &what,
                       Result<Record> (*decode)(const QJsonObject &))
{
    const Result<std::optional<QJsonObject>> payload = RecordRepository(db).payload(tableFor(entity), id);
    if (!payload)
        return payload.error();
    if (!payload.value()) {
        return makeError(Store::NotFound, QStringLiteral("There is no %1 %2 on this device.").arg(what, id),
                         QStringLiteral("id"));
    }
    Result<Record> record = decode(*payload.value());
    if (!record) {
        return makeError(Store::Corrupt,
                         QStringLiteral("The stored %1 %2 can no longer be read.").arg(what, id),
                         record.error().field);
    }
    return record;
}

QDateTime startOfDay(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), Qt::UTC);
}

// Decodes each row with the codec; a row that no longer decodes is left out, as in the caseload.
template<typename Record>
Result<QList<Record>> decodeAll(const Result<QList<QJsonObject>> &rows,
                                Result<Record> (*decode)(const QJsonObject &))
{
    if (!rows)
        return rows.error();
    QList<Record> records;
    for (const QJsonObject &row : rows.value()) {
        if (Result<Record> record = decode(row); record)
            records.append(std::move(record).value());
    }
    return records;
}

} // namespace

Result<Family> Store::family(const QString &id) const
{
    return loadOne<Family>(*d->db, Entity::Family, id, QStringLiteral("family"), familyFromJson);
}

Result<Child> Store::child(const QString &id) const
{
    return loadOne<Child>(*d->db, Entity::Child, id, QStringLiteral("child"), childFromJson);
}

Result<Visit> Store::visit(const QString &id) const
{
    return loadOne<Visit>(*d->db, Entity::Visit, id, QStringLiteral("visit"), visitFromJson);
}

Result<Alert> Store::alert(const QString &id) const
{
    return loadOne<Alert>(*d->db, Entity::Alert, id, QStringLiteral("alert"), alertFromJson);
}

Caseload Store::caseload() const
{
    const quint64 writes = d->db->rowsWrittenToWatched();
    if (d->caseload && d->caseloadAtWrites == writes)
        return *d->caseload;
    Result<Caseload> loaded = RecordRepository(*d->db).loadCaseload();
    if (!loaded) {
        qCWarning(lcStore, "Could not load the caseload: %s", qUtf8Printable(loaded.error().code));
        d->caseload.reset();
        return {};
    }
    d->caseload = std::move(loaded).value();
    d->caseloadAtWrites = writes;
    return *d->caseload;
}

Result<QString> Store::youngestChildOf(const QString &familyId) const
{
    Result<SqliteStatement> select = d->db->prepareCached(QStringLiteral(
        "SELECT id FROM children WHERE family_id = ?1 ORDER BY date_of_birth DESC, id LIMIT 1"));
    if (!select)
        return select.error();
    select.value().bindText(1, familyId);
    const Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    return row.value() ? select.value().text(0) : QString();
}

Result<QList<ChronologyEntry>> Store::chronology(const QString &childId) const
{
    const Result<Child> child = this->child(childId);
    if (!child)
        return child.error();
    RecordRepository records(*d->db);
    const QString familyId = child.value().familyId;
    QList<ChronologyEntry> entries;

    const auto visits = decodeAll<Visit>(
        records.payloads(QStringLiteral("SELECT v.payload FROM visit_children vc "
                                        "JOIN visits v ON v.id = vc.visit_id WHERE vc.child_id = ?1"),
                         {childId}),
        visitFromJson);
    if (!visits)
        return visits.error();
    for (const Visit &visit : visits.value())
        entries.append(ChronologyEntry{Entity::Visit, visit.occurredAt, visit, {}});

    const auto views = decodeAll<ChildViews>(
        records.payloads(QStringLiteral("SELECT payload FROM child_views WHERE child_id = ?1"), {childId}),
        childViewsFromJson);
    if (!views)
        return views.error();
    for (const ChildViews &view : views.value())
        entries.append(ChronologyEntry{Entity::ChildViews, view.recordedAt, view, {}});

    const auto offers = decodeAll<AdvocateOffer>(
        records.payloads(QStringLiteral("SELECT payload FROM advocate_offers WHERE family_id = ?1"),
                         {familyId}),
        advocateOfferFromJson);
    if (!offers)
        return offers.error();
    for (const AdvocateOffer &offer : offers.value())
        entries.append(ChronologyEntry{Entity::AdvocateOffer, startOfDay(offer.offeredOn), offer, {}});

    const auto alerts =
        decodeAll<Alert>(records.payloads(QStringLiteral("SELECT payload FROM alerts WHERE family_id = ?1 "
                                                         "AND (child_id = ?2 OR child_id = '')"),
                                          {familyId, childId}),
                         alertFromJson);
    if (!alerts)
        return alerts.error();
    for (const Alert &alert : alerts.value())
        entries.append(ChronologyEntry{Entity::Alert, startOfDay(alert.raisedOn), alert, {}});

    for (ChronologyEntry &entry : entries) {
        const QString id = std::visit([](const auto &record) { return record.id; }, entry.record);
        auto amendments =
            decodeAll<Amendment>(records.payloads(QStringLiteral("SELECT payload FROM amendments "
                                                                 "WHERE target_kind = ?1 AND target_id = ?2"),
                                                  {entry.kind, id}),
                                 amendmentFromJson);
        if (!amendments)
            return amendments.error();
        entry.amendments = std::move(amendments).value();
        std::sort(entry.amendments.begin(), entry.amendments.end(),
                  [](const Amendment &a, const Amendment &b) { return a.madeAt > b.madeAt; });
    }
    std::sort(entries.begin(), entries.end(), [](const ChronologyEntry &a, const ChronologyEntry &b) {
        if (a.at != b.at)
            return a.at > b.at;
        return a.kind < b.kind;
    });
    return entries;
}

} // namespace doorstep::store
