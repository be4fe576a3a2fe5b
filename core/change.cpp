#include "change.h"

#include "hlc.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace Entity {

bool isKnown(const QString &entity)
{
    return entity == Family || entity == FamilyMember || entity == Child || entity == Visit ||
           entity == ChildViews || entity == AdvocateOffer || entity == Alert || entity == Amendment;
}

bool isAppendOnly(const QString &entity)
{
    return appendOnlyKinds().contains(entity);
}

const QStringList &appendOnlyKinds()
{
    static const QStringList kinds{Visit, ChildViews, AdvocateOffer, Amendment};
    return kinds;
}

} // namespace Entity

namespace {

Error invalid(const QString &field, const QString &message)
{
    return makeError(u"invalid"_s, message, field);
}

} // namespace

QJsonObject Change::toJson() const
{
    return QJsonObject{
        {u"changeId"_s, changeId}, {u"deviceId"_s, deviceId}, {u"deviceSeq"_s, deviceSeq},
        {u"entity"_s, entity},     {u"entityId"_s, entityId}, {u"familyId"_s, familyId},
        {u"hlc"_s, hlc},           {u"payload"_s, payload},
    };
}

Result<Change> Change::fromJson(const QJsonObject &json)
{
    static const QSet<QString> keys{u"changeId"_s, u"deviceId"_s, u"deviceSeq"_s, u"entity"_s,
                                    u"entityId"_s, u"familyId"_s, u"hlc"_s,       u"payload"_s};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!keys.contains(it.key()))
            return invalid(it.key(), u"A change has no field \"%1\"."_s.arg(it.key()));
    }

    Change c;
    struct Text
    {
        QString key;
        QString *target;
    };
    const Text texts[] = {
        {u"changeId"_s, &c.changeId}, {u"deviceId"_s, &c.deviceId}, {u"entity"_s, &c.entity},
        {u"entityId"_s, &c.entityId}, {u"familyId"_s, &c.familyId}, {u"hlc"_s, &c.hlc},
    };
    for (const Text &t : texts) {
        const QJsonValue v = json.value(t.key);
        if (v.isUndefined())
            return invalid(t.key, u"A change needs \"%1\"."_s.arg(t.key));
        if (!v.isString())
            return invalid(t.key, u"The change's \"%1\" must be a string."_s.arg(t.key));
        *t.target = v.toString();
        if (t.target->isEmpty())
            return invalid(t.key, u"The change's \"%1\" must not be empty."_s.arg(t.key));
        // A lone surrogate (JSON's "\ud800") is no character: stored as UTF-8 it would come back
        // as another text, so the record would no longer be found by its own id.
        if (!t.target->isValidUtf16()) {
            return invalid(t.key, u"The change's \"%1\" is not valid text: it holds half of a character "
                                  u"(a lone UTF-16 surrogate)."_s.arg(t.key));
        }
    }

    const QJsonValue seq = json.value(u"deviceSeq"_s);
    if (seq.isUndefined())
        return invalid(u"deviceSeq"_s, u"A change needs \"deviceSeq\"."_s);
    if (!seq.isDouble() || std::trunc(seq.toDouble()) != seq.toDouble())
        return invalid(u"deviceSeq"_s, u"The change's \"deviceSeq\" must be a whole number."_s);
    if (seq.toDouble() < 1 || seq.toDouble() > 9007199254740992.0) // exact integers in a JSON double
        return invalid(u"deviceSeq"_s, u"The change's \"deviceSeq\" counts from 1."_s);
    c.deviceSeq = static_cast<qint64>(seq.toDouble());

    if (!Entity::isKnown(c.entity))
        return invalid(u"entity"_s, u"\"%1\" is not a kind of record Doorstep knows."_s.arg(c.entity));

    if (const auto hlc = HlcTimestamp::decode(c.hlc); !hlc)
        return invalid(u"hlc"_s, hlc.error().message);

    const QJsonValue payload = json.value(u"payload"_s);
    if (payload.isUndefined())
        return invalid(u"payload"_s, u"A change needs \"payload\"."_s);
    if (!payload.isObject())
        return invalid(u"payload"_s, u"The change's \"payload\" must be an object."_s);
    c.payload = payload.toObject();
    return c;
}

Change withPayloadObject(const Change &change, const QByteArray &payloadText)
{
    if (!change.payload.isEmpty())
        return change;
    Change read = change;
    read.payload = QJsonDocument::fromJson(payloadText).object();
    return read;
}

} // namespace doorstep
