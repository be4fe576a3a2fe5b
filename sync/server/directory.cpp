#include "directory.h"

#include "errorstatus.h"
#include "sqlquery.h"
#include "transaction.h"

#include "core/recordid.h"
#include "core/vocabulary.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlQuery>

#include <atomic>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

std::optional<qint64> optionalMillis(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

// The user in columns id, name, role, team_id of the query's row, from `first` on.
Result<User> readUser(const QSqlQuery &q, int first)
{
    const QString id = q.value(first).toString();
    const auto role = roleFromToken(q.value(first + 2).toString());
    if (!role)
        return storageError(u"reading user %1"_s.arg(id), u"the stored role is not known"_s);
    return User{id, q.value(first + 1).toString(), *role, q.value(first + 3).toString()};
}

} // namespace

Directory::Directory(Database database)
    : m_database(std::move(database))
{}

QString Directory::normaliseCode(const QString &code)
{
    QString result;
    for (const QChar c : code) {
        if (c == u'-' || c.isSpace())
            continue;
        result.append(c.toUpper());
    }
    return result;
}

QString Directory::hashCode(const QString &code)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(normaliseCode(code).toUtf8(), QCryptographicHash::Sha256).toHex());
}

Result<QString> Directory::addTeam(const QString &name, qint64 nowMillis)
{
    if (name.trimmed().isEmpty())
        return makeError(u"invalid"_s, u"A team needs a name."_s, u"name"_s);
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QString id = newRecordId();
    if (auto done = runQuery(db.value(), u"INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)"_s,
                             {id, name.trimmed(), nowMillis}, u"adding a team"_s);
        !done)
        return done.error();
    return id;
}

Result<bool> Directory::teamExists(const QString &teamId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto query = runQuery(db.value(), u"SELECT id FROM teams WHERE id = ?"_s, {teamId}, u"finding a team"_s);
    if (!query)
        return query.error();
    return query.value().next();
}

Result<QString> Directory::addUser(const QString &name, Role role, const QString &teamId, qint64 nowMillis)
{
    if (name.trimmed().isEmpty())
        return makeError(u"invalid"_s, u"A user needs a name."_s, u"name"_s);
    auto exists = teamExists(teamId);
    if (!exists)
        return exists.error();
    if (!exists.value())
        return makeError(NotFound, u"There is no team with id %1; list teams or add one first."_s.arg(teamId),
                         u"team"_s);
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QString id = newRecordId();
    if (auto done = runQuery(
            db.value(), u"INSERT INTO users (id, name, role, team_id, created_at) VALUES (?, ?, ?, ?, ?)"_s,
            {id, name.trimmed(), toToken(role), teamId, nowMillis}, u"adding a user"_s);
        !done)
        return done.error();
    return id;
}

Result<std::optional<User>> Directory::user(const QString &userId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto query = runQuery(db.value(), u"SELECT id, name, role, team_id FROM users WHERE id = ?"_s, {userId},
                          u"finding a user"_s);
    if (!query)
        return query.error();
    QSqlQuery &q = query.value();
    if (!q.next())
        return std::optional<User>{};
    auto read = readUser(q, 0);
    if (!read)
        return read.error();
    return std::optional<User>(std::move(read).value());
}

Result<QString> Directory::issueEnrolmentCode(const QString &userId, qint64 nowMillis)
{
    auto known = user(userId);
    if (!known)
        return known.error();
    if (!known.value())
        return makeError(NotFound, u"There is no user with id %1."_s.arg(userId), u"user"_s);

    // Base32 without the look-alikes I, O, 0 and 1, so a code read out over the phone survives.
    static constexpr char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString code;
    for (int i = 0; i < 16; ++i) {
        if (i > 0 && i % 4 == 0)
            code.append(u'-');
        code.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(32)]));
    }
    auto db = m_database.connection();
    if (!db)
        return db.error();
    if (auto done = runQuery(db.value(),
                             u"INSERT INTO enrolment_codes (code_hash, user_id, created_at, expires_at)"
                             u" VALUES (?, ?, ?, ?)"_s,
                             {hashCode(code), userId, nowMillis, nowMillis + codeLifetimeMillis},
                             u"storing an enrolment code"_s);
        !done)
        return done.error();
    return code;
}

