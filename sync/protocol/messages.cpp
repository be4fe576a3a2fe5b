#include "messages.h"

#include "core/hlc.h"
#include "core/vocabulary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

using namespace Qt::StringLiterals;

namespace doorstep::protocol {

namespace {

const QString Malformed = u"malformed"_s;
const QString FieldsKey = u"fields"_s;

Error malformed(const QString &item, const QString &message)
{
    return makeError(Malformed, message, item);
}

// Reads one JSON object field by field: each accessor checks presence and type, and the first
// problem found is kept with the item named (prefixed with where the object sits).
class FieldReader
{
public:
    FieldReader(const QJsonObject &json, QString what, QString prefix = {})
        : m_json(json)
        , m_what(std::move(what))
        , m_prefix(std::move(prefix))
    {}

    bool refuseUnknown(std::initializer_list<QString> known)
    {
        const QSet<QString> allowed(known.begin(), known.end());
        for (auto it = m_json.begin(); it != m_json.end(); ++it) {
            if (!allowed.contains(it.key())) {
                fail(it.key(), u"%1 has no field \"%2\"."_s.arg(m_what, it.key()));
                return false;
            }
        }
        return true;
    }

    QString text(const QString &key, bool required = true)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(key, u"%1 needs \"%2\"."_s.arg(m_what, key));
            return {};
        }
        if (!v.isString()) {
            fail(key, u"In %1, \"%2\" must be a string."_s.arg(lower(), key));
            return {};
        }
        if (required && v.toString().isEmpty())
            fail(key, u"In %1, \"%2\" must not be empty."_s.arg(lower(), key));
        return v.toString();
    }

    bool boolean(const QString &key)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined()) {
            fail(key, u"%1 needs \"%2\"."_s.arg(m_what, key));
            return false;
        }
        if (!v.isBool()) {
            fail(key, u"In %1, \"%2\" must be true or false."_s.arg(lower(), key));
            return false;
        }
        return v.toBool();
    }

    QJsonArray array(const QString &key)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined()) {
            fail(key, u"%1 needs \"%2\"."_s.arg(m_what, key));
            return {};
        }
        if (!v.isArray()) {
            fail(key, u"In %1, \"%2\" must be a list."_s.arg(lower(), key));
            return {};
        }
        return v.toArray();
    }

    std::optional<QJsonObject> optionalObject(const QString &key)
    {
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isObject()) {
            fail(key, u"In %1, \"%2\" must be an object."_s.arg(lower(), key));
            return std::nullopt;
        }
        return v.toObject();
    }

    void fail(const QString &key, const QString &message)
    {
        if (!m_error)
            m_error = malformed(item(key), message);
    }
    void failWith(const Error &error)
    {
        if (!m_error)
            m_error = error;
    }

    QString item(const QString &key) const { return m_prefix.isEmpty() ? key : m_prefix + u'.' + key; }
    bool ok() const { return !m_error.has_value(); }
    const Error &error() const { return *m_error; }

private:
    QString lower() const { return m_what.isEmpty() ? m_what : m_what.at(0).toLower() + m_what.mid(1); }

    QJsonObject m_json;
    QString m_what;
    QString m_prefix;
    std::optional<Error> m_error;
};

QString changeIdOf(const QJsonValue &value)
{
    const QString id = value.toObject().value(u"changeId"_s).toString();
    return id.isEmpty() ? u"no id"_s : id;
}

// Decodes a list of changes, naming the index and the change id of the first bad one. A change
// id stands once in a list: the "fields" of a change are found by it.
Result<QList<Change>> changesFromJson(const QJsonArray &array, WrittenFieldsById *fields)
{
    QList<Change> changes;
    changes.reserve(array.size());
    QSet<QString> ids;
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto change = changeFromJson(array.at(i), i, fields);
        if (!change)
            return change.error();
        const QString &id = change.value().changeId;
        if (ids.contains(id))
            return malformed(
                u"changes[%1].changeId"_s.arg(i),
                u"Change %1 (%2) is in the list already; each change comes once."_s.arg(i).arg(id));
        ids.insert(id);
        changes.append(std::move(change).value());
    }
    return changes;
}

