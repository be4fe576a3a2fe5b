// The device's audit trail: who changed which record, on which device, when, and how
// ("create", "update", "pulled"). Written in the same transaction as the change it records.
// Holds ids only, never record content.
//
// Thread: the store's thread. Ownership: borrows the database; the caller owns transactions.
#pragma once

#include "app/store/sqlitedatabase.h"
#include "core/result.h"

#include <QDateTime>
#include <QString>

namespace doorstep::store {

struct AuditEntry
{
    QString userId;
    QString deviceId;
    QDateTime at;
    QString entity;
    QString entityId;
    QString action;
    QString changeId;
};

class AuditLog
{
public:
    static inline const QString Create = QStringLiteral("create");
    static inline const QString Update = QStringLiteral("update");
    static inline const QString Pulled = QStringLiteral("pulled");

    explicit AuditLog(SqliteDatabase &db)
        : m_db(db)
    {}

    Result<void> append(const AuditEntry &entry);
    Result<int> count();

private:
    SqliteDatabase &m_db;
    // A pulled page stamps every entry with one time: it is formatted once.
    QDateTime m_lastAt;
    QString m_lastAtText;
};

} // namespace doorstep::store
