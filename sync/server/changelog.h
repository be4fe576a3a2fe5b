// The server's record of every change, the current value of every record, and who may see
// which family. Push validates and applies a batch in one transaction (each change at most
// once); pull pages through the changes a scope may see, in the order they were committed.
//
// Thread: any; each call uses the calling thread's connection. Concurrent pushes, from threads
// or processes, apply one after another (Database::beginWrite), so the sequence numbers that
// serve as pull cursors are committed in order.
#pragma once

#include "caller.h"
#include "database.h"

#include "core/change.h"
#include "core/domain.h"
#include "core/hlc.h"
#include "core/result.h"
#include "sync/protocol/messages.h"

#include <QList>

#include <optional>

namespace doorstep::server {

class ChangeLog
{
public:
    // The device id of records the server makes itself (admin commands such as demo).
    static inline const QString ServerDevice = QStringLiteral("server");

    struct Page
    {
        QList<Change> changes;
        qint64 cursor = 0; // the last sequence number returned, or `since` when none
        bool more = false;
    };

    // A value that lost last-writer-wins, kept with the one that won, for a person to review.
    struct Conflict
    {
        QString entity;
        QString entityId;
        QString losingChangeId;
        QString winningChangeId;
        QJsonObject losingPayload;
        QJsonObject winningPayload;
    };

    explicit ChangeLog(Database database);

    // A device's batch: refused changes are listed with a reason and leave nothing behind.
    Result<protocol::PushResponse> push(const Caller &caller, const QList<Change> &changes, qint64 nowMillis);
    // Changes made on the server (device "server"): validated like any other, no caseload check.
    Result<protocol::PushResponse> pushAsServer(const QList<Change> &changes, qint64 nowMillis);

    Result<Page> pull(const Scope &scope, qint64 since, int limit);
    // The current records of every family in the scope.
    Result<Caseload> caseload(const Scope &scope);

    Result<QList<Conflict>> unresolvedConflicts();

    // Makes changes for records the server creates: device "server", its own HLC and sequence,
    // carried on from the changes it made before.
    class ServerChanges
    {
    public:
        Change make(const QString &entity, const QString &entityId, const QString &familyId,
                    const QJsonObject &payload, qint64 nowMillis);

    private:
        friend class ChangeLog;
        ServerChanges(const HlcTimestamp &last, qint64 lastSeq);
        HybridClock m_clock;
        qint64 m_lastSeq = 0;
    };
    Result<ServerChanges> serverChanges();

private:
    Result<protocol::PushResponse> apply(const std::optional<Caller> &caller, const QList<Change> &changes,
                                         qint64 nowMillis);

    Database m_database;
};

} // namespace doorstep::server
