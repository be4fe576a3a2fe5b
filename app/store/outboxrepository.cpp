#include "outboxrepository.h"

#include "recordrepository.h"

#include <QJsonDocument>

#include <algorithm>

namespace doorstep::store {

namespace {

// Unsent entries (schema version 4): a row in outbox_unsent beside the change's own.
const QString changeColumns =
    QStringLiteral("o.seq, o.change_id, o.entity, o.entity_id, o.family_id, o.hlc, o.payload, u.rejected, "
                   "u.rejection_code, u.rejection_reason, o.fields");
const QString unsentFrom = QStringLiteral("outbox_unsent u JOIN outbox o ON o.seq = u.seq");

// The change in the row; its payload is decoded only when `decodePayload`.
Change changeAt(const SqliteStatement &row, const QString &deviceId, bool decodePayload = true)
{
    Change change;
    change.deviceSeq = row.integer(0);
    change.changeId = row.text(1);
    change.entity = row.text(2);
    change.entityId = row.text(3);
    change.familyId = row.text(4);
    change.hlc = row.text(5);
    if (decodePayload)
        change.payload = QJsonDocument::fromJson(row.rawUtf8(6)).object();
    change.deviceId = deviceId;
    return change;
}

// rawUtf8 points into SQLite's row, valid until the next step, and copying a QByteArray made by
// fromRawData shares that memory: the bytes are copied here.
QByteArray ownedCopy(const QByteArray &raw)
{
    return QByteArray(raw.constData(), raw.size());
}

Result<QString> deviceIdOf(SqliteDatabase &db)
{
    Result<SqliteStatement> query = db.prepare(QStringLiteral("SELECT device_id FROM meta WHERE id = 1"));
    if (!query)
        return query.error();
    const Result<bool> row = query.value().step();
    if (!row)
        return row.error();
    return row.value() ? query.value().text(0) : QString();
}

} // namespace

Result<qint64> OutboxRepository::append(const Change &change, const QDateTime &createdAt)
{
    // What the edit wrote, as RecordRepository::write stamped it just before: fixed now, since
    // later pulls move the clocks.
    QByteArray fields;
    if (!Entity::isAppendOnly(change.entity)) {
        const Result<QJsonObject> written =
            RecordRepository(m_db).fieldsWrittenAt(change.entity, change.entityId, change.hlc);
        if (!written)
            return written.error();
        fields = QJsonDocument(written.value()).toJson(QJsonDocument::Compact);
    }
    Result<SqliteStatement> insert = m_db.prepareCached(QStringLiteral(
        "INSERT INTO outbox (change_id, entity, entity_id, family_id, hlc, payload, created_at, fields) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    if (!insert)
        return insert.error();
    insert.value().bindUtf8(8, fields);
    insert.value()
        .bindText(1, change.changeId)
        .bindText(2, change.entity)
        .bindText(3, change.entityId)
        .bindText(4, change.familyId)
        .bindText(5, change.hlc)
        .bindUtf8(6, QJsonDocument(change.payload).toJson(QJsonDocument::Compact))
        .bindText(7, createdAt.toUTC().toString(Qt::ISODateWithMs));
    if (Result<void> ran = insert.value().run(); !ran)
        return ran.error();
    const qint64 seq = m_db.lastInsertRowId();
    Result<SqliteStatement> unsent =
        m_db.prepareCached(QStringLiteral("INSERT INTO outbox_unsent (seq) VALUES (?1)"));
    if (!unsent)
        return unsent.error();
    unsent.value().bindInt(1, seq);
    if (Result<void> ran = unsent.value().run(); !ran)
        return ran.error();
    return seq;
}

Result<QList<Change>> OutboxRepository::pending(int limit, QHash<QString, QJsonObject> *fields)
{
    return readPending(limit, fields, nullptr, nullptr);
}

Result<QList<Change>> OutboxRepository::pendingTexts(int limit, QList<QByteArray> *payloadTexts,
                                                     QList<QByteArray> *fieldsTexts, qint64 afterSeq)
{
    return readPending(limit, nullptr, payloadTexts, fieldsTexts, afterSeq);
}

Result<QList<Change>> OutboxRepository::readPending(int limit, QHash<QString, QJsonObject> *fields,
                                                    QList<QByteArray> *payloadTexts,
                                                    QList<QByteArray> *fieldsTexts, qint64 afterSeq)
{
    const Result<QString> deviceId = deviceIdOf(m_db);
    if (!deviceId)
        return deviceId.error();
    Result<SqliteStatement> select = m_db.prepare(
        QStringLiteral("SELECT %1 FROM %2 WHERE u.rejected = 0 AND u.seq > ?2 ORDER BY u.seq LIMIT ?1")
            .arg(changeColumns, unsentFrom));
    if (!select)
        return select.error();
    select.value().bindInt(1, limit).bindInt(2, afterSeq);
    QList<Change> changes;
    const Result<void> read = select.value().forEachRow([&](const SqliteStatement &at) {
        changes << changeAt(at, deviceId.value(), payloadTexts == nullptr);
        if (payloadTexts)
            payloadTexts->append(ownedCopy(at.rawUtf8(6)));
        if (fieldsTexts)
            fieldsTexts->append(ownedCopy(at.rawUtf8(10)));
        if (fields && !at.rawUtf8(10).isEmpty())
            fields->insert(changes.constLast().changeId, QJsonDocument::fromJson(at.rawUtf8(10)).object());
    });
    if (!read)
        return read.error();
    return changes;
}

Result<QList<OutboxEntry>> OutboxRepository::entries(int limit)
{
    const Result<QString> deviceId = deviceIdOf(m_db);
    if (!deviceId)
        return deviceId.error();
    Result<SqliteStatement> select =
        m_db.prepare(QStringLiteral("SELECT %1 FROM %2 ORDER BY u.rejected, u.seq LIMIT ?1")
                         .arg(changeColumns, unsentFrom));
    if (!select)
        return select.error();
    select.value().bindInt(1, limit);
    QList<OutboxEntry> entries;
    const Result<void> read = select.value().forEachRow([&](const SqliteStatement &row) {
        OutboxEntry entry;
        entry.change = changeAt(row, deviceId.value());
        entry.rejected = row.integer(7) != 0;
        entry.rejectionCode = row.text(8);
        entry.rejectionReason = row.text(9);
        entries << entry;
    });
    if (!read)
        return read.error();
    return entries;
}

Result<int> OutboxRepository::pendingCount()
{
    const Result<qint64> count =
        m_db.queryInteger(QStringLiteral("SELECT count(*) FROM outbox_unsent WHERE rejected = 0"));
    if (!count)
        return count.error();
    return int(count.value());
}

Result<int> OutboxRepository::unsentCount()
{
    const Result<qint64> count = m_db.queryInteger(QStringLiteral("SELECT count(*) FROM outbox_unsent"));
    if (!count)
        return count.error();
    return int(count.value());
}

Result<void> OutboxRepository::markAcknowledged(const QStringList &changeIds)
{
    // One statement per batch rather than one per change: a push's whole answer (up to 500 ids,
    // under SQLite's 999 variables) is marked by a single DELETE, the unique index on change_id
    // finding just the rows named. "+rejected" keeps SQLite (3.15, no ANALYZE statistics) from
    // choosing the index on rejected instead, which would test every pending entry against the
    // list (quadratic in a long outbox).
    // The list has a power of two of places (the ones not bound are NULL, which matches no
    // row), so that a few statements, compiled once each and cached, serve every batch: compiling
    // one per batch was a twentieth of marking 100 changes.
    constexpr int sizes = 10; // lists of 1, 2, 4, ... 512 places
    constexpr qsizetype chunk = qsizetype(1) << (sizes - 1);
    static const QList<QString> statements = [] {
        QList<QString> all;
        QString sql = QStringLiteral("DELETE FROM outbox_unsent WHERE +rejected = 0 AND seq IN "
                                     "(SELECT seq FROM outbox WHERE change_id IN (?1");
        int places = 1;
        for (int size = 0; size < sizes; ++size) {
            while (places < (1 << size))
                sql += QStringLiteral(",?%1").arg(++places);
            all.append(sql + QStringLiteral("))"));
        }
        return all;
    }();
    for (qsizetype from = 0; from < changeIds.size(); from += chunk) {
        const qsizetype count = std::min(chunk, changeIds.size() - from);
        int size = 0;
        while ((qsizetype(1) << size) < count)
            ++size;
        Result<SqliteStatement> update = m_db.prepareCached(statements.at(size));
        if (!update)
            return update.error();
        for (qsizetype i = 0; i < count; ++i)
            update.value().bindText(int(i + 1), changeIds.at(from + i));
        if (Result<void> ran = update.value().run(); !ran)
            return ran.error();
    }
    return {};
}

Result<bool> OutboxRepository::holds(const QString &changeId)
{
    Result<SqliteStatement> query =
        m_db.prepareCached(QStringLiteral("SELECT 1 FROM outbox WHERE change_id = ?1"));
    if (!query)
        return query.error();
    query.value().bindText(1, changeId);
    const Result<bool> row = query.value().step();
    if (!row)
        return row.error();
    const bool found = row.value();
    return found;
}

Result<bool> OutboxRepository::resubmit(const QString &changeId)
{
    Result<SqliteStatement> update = m_db.prepare(
        QStringLiteral("UPDATE outbox_unsent SET rejected = 0, rejection_code = '', rejection_reason = '' "
                       "WHERE rejected = 1 AND seq = (SELECT seq FROM outbox WHERE change_id = ?1)"));
    if (!update)
        return update.error();
    update.value().bindText(1, changeId);
    if (Result<void> ran = update.value().run(); !ran)
        return ran.error();
    return m_db.changes() > 0;
}

Result<int> OutboxRepository::requeueFrom(qint64 deviceSeq)
{
    // Rejected ones pending again, then acknowledged ones (no row) given one.
    int requeued = 0;
    for (const QString &sql :
         {QStringLiteral("UPDATE outbox_unsent SET rejected = 0, rejection_code = '', rejection_reason = '' "
                         "WHERE seq >= ?1 AND rejected = 1"),
          QStringLiteral("INSERT INTO outbox_unsent (seq) SELECT seq FROM outbox WHERE seq >= ?1 "
                         "AND seq NOT IN (SELECT seq FROM outbox_unsent WHERE seq >= ?1)")}) {
        Result<SqliteStatement> statement = m_db.prepare(sql);
        if (!statement)
            return statement.error();
        statement.value().bindInt(1, deviceSeq);
        if (Result<void> ran = statement.value().run(); !ran)
            return ran.error();
        requeued += m_db.changes();
    }
    return requeued;
}

Result<bool> OutboxRepository::markRejected(const QString &changeId, const QString &code,
                                            const QString &reason)
{
    // An entry answered before (acknowledged: no row) is rejected all the same.
    Result<SqliteStatement> update = m_db.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO outbox_unsent (seq, rejected, rejection_code, rejection_reason) "
        "SELECT seq, 1, ?2, ?3 FROM outbox WHERE change_id = ?1"));
    if (!update)
        return update.error();
    update.value().bindText(1, changeId).bindText(2, code).bindText(3, reason);
    if (Result<void> ran = update.value().run(); !ran)
        return ran.error();
    return m_db.changes() > 0;
}

} // namespace doorstep::store
