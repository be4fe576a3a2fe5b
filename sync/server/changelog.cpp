#include "changelog.h"

#include "directory.h"
#include "errorstatus.h"
#include "faultpoint.h"
#include "pushgroup.h"
#include "recordref.h"
#include "sqlquery.h"
#include "transaction.h"

#include "core/fieldmerge.h"
#include "core/hlc.h"
#include "core/recordcodec.h"
#include "core/recordid.h"
#include "core/storedrecorddecoder.h"
#include "sync/protocol/jsonstring.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTimeZone>

#include <limits>
#include <unordered_map>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcChangeLog, "doorstep.server.changelog")

namespace doorstep::server {

namespace {

const QString Invalid = u"invalid"_s;
const QString Forbidden = u"forbidden"_s;
const QString Gap = u"gap"_s;

QString compact(const QJsonObject &json)
{
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

// A field's value as stored text: wrapped in an array so that an absent (cleared) field, which
// has no JSON text of its own, is "[]".
QString wrapValue(const QJsonValue &value)
{
    QJsonArray array;
    if (!value.isUndefined())
        array.append(value);
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QJsonValue unwrapValue(const QString &text)
{
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    return array.isEmpty() ? QJsonValue(QJsonValue::Undefined) : array.first();
}

struct FamilyScopeRow
{
    QString teamId;
    QString practitionerId;
};

// A list of texts as one JSON array, bound as a single value where a statement reads it with
// json_each (SQLite) or json_array_elements_text (PostgreSQL): one statement for any number of
// ids, bound as one value instead of one each.
QByteArray jsonTextArray(const QStringList &texts)
{
    QByteArray array;
    array.reserve(texts.size() * 40 + 2);
    array.append('[');
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i > 0)
            array.append(',');
        protocol::appendJsonString(array, texts.at(i));
    }
    array.append(']');
    return array;
}

// Rows written by one statement each: a batch's new changes go a few statements at a time
// (flush()), each for a power of two of rows, so that a connection prepares only a few of them.
constexpr int MaxRowsPerInsert = 64;

// "INSERT INTO <head> VALUES (row), (row)…" for `rows` rows, then `tail`.
QString multiRowInsert(const QString &head, const QString &row, int rows, const QString &tail = {})
{
    QString sql = u"INSERT INTO "_s + head + u" VALUES "_s;
    sql.reserve(sql.size() + rows * (row.size() + 2) + tail.size());
    for (int i = 0; i < rows; ++i) {
        if (i > 0)
            sql += u", "_s;
        sql += row;
    }
    return sql + tail;
}

// What Batch::flush() runs, per engine and for 1, 2, 4… MaxRowsPerInsert rows.
struct NewRowStatements
{
    explicit NewRowStatements(const QString &jsonParameter)
    {
        for (int rows = 1; rows <= MaxRowsPerInsert; rows *= 2) {
            changes.append(
                multiRowInsert(u"changes (seq, change_id, device_id, device_seq, entity, entity_id,"
                               u" family_id, hlc, payload, received_at, team_id, practitioner_id)"_s,
                               u"(?, ?, ?, ?, ?, ?, ?, ?, %1, ?, ?, ?)"_s.arg(jsonParameter), rows));
            clocks.append(
                multiRowInsert(u"record_clocks (entity, entity_id, clocks)"_s, u"(?, ?, ?)"_s, rows,
                               u" ON CONFLICT (entity, entity_id) DO UPDATE SET clocks = excluded.clocks"_s));
            written.append(multiRowInsert(u"change_fields (change_id, fields)"_s, u"(?, ?)"_s, rows));
        }
    }
    // Index i: for 2^i rows.
    QStringList changes;
    QStringList clocks;
    QStringList written;
};

const NewRowStatements &newRowStatements(bool sqlite)
{
    static const NewRowStatements forSqlite(u"CAST(? AS TEXT)"_s);
    static const NewRowStatements forPostgres(u"?"_s);
    return sqlite ? forSqlite : forPostgres;
}

// PostgreSQL plans a prepared statement for the table sizes its statistics give, and refreshes
// them only when autovacuum next looks (up to a minute away). A change log that grows fast from
// empty (a new server, a burst of devices) is planned as if it were still tiny: a push's look-up
// of its batch (lookUpBatch) then scanned the whole of `changes` under the change log's lock, and
// 500 devices pushing at once took 13.8 s at p99 instead of 2-3 s (bench/analysis.md, session 19).
// So each time the changes this process has taken into one database double (from 1,000), it
// analyses the change log's tables itself before answering the push that passed the mark: a few
// times as a log grows, each cheap (ANALYZE reads a sample).
void keepStatisticsFresh(const Database &database, QSqlDatabase &db, qint64 taken)
{
    if (database.engine() != Database::Engine::Postgres || taken <= 0)
        return;
    struct Growth
    {
        qint64 taken = 0;
        qint64 nextAnalysis = 1'000;
    };
    static QMutex mutex;
    static std::unordered_map<QString, Growth> growth;
    {
        QMutexLocker locker(&mutex);
        Growth &g = growth[database.describe()];
        g.taken += taken;
        if (g.taken < g.nextAnalysis)
            return;
        g.nextAnalysis = 2 * g.taken;
    }
    if (auto analysed =
            runQuery(db, u"ANALYZE changes, records"_s, {}, u"refreshing the planner's statistics"_s);
        !analysed)
        qCWarning(lcChangeLog, "%s", qPrintable(analysed.error().message));
}

QString recordKey(const QString &entity, const QString &entityId)
{
    return entity + u'\n' + entityId;
}

// One push (or server batch) inside its transaction: the connection and what it has looked up.
class Batch
{
public:
    Batch(QSqlDatabase &db, const std::optional<Caller> &caller, qint64 nowMillis)
        : m_db(db)
        , m_caller(caller)
        , m_now(nowMillis)
        , m_sqlite(db.driver()->dbmsType() == QSqlDriver::SQLite)
        , m_jsonParameter(m_sqlite ? u"CAST(? AS TEXT)"_s : u"?"_s)
        , m_jsonTexts(m_sqlite ? u"SELECT value FROM json_each(CAST(? AS TEXT))"_s
                               : u"SELECT json_array_elements_text(CAST(? AS json))"_s)
    {}

    // Finds, for the whole batch in a few statements, which of its change ids are stored already
    // and which of its records exist, so that check() asks the database per change only about
    // records outside the batch (two statements fewer per change). Before the first check().
    Result<void> lookUpBatch(const QList<Change> &changes);
    // Ok: the change is new and may be stored. Error: why it is refused. Empty optional in the
    // value: it was stored before and is only acknowledged again. `payloadText`, when not empty:
    // the payload's JSON text as the device sent it, read instead of the payload's object.
    Result<std::optional<RecordRef>> check(const Change &change, const QByteArray &payloadText = {});
    // `written`: the fields a mutable record's change says it wrote (nullopt: not said).
    // `payloadText`, when not empty: the payload's JSON text as the device sent it (stored as it
    // is instead of being encoded again).
    Result<void> store(const Change &change, const RecordRef &ref, const std::optional<QJsonObject> &written,
                       const QByteArray &payloadText = {});