QJsonArray changesToJson(const QList<Change> &changes, const QHash<QString, QJsonObject> &fields)
{
    QJsonArray array;
    for (const Change &change : changes) {
        QJsonObject json = change.toJson();
        if (const auto it = fields.constFind(change.changeId); it != fields.constEnd())
            json.insert(FieldsKey, *it);
        array.append(json);
    }
    return array;
}

} // namespace

Result<Change> changeFromJson(const QJsonValue &item, qsizetype index, WrittenFieldsById *fields)
{
    // Named only for an error: formatting it for every change cost more than reading one.
    const auto itemName = [index] {
        return u"changes[%1]"_s.arg(index);
    };
    if (!item.isObject())
        return malformed(itemName(), u"Change %1 in the list is not an object."_s.arg(index));
    QJsonObject object = item.toObject();
    const QJsonValue written = object.take(FieldsKey);
    auto change = Change::fromJson(object);
    if (!change) {
        const Error &inner = change.error();
        return malformed(inner.field.isEmpty() ? itemName() : itemName() + u'.' + inner.field,
                         u"Change %1 (%2): %3"_s.arg(index).arg(changeIdOf(item), inner.message));
    }
    if (!written.isUndefined()) {
        const auto where = [&] {
            return itemName() + u'.' + FieldsKey;
        };
        if (Entity::isAppendOnly(change.value().entity))
            return malformed(
                where(), u"Change %1 (%2): a %3 is never edited, so it has no \"fields\"."_s.arg(index).arg(
                             change.value().changeId, change.value().entity));
        if (!written.isObject())
            return malformed(where(), u"Change %1 (%2): \"fields\" must be an object."_s.arg(index).arg(
                                          change.value().changeId));
        const QJsonObject bases = written.toObject();
        for (auto it = bases.begin(); it != bases.end(); ++it) {
            if (!it.value().isString())
                return malformed(
                    where() + u'.' + it.key(),
                    u"Change %1 (%2): the base of field \"%3\" must be a clock time (a string)."_s.arg(index)
                        .arg(change.value().changeId, it.key()));
            if (!it.value().toString().isEmpty() && !HlcTimestamp::decode(it.value().toString()))
                return malformed(
                    where() + u'.' + it.key(),
                    u"Change %1 (%2): the base of field \"%3\" is not a clock time."_s.arg(index).arg(
                        change.value().changeId, it.key()));
        }
        if (fields)
            fields->insert(change.value().changeId, bases);
    }
    return change;
}

QJsonObject EnrolRequest::toJson() const
{
    return QJsonObject{
        {u"code"_s, code},
        {u"deviceId"_s, deviceId},
        {u"devicePublicKey"_s, QString::fromLatin1(devicePublicKey.toBase64())},
        {u"deviceName"_s, deviceName},
    };
}

Result<EnrolRequest> EnrolRequest::fromJson(const QJsonObject &json)
{
    FieldReader r(json, u"An enrolment request"_s);
    EnrolRequest request;
    if (r.refuseUnknown({u"code"_s, u"deviceId"_s, u"devicePublicKey"_s, u"deviceName"_s})) {
        request.code = r.text(u"code"_s);
        request.deviceId = r.text(u"deviceId"_s);
        const QString key = r.text(u"devicePublicKey"_s);
        request.deviceName = r.text(u"deviceName"_s, false);
        if (r.ok()) {
            const auto decoded =
                QByteArray::fromBase64Encoding(key.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded || decoded.decoded.size() != 32)
                r.fail(u"devicePublicKey"_s,
                       u"\"devicePublicKey\" must be the device's 32-byte public key in base64."_s);
            else
                request.devicePublicKey = decoded.decoded;
        }
    }
    if (!r.ok())
        return r.error();
    return request;
}

