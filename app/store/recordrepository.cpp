#include "recordrepository.h"

#include "core/change.h"
#include "core/recordcodec.h"

#include <QJsonDocument>
#include <QLoggingCategory>

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

// Loading order: by time where a record has one, so lists read naturally; then by id, so the
// order is the same on every run.
struct LoadQuery
{
    QString entity;
    QString orderBy;
};

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
    for (;;) {
        const Result<bool> row = query.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            return rows;
        rows.append(QJsonDocument::fromJson(query.value().rawUtf8(0)).object());
    }
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
    QStringList names{QStringLiteral("id")};
    QStringList placeholders{QStringLiteral("?1")};
    for (const auto &column : row.columns)
        names << column.first;
    names << QStringLiteral("hlc") << QStringLiteral("payload");
    for (qsizetype i = 1; i < names.size(); ++i)
        placeholders << QStringLiteral("?%1").arg(i + 1);

    Result<SqliteStatement> insert =
        m_db.prepareCached(QStringLiteral("%1 INTO %2 (%3) VALUES (%4)")
                               .arg(verb(mode), row.table, names.join(u", "), placeholders.join(u", ")));
    if (!insert)
        return insert.error();
    SqliteStatement &statement = insert.value();
    int index = 1;
    statement.bindText(index++, row.id);
    for (const auto &column : row.columns)
        statement.bindText(index++, column.second);
    statement.bindText(index++, hlc);
    statement.bindUtf8(index++, QJsonDocument(row.payload).toJson(QJsonDocument::Compact));
    if (Result<void> ran = statement.run(); !ran)
        return ran.error();
    if (m_db.changes() == 0)
        return false;

    if (row.entity == Entity::Visit) {
        Result<SqliteStatement> child = m_db.prepareCached(
            QStringLiteral("INSERT OR REPLACE INTO visit_children (visit_id, child_id, seen, seen_alone) "
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

Result<Caseload> RecordRepository::loadCaseload()
{
    static const QList<LoadQuery> queries = {
        {Entity::Family, QStringLiteral("id")},
        {Entity::FamilyMember, QStringLiteral("family_id, id")},
        {Entity::Child, QStringLiteral("date_of_birth, id")},
        {Entity::Visit, QStringLiteral("occurred_at, id")},
        {Entity::ChildViews, QStringLiteral("recorded_at, id")},
        {Entity::AdvocateOffer, QStringLiteral("offered_on, id")},
        {Entity::Alert, QStringLiteral("raised_on, id")},
        {Entity::Amendment, QStringLiteral("made_at, id")},
    };
    Caseload caseload;
    for (const LoadQuery &load : queries) {
        Result<SqliteStatement> select = m_db.prepare(QStringLiteral("SELECT id, payload FROM %1 ORDER BY %2")
                                                          .arg(tableFor(load.entity), load.orderBy));
        if (!select)
            return select.error();
        for (;;) {
            const Result<bool> row = select.value().step();
            if (!row)
                return row.error();
            if (!row.value())
                break;
            const QJsonObject payload = QJsonDocument::fromJson(select.value().rawUtf8(1)).object();
            if (const Result<void> added = addToCaseload(caseload, load.entity, payload); !added) {
                qCWarning(lcRecords, "Left out %s %s: it no longer decodes (field %s)",
                          qUtf8Printable(load.entity), qUtf8Printable(select.value().text(0)),
                          qUtf8Printable(added.error().field));
            }
        }
    }
    return caseload;
}

} // namespace doorstep::store