    // The sending device's change has been answered (accepted or refused for its content): its
    // sequence number counts as received.
    Result<void> answered(const Change &change);
    // Writes the devices' answered sequence numbers; inside the batch's transaction.
    Result<void> saveAnswered();
    // Writes the change log's last sequence number; inside the batch's transaction, before commit.
    Result<void> saveSequence();
    // Writes the rows of new records that store() keeps back (a change, its record, and for a
    // mutable record its clocks and written fields), a few statements per table for all of them
    // rather than four a change: each statement costs QtSql and SQLite some tens of thousands of
    // instructions beyond its values. Every other statement of the batch runs after it (run()),
    // so each sees what came before.
    Result<void> flush();

    // Storage failed: the whole batch must roll back.
    std::optional<Error> failure;
    // Set when a change was refused as a gap: the deviceSeq expected next.
    std::optional<qint64> expectedSeq;

private:
    // runQuery() on the batch's connection once the rows kept back are written.
    Result<SqlStatement> run(const QString &sql, const QVariantList &values, const QString &purpose)
    {
        if (auto flushed = flush(); !flushed)
            return flushed.error();
        return runQuery(m_db, sql, values, purpose);
    }
    // The family's caseload after a change of family `family` (nullopt: not a family, or not
    // changed by it), and its move when it moved.
    Result<void> storeScope(const Change &change, qint64 seq, const std::optional<Family> &family);
    // Keeps back the rows of a change of a record the server does not hold (see flush()).
    Result<void> keepNew(const Change &change, qint64 seq, const std::optional<FamilyScopeRow> &scope,
                         const QByteArray &payloadText, const std::optional<QJsonObject> &written);
    Result<std::optional<FamilyScopeRow>> familyScope(const QString &familyId);
    Result<std::optional<QString>> recordFamily(const QString &entity, const QString &entityId);
    // The device that sent the stored change `changeId`; nullopt when it is not stored.
    Result<std::optional<QString>> storedChangeDevice(const QString &changeId);
    Result<bool> userInTeam(const QString &userId, const QString &teamId);
    // True when the family moved away from the practitioner at a clock time later than `hlc`.
    Result<bool> movedAwayAfter(const QString &familyId, const QString &practitionerId, const QString &hlc);
    Result<qint64> pulledSeq(const QString &deviceId);
    Result<qint64> nextSeq();
    Result<qint64> answeredSeq(const QString &deviceId);
    Result<void> saveClocks(const Change &change, const doorstep::FieldClocks &clocks);
    // What a mutable record's change wrote, as devices must merge it: sent with it on pull.
    Result<void> saveWritten(const Change &change, const doorstep::WrittenFields &fields);
    Result<void> keepConflict(const Change &change, const doorstep::FieldConflict &conflict);
    Error fail(const Error &error)
    {
        failure = error;
        return error;
    }

    // A payload to bind where m_jsonParameter stands. SQLite: its UTF-8 bytes, cast to text by
    // SQLite (QSQLITE would bind a QString as UTF-16 for SQLite to convert back to UTF-8).
    QVariant storedJson(const QJsonObject &json) const
    {
        const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
        return storedText(text);
    }
    QVariant storedText(const QByteArray &text) const
    {
        return m_sqlite ? QVariant(text) : QVariant(QString::fromUtf8(text));
    }

