// The device's encrypted store: a practitioner's caseload in one SQLCipher file, the outbox of
// changes not yet on the server, the pull cursor, the device identity and the rule settings.
//
// Thread: a Store is not thread-safe. It belongs to the thread that opened it (in the app, the
// store worker thread; in doorstep-cli, the main thread). Never touch it from the GUI thread.
// Ownership: the Store owns the database connection and the data key (in sodium_malloc'd,
// locked memory); destroying it closes the database and wipes the key.
#pragma once

#include "core/change.h"
#include "core/domain.h"
#include "core/flags.h"
#include "core/result.h"
#include "core/rulesettings.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <variant>

namespace doorstep::platform {
class KeyRest;
}

namespace doorstep::store {

// Who this device is, bound at enrolment. Held inside the encrypted store.
struct DeviceIdentity
{
    QString deviceId;
    QString userId;
    QString userName;
    Role role = Role::HealthVisitor;
    QString teamId;
    QString serverUrl;
    QString serverCertificateSha256; // hex; the pinned TLS certificate (empty: not pinned)
    QByteArray signingPublicKey;     // Ed25519, 32 bytes
    QByteArray signingSecretKey;     // Ed25519, 64 bytes; never leaves the store but to sign
};

// A change waiting to go to the server, or refused by it (kept, with the reason).
struct OutboxEntry
{
    Change change;
    bool rejected = false;
    QString rejectionCode;
    QString rejectionReason;
};

// A field value that lost the field-by-field merge of a mutable record (family, family member,
// child, alert) to an edit made without seeing it, kept beside the value that won until a person
// reviews it (core/fieldmerge.h). The record holds the winner; nothing is dropped.
struct Conflict
{
    qint64 id = 0;
    QString entity; // Entity::Family, Entity::FamilyMember, Entity::Child or Entity::Alert
    QString entityId;
    QString familyId;
    QString field;          // the record's JSON field (core/recordcodec.h), e.g. "name", "dateOfBirth"
    QJsonValue losingValue; // Undefined when the losing edit cleared the field
    QString losingHlc;
    QString losingDeviceId; // the device that made the losing edit (the HLC's node)
    QJsonValue winningValue;
    QString winningHlc;
    QString winningDeviceId;
    QDateTime detectedAt;
    QDateTime reviewedAt; // invalid: not reviewed yet
};

// One entry of a child's chronology: a record about the child, with the amendments that
// correct it beside it (newest first).
struct ChronologyEntry
{
    QString kind; // Entity::Visit, Entity::ChildViews, Entity::AdvocateOffer or Entity::Alert
    QDateTime at; // when it happened (a date-only record at 00:00 UTC)
    std::variant<Visit, ChildViews, AdvocateOffer, Alert> record;
    QList<Amendment> amendments;
};

class Store
{
public:
    using Clock = std::function<QDateTime()>; // UTC now; injectable for tests

    // Error codes (Error::code) a caller may branch on.
    static inline const QString WrongPin = QStringLiteral("wrong_pin");
    static inline const QString BackingOff = QStringLiteral("backing_off"); // message says how long
    static inline const QString WeakPin = QStringLiteral("weak_pin");
    static inline const QString NoProfile = QStringLiteral("no_profile");
    static inline const QString ProfileExists = QStringLiteral("profile_exists");
    static inline const QString Corrupt = QStringLiteral("corrupt");
    static inline const QString WrongKey = QStringLiteral("wrong_key");  // key is for another db file
    static inline const QString Truncated = QStringLiteral("truncated"); // db file cut short
    static inline const QString NewerVersion = QStringLiteral("newer_version");
    static inline const QString DiskFull = QStringLiteral("disk_full");
    static inline const QString Invalid = QStringLiteral("invalid");
    static inline const QString NotFound = QStringLiteral("not_found");
    static inline const QString Io = QStringLiteral("io");
    static inline const QString UnsyncedChanges = QStringLiteral("unsynced_changes"); // wipe refused

