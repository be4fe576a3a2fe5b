// Teams, users, enrolment codes and devices: who may talk to the server and as whom. Also
// the nonces of signed requests, so that a request is accepted once across every server process.
//
// Thread: any; each call uses the calling thread's connection. Ownership: borrows nothing;
// holds a copy of the Database settings.
#pragma once

#include "caller.h"
#include "database.h"

#include "core/domain.h"
#include "core/result.h"
#include "sync/protocol/messages.h"

#include <QList>
#include <QString>

#include <optional>

namespace doorstep::server {

struct User
{
    QString id;
    QString name;
    Role role = Role::HealthVisitor;
    QString teamId;
};

struct Device
{
    QString id;
    QString userId;
    QByteArray publicKey;
    QString name;
    qint64 enrolledAt = 0;
    std::optional<qint64> lastSeenAt;
    std::optional<qint64> revokedAt;
    qint64 pulledSeq = 0;
};

// A device with the user it was enrolled for, as one look-up finds them (every signed request
// makes it).
struct EnrolledDevice
{
    Device device;
    std::optional<User> user; // empty: that user no longer exists
};

class Directory
{
public:
    // Error codes for the HTTP layer (see httpstatus.h).
    static inline const QString CodeRefused = QStringLiteral("code_refused");
    static inline const QString AlreadyEnrolled = QStringLiteral("already_enrolled");
    static inline const QString NotFound = QStringLiteral("not_found");

    static constexpr qint64 codeLifetimeMillis = 7LL * 24 * 60 * 60 * 1000;
    // Longer than the timestamp window on both sides, so a nonce is remembered for as long as a
    // request carrying it could be accepted.
    static constexpr qint64 nonceLifetimeMillis = 15LL * 60 * 1000;

    explicit Directory(Database database);

    Result<QString> addTeam(const QString &name, qint64 nowMillis);
    Result<QString> addUser(const QString &name, Role role, const QString &teamId, qint64 nowMillis);
    Result<std::optional<User>> user(const QString &userId);
    Result<bool> teamExists(const QString &teamId);

    // A new one-time code for the user (4 groups of 4 base32 characters), valid for 7 days.
    // Only its hash is stored.
    Result<QString> issueEnrolmentCode(const QString &userId, qint64 nowMillis);
    // Binds the device and its public key to the code's user and uses the code up. Resending
    // the same enrolment (same device, same key) answers the same again.
    Result<User> enrol(const protocol::EnrolRequest &request, qint64 nowMillis);

    // Empty for a device that is not enrolled.
    Result<std::optional<EnrolledDevice>> device(const QString &deviceId);
    Result<QList<Device>> devices();
    Result<void> revoke(const QString &deviceId, qint64 nowMillis);

    // Remembers the nonce and the time the device was seen, in one transaction (one commit);
    // false when the nonce was seen before.
    Result<bool> admit(const QString &deviceId, const QByteArray &nonce, qint64 nowMillis);
    // The same as statements of the write transaction the caller holds on `db`, so that a push
    // commits its nonce with its changes: a push rolled back leaves no nonce (nothing was applied,
    // and its resend carries a new one), a push committed cannot be replayed.
    Result<bool> admitWithin(QSqlDatabase &db, const QString &deviceId, const QByteArray &nonce,
                             qint64 nowMillis);
    // The refusal of a replayed request (401 replayed_nonce).
    static Error replayedNonce();
    // The device has committed everything up to `cursor` (it asked for changes after it).
    Result<void> notePulled(const QString &deviceId, qint64 cursor);

    static QString normaliseCode(const QString &code);
    static QString hashCode(const QString &code);

private:
    Database m_database;
};

} // namespace doorstep::server