    QSqlDatabase &m_db;
    std::optional<Caller> m_caller;
    qint64 m_now;
    bool m_sqlite;
    QString m_jsonParameter;
    QString m_jsonTexts;           // the texts of the JSON array bound where it stands (jsonTextArray)
    StoredRecordDecoder m_decoder; // check()'s reading of payload texts
    QHash<QString, qint64> m_pulled;
    // Looked up once per batch (a batch is mostly one family's records): a record never changes
    // family, and a family's scope changes only through store(), which keeps this in step.
    QHash<QString, std::optional<FamilyScopeRow>> m_scopes;
    QHash<QString, QString> m_recordFamilies; // "entity\nid" -> family id, records found only
    // Found by lookUpBatch() (and kept in step by store()): the batch's records not on the server,
    // and the batch's change ids that are, with the device that sent each.
    QSet<QString> m_absentRecords;
    QSet<QString> m_lookedUpChanges;
    QHash<QString, QString> m_storedChanges;
    QHash<QString, qint64> m_answered;
    QSet<QString> m_answeredChanged;
    std::optional<qint64> m_lastSeq; // the change log's counter, once read
    qint64 m_firstSeq = 0;           // its value when read
    // Kept back by keepNew() until flush(): the values of the new changes' rows (numbered
    // m_newFirstSeq to m_newLastSeq, one after another, each a new record), their clocks' and
    // written fields' rows.
    QVariantList m_newChanges;
    QVariantList m_newClocks;
    QVariantList m_newWritten;
    qint64 m_newFirstSeq = 0;
    qint64 m_newLastSeq = 0;
};

Result<qint64> Batch::answeredSeq(const QString &deviceId)
{
    if (const auto it = m_answered.constFind(deviceId); it != m_answered.constEnd())
        return *it;
    auto query = run(u"SELECT answered_seq FROM device_sequences WHERE device_id = ?"_s, {deviceId},
                     u"reading a device's sequence"_s);
    if (!query)
        return fail(query.error());
    qint64 seq = 0;
    if (query.value().next()) {
        seq = query.value().value(0).toLongLong();
    } else {
        // A device that pushed before sequences were kept: what it has stored stands in.
        auto stored = run(u"SELECT MAX(device_seq) FROM changes WHERE device_id = ?"_s, {deviceId},
                          u"reading a device's sequence"_s);
        if (!stored)
            return fail(stored.error());
        if (stored.value().next())
            seq = stored.value().value(0).toLongLong();
    }
    m_answered.insert(deviceId, seq);
    return seq;
}

Result<void> Batch::answered(const Change &change)
{
    if (!m_caller || change.deviceId != m_caller->deviceId)
        return {};
    auto current = answeredSeq(change.deviceId);
    if (!current)
        return current.error();
    if (change.deviceSeq > current.value()) {
        m_answered.insert(change.deviceId, change.deviceSeq);
        m_answeredChanged.insert(change.deviceId);
    }
    return {};
}

Result<void> Batch::saveAnswered()
{
    for (const QString &deviceId : std::as_const(m_answeredChanged)) {
        if (auto saved = run(u"INSERT INTO device_sequences (device_id, answered_seq) VALUES (?, ?)"
                             u" ON CONFLICT (device_id) DO UPDATE SET answered_seq = excluded.answered_seq"_s,
                             {deviceId, m_answered.value(deviceId)}, u"recording a device's sequence"_s);
            !saved)
            return fail(saved.error());
    }
    return {};
}

Result<std::optional<FamilyScopeRow>> Batch::familyScope(const QString &familyId)
{
    if (const auto it = m_scopes.constFind(familyId); it != m_scopes.constEnd())
        return *it;
    auto query = run(u"SELECT team_id, practitioner_id FROM family_scope WHERE family_id = ?"_s, {familyId},
                     u"finding a family's caseload"_s);
    if (!query)
        return fail(query.error());
    std::optional<FamilyScopeRow> scope;
    if (query.value().next())
        scope = FamilyScopeRow{query.value().value(0).toString(), query.value().value(1).toString()};
    m_scopes.insert(familyId, scope);
    return scope;
}

Result<void> Batch::lookUpBatch(const QList<Change> &changes)
{
    QStringList changeIds;
    QHash<QString, QStringList> idsByEntity;
    for (const Change &change : changes) {
        if (!m_lookedUpChanges.contains(change.changeId)) {
            m_lookedUpChanges.insert(change.changeId);
            changeIds.append(change.changeId);
        }
        const QString key = recordKey(change.entity, change.entityId);
        if (!m_absentRecords.contains(key)) {
            m_absentRecords.insert(key); // until found below
            idsByEntity[change.entity].append(change.entityId);
        }
    }
    if (!changeIds.isEmpty()) {
        auto found =
            run(u"SELECT change_id, device_id FROM changes WHERE change_id IN (%1)"_s.arg(m_jsonTexts),
                {storedText(jsonTextArray(changeIds))}, u"looking for resent changes"_s);
        if (!found)
            return fail(found.error());
        while (found.value().next())
            m_storedChanges.insert(found.value().value(0).toString(), found.value().value(1).toString());
    }
    for (auto it = idsByEntity.constBegin(); it != idsByEntity.constEnd(); ++it) {
        auto found =
            run(u"SELECT entity_id, family_id FROM records WHERE entity = ? AND entity_id IN (%1)"_s.arg(
                    m_jsonTexts),
                {it.key(), storedText(jsonTextArray(it.value()))}, u"finding records"_s);
        if (!found)
            return fail(found.error());
        while (found.value().next()) {
            const QString key = recordKey(it.key(), found.value().value(0).toString());
            m_absentRecords.remove(key);
            m_recordFamilies.insert(key, found.value().value(1).toString());
        }
    }
    return {};
}

Result<std::optional<QString>> Batch::storedChangeDevice(const QString &changeId)
{
    if (m_lookedUpChanges.contains(changeId)) {
        const auto it = m_storedChanges.constFind(changeId);
        return it == m_storedChanges.constEnd() ? std::optional<QString>() : std::optional<QString>(*it);
    }
    auto stored = run(u"SELECT device_id FROM changes WHERE change_id = ?"_s, {changeId},
                      u"looking for a resent change"_s);
    if (!stored)
        return fail(stored.error());
    if (!stored.value().next())
        return std::optional<QString>();
    return std::optional<QString>(stored.value().value(0).toString());
}

Result<std::optional<QString>> Batch::recordFamily(const QString &entity, const QString &entityId)
{
    const QString key = recordKey(entity, entityId);
    if (const auto it = m_recordFamilies.constFind(key); it != m_recordFamilies.constEnd())
        return std::optional<QString>(*it);
    if (m_absentRecords.contains(key))
        return std::optional<QString>{};
    auto query = run(u"SELECT family_id FROM records WHERE entity = ? AND entity_id = ?"_s,
                     {entity, entityId}, u"finding a record"_s);
    if (!query)
        return fail(query.error());
    if (!query.value().next())
        return std::optional<QString>{};
    const QString familyId = query.value().value(0).toString();
    m_recordFamilies.insert(key, familyId);
    return std::optional<QString>(familyId);
}

Result<bool> Batch::movedAwayAfter(const QString &familyId, const QString &practitionerId, const QString &hlc)
{
    auto query =
        run(u"SELECT 1 FROM family_moves WHERE family_id = ? AND from_practitioner = ? AND hlc > ?"_s,
            {familyId, practitionerId, hlc}, u"finding a family's moves"_s);
    if (!query)
        return fail(query.error());
    return query.value().next();
}

Result<bool> Batch::userInTeam(const QString &userId, const QString &teamId)
{
    auto query = run(u"SELECT id FROM users WHERE id = ? AND team_id = ?"_s, {userId, teamId},
                     u"finding a practitioner"_s);
    if (!query)
        return fail(query.error());
    return query.value().next();
}

Result<qint64> Batch::pulledSeq(const QString &deviceId)
{
    if (deviceId == ChangeLog::ServerDevice)
        return std::numeric_limits<qint64>::max(); // the server has seen everything it holds
    if (const auto it = m_pulled.constFind(deviceId); it != m_pulled.constEnd())
        return *it;
    auto query =
        run(u"SELECT pulled_seq FROM devices WHERE id = ?"_s, {deviceId}, u"reading a device's cursor"_s);
    if (!query)
        return fail(query.error());
    const qint64 seq = query.value().next() ? query.value().value(0).toLongLong() : 0;
    m_pulled.insert(deviceId, seq);
    return seq;
}

Result<qint64> Batch::nextSeq()
{
    // The batch holds the change log's lock from its first statement to its commit
    // (Database::beginWrite), so nobody else numbers changes meanwhile: the counter is read once
    // and written back once, by saveSequence(), in the same transaction.
    if (!m_lastSeq) {
        auto query = run(u"SELECT last_seq FROM change_sequence WHERE id = 1"_s, {}, u"numbering a change"_s);
        if (!query)
            return fail(query.error());
        if (!query.value().next())
            return fail(storageError(u"numbering a change"_s, u"the sequence row is missing"_s));
        m_lastSeq = query.value().value(0).toLongLong();
        m_firstSeq = *m_lastSeq;
    }
    return ++*m_lastSeq;
}

Result<void> Batch::saveSequence()
{
    if (!m_lastSeq || *m_lastSeq == m_firstSeq)
        return {};
    if (auto updated = run(u"UPDATE change_sequence SET last_seq = ? WHERE id = 1"_s, {*m_lastSeq},
                           u"numbering a change"_s);
        !updated)
        return fail(updated.error());
    return {};
}

Result<void> Batch::keepNew(const Change &change, qint64 seq, const std::optional<FamilyScopeRow> &scope,
                            const QByteArray &payloadText, const std::optional<QJsonObject> &written)
{
    // The records are copied by a range of numbers (flush()); a change stored in between has
    // flushed them already, so this does not happen.
    if (!m_newChanges.isEmpty() && seq != m_newLastSeq + 1) {
        if (auto flushed = flush(); !flushed)
            return flushed;
    }
    if (m_newChanges.isEmpty())
        m_newFirstSeq = seq;
    m_newLastSeq = seq;
    // The values, and their types, of the statement that stored a change on its own.
    m_newChanges.append({seq, change.changeId, change.deviceId, change.deviceSeq, change.entity,
                         change.entityId, change.familyId, change.hlc,
                         payloadText.isEmpty() ? storedJson(change.payload) : storedText(payloadText), m_now,
                         scope ? QVariant(scope->teamId) : nullText(),
                         scope ? QVariant(scope->practitionerId) : nullText()});
    if (m_lookedUpChanges.contains(change.changeId))
        m_storedChanges.insert(change.changeId, change.deviceId);
    const QString key = recordKey(change.entity, change.entityId);
    m_absentRecords.remove(key);
    m_recordFamilies.insert(key, change.familyId);
    if (Entity::isAppendOnly(change.entity))
        return {};

    const doorstep::WrittenFields fields =
        written ? *written : doorstep::writtenFields({}, {}, change.payload);
    const doorstep::FieldMerge merge =
        doorstep::mergeFields({}, {}, change.payload, change.hlc, change.changeId, fields);
    m_newClocks.append({change.entity, change.entityId, compact(doorstep::clocksToJson(merge.clocks))});
    m_newWritten.append({change.changeId, compact(fields)});
    return {};
}

Result<void> Batch::flush()
{
    if (m_newChanges.isEmpty())
        return {};
    const NewRowStatements &sql = newRowStatements(m_sqlite);
    // A statement of 2^i rows, for the largest i that fits, until every row is written.
    const auto insert = [this](const QStringList &statements, QVariantList &values, int width,
                               const QString &purpose) -> Result<void> {
        const QVariantList all = std::exchange(values, {});
        qsizetype row = 0;
        const qsizetype rows = all.size() / width;
        while (row < rows) {
            int size = 0;
            while (size + 1 < statements.size() && (qsizetype(2) << size) <= rows - row)
                ++size;
            const qsizetype count = qsizetype(1) << size;
            if (auto inserted =
                    runQuery(m_db, statements.at(size), all.mid(row * width, count * width), purpose);
                !inserted)
                return fail(inserted.error());
            row += count;
        }
        return {};
    };
    const qint64 first = m_newFirstSeq;
    const qint64 last = m_newLastSeq;
    if (auto inserted = insert(sql.changes, m_newChanges, 12, u"storing a change"_s); !inserted)
        return inserted;
    // Each new record is its change's row copied rather than bound again; an append-only one
    // without its payload, which is its change's for good (see the records table in schema.cpp):
    // a second copy made up a fifth of the bytes each push wrote to the disk.
    static const QString insertRecords =
        u"INSERT INTO records (entity, entity_id, family_id, hlc, change_id, seq, device_id, payload)"
        u" SELECT entity, entity_id, family_id, hlc, change_id, seq, device_id,"
        u" CASE WHEN entity IN ('%1') THEN '' ELSE payload END"
        u" FROM changes WHERE seq >= ? AND seq <= ? ORDER BY seq"_s.arg(
            Entity::appendOnlyKinds().join(u"', '"_s));
    if (auto inserted = runQuery(m_db, insertRecords, {first, last}, u"storing a record"_s); !inserted)
        return fail(inserted.error());
    if (auto saved = insert(sql.clocks, m_newClocks, 3, u"keeping a record's field clocks"_s); !saved)
        return saved;
    return insert(sql.written, m_newWritten, 2, u"keeping what a change wrote"_s);
}

Result<std::optional<RecordRef>> Batch::check(const Change &change, const QByteArray &payloadText)
{
    // Resends: the change id is the key of idempotency.
    auto stored = storedChangeDevice(change.changeId);
    if (!stored)
        return stored.error();
    if (stored.value()) {
        if (*stored.value() == change.deviceId)
            return std::optional<RecordRef>{};
        return makeError(Invalid, u"Another device has already sent a change with this id."_s, u"changeId"_s);
    }

    if (m_caller && change.deviceId != m_caller->deviceId) {
        return makeError(Invalid,
                         u"The change says it was made on device %1 but device %2 sent it; a device sends "
                         u"only its own changes."_s.arg(change.deviceId, m_caller->deviceId),
                         u"deviceId"_s);
    }
    // A device numbers its changes 1, 2, 3… in the order made and sends them in that order; a
    // number skipped means changes lost on the way (or a server restored from an older backup).
    // Nothing after the gap is applied until the device sends from where the server is.
    if (m_caller) {
        auto answered = answeredSeq(change.deviceId);
        if (!answered)
            return answered.error();
        if (change.deviceSeq > answered.value() + 1) {
            expectedSeq = answered.value() + 1;
            return makeError(Gap,
                             u"Change %1 from this device skips ahead: the server has every change up to %2 "
                             u"and expects %3 next. Send the changes from %3 on."_s.arg(change.deviceSeq)
                                 .arg(answered.value())
                                 .arg(answered.value() + 1),
                             u"deviceSeq"_s);
        }
    }
    if (m_caller && m_caller->role == Role::Administrator) {
        return makeError(Forbidden, u"An administrator's device does not write case records."_s);
    }

    auto described = payloadText.isEmpty() ? describeRecord(change.entity, change.payload)
                                           : describeRecord(change.entity, payloadText, m_decoder);
    if (!described)
        return described.error();
    RecordRef ref = described.value();
    if (ref.id != change.entityId) {
        return makeError(
            Invalid,
            u"The change is about record %1 but its payload is record %2."_s.arg(change.entityId, ref.id),
            u"entityId"_s);
    }

    if (!ref.parentEntity.isEmpty()) {
        auto parent = recordFamily(ref.parentEntity, ref.parentId);
        if (!parent)
            return parent.error();
        if (!parent.value()) {
            return makeError(Invalid,
                             u"The %1 %2 it refers to is not on the server; send it first."_s.arg(
                                 ref.parentEntity, ref.parentId),
                             ref.parentField);
        }
        ref.familyId = *parent.value();
    }
    if (ref.familyId != change.familyId) {
        return makeError(Invalid,
                         u"The change names family %1 but the record belongs to family %2."_s.arg(
                             change.familyId, ref.familyId),
                         u"familyId"_s);
    }

    auto existingFamily = recordFamily(change.entity, change.entityId);
    if (!existingFamily)
        return existingFamily.error();
    if (existingFamily.value()) {
        if (Entity::isAppendOnly(change.entity)) {
            return makeError(
                Invalid,
                u"This %1 is on the server already and is never changed once recorded; record an "
                u"amendment instead."_s.arg(change.entity),
                u"entityId"_s);
        }
        if (*existingFamily.value() != change.familyId) {
            return makeError(Invalid, u"A record cannot move to another family."_s, u"familyId"_s);
        }
    }
    ref.isNew = !existingFamily.value();

    auto scope = familyScope(change.familyId);
    if (!scope)
        return scope.error();
    if (!scope.value() && change.entity != Entity::Family) {
        return makeError(Invalid,
                         u"Family %1 is not on the server yet; send the family first."_s.arg(change.familyId),
                         u"familyId"_s);
    }
    if (!m_caller)
        return std::optional<RecordRef>(ref);

    if (m_caller->role == Role::Supervisor) {
        if (scope.value() && scope.value()->teamId != m_caller->teamId)
            return makeError(Forbidden, u"This family belongs to another team."_s, u"familyId"_s);
        if (ref.family) {
            if (ref.family->teamId != m_caller->teamId)
                return makeError(Forbidden, u"A supervisor can place families only in their own team."_s,
                                 u"teamId"_s);
            auto inTeam = userInTeam(ref.family->practitionerId, m_caller->teamId);
            if (!inTeam)
                return inTeam.error();
            if (!inTeam.value())
                return makeError(Forbidden, u"The practitioner named is not in your team."_s,
                                 u"practitionerId"_s);
        }
        return std::optional<RecordRef>(ref);
    }

    // Midwives, health visitors and social workers: their own caseload only, or a family that
    // moved away from them after the change was made (its unsynced changes are handed in).
    if (scope.value() && scope.value()->practitionerId != m_caller->userId) {
        auto movedAway = movedAwayAfter(change.familyId, m_caller->userId, change.hlc);
        if (!movedAway)
            return movedAway.error();
        if (!movedAway.value())
            return makeError(Forbidden, u"This family is not on your caseload."_s, u"familyId"_s);
        return std::optional<RecordRef>(ref);
    }
    if (ref.family) {
        if (ref.family->practitionerId != m_caller->userId)
            return makeError(Forbidden, u"You can put families only on your own caseload."_s,
                             u"practitionerId"_s);
        if (ref.family->teamId != m_caller->teamId)
            return makeError(Forbidden, u"You can put families only in your own team."_s, u"teamId"_s);
    }
    return std::optional<RecordRef>(ref);
}

Result<void> Batch::saveClocks(const Change &change, const doorstep::FieldClocks &clocks)
{
    if (auto saved = run(u"INSERT INTO record_clocks (entity, entity_id, clocks) VALUES (?, ?, ?)"
                         u" ON CONFLICT (entity, entity_id) DO UPDATE SET clocks = excluded.clocks"_s,
                         {change.entity, change.entityId, compact(doorstep::clocksToJson(clocks))},
                         u"keeping a record's field clocks"_s);
        !saved)
        return fail(saved.error());
    return {};
}

Result<void> Batch::saveWritten(const Change &change, const doorstep::WrittenFields &fields)
{
    if (auto saved = run(u"INSERT INTO change_fields (change_id, fields) VALUES (?, ?)"_s,
                         {change.changeId, compact(fields)}, u"keeping what a change wrote"_s);
        !saved)
        return fail(saved.error());
    return {};
}

Result<void> Batch::keepConflict(const Change &change, const doorstep::FieldConflict &conflict)
{
    if (auto kept = run(
            u"INSERT INTO field_conflicts (entity, entity_id, field, losing_hlc, family_id, losing_change_id,"
            u" losing_value, winning_hlc, winning_change_id, winning_value, detected_at)"
            u" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
            {change.entity, change.entityId, conflict.field, conflict.losing.hlc, change.familyId,
             conflict.losing.changeId, wrapValue(conflict.losingValue), conflict.winning.hlc,
             conflict.winning.changeId, wrapValue(conflict.winningValue), m_now},
            u"keeping a conflict"_s);
        !kept)
        return fail(kept.error());
    // Ids only: the values may be names.
    qCInfo(lcChangeLog) << "conflict kept for" << change.entity << change.entityId << conflict.field
                        << "losing" << conflict.losing.hlc;
    return {};
}

Result<void> Batch::store(const Change &change, const RecordRef &ref,
                          const std::optional<QJsonObject> &written, const QByteArray &payloadText)
{
    auto seq = nextSeq();
    if (!seq)
        return seq.error();
    // The family's scope goes with the change (a new family's first change has none yet: set
    // below, once the family is in family_scope).
    auto scope = familyScope(change.familyId);
    if (!scope)
        return scope.error();
    std::optional<Family> family = ref.family;
    if (ref.isNew) {
        // check() has just looked for the record (in this transaction): a new one has no current
        // value, and its rows wait for the next statement (flush()).
        if (auto kept = keepNew(change, seq.value(), scope.value(), payloadText, written); !kept)
            return kept;
        return storeScope(change, seq.value(), family);
    }
    const QVariant payload = payloadText.isEmpty() ? storedJson(change.payload) : storedText(payloadText);
    if (auto inserted = run(u"INSERT INTO changes (seq, change_id, device_id, device_seq, entity, entity_id,"
                            u" family_id, hlc, payload, received_at, team_id, practitioner_id)"
                            u" VALUES (?, ?, ?, ?, ?, ?, ?, ?, %1, ?, ?, ?)"_s.arg(m_jsonParameter),
                            {seq.value(), change.changeId, change.deviceId, change.deviceSeq, change.entity,
                             change.entityId, change.familyId, change.hlc, payload, m_now,
                             scope.value() ? QVariant(scope.value()->teamId) : nullText(),
                             scope.value() ? QVariant(scope.value()->practitionerId) : nullText()},
                            u"storing a change"_s);
        !inserted)
        return fail(inserted.error());
    if (m_lookedUpChanges.contains(change.changeId))
        m_storedChanges.insert(change.changeId, change.deviceId);

    // check() found the record (stored, or kept back and written by run()'s flush).
    auto current = run(u"SELECT r.hlc, r.payload, r.seq, r.device_id, c.clocks, r.change_id FROM records r"
                       u" LEFT JOIN record_clocks c ON c.entity = r.entity AND c.entity_id = r.entity_id"
                       u" WHERE r.entity = ? AND r.entity_id = ?"_s,
                       {change.entity, change.entityId}, u"reading a record"_s);
    if (!current)
        return fail(current.error());
    QSqlQuery &row = current.value();
    if (!row.next())
        return fail(storageError(u"reading a record"_s, u"the record this change edits is not stored"_s));
    const QString currentHlc = row.value(0).toString();
    const QJsonObject currentPayload = parseObject(row.value(1).toString());
    const qint64 currentSeq = row.value(2).toLongLong();
    const QString currentDevice = row.value(3).toString();
    const QString currentChangeId = row.value(5).toString();
    const doorstep::FieldClocks clocks = row.value(4).isNull()
                                             ? doorstep::uniformClocks(currentPayload, currentHlc)
                                             : doorstep::clocksFromJson(parseObject(row.value(4).toString()));
    row.finish();

    doorstep::WrittenFields fields;
    if (written) {
        fields = *written;
    } else {
        // A change without "fields" wrote every field that differs. Its writer had seen the
        // held values when it had pulled past them (or made them); otherwise they are
        // concurrent with it.
        fields = doorstep::writtenFields(currentPayload, clocks, change.payload);
        auto seen = pulledSeq(change.deviceId);
        if (!seen)
            return seen.error();
        if (currentDevice != change.deviceId && currentSeq > seen.value()) {
            for (auto it = fields.begin(); it != fields.end(); ++it)
                it.value() = QString();
        }
    }
    if (auto saved = saveWritten(change, fields); !saved)
        return saved;
    const doorstep::FieldMerge merge =
        doorstep::mergeFields(currentPayload, clocks, change.payload, change.hlc, change.changeId, fields);
    if (merge.changed) {
        const bool newest = change.hlc > currentHlc;
        if (auto updated =
                run(u"UPDATE records SET hlc = ?, change_id = ?, seq = ?, device_id = ?, payload = %1"
                    u" WHERE entity = ? AND entity_id = ?"_s.arg(m_jsonParameter),
                    {newest ? change.hlc : currentHlc, newest ? change.changeId : currentChangeId,
                     seq.value(), newest ? change.deviceId : currentDevice, storedJson(merge.payload),
                     change.entity, change.entityId},
                    u"updating a record"_s);
            !updated)
            return fail(updated.error());
        if (auto saved = saveClocks(change, merge.clocks); !saved)
            return saved;
        if (change.entity == Entity::Family) {
            auto merged = describeRecord(change.entity, merge.payload);
            if (merged)
                family = merged.value().family;
        }
    } else {
        family.reset();
    }
    for (const doorstep::FieldConflict &conflict : merge.conflicts) {
        if (auto kept = keepConflict(change, conflict); !kept)
            return kept;
    }

    return storeScope(change, seq.value(), family);
}

Result<void> Batch::storeScope(const Change &change, qint64 seq, const std::optional<Family> &family)
{
    if (family) {
        auto before = familyScope(family->id);
        if (!before)
            return before.error();
        const bool moved = before.value() && (before.value()->practitionerId != family->practitionerId ||
                                              before.value()->teamId != family->teamId);
        if (moved) {
            if (auto moved =
                    run(u"INSERT INTO family_moves (seq, family_id, hlc, from_practitioner, from_team,"
                        u" to_practitioner, to_team) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                        {seq, family->id, change.hlc, before.value()->practitionerId, before.value()->teamId,
                         family->practitionerId, family->teamId},
                        u"recording a family's move"_s);
                !moved)
                return fail(moved.error());
        }
        if (auto scoped =
                run(u"INSERT INTO family_scope (family_id, team_id, practitioner_id) VALUES (?, ?, ?)"
                    u" ON CONFLICT (family_id) DO UPDATE SET team_id = excluded.team_id,"
                    u" practitioner_id = excluded.practitioner_id"_s,
                    {family->id, family->teamId, family->practitionerId}, u"updating a family's caseload"_s);
            !scoped)
            return fail(scoped.error());
        m_scopes.insert(family->id, FamilyScopeRow{family->teamId, family->practitionerId});
        // The family's changes carry its scope (pull reads them by it): its first change was
        // stored before the scope existed, and a move takes its history along.
        if (moved || !before.value()) {
            if (auto carried = run(
                    u"UPDATE changes SET team_id = ?, practitioner_id = ? WHERE family_id = ?"_s,
                    {family->teamId, family->practitionerId, family->id}, u"updating a family's changes"_s);
                !carried)
                return fail(carried.error());
        }
    }
    return {};
}

// A change as a pull answer sends it (Change::toJson with its "fields"), with the payload and
// fields as stored: the server wrote both as compact JSON.
QByteArray encodeChange(const Change &change, const QVariant &payload, const QVariant &fields)
{
    const QByteArray payloadText = payload.toByteArray();
    QByteArray json;
    json.reserve(payloadText.size() + 320);
    json.append("{\"changeId\":");
    protocol::appendJsonString(json, change.changeId);
    json.append(",\"deviceId\":");
    protocol::appendJsonString(json, change.deviceId);
    json.append(",\"deviceSeq\":");
    json.append(QByteArray::number(change.deviceSeq));
    json.append(",\"entity\":");
    protocol::appendJsonString(json, change.entity);
    json.append(",\"entityId\":");
    protocol::appendJsonString(json, change.entityId);
    json.append(",\"familyId\":");
    protocol::appendJsonString(json, change.familyId);
    json.append(",\"hlc\":");
    protocol::appendJsonString(json, change.hlc);
    json.append(",\"payload\":");
    json.append(payloadText);
    if (!fields.isNull()) {
        json.append(",\"fields\":");
        json.append(fields.toByteArray());
    }
    json.append('}');
    return json;
}

QString scopeColumn(const Scope &scope, const QString &table)
{
    return table + (scope.kind == Scope::Kind::Team ? u".team_id"_s : u".practitioner_id"_s);
}

} // namespace

