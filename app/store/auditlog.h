// The device's audit trail: who changed which record, on which device, when, and how
// ("create", "update", "pulled"). Written in the same transaction as the change it records.
// Holds ids only, never record content.
//
// Thread: the store's thread. Ownership: borrows the database; the caller owns transactions.
#pragma once

#include "app/store/sqlitedatabase.h"
#include "core/result.h"

#include <QByteArray>
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
    // A value as bound last time, in UTF-8: a pulled page repeats the time, the device, the kind
    // of record and the action on every entry, so each is converted once.
    struct Utf8
    {
        bool known = false;
        QString text;
        QByteArray utf8;
        const QByteArray &of(const QString &value);
    };

    SqliteDatabase &m_db;
    QDateTime m_lastAt;
    QByteArray m_lastAtText;
    Utf8 m_user;
    Utf8 m_device;
    Utf8 m_entity;
    Utf8 m_action;
};

} // namespace doorstep::store
