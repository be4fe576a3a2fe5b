// The server's record of every change, the current value of every record, and who may see
// which family. Push validates and applies a batch in one transaction (each change at most
// once); pull pages through the changes a scope may see, in the order they were committed.
//
// Thread: any; each call uses the calling thread's connection, but for push() on SQLite, whose
// batch runs on the thread leading its push group (pushgroup.h). Concurrent pushes, from threads or
// processes, apply one after another (Database::beginWrite), so the sequence numbers that serve
// as pull cursors are committed in order.
#pragma once

#include "caller.h"
#include "database.h"

#include "core/change.h"
#include "core/domain.h"
#include "core/fieldmerge.h"
#include "core/hlc.h"
#include "core/result.h"
#include "sync/protocol/messages.h"

#include <QJsonValue>
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
        protocol::WrittenFieldsById fields = {}; // what each mutable record's change wrote
        QStringList removed = {};                // families moved out of the scope (drop them)
        QStringList added = {};                  // families moved into it (fetch their history)
        // Form::Encoded only: each change as the JSON a pull answer sends (with its "fields"),
        // the stored payload spliced in as stored; `changes` then carry no payload or fields.
        QList<QByteArray> encoded = {};
    };
    enum class Form { Decoded, Encoded };

    // A field value that lost the field merge (core/fieldmerge.h) to a write made
    // without seeing it, kept beside the value that won for a person to review.
    struct Conflict
    {
        QString entity;
        QString entityId;
        QString familyId;
        QString field;
        QJsonValue losingValue; // Undefined: the field was cleared
        doorstep::FieldClock losing;
        QJsonValue winningValue;
        doorstep::FieldClock winning;
        qint64 detectedAt = 0;
        std::optional<qint64> reviewedAt;
        QString reviewedBy; // the user id, once reviewed

        // How an admin names it: "<losing change id>/<field>" (a change loses a field once).
        QString id() const { return losing.changeId + u'/' + field; }

        // As `doorstep-server admin conflicts` prints it (values as JSON, null when cleared).
        QJsonObject toJson() const;
    };

    explicit ChangeLog(Database database);

    // A device's batch: refused changes are listed with a reason and leave nothing behind.
    // `fields`: what each mutable record's change wrote (PushRequest::fields). `nonce`, when
    // given: the request's, remembered in the batch's transaction (Directory::admitWithin); a
    // nonce seen before refuses the whole batch with Directory::replayedNonce(). `payloadTexts`:
    // each change's payload as the JSON text it arrived in, stored as it is and read instead of
    // the payload's object (which protocol::readPushBody leaves empty); empty: each payload
    // is encoded from its object.
    Result<protocol::PushResponse> push(const Caller &caller, const QList<Change> &changes, qint64 nowMillis,
                                        const protocol::WrittenFieldsById &fields = {},
                                        const QByteArray &nonce = {},
                                        const QList<QByteArray> &payloadTexts = {});
    // Changes made on the server (device "server"): validated like any other, no caseload check.
    Result<protocol::PushResponse> pushAsServer(const QList<Change> &changes, qint64 nowMillis,
                                                const protocol::WrittenFieldsById &fields = {});
    // Moves a family to another practitioner (and their team): a server change of the family's
    // practitionerId and teamId. The old practitioner's devices drop it on their next pull, the
    // new one's fetch its history.
    Result<void> reassignFamily(const QString &familyId, const QString &practitionerId, const QString &teamId,
                                qint64 nowMillis);

    // With `familyId`: that family's changes only (in the scope), for a device fetching the
    // history of a family that moved to it; no moves.
    // Form::Encoded: for the HTTP answer, without decoding and encoding each payload again.
    Result<Page> pull(const Scope &scope, qint64 since, int limit, const QString &familyId = {},
                      Form form = Form::Decoded);
    // The current records of every family in the scope.
    Result<Caseload> caseload(const Scope &scope);

    // Conflicts the server detected, oldest first; those not reviewed yet unless `includeReviewed`.
    Result<QList<Conflict>> conflicts(bool includeReviewed = false);
    // Marks the conflict with Conflict::id() `id` reviewed by user `userId` now. Errors: not_found
    // (no such conflict), invalid (reviewed already: by whom and when in the message).
    Result<void> markConflictReviewed(const QString &id, const QString &userId, qint64 nowMillis);

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
    // A batch in a transaction of its own.
    Result<protocol::PushResponse> apply(const std::optional<Caller> &caller, const QList<Change> &changes,
                                         qint64 nowMillis, const protocol::WrittenFieldsById &fields,
                                         const QByteArray &nonce = {},
                                         const QList<QByteArray> &payloadTexts = {});
    // A batch inside a write transaction open on `db` (its own, or a push group's); an error
    // leaves the caller to roll back what it wrote.
    Result<protocol::PushResponse> applyWithin(QSqlDatabase &db, const std::optional<Caller> &caller,
                                               const QList<Change> &changes, qint64 nowMillis,
                                               const protocol::WrittenFieldsById &fields,
                                               const QByteArray &nonce = {},
                                               const QList<QByteArray> &payloadTexts = {});

    Database m_database;
};

} // namespace doorstep::server