ChangeLog::ChangeLog(Database database)
    : m_database(std::move(database))
{}

Result<protocol::PushResponse> ChangeLog::push(const Caller &caller, const QList<Change> &changes,
                                               qint64 nowMillis, const protocol::WrittenFieldsById &fields,
                                               const QByteArray &nonce, const QList<QByteArray> &payloadTexts)
{
    // SQLite: one writer at a time, each commit an fsync, so a push commits with the other pushes
    // waiting at the same time (pushgroup.h), its work run by whichever thread leads the group.
    // PostgreSQL: in its own transaction (grouping measured no faster there).
    if (m_database.engine() != Database::Engine::Sqlite)
        return apply(caller, changes, nowMillis, fields, nonce, payloadTexts);
    return PushGroup::run(m_database, [&](QSqlDatabase &db) {
        return applyWithin(db, caller, changes, nowMillis, fields, nonce, payloadTexts);
    });
}

Result<protocol::PushResponse> ChangeLog::pushAsServer(const QList<Change> &changes, qint64 nowMillis,
                                                       const protocol::WrittenFieldsById &fields)
{
    return apply(std::nullopt, changes, nowMillis, fields);
}

Result<void> ChangeLog::reassignFamily(const QString &familyId, const QString &practitionerId,
                                       const QString &teamId, qint64 nowMillis)
{
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    auto current = runQuery(db,
                            u"SELECT r.payload, c.clocks, r.hlc FROM records r LEFT JOIN record_clocks c"
                            u" ON c.entity = r.entity AND c.entity_id = r.entity_id"
                            u" WHERE r.entity = ? AND r.entity_id = ?"_s,
                            {Entity::Family, familyId}, u"reading a family"_s);
    if (!current)
        return current.error();
    if (!current.value().next())
        return makeError(ErrorCode::NotFound, u"There is no family with id %1."_s.arg(familyId), u"family"_s);
    const QJsonObject payload = parseObject(current.value().value(0).toString());
    const doorstep::FieldClocks clocks =
        current.value().value(1).isNull()
            ? doorstep::uniformClocks(payload, current.value().value(2).toString())
            : doorstep::clocksFromJson(parseObject(current.value().value(1).toString()));
    current.value().finish();

    QJsonObject moved = payload;
    moved.insert(u"practitionerId"_s, practitionerId);
    moved.insert(u"teamId"_s, teamId);
    const doorstep::WrittenFields written = doorstep::writtenFields(payload, clocks, moved);
    if (written.isEmpty())
        return {}; // already theirs
    auto maker = serverChanges();
    if (!maker)
        return maker.error();
    const Change change = maker.value().make(Entity::Family, familyId, familyId, moved, nowMillis);
    auto applied = pushAsServer({change}, nowMillis, {{change.changeId, written}});
    if (!applied)
        return applied.error();
    if (!applied.value().rejected.isEmpty()) {
        const protocol::Rejection &refused = applied.value().rejected.first();
        return makeError(refused.code, refused.message, refused.field);
    }
    return {};
}