    // True when profileDir holds a store (a wrapped key and a database).
    static bool exists(const QString &profileDir);
    // Makes a new store: random 32-byte data key, wrapped under a key derived from `pin` with
    // Argon2id. Refuses a weak PIN with WeakPin: fewer than 6 digits (or a passphrase of fewer
    // than 8 characters), or an obvious one such as 111111, 123456 or 121212.
    static Result<std::unique_ptr<Store>> create(const QString &profileDir, const QByteArray &pin,
                                                 Clock clock = {});
    // Unwraps the data key and opens the database. WrongPin (with attempts so far) or
    // BackingOff (with the wait) on a wrong PIN; the back-off survives restarts.
    static Result<std::unique_ptr<Store>> open(const QString &profileDir, const QByteArray &pin,
                                               Clock clock = {});
    // Seconds before open() or changePin() will try another PIN (0: now). For a countdown.
    static qint64 secondsBeforeNextUnlock(const QString &profileDir, Clock clock = {});
    // Crypto-shred: destroys the wrapped key (so the database can never be read again), then the
    // database files, the wrong-PIN counter and the profile folder if nothing else is in it.
    // While the outbox holds changes the server does not hold (pending, or refused by it and
    // waiting for a correction: unsentCount()) it refuses with
    // UnsyncedChanges, saying how many would be lost, unless `force`. On success `store` is
    // closed and null, and the result is how many unsynced changes were destroyed.
    static Result<int> wipe(std::unique_ptr<Store> &store, bool force);
    // The same for a store that cannot be opened (PIN forgotten, tablet handed back): it is
    // always forced, since nobody can count what the outbox holds without the key.
    static Result<void> wipeLocked(const QString &profileDir);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Re-wraps the data key under `newPin`; the database is not re-encrypted. A wrong `oldPin`
    // counts towards the back-off like a failed open (WrongPin / BackingOff); a weak `newPin`
    // is refused with WeakPin before any PIN is tried.
    Result<void> changePin(const QByteArray &oldPin, const QByteArray &newPin);

    QString profileDir() const;
    // Made when the store was created (a UUID); the node id of the store's hybrid logical clock
    // and the device id presented at enrolment.
    QString deviceId() const;

    // An empty identity.deviceId is filled with deviceId(); another device's id is refused.
    Result<void> setIdentity(const DeviceIdentity &identity);
    std::optional<DeviceIdentity> identity() const;

    // Local edits. Each validates the record (core/validation.h), fills an empty id with a new
    // UUID, and writes the record, an audit entry and an outbox change in one transaction.
    // Returns the record's id.
    Result<QString> saveFamily(Family family);
    Result<QString> saveFamilyMember(FamilyMember member);
    Result<QString> saveChild(Child child);
    Result<QString> recordVisit(Visit visit); // append-only: an existing id is refused
    Result<QString> recordChildViews(ChildViews views);
    Result<QString> recordAdvocateOffer(AdvocateOffer offer);
    Result<QString> saveAlert(Alert alert);
    Result<QString> recordAmendment(Amendment amendment);

    // One stored record by id; NotFound when it is not on this device.
    Result<Family> family(const QString &id) const;
    Result<Child> child(const QString &id) const;
    Result<Visit> visit(const QString &id) const;
    Result<Alert> alert(const QString &id) const;
    // The id of the family's youngest child (empty when the device holds none of its children).
    Result<QString> youngestChildOf(const QString &familyId) const;
    // Everything recorded about one child, newest first: the visits that named the child, the
    // child's views, the household's advocate offers and alerts about the child or the whole
    // household, each with its amendments. NotFound for an unknown child.
    Result<QList<ChronologyEntry>> chronology(const QString &childId) const;

    // Every record on the device. Kept between calls while no record is written (by a save, a
    // pull, a removal or anything else): opening a child's page, coverage and the conflicts list
    // then read no file. Implicitly shared, so a copy costs nothing until it is changed.
    Caseload caseload() const;
    RuleSettings settings() const;
    QList<Flag> flags(const QDate &today) const;

    // Drafts: an unfinished form, saved as the user types so that it survives the app being
    // closed or locked. `key` names the form (e.g. "visit:<childId>"); `payload` is the form's
    // own serialisation, opaque to the store. Kept only on this device, never synced; destroyed
    // with the store on wipe. saveDraft replaces any earlier draft under the same key.
    Result<void> saveDraft(const QString &key, const QByteArray &payload);
    // The draft under `key`, or nullopt when there is none.
    Result<std::optional<QByteArray>> draft(const QString &key) const;
    Result<void> discardDraft(const QString &key);