Result<User> Directory::enrol(const protocol::EnrolRequest &request, qint64 nowMillis)
{
    if (request.deviceId == "server"_L1) {
        return makeError(u"invalid"_s, u"\"server\" is reserved for records the server makes itself."_s,
                         u"deviceId"_s);
    }
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    Transaction transaction(m_database, db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();

    auto codeRow = runQuery(db,
                            u"SELECT user_id, expires_at, used_at, used_by_device FROM enrolment_codes"
                            u" WHERE code_hash = ?"_s,
                            {hashCode(request.code)}, u"checking an enrolment code"_s);
    if (!codeRow)
        return codeRow.error();
    QSqlQuery &code = codeRow.value();
    if (!code.next()) {
        return makeError(CodeRefused,
                         u"This enrolment code is not known. Check it, or ask an administrator "
                         u"for a new one."_s,
                         u"code"_s);
    }
    const QString userId = code.value(0).toString();
    const qint64 expiresAt = code.value(1).toLongLong();
    const bool used = !code.value(2).isNull();
    const QString usedBy = code.value(3).toString();
    code.finish();

    auto existing = device(request.deviceId);
    if (!existing)
        return existing.error();

    if (used) {
        // A resend of an enrolment whose answer was lost: same device, same key.
        const bool resend = usedBy == request.deviceId && existing.value() &&
                            existing.value()->device.publicKey == request.devicePublicKey;
        if (!resend) {
            return makeError(CodeRefused,
                             u"This enrolment code has been used already. Ask an administrator "
                             u"for a new one."_s,
                             u"code"_s);
        }
    } else {
        if (expiresAt < nowMillis) {
            return makeError(CodeRefused,
                             u"This enrolment code has expired. Ask an administrator for a new one."_s,
                             u"code"_s);
        }
        if (existing.value()) {
            return makeError(AlreadyEnrolled,
                             u"A device with this id is enrolled already. Reset the app's profile to "
                             u"enrol again."_s,
                             u"deviceId"_s);
        }
        if (auto inserted =
                runQuery(db,
                         u"INSERT INTO devices (id, user_id, public_key, name, enrolled_at,"
                         u" pulled_seq) VALUES (?, ?, ?, ?, ?, 0)"_s,
                         {request.deviceId, userId, QString::fromLatin1(request.devicePublicKey.toBase64()),
                          request.deviceName, nowMillis},
                         u"enrolling a device"_s);
            !inserted)
            return inserted.error();
        if (auto marked = runQuery(db,
                                   u"UPDATE enrolment_codes SET used_at = ?, used_by_device = ?"
                                   u" WHERE code_hash = ?"_s,
                                   {nowMillis, request.deviceId, hashCode(request.code)},
                                   u"using up an enrolment code"_s);
            !marked)
            return marked.error();
    }
    auto owner = user(userId);
    if (!owner)
        return owner.error();
    if (!owner.value())
        return storageError(u"enrolling a device"_s, u"the code's user is missing"_s);
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return *owner.value();
}

Result<std::optional<EnrolledDevice>> Directory::device(const QString &deviceId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto query = runQuery(db.value(),
                          u"SELECT d.id, d.user_id, d.public_key, d.name, d.enrolled_at, d.last_seen_at,"
                          u" d.revoked_at, d.pulled_seq, u.id, u.name, u.role, u.team_id"
                          u" FROM devices d LEFT JOIN users u ON u.id = d.user_id WHERE d.id = ?"_s,
                          {deviceId}, u"finding a device"_s);
    if (!query)
        return query.error();
    QSqlQuery &q = query.value();
    if (!q.next())
        return std::optional<EnrolledDevice>{};
    EnrolledDevice found;
    Device &d = found.device;
    d.id = q.value(0).toString();
    d.userId = q.value(1).toString();
    d.publicKey = QByteArray::fromBase64(q.value(2).toString().toLatin1());
    d.name = q.value(3).toString();
    d.enrolledAt = q.value(4).toLongLong();
    d.lastSeenAt = optionalMillis(q.value(5));
    d.revokedAt = optionalMillis(q.value(6));
    d.pulledSeq = q.value(7).toLongLong();
    if (!q.value(8).isNull()) {
        auto user = readUser(q, 8);
        if (!user)
            return user.error();
        found.user = std::move(user).value();
    }
    return std::optional<EnrolledDevice>(std::move(found));
}

Result<QList<Device>> Directory::devices()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto query = runQuery(db.value(),
                          u"SELECT id, user_id, name, enrolled_at, last_seen_at, revoked_at, pulled_seq"
                          u" FROM devices ORDER BY enrolled_at, id"_s,
                          {}, u"listing devices"_s);
    if (!query)
        return query.error();
    QList<Device> list;
    QSqlQuery &q = query.value();
    while (q.next()) {
        Device d;
        d.id = q.value(0).toString();
        d.userId = q.value(1).toString();
        d.name = q.value(2).toString();
        d.enrolledAt = q.value(3).toLongLong();
        d.lastSeenAt = optionalMillis(q.value(4));
        d.revokedAt = optionalMillis(q.value(5));
        d.pulledSeq = q.value(6).toLongLong();
        list.append(d);
    }
    return list;
}