Result<protocol::PushResponse> ChangeLog::apply(const std::optional<Caller> &caller,
                                                const QList<Change> &changes, qint64 nowMillis,
                                                const protocol::WrittenFieldsById &fields,
                                                const QByteArray &nonce,
                                                const QList<QByteArray> &payloadTexts)
{
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    Transaction transaction(m_database, db);
    if (auto begun = transaction.beginWrite(); !begun)
        return begun.error();
    auto response = applyWithin(db, caller, changes, nowMillis, fields, nonce, payloadTexts);
    if (!response)
        return response;
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    keepStatisticsFresh(m_database, db, response.value().accepted.size());
    return response;
}

Result<protocol::PushResponse> ChangeLog::applyWithin(QSqlDatabase &db, const std::optional<Caller> &caller,
                                                      const QList<Change> &changes, qint64 nowMillis,
                                                      const protocol::WrittenFieldsById &fields,
                                                      const QByteArray &nonce,
                                                      const QList<QByteArray> &payloadTexts)
{
    if (caller && !nonce.isEmpty()) {
        // First, so that a replay is refused before any work; writers are serialised, so a
        // nonce committed by an earlier push is seen here.
        auto fresh = Directory(m_database).admitWithin(db, caller->deviceId, nonce, nowMillis);
        if (!fresh)
            return fresh.error();
        if (!fresh.value())
            return Directory::replayedNonce();
    }

    Batch batch(db, caller, nowMillis);
    if (auto found = batch.lookUpBatch(changes); !found)
        return found.error();
    protocol::PushResponse response;
    // The texts as sent, one per change, or none (then each payload is encoded from its object).
    const bool haveTexts = payloadTexts.size() == changes.size();
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const Change &change = changes.at(i);
        const QByteArray payloadText = haveTexts ? payloadTexts.at(i) : QByteArray();
        auto checked = batch.check(change, payloadText);
        if (batch.failure)
            return *batch.failure;
        if (!checked) {
            if (checked.error().code != Gap) {
                if (auto noted = batch.answered(change); !noted)
                    return noted.error();
            }
            response.rejected.append(protocol::Rejection{change.changeId, checked.error().code,
                                                         checked.error().message, checked.error().field});
            continue;
        }
        if (checked.value()) {
            const auto written = fields.constFind(change.changeId);
            if (auto stored = batch.store(change, *checked.value(),
                                          written == fields.constEnd() ? std::nullopt
                                                                       : std::optional<QJsonObject>(*written),
                                          payloadText);
                !stored)
                return stored.error();
        }
        if (auto noted = batch.answered(change); !noted)
            return noted.error();
        response.accepted.append(change.changeId);
    }
    if (auto flushed = batch.flush(); !flushed)
        return flushed.error();
    if (auto saved = batch.saveAnswered(); !saved)
        return saved.error();
    if (auto saved = batch.saveSequence(); !saved)
        return saved.error();
    response.expectedSeq = batch.expectedSeq;
    if (caller) {
        faultPoint("push-before-commit");
        if (faultFails("push-fails"))
            return storageError(u"storing a push"_s, u"a fault injected by a test"_s);
    }
    return response;
}

