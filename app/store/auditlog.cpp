#include "auditlog.h"

namespace doorstep::store {

Result<void> AuditLog::append(const AuditEntry &entry)
{
    Result<SqliteStatement> insert = m_db.prepareCached(
        QStringLiteral("INSERT INTO audit (user_id, device_id, at, entity, entity_id, action, change_id) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    if (!insert)
        return insert.error();
    if (entry.at != m_lastAt || m_lastAtText.isEmpty()) {
        m_lastAt = entry.at;
        m_lastAtText = entry.at.toUTC().toString(Qt::ISODateWithMs);
    }
    insert.value()
        .bindText(1, entry.userId)
        .bindText(2, entry.deviceId)
        .bindText(3, m_lastAtText)
        .bindText(4, entry.entity)
        .bindText(5, entry.entityId)
        .bindText(6, entry.action)
        .bindText(7, entry.changeId);
    return insert.value().run();
}

Result<int> AuditLog::count()
{
    const Result<qint64> count = m_db.queryInteger(QStringLiteral("SELECT count(*) FROM audit"));
    if (!count)
        return count.error();
    return int(count.value());
}

} // namespace doorstep::store
