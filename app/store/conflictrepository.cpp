#include "conflictrepository.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace doorstep::store {

namespace {

// Wrapped in an array so that a cleared (absent) field has text too: "[]".
QByteArray wrap(const QJsonValue &value)
{
    QJsonArray array;
    if (!value.isUndefined())
        array.append(value);
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QJsonValue unwrap(const QByteArray &text)
{
    const QJsonArray array = QJsonDocument::fromJson(text).array();
    return array.isEmpty() ? QJsonValue(QJsonValue::Undefined) : array.first();
}

QString timeText(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

Result<void> ConflictRepository::keep(const QString &entity, const QString &entityId, const QString &familyId,
                                      const doorstep::FieldConflict &conflict, const QDateTime &detectedAt)
{
    Result<SqliteStatement> insert = m_db.prepareCached(QStringLiteral(
        "INSERT OR IGNORE INTO conflicts (entity, entity_id, family_id, field, losing_value, losing_hlc, "
        "winning_value, winning_hlc, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    if (!insert)
        return insert.error();
    insert.value()
        .bindText(1, entity)
        .bindText(2, entityId)
        .bindText(3, familyId)
        .bindText(4, conflict.field)
        .bindUtf8(5, wrap(conflict.losingValue))
        .bindText(6, conflict.losing.hlc)
        .bindUtf8(7, wrap(conflict.winningValue))
        .bindText(8, conflict.winning.hlc)
        .bindText(9, timeText(detectedAt));
    return insert.value().run();
}

Result<QList<Conflict>> ConflictRepository::list(bool includeReviewed)
{
    Result<SqliteStatement> select = m_db.prepare(
        QStringLiteral(
            "SELECT id, entity, entity_id, family_id, field, losing_value, losing_hlc, winning_value, "
            "winning_hlc, detected_at, reviewed_at FROM conflicts %1 ORDER BY id")
            .arg(includeReviewed ? QString() : QStringLiteral("WHERE reviewed_at = ''")));
    if (!select)
        return select.error();
    QList<Conflict> conflicts;
    const Result<void> read = select.value().forEachRow([&](const SqliteStatement &q) {
        Conflict conflict;
        conflict.id = q.integer(0);
        conflict.entity = q.text(1);
        conflict.entityId = q.text(2);
        conflict.familyId = q.text(3);
        conflict.field = q.text(4);
        conflict.losingValue = unwrap(q.rawUtf8(5));
        conflict.losingHlc = q.text(6);
        conflict.losingDeviceId = doorstep::hlcNode(conflict.losingHlc);
        conflict.winningValue = unwrap(q.rawUtf8(7));
        conflict.winningHlc = q.text(8);
        conflict.winningDeviceId = doorstep::hlcNode(conflict.winningHlc);
        conflict.detectedAt = QDateTime::fromString(q.text(9), Qt::ISODateWithMs);
        if (!q.text(10).isEmpty())
            conflict.reviewedAt = QDateTime::fromString(q.text(10), Qt::ISODateWithMs);
        conflicts.append(conflict);
    });
    if (!read)
        return read.error();
    return conflicts;
}

Result<int> ConflictRepository::openCount()
{
    const Result<qint64> count =
        m_db.queryInteger(QStringLiteral("SELECT count(*) FROM conflicts WHERE reviewed_at = ''"));
    if (!count)
        return count.error();
    return int(count.value());
}

Result<bool> ConflictRepository::markReviewed(qint64 id, const QDateTime &at)
{
    Result<SqliteStatement> update = m_db.prepare(
        QStringLiteral("UPDATE conflicts SET reviewed_at = ?2 WHERE id = ?1 AND reviewed_at = ''"));
    if (!update)
        return update.error();
    update.value().bindInt(1, id).bindText(2, timeText(at));
    if (Result<void> ran = update.value().run(); !ran)
        return ran.error();
    if (m_db.changes() > 0)
        return true;
    const Result<qint64> exists =
        m_db.queryInteger(QStringLiteral("SELECT count(*) FROM conflicts WHERE id = %1").arg(id));
    if (!exists)
        return exists.error();
    return exists.value() > 0;
}

} // namespace doorstep::store