Result<ChangeLog::Page> ChangeLog::pull(const Scope &scope, qint64 since, int limit, const QString &familyId,
                                        Form form)
{
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    QVariantList values{since, scope.id};
    QString familyFilter;
    if (!familyId.isEmpty()) {
        familyFilter = u" AND c.family_id = ?"_s;
        values.append(familyId);
    }
    values.append(limit + 1);
    // Spliced into the answer as they are: SQLite hands them over as their UTF-8 bytes instead
    // of converting them to UTF-16 and back.
    const QString stored = form == Form::Encoded && m_database.engine() == Database::Engine::Sqlite
                               ? u"CAST(c.payload AS BLOB), CAST(w.fields AS BLOB)"_s
                               : u"c.payload, w.fields"_s;
    auto query = runQuery(db,
                          u"SELECT c.seq, c.change_id, c.device_id, c.device_seq, c.entity, c.entity_id,"
                          u" c.family_id, c.hlc, %3 FROM changes c"
                          u" LEFT JOIN change_fields w ON w.change_id = c.change_id"
                          u" WHERE c.seq > ? AND %1 = ?%2 ORDER BY c.seq LIMIT ?"_s.arg(
                              scopeColumn(scope, u"c"_s), familyFilter, stored),
                          values, u"reading changes"_s);
    if (!query)
        return query.error();
    Page page;
    page.cursor = since;
    QSqlQuery &q = query.value();
    while (q.next()) {
        if (page.changes.size() == limit) {
            page.more = true;
            break;
        }
        Change change;
        page.cursor = q.value(0).toLongLong();
        change.changeId = q.value(1).toString();
        change.deviceId = q.value(2).toString();
        change.deviceSeq = q.value(3).toLongLong();
        change.entity = q.value(4).toString();
        change.entityId = q.value(5).toString();
        change.familyId = q.value(6).toString();
        change.hlc = q.value(7).toString();
        if (form == Form::Encoded) {
            page.encoded.append(encodeChange(change, q.value(8), q.value(9)));
        } else {
            change.payload = parseObject(q.value(8).toString());
            if (!q.value(9).isNull())
                page.fields.insert(change.changeId, parseObject(q.value(9).toString()));
        }
        page.changes.append(change);
    }
    q.finish();
    if (!familyId.isEmpty())
        return page;

    // Families that moved out of or into the scope since `since`, up to this page's end (the last
    // page: all of them, and the cursor passes the last move, which the leaving side never sees
    // as a change).
    const bool team = scope.kind == Scope::Kind::Team;
    const QString from = team ? u"from_team"_s : u"from_practitioner"_s;
    const QString to = team ? u"to_team"_s : u"to_practitioner"_s;
    auto moves = runQuery(
        db,
        u"SELECT seq, family_id, %1 = ? FROM family_moves"
        u" WHERE seq > ? AND seq <= ? AND (%1 = ? OR %2 = ?) AND %1 <> %2 ORDER BY seq"_s.arg(to, from),
        {scope.id, since, page.more ? page.cursor : std::numeric_limits<qint64>::max(), scope.id, scope.id},
        u"reading family moves"_s);
    if (!moves)
        return moves.error();
    while (moves.value().next()) {
        const QString family = moves.value().value(1).toString();
        const bool arrived = moves.value().value(2).toBool();
        (arrived ? page.added : page.removed).removeAll(family);
        (arrived ? page.removed : page.added).removeAll(family);
        (arrived ? page.added : page.removed).append(family);
        if (!page.more)
            page.cursor = std::max(page.cursor, moves.value().value(0).toLongLong());
    }
    return page;
}