QJsonObject EnrolResponse::toJson() const
{
    return QJsonObject{
        {u"deviceId"_s, deviceId},  {u"userId"_s, userId}, {u"userName"_s, userName},
        {u"role"_s, toToken(role)}, {u"teamId"_s, teamId},
    };
}

Result<EnrolResponse> EnrolResponse::fromJson(const QJsonObject &json)
{
    FieldReader r(json, u"An enrolment answer"_s);
    EnrolResponse response;
    if (r.refuseUnknown({u"deviceId"_s, u"userId"_s, u"userName"_s, u"role"_s, u"teamId"_s})) {
        response.deviceId = r.text(u"deviceId"_s);
        response.userId = r.text(u"userId"_s);
        response.userName = r.text(u"userName"_s);
        const QString role = r.text(u"role"_s);
        response.teamId = r.text(u"teamId"_s);
        if (r.ok()) {
            if (const auto parsed = roleFromToken(role))
                response.role = *parsed;
            else
                r.fail(u"role"_s, u"\"%1\" is not a role Doorstep knows."_s.arg(role));
        }
    }
    if (!r.ok())
        return r.error();
    return response;
}

QJsonObject PushRequest::toJson() const
{
    return QJsonObject{{u"changes"_s, changesToJson(changes, fields)}};
}

Result<PushRequest> PushRequest::fromJson(const QJsonObject &json)
{
    FieldReader r(json, u"A push"_s);
    PushRequest request;
    if (r.refuseUnknown({u"changes"_s})) {
        const QJsonArray array = r.array(u"changes"_s);
        if (r.ok() && array.size() > maxChangesPerPush) {
            return makeError(u"too_many"_s,
                             u"A push may carry at most %1 changes; this one has %2. Send them in "
                             u"smaller batches."_s.arg(maxChangesPerPush)
                                 .arg(array.size()),
                             u"changes"_s);
        }
        if (r.ok()) {
            auto changes = changesFromJson(array, &request.fields);
            if (!changes)
                return changes.error();
            request.changes = std::move(changes).value();
        }
    }
    if (!r.ok())
        return r.error();
    return request;
}

QJsonObject PushResponse::toJson() const
{
    QJsonArray refused;
    for (const Rejection &rejection : rejected) {
        refused.append(QJsonObject{
            {u"changeId"_s, rejection.changeId},
            {u"code"_s, rejection.code},
            {u"message"_s, rejection.message},
            {u"field"_s, rejection.field},
        });
    }
    QJsonObject json{{u"accepted"_s, QJsonArray::fromStringList(accepted)}, {u"rejected"_s, refused}};
    if (expectedSeq)
        json.insert(u"expectedSeq"_s, double(*expectedSeq));
    return json;
}

Result<PushResponse> PushResponse::fromJson(const QJsonObject &json)
{
    FieldReader r(json, u"A push answer"_s);
    PushResponse response;
    if (r.refuseUnknown({u"accepted"_s, u"rejected"_s, u"expectedSeq"_s})) {
        if (const QJsonValue expected = json.value(u"expectedSeq"_s); !expected.isUndefined()) {
            if (!expected.isDouble() || expected.toDouble() < 1 ||
                expected.toDouble() != double(expected.toInteger()))
                r.fail(u"expectedSeq"_s,
                       u"In a push answer, \"expectedSeq\" must be a whole number from 1."_s);
            else
                response.expectedSeq = expected.toInteger();
        }
        const QJsonArray accepted = r.array(u"accepted"_s);
        const QJsonArray rejected = r.array(u"rejected"_s);
        for (qsizetype i = 0; r.ok() && i < accepted.size(); ++i) {
            if (!accepted.at(i).isString() || accepted.at(i).toString().isEmpty())
                r.fail(u"accepted[%1]"_s.arg(i), u"Accepted change %1 is not a change id."_s.arg(i));
            else
                response.accepted.append(accepted.at(i).toString());
        }
        for (qsizetype i = 0; r.ok() && i < rejected.size(); ++i) {
            const QString item = u"rejected[%1]"_s.arg(i);
            if (!rejected.at(i).isObject()) {
                r.fail(item, u"Rejection %1 is not an object."_s.arg(i));
                break;
            }
            FieldReader e(rejected.at(i).toObject(), u"A rejection"_s, item);
            Rejection rejection;
            if (e.refuseUnknown({u"changeId"_s, u"code"_s, u"message"_s, u"field"_s})) {
                rejection.changeId = e.text(u"changeId"_s);
                rejection.code = e.text(u"code"_s);
                rejection.message = e.text(u"message"_s);
                rejection.field = e.text(u"field"_s, false);
            }
            if (!e.ok())
                r.failWith(e.error());
            else
                response.rejected.append(rejection);
        }
    }
    if (!r.ok())
        return r.error();
    return response;
}

