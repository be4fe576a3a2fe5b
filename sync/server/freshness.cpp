#include "freshness.h"

#include "sqlquery.h"

#include "core/vocabulary.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

QString timeText(const std::optional<qint64> &millis)
{
    return millis ? QDateTime::fromMSecsSinceEpoch(*millis, QTimeZone::utc()).toString(Qt::ISODate)
                  : QString();
}

} // namespace

Result<void> Freshness::noteSynced(const QString &deviceId, qint64 nowMillis, int unsynced)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    if (auto done = runQuery(db.value(),
                             u"INSERT INTO device_sync (device_id, synced_at, unsynced) VALUES (?, ?, ?)"
                             u" ON CONFLICT (device_id) DO UPDATE SET synced_at = excluded.synced_at,"
                             u" unsynced = excluded.unsynced"_s,
                             {deviceId, nowMillis, unsynced}, u"noting a device's sync"_s);
        !done)
        return done.error();
    return {};
}

Result<QList<PractitionerFreshness>> Freshness::team(const QString &teamId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto query =
        runQuery(db.value(),
                 u"SELECT u.id, u.name, COUNT(s.device_id), MAX(s.synced_at), COALESCE(SUM(s.unsynced), 0)"
                 u" FROM users u LEFT JOIN devices d ON d.user_id = u.id"
                 u" LEFT JOIN device_sync s ON s.device_id = d.id"
                 u" WHERE u.team_id = ? AND u.role IN (?, ?, ?) GROUP BY u.id, u.name ORDER BY u.id"_s,
                 {teamId, toToken(Role::Midwife), toToken(Role::HealthVisitor), toToken(Role::SocialWorker)},
                 u"reading practitioners' syncs"_s);
    if (!query)
        return query.error();
    QList<PractitionerFreshness> list;
    while (query.value().next()) {
        PractitionerFreshness entry;
        entry.practitionerId = query.value().value(0).toString();
        entry.name = query.value().value(1).toString();
        entry.devices = query.value().value(2).toInt();
        if (!query.value().value(3).isNull())
            entry.lastSyncedAt = query.value().value(3).toLongLong();
        entry.unsynced = query.value().value(4).toInt();
        list.append(entry);
    }
    return list;
}

QJsonArray Freshness::toJson(const QList<PractitionerFreshness> &list)
{
    QJsonArray array;
    for (const PractitionerFreshness &entry : list) {
        array.append(QJsonObject{
            {u"practitionerId"_s, entry.practitionerId},
            // For the supervisor's own device, which knows its team's practitioners by id only.
            {u"name"_s, entry.name},
            {u"devices"_s, entry.devices},
            {u"lastSyncedAt"_s, entry.lastSyncedAt ? QJsonValue(timeText(entry.lastSyncedAt)) : QJsonValue()},
            {u"unsynced"_s, entry.unsynced},
        });
    }
    return array;
}

QString Freshness::toCsv(const QList<PractitionerFreshness> &list)
{
    // Ids and ISO times only (no names: the CSV leaves the server as a file): nothing to quote.
    QString csv = u"section,freshness\r\npractitioner_id,devices,last_synced_at,unsynced\r\n"_s;
    for (const PractitionerFreshness &entry : list) {
        csv += u"%1,%2,%3,%4\r\n"_s.arg(entry.practitionerId)
                   .arg(entry.devices)
                   .arg(timeText(entry.lastSyncedAt))
                   .arg(entry.unsynced);
    }
    return csv;
}

} // namespace doorstep::server