Result<Caseload> ChangeLog::caseload(const Scope &scope)
{
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    auto query =
        runQuery(db,
                 u"SELECT r.entity, r.entity_id, CASE WHEN r.payload = '' THEN c.payload ELSE r.payload END"
                 u" FROM records r"
                 u" JOIN family_scope f ON f.family_id = r.family_id"
                 u" LEFT JOIN changes c ON r.payload = '' AND c.seq = r.seq"
                 u" WHERE %1 = ? ORDER BY r.seq"_s.arg(scopeColumn(scope, u"f"_s)),
                 {scope.id}, u"reading records"_s);
    if (!query)
        return query.error();
    Caseload caseload;
    StoredRecordDecoder decoder; // the device's fast reading of stored payloads, the same records
    QSqlQuery &q = query.value();
    while (q.next()) {
        const QString entity = q.value(0).toString();
        if (auto added = decoder.add(caseload, entity, q.value(2).toString().toUtf8()); !added) {
            // Every stored record passed the codec on the way in; one that no longer does (an
            // older rule) is left out of the rules rather than failing the whole answer.
            qCWarning(lcChangeLog) << "record left out of the rules:" << entity << q.value(1).toString()
                                   << added.error().field;
        }
    }
    return caseload;
}

Result<QList<ChangeLog::Conflict>> ChangeLog::conflicts(bool includeReviewed)
{
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    auto query =
        runQuery(db,
                 u"SELECT entity, entity_id, family_id, field, losing_hlc, losing_change_id, losing_value,"
                 u" winning_hlc, winning_change_id, winning_value, detected_at, reviewed_at, reviewed_by"
                 u" FROM field_conflicts %1 ORDER BY detected_at, entity, entity_id, field, losing_hlc"_s.arg(
                     includeReviewed ? QString() : u"WHERE reviewed_at IS NULL"_s),
                 {}, u"reading conflicts"_s);
    if (!query)
        return query.error();
    QList<Conflict> list;
    QSqlQuery &q = query.value();
    while (q.next()) {
        Conflict conflict;
        conflict.entity = q.value(0).toString();
        conflict.entityId = q.value(1).toString();
        conflict.familyId = q.value(2).toString();
        conflict.field = q.value(3).toString();
        conflict.losing = doorstep::FieldClock{q.value(4).toString(), {}, q.value(5).toString()};
        conflict.losingValue = unwrapValue(q.value(6).toString());
        conflict.winning = doorstep::FieldClock{q.value(7).toString(), {}, q.value(8).toString()};
        conflict.winningValue = unwrapValue(q.value(9).toString());
        conflict.detectedAt = q.value(10).toLongLong();
        if (!q.value(11).isNull())
            conflict.reviewedAt = q.value(11).toLongLong();
        conflict.reviewedBy = q.value(12).toString();
        list.append(conflict);
    }
    return list;
}

