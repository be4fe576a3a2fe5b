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
        m_lastAtText = entry.at.toUTC().toString(Qt::ISODateWithMs).toUtf8();
    }
    insert.value()
        .bindUtf8(1, m_user.of(entry.userId))
        .bindUtf8(2, m_device.of(entry.deviceId))
        .bindUtf8(3, m_lastAtText)
        .bindUtf8(4, m_entity.of(entry.entity))
        .bindText(5, entry.entityId)
        .bindUtf8(6, m_action.of(entry.action))
        .bindText(7, entry.changeId);
    return insert.value().run();
}

const QByteArray &AuditLog::Utf8::of(const QString &value)
{
    if (!known || value != text) {
        known = true;
        text = value;
        utf8 = value.toUtf8(); // a null text binds as '' (constData() is never null), as bindText does
    }
    return utf8;
}

Result<int> AuditLog::count()
{
    const Result<qint64> count = m_db.queryInteger(QStringLiteral("SELECT count(*) FROM audit"));
    if (!count)
        return count.error();
    return int(count.value());
}

} // namespace doorstep::store
