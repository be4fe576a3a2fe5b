#include "recordrepository.h"

#include "conflictrepository.h"

#include "core/change.h"
#include "core/recordcodec.h"
#include "core/storedrecorddecoder.h"

#include <QJsonDocument>
#include <QLoggingCategory>

#include <algorithm>
#include <numeric>
#include <vector>

namespace doorstep::store {

namespace {

Q_LOGGING_CATEGORY(lcRecords, "doorstep.store.records")

QString verb(RecordRepository::Write mode)
{
    switch (mode) {
    case RecordRepository::Write::Insert:
        return QStringLiteral("INSERT");
    case RecordRepository::Write::InsertOnce:
        return QStringLiteral("INSERT OR IGNORE");
    case RecordRepository::Write::Replace:
        return QStringLiteral("INSERT OR REPLACE");
    }
    return QStringLiteral("INSERT");
}

} // namespace

Result<std::optional<QString>> RecordRepository::storedHlc(const QString &table, const QString &id)
{
    Result<SqliteStatement> query =
        m_db.prepareCached(QStringLiteral("SELECT hlc FROM %1 WHERE id = ?1").arg(table));
    if (!query)
        return query.error();
    query.value().bindText(1, id);
    const Result<bool> row = query.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return std::optional<QString>();
    return std::optional<QString>(query.value().text(0));
}

Result<std::optional<QJsonObject>> RecordRepository::payload(const QString &table, const QString &id)
{
    Result<QList<QJsonObject>> found =
        payloads(QStringLiteral("SELECT payload FROM %1 WHERE id = ?1").arg(table), {id});
    if (!found)
        return found.error();
    if (found.value().isEmpty())
        return std::optional<QJsonObject>();
    return std::optional<QJsonObject>(found.value().constFirst());
}

Result<QList<QJsonObject>> RecordRepository::payloads(const QString &sql, const QStringList &bind)
{
    Result<SqliteStatement> query = m_db.prepareCached(sql);
    if (!query)
        return query.error();
    for (int i = 0; i < bind.size(); ++i)
        query.value().bindText(i + 1, bind.at(i));
    QList<QJsonObject> rows;
    const Result<void> read = query.value().forEachRow(
        [&](const SqliteStatement &row) { rows.append(QJsonDocument::fromJson(row.rawUtf8(0)).object()); });
    if (!read)
        return read.error();
    return rows;
}

Result<QString> RecordRepository::familyOf(const QString &table, const QString &id)
{
    // A family is its own household.
    const QString column =
        table == tableFor(Entity::Family) ? QStringLiteral("id") : QStringLiteral("family_id");
    Result<SqliteStatement> query =
        m_db.prepareCached(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?1").arg(column, table));
    if (!query)
        return query.error();
    query.value().bindText(1, id);
    const Result<bool> row = query.value().step();
    if (!row)
        return row.error();
    return row.value() ? query.value().text(0) : QString();
}

Result<bool> RecordRepository::write(const RecordRow &row, const QString &hlc, Write mode)
{
    if (mode == Write::Replace && !Entity::isAppendOnly(row.entity)) {
        const Result<MergeOutcome> merged = mergeFields(row, hlc, {}, std::nullopt);
        if (!merged)
            return merged.error();
        for (const doorstep::FieldConflict &lost : merged.value().lost) {
            if (Result<void> kept = ConflictRepository(m_db).keep(row.entity, row.id, row.familyId, lost,
                                                                  QDateTime::currentDateTimeUtc());
                !kept)
                return kept.error();
        }
        return merged.value().changed;
    }
    return writeRow(row, hlc, mode);
}

Result<doorstep::FieldClocks> RecordRepository::storedClocks(const QString &entity, const QString &id)
{
    Result<SqliteStatement> query = m_db.prepareCached(
        QStringLiteral("SELECT clocks FROM field_clocks WHERE entity = ?1 AND entity_id = ?2"));
    if (!query)
        return query.error();
    query.value().bindText(1, entity).bindText(2, id);
    const Result<bool> row = query.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return doorstep::FieldClocks();
    return doorstep::clocksFromJson(QJsonDocument::fromJson(query.value().rawUtf8(0)).object());
}

Result<RecordRepository::MergeOutcome>
RecordRepository::mergeFields(const RecordRow &row, const QString &hlc, const QString &changeId,
                              const std::optional<QJsonObject> &written)
{
    const Result<std::optional<QString>> storedHlc = this->storedHlc(row.table, row.id);
    if (!storedHlc)
        return storedHlc.error();
    QJsonObject current;
    doorstep::FieldClocks clocks;
    if (storedHlc.value()) {
        const Result<std::optional<QJsonObject>> stored = payload(row.table, row.id);
        if (!stored)
            return stored.error();
        current = stored.value().value_or(QJsonObject());
        const Result<doorstep::FieldClocks> kept = storedClocks(row.entity, row.id);
        if (!kept)
            return kept.error();
        // A record stored before field clocks were kept: every field at the record's time.
        clocks = kept.value().isEmpty() ? doorstep::uniformClocks(current, *storedHlc.value()) : kept.value();
    }
    const doorstep::WrittenFields fields =
        written ? *written : doorstep::writtenFields(current, clocks, row.payload);
    const doorstep::FieldMerge merge =
        doorstep::mergeFields(current, clocks, row.payload, hlc, changeId, fields);
    MergeOutcome outcome{merge.changed, merge.conflicts, {}};
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QJsonValue wanted = row.payload.value(it.key());
        const QJsonValue kept = merge.payload.value(it.key());
        if (wanted != kept) {
            outcome.lost.append(doorstep::FieldConflict{it.key(),
                                                        wanted,
                                                        {hlc, it.value().toString(), changeId},
                                                        kept,
                                                        merge.clocks.value(it.key())});
        }
    }
    if (!merge.changed)
        return outcome;

    // The row's hlc is its newest write, whichever fields that wrote.
    const QString rowHlc = storedHlc.value() && *storedHlc.value() > hlc ? *storedHlc.value() : hlc;
    if (merge.payload == row.payload) {
        if (Result<bool> written = writeRow(row, rowHlc, Write::Replace); !written)
            return written.error();
    } else {
        // Some fields kept other values: the row's query columns come from the merged record.
        Change merged;
        merged.entity = row.entity;
        merged.entityId = row.id;
        merged.familyId = row.familyId;
        merged.changeId = changeId;
        merged.payload = merge.payload;
        const Result<RecordRow> mergedRow = recordRow(merged);
        if (!mergedRow)
            return mergedRow.error();
        if (Result<bool> written = writeRow(mergedRow.value(), rowHlc, Write::Replace); !written)
            return written.error();
    }
    Result<SqliteStatement> save = m_db.prepareCached(QStringLiteral(
        "INSERT OR REPLACE INTO field_clocks (entity, entity_id, clocks) VALUES (?1, ?2, ?3)"));
    if (!save)
        return save.error();
    save.value()
        .bindText(1, row.entity)
        .bindText(2, row.id)
        .bindUtf8(3, QJsonDocument(doorstep::clocksToJson(merge.clocks)).toJson(QJsonDocument::Compact));
    if (Result<void> ran = save.value().run(); !ran)
        return ran.error();
    return outcome;
}

Result<void> RecordRepository::dropFamily(const QString &familyId)
{
    static const QStringList statements = {
        QStringLiteral("DELETE FROM field_clocks WHERE entity_id IN (SELECT id FROM families WHERE id = ?1 "
                       "UNION SELECT id FROM family_members WHERE family_id = ?1 "
                       "UNION SELECT id FROM children WHERE family_id = ?1 "
                       "UNION SELECT id FROM alerts WHERE family_id = ?1)"),
        QStringLiteral(
            "DELETE FROM visit_children WHERE visit_id IN (SELECT id FROM visits WHERE family_id = ?1)"),
        QStringLiteral("DELETE FROM conflicts WHERE family_id = ?1"),
        QStringLiteral("DELETE FROM families WHERE id = ?1"),
        QStringLiteral("DELETE FROM family_members WHERE family_id = ?1"),
        QStringLiteral("DELETE FROM children WHERE family_id = ?1"),
        QStringLiteral("DELETE FROM visits WHERE family_id = ?1"),
        QStringLiteral("DELETE FROM child_views WHERE family_id = ?1"),
        QStringLiteral("DELETE FROM advocate_offers WHERE family_id = ?1"),
        QStringLiteral("DELETE FROM alerts WHERE family_id = ?1"),
        QStringLiteral("DELETE FROM amendments WHERE family_id = ?1"),
    };
    for (const QString &sql : statements) {
        Result<SqliteStatement> statement = m_db.prepare(sql);
        if (!statement)
            return statement.error();
        statement.value().bindText(1, familyId);
        if (Result<void> ran = statement.value().run(); !ran)
            return ran;
    }
    return {};
}

Result<QJsonObject> RecordRepository::fieldsWrittenAt(const QString &entity, const QString &id,
                                                      const QString &hlc)
{
    const Result<doorstep::FieldClocks> clocks = storedClocks(entity, id);
    if (!clocks)
        return clocks.error();
    QJsonObject written;
    for (auto it = clocks.value().begin(); it != clocks.value().end(); ++it) {
        if (it.value().hlc == hlc)
            written.insert(it.key(), it.value().base);
    }
    return written;
}

QString RecordRepository::insertSql(const RecordRow &row, Write mode)
{
    // A table's columns are the same for every row of it: the statement text is made once per
    // table and mode for this repository's life (a pulled page, a local save), not per row.
    const QString key = row.table + QLatin1Char(' ') + QString::number(int(mode));
    if (const auto known = m_insertSql.constFind(key); known != m_insertSql.constEnd())
        return *known;
    QStringList names{QStringLiteral("id")};
    QStringList placeholders{QStringLiteral("?1")};
    for (const auto &column : row.columns)
        names << column.first;
    names << QStringLiteral("hlc") << QStringLiteral("payload");
    for (qsizetype i = 1; i < names.size(); ++i)
        placeholders << QStringLiteral("?%1").arg(i + 1);
    const QString sql = QStringLiteral("%1 INTO %2 (%3) VALUES (%4)")
                            .arg(verb(mode), row.table, names.join(u", "), placeholders.join(u", "));
    m_insertSql.insert(key, sql);
    return sql;
}

Result<bool> RecordRepository::writeRow(const RecordRow &row, const QString &hlc, Write mode)
{
    Result<SqliteStatement> insert = m_db.prepareCached(insertSql(row, mode));
    if (!insert)
        return insert.error();
    SqliteStatement &statement = insert.value();
    int index = 1;
    statement.bindText(index++, row.id);
    for (const auto &column : row.columns)
        statement.bindText(index++, column.second);
    statement.bindText(index++, hlc);
    statement.bindUtf8(index++, row.payloadText.isEmpty()
                                    ? QJsonDocument(row.payload).toJson(QJsonDocument::Compact)
                                    : row.payloadText);
    if (Result<void> ran = statement.run(); !ran)
        return ran.error();
    if (m_db.changes() == 0)
        return false;

    if (row.entity == Entity::Visit) {
        // A visit just inserted has no child rows yet, so OR IGNORE does what OR REPLACE would.
        // It matters: OR REPLACE into a table with a foreign key makes SQLite keep a statement
        // journal, and SQLCipher encrypts every page written to it (about two pages per visit,
        // a fifth of a pulled visit's instructions in callgrind).
        Result<SqliteStatement> child = m_db.prepareCached(
            mode == Write::Replace
                ? QStringLiteral(
                      "INSERT OR REPLACE INTO visit_children (visit_id, child_id, seen, seen_alone) "
                      "VALUES (?1, ?2, ?3, ?4)")
                : QStringLiteral(
                      "INSERT OR IGNORE INTO visit_children (visit_id, child_id, seen, seen_alone) "
                      "VALUES (?1, ?2, ?3, ?4)"));
        if (!child)
            return child.error();
        for (const VisitChild &visitChild : row.visitChildren) {
            child.value().reset();
            child.value()
                .bindText(1, row.id)
                .bindText(2, visitChild.childId)
                .bindInt(3, visitChild.seen ? 1 : 0)
                .bindInt(4, visitChild.seenAlone ? 1 : 0);
            if (Result<void> ran = child.value().run(); !ran)
                return ran.error();
        }
    }
    return true;
}

namespace {

// Puts the list into `order` (the positions of its records, in their new order).
template<typename T> void reorder(QList<T> &list, const std::vector<qsizetype> &order)
{
    QList<T> sorted;
    sorted.reserve(list.size());
    for (const qsizetype i : order)
        sorted.append(std::move(list[i]));
    list = std::move(sorted);
}

// The list of `entity`'s records put into `order`.
void reorder(Caseload &caseload, const QString &entity, const std::vector<qsizetype> &order)
{
    if (entity == Entity::Family)
        reorder(caseload.families, order);
    else if (entity == Entity::FamilyMember)
        reorder(caseload.members, order);
    else if (entity == Entity::Child)
        reorder(caseload.children, order);
    else if (entity == Entity::Visit)
        reorder(caseload.visits, order);
    else if (entity == Entity::ChildViews)
        reorder(caseload.views, order);
    else if (entity == Entity::AdvocateOffer)
        reorder(caseload.offers, order);
    else if (entity == Entity::Alert)
        reorder(caseload.alerts, order);
    else if (entity == Entity::Amendment)
        reorder(caseload.amendments, order);
}

} // namespace

const QList<RecordRepository::CaseloadQuery> &RecordRepository::caseloadQueries()
{
    // Loading order: by time where a record has one, so lists read naturally; then by id, so
    // the order is the same on every run.
    static const QList<CaseloadQuery> queries = [] {
        const QList<QPair<QString, QStringList>> orders = {
            {Entity::Family, {QStringLiteral("id")}},
            {Entity::FamilyMember, {QStringLiteral("family_id"), QStringLiteral("id")}},
            {Entity::Child, {QStringLiteral("date_of_birth"), QStringLiteral("id")}},
            {Entity::Visit, {QStringLiteral("occurred_at"), QStringLiteral("id")}},
            {Entity::ChildViews, {QStringLiteral("recorded_at"), QStringLiteral("id")}},
            {Entity::AdvocateOffer, {QStringLiteral("offered_on"), QStringLiteral("id")}},
            {Entity::Alert, {QStringLiteral("raised_on"), QStringLiteral("id")}},
            {Entity::Amendment, {QStringLiteral("made_at"), QStringLiteral("id")}},
        };
        QList<CaseloadQuery> all;
        for (const auto &[entity, columns] : orders) {
            all.append(
                {entity,
                 QStringLiteral("SELECT id, payload, %1 FROM %2").arg(columns.join(u", "), tableFor(entity)),
                 int(columns.size())});
        }
        return all;
    }();
    return queries;
}

Result<Caseload> RecordRepository::loadCaseload()
{
    // Each table is read in its stored order and its rows then sorted here, on the query
    // columns' UTF-8 bytes as SQLite's ORDER BY (BINARY collation) would sort them: ordered in
    // SQL, SQLite sorted whole rows with their payloads in a temporary B-tree (n log n, and
    // most of the memory of a big load); here only small keys are sorted.
    Caseload caseload;
    StoredRecordDecoder decoder;
    for (const CaseloadQuery &load : caseloadQueries()) {
        Result<SqliteStatement> select = m_db.prepare(load.sql);
        if (!select)
            return select.error();
        const int keyColumns = load.keyColumns;
        // Each added record's sort key: its query columns' bytes, one after another in `keys`.
        QByteArray keys;
        std::vector<qsizetype> keyStart; // per added record, keyColumns + 1 offsets into `keys`
        const Result<void> read = select.value().forEachRow([&](const SqliteStatement &row) {
            if (const Result<void> added = decoder.add(caseload, load.entity, row.rawUtf8(1)); !added) {
                qCWarning(lcRecords, "Left out %s %s: it no longer decodes (field %s)",
                          qUtf8Printable(load.entity), qUtf8Printable(row.text(0)),
                          qUtf8Printable(added.error().field));
                return;
            }
            for (int column = 0; column < keyColumns; ++column) {
                keyStart.push_back(keys.size());
                keys.append(row.rawUtf8(2 + column));
            }
        });
        if (!read)
            return read.error();
        keyStart.push_back(keys.size());
        const qsizetype added = qsizetype(keyStart.size() - 1) / keyColumns; // records that decoded
        const auto key = [&](qsizetype record, int column) {
            const size_t at = size_t(record * keyColumns + column);
            return QByteArrayView(keys.constData() + keyStart[at], keyStart[at + 1] - keyStart[at]);
        };
        // The key columns compared byte by byte, as SQLite's BINARY collation compares them; the
        // last column is the id, so no two records tie.
        std::vector<qsizetype> order(static_cast<size_t>(added));
        std::iota(order.begin(), order.end(), qsizetype(0));
        const auto sortsBefore = [&](qsizetype a, qsizetype b) {
            for (int column = 0; column < keyColumns; ++column) {
                if (const int c = key(a, column).compare(key(b, column)); c != 0)
                    return c < 0;
            }
            return false;
        };
        if (!std::is_sorted(order.begin(), order.end(), sortsBefore)) {
            std::sort(order.begin(), order.end(), sortsBefore);
            reorder(caseload, load.entity, order);
        }
    }
    return caseload;
}

} // namespace doorstep::store