Result<void> ChangeLog::markConflictReviewed(const QString &id, const QString &userId, qint64 nowMillis)
{
    const qsizetype slash = id.lastIndexOf(u'/');
    if (slash <= 0 || slash == id.size() - 1)
        return makeError(ErrorCode::NotFound,
                         u"There is no conflict with id %1; ids are listed by \"admin conflicts\"."_s.arg(id),
                         u"resolve"_s);
    const QString changeId = id.left(slash);
    const QString field = id.mid(slash + 1);
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    Transaction transaction(m_database, db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    auto current = runQuery(db,
                            u"SELECT reviewed_at, reviewed_by FROM field_conflicts"
                            u" WHERE losing_change_id = ? AND field = ?"_s,
                            {changeId, field}, u"finding a conflict"_s);
    if (!current)
        return current.error();
    if (!current.value().next())
        return makeError(ErrorCode::NotFound,
                         u"There is no conflict with id %1; ids are listed by \"admin conflicts\"."_s.arg(id),
                         u"resolve"_s);
    if (!current.value().value(0).isNull()) {
        const QString when =
            QDateTime::fromMSecsSinceEpoch(current.value().value(0).toLongLong(), QTimeZone::utc())
                .toString(Qt::ISODate);
        const QString who = current.value().value(1).toString();
        return makeError(Invalid,
                         u"Conflict %1 was reviewed already, by %2 at %3."_s.arg(
                             id, who.isEmpty() ? u"an earlier version of the server"_s : who, when),
                         u"resolve"_s);
    }
    current.value().finish();
    if (auto marked = runQuery(db,
                               u"UPDATE field_conflicts SET reviewed_at = ?, reviewed_by = ?"
                               u" WHERE losing_change_id = ? AND field = ? AND reviewed_at IS NULL"_s,
                               {nowMillis, userId, changeId, field}, u"marking a conflict reviewed"_s);
        !marked)
        return marked.error();
    return transaction.commit();
}

QJsonObject ChangeLog::Conflict::toJson() const
{
    const auto value = [](const QJsonValue &v) {
        return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
    };
    QJsonObject json{
        {u"id"_s, id()},
        {u"entity"_s, entity},
        {u"entityId"_s, entityId},
        {u"familyId"_s, familyId},
        {u"field"_s, field},
        {u"losing"_s, QJsonObject{{u"value"_s, value(losingValue)},
                                  {u"hlc"_s, losing.hlc},
                                  {u"deviceId"_s, doorstep::hlcNode(losing.hlc)},
                                  {u"changeId"_s, losing.changeId}}},
        {u"winning"_s, QJsonObject{{u"value"_s, value(winningValue)},
                                   {u"hlc"_s, winning.hlc},
                                   {u"deviceId"_s, doorstep::hlcNode(winning.hlc)},
                                   {u"changeId"_s, winning.changeId}}},
        {u"detectedAt"_s,
         QDateTime::fromMSecsSinceEpoch(detectedAt, QTimeZone::utc()).toString(Qt::ISODateWithMs)},
    };
    if (reviewedAt)
        json.insert(
            u"reviewedAt"_s,
            QDateTime::fromMSecsSinceEpoch(*reviewedAt, QTimeZone::utc()).toString(Qt::ISODateWithMs));
    if (!reviewedBy.isEmpty())
        json.insert(u"reviewedBy"_s, reviewedBy);
    return json;
}

ChangeLog::ServerChanges::ServerChanges(const HlcTimestamp &last, qint64 lastSeq)
    : m_clock(ServerDevice, last)
    , m_lastSeq(lastSeq)
{}

Change ChangeLog::ServerChanges::make(const QString &entity, const QString &entityId, const QString &familyId,
                                      const QJsonObject &payload, qint64 nowMillis)
{
    Change change;
    change.changeId = newRecordId();
    change.deviceId = ServerDevice;
    change.deviceSeq = ++m_lastSeq;
    change.entity = entity;
    change.entityId = entityId;
    change.familyId = familyId;
    change.hlc = m_clock.tick(nowMillis).encode();
    change.payload = payload;
    return change;
}

Result<ChangeLog::ServerChanges> ChangeLog::serverChanges()
{
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    auto query = runQuery(db, u"SELECT MAX(device_seq), MAX(hlc) FROM changes WHERE device_id = ?"_s,
                          {ServerDevice}, u"reading the server's clock"_s);
    if (!query)
        return query.error();
    HlcTimestamp last;
    qint64 lastSeq = 0;
    if (query.value().next()) {
        lastSeq = query.value().value(0).toLongLong();
        if (!query.value().value(1).isNull()) {
            if (auto decoded = HlcTimestamp::decode(query.value().value(1).toString()))
                last = decoded.value();
        }
    }
    return ServerChanges(last, lastSeq);
}

} // namespace doorstep::server