Result<void> Directory::revoke(const QString &deviceId, qint64 nowMillis)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto query =
        runQuery(db.value(), u"UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"_s,
                 {nowMillis, deviceId}, u"revoking a device"_s);
    if (!query)
        return query.error();
    if (query.value().numRowsAffected() == 0) {
        auto known = device(deviceId);
        if (!known)
            return known.error();
        if (!known.value())
            return makeError(NotFound, u"There is no device with id %1."_s.arg(deviceId), u"device"_s);
    }
    return {};
}

Error Directory::replayedNonce()
{
    return makeError(ErrorCode::ReplayedNonce, u"This request was seen before and is not accepted twice."_s);
}

Result<bool> Directory::admit(const QString &deviceId, const QByteArray &nonce, qint64 nowMillis)
{
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    // Both writes in one transaction: on SQLite each statement on its own would be a commit of
    // its own, each waiting for the write turn.
    Transaction transaction(m_database, db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    auto admitted = admitWithin(db, deviceId, nonce, nowMillis);
    if (!admitted || !admitted.value())
        return admitted; // rolled back: nothing to keep
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return true;
}

Result<bool> Directory::admitWithin(QSqlDatabase &db, const QString &deviceId, const QByteArray &nonce,
                                    qint64 nowMillis)
{
    // Forget old nonces now and then; once a minute per process is plenty.
    static std::atomic<qint64> lastPurge{0};
    qint64 previous = lastPurge.load();
    if (nowMillis - previous > 60'000 && lastPurge.compare_exchange_strong(previous, nowMillis)) {
        if (auto purged = runQuery(db, u"DELETE FROM nonces WHERE seen_at < ?"_s,
                                   {nowMillis - nonceLifetimeMillis}, u"forgetting old nonces"_s);
            !purged)
            return purged.error();
    }

    auto inserted = runQuery(db,
                             u"INSERT INTO nonces (device_id, nonce, seen_at) VALUES (?, ?, ?)"
                             u" ON CONFLICT DO NOTHING"_s,
                             {deviceId, QString::fromLatin1(nonce), nowMillis}, u"remembering a nonce"_s);
    if (!inserted)
        return inserted.error();
    if (inserted.value().numRowsAffected() != 1)
        return false;
    if (auto seen = runQuery(db, u"UPDATE devices SET last_seen_at = ? WHERE id = ?"_s, {nowMillis, deviceId},
                             u"noting when a device was seen"_s);
        !seen)
        return seen.error();
    return true;
}

Result<void> Directory::notePulled(const QString &deviceId, qint64 cursor)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    if (auto done =
            runQuery(db.value(), u"UPDATE devices SET pulled_seq = ? WHERE id = ? AND pulled_seq < ?"_s,
                     {cursor, deviceId, cursor}, u"noting a device's cursor"_s);
        !done)
        return done.error();
    return {};
}

} // namespace doorstep::server