    // Housekeeping for when nobody is waiting (after a save's answer has gone, after a sync run):
    // copies the write-ahead log into the database file once it holds checkpointPages or more.
    // Saves never do it themselves, so that none of them waits for it
    // (SqliteDatabase::checkpointOnRequest). Returns whether it checkpointed.
    Result<bool> checkpointIfDue();
    static constexpr int checkpointPages = 1000;                          // SQLite's own automatic mark
    static constexpr int checkpointHardLimitPages = 10 * checkpointPages; // about 40 MiB of log

    // Sync support.
    QList<OutboxEntry> outbox(int limit = -1) const; // pending first, oldest first; then rejected
    // Not yet acknowledged, not rejected. `writtenFields` (optional) receives, by change id, the
    // fields each mutable record's change wrote with their bases: PushRequest::fields.
    QList<Change> pendingChanges(int limit, QHash<QString, QJsonObject> *writtenFields = nullptr) const;
    // The same changes as the outbox keeps them, for a push body made of the stored texts
    // (protocol::pushBody) rather than parsed and encoded again: each payload is left empty, and
    // its JSON text and that of the fields it wrote (empty for append-only records) go to the
    // two lists, one entry per change. Only changes numbered after `afterSeq` (deviceSeq): the
    // batch after one sent and not yet answered.
    QList<Change> pendingChangeTexts(int limit, QList<QByteArray> *payloadTexts,
                                     QList<QByteArray> *fieldsTexts, qint64 afterSeq = 0) const;
    int pendingCount() const;
    int unsentCount() const; // pending and rejected: everything the server does not hold
    // Committed without a sync of its own (SqliteTransaction::Durability::RecoverableFromServer),
    // as is applyPulled: what they write, the server gives again.
    Result<void> markAcknowledged(const QStringList &changeIds);
    Result<void> markRejected(const QString &changeId, const QString &code, const QString &reason);
    // Sends a rejected change again (after the record was corrected, or the permission granted):
    // pending once more, as it was; the server answers it afresh. NotFound when no rejected
    // change has that id.
    Result<void> resubmitRejected(const QString &changeId);
    // After a sequence gap (the server expects `deviceSeq` next: it lost what it had acknowledged,
    // e.g. restored from an older copy): every answered change from `deviceSeq` on is pending
    // again, to be sent once more. Returns how many.
    Result<int> requeueFrom(qint64 deviceSeq);
    QString pullCursor() const;
    // Applies pulled changes and moves the cursor, in one transaction. Append-only records are
    // inserted once; mutable records merge field by field (core/fieldmerge.h), using
    // `writtenFields` (PullResponse::fields; a change without an entry wrote every field that
    // differs), and the values that lose to a concurrent edit are kept as conflicts.
    // `payloadTexts` (optional, one per change: PullResponse::payloadTexts): each payload's JSON
    // text as received; an append-only record is stored as that text, still decoded and checked
    // whole first. `syncedAt`: the end of a successful sync run, recorded as lastSyncedAt() in the
    // same transaction (one commit).
    Result<void> applyPulled(const QList<Change> &changes, const QString &newCursor,
                             const std::optional<RuleSettings> &settings,
                             const QHash<QString, QJsonObject> &writtenFields = {},
                             const QList<QByteArray> &payloadTexts = {},
                             const std::optional<QDateTime> &syncedAt = std::nullopt);
    // Removes every record of these families (moved to another practitioner's caseload), with
    // their field clocks and conflicts, in one transaction. Outbox entries stay: changes still
    // pending are sent, and the server takes those made before the move.
    Result<void> dropFamilies(const QStringList &familyIds);
    // Conflicts to review (oldest first), or all of them with those reviewed.
    QList<Conflict> conflicts(bool includeReviewed = false) const;
    int conflictCount() const; // not reviewed yet
    // NotFound for an unknown id; marking one reviewed twice is harmless.
    Result<void> markConflictReviewed(qint64 id);
    QDateTime lastSyncedAt() const;
    Result<void> setLastSyncedAt(const QDateTime &at);

private:
    static Result<void> shred(const QString &profileDir, platform::KeyRest &keyRest);

    friend struct StoreTesting; // tests reach the database through storetesting.h
    struct Private;
    explicit Store(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace doorstep::store