QJsonObject PullResponse::toJson() const
{
    QJsonObject json{
        {u"changes"_s, changesToJson(changes, fields)},
        {u"cursor"_s, cursor},
        {u"more"_s, more},
    };
    if (settings)
        json.insert(u"settings"_s, settings->toJson());
    if (!removed.isEmpty())
        json.insert(u"removed"_s, QJsonArray::fromStringList(removed));
    if (!added.isEmpty())
        json.insert(u"added"_s, QJsonArray::fromStringList(added));
    return json;
}

Result<PullResponse> PullResponse::fromJson(const QJsonObject &json)
{
    FieldReader r(json, u"A pull answer"_s);
    PullResponse response;
    if (r.refuseUnknown({u"changes"_s, u"cursor"_s, u"more"_s, u"settings"_s, u"removed"_s, u"added"_s})) {
        for (const auto &[key, target] :
             {std::pair{u"removed"_s, &response.removed}, std::pair{u"added"_s, &response.added}}) {
            const QJsonValue ids = json.value(key);
            if (ids.isUndefined())
                continue;
            const QJsonArray array = ids.toArray();
            bool valid = ids.isArray();
            for (const QJsonValue &id : array)
                valid = valid && id.isString() && !id.toString().isEmpty();
            if (!valid) {
                r.fail(key, u"In a pull answer, \"%1\" must be a list of family ids."_s.arg(key));
                break;
            }
            for (const QJsonValue &id : array)
                target->append(id.toString());
        }
        const QJsonArray array = r.array(u"changes"_s);
        response.cursor = r.text(u"cursor"_s);
        response.more = r.boolean(u"more"_s);
        const auto settings = r.optionalObject(u"settings"_s);
        if (r.ok()) {
            auto changes = changesFromJson(array, &response.fields);
            if (!changes)
                return changes.error();
            response.changes = std::move(changes).value();
        }
        if (r.ok() && settings) {
            auto parsed = RuleSettings::fromJson(*settings);
            if (!parsed) {
                const Error &inner = parsed.error();
                r.fail(inner.field.isEmpty() ? u"settings"_s : u"settings."_s + inner.field,
                       u"The rule settings: %1"_s.arg(inner.message));
            } else {
                response.settings = std::move(parsed).value();
            }
        }
    }
    if (!r.ok())
        return r.error();
    return response;
}

QJsonObject errorBody(const Error &error)
{
    return QJsonObject{{u"error"_s, error.code}, {u"message"_s, error.message}, {u"item"_s, error.field}};
}

Error errorFromBody(const QByteArray &body, int httpStatus)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject json = document.object();
    if (parseError.error == QJsonParseError::NoError && json.value(u"error"_s).isString()) {
        return makeError(json.value(u"error"_s).toString(), json.value(u"message"_s).toString(),
                         json.value(u"item"_s).toString());
    }
    return makeError(u"http_%1"_s.arg(httpStatus),
                     u"The server answered with HTTP status %1 and no explanation."_s.arg(httpStatus));
}

} // namespace doorstep::protocol
