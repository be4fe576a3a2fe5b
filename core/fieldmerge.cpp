#include "fieldmerge.h"

#include "hlc.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

// The record's id names it and never changes; it is not merged.
const QString IdField = u"id"_s;

QSet<QString> fieldsOf(const QJsonObject &a, const QJsonObject &b)
{
    QSet<QString> fields;
    for (auto it = a.begin(); it != a.end(); ++it)
        fields.insert(it.key());
    for (auto it = b.begin(); it != b.end(); ++it)
        fields.insert(it.key());
    fields.remove(IdField);
    return fields;
}

void put(QJsonObject &record, const QString &field, const QJsonValue &value)
{
    if (value.isUndefined())
        record.remove(field);
    else
        record.insert(field, value);
}

} // namespace

WrittenFields writtenFields(const QJsonObject &before, const FieldClocks &clocks, const QJsonObject &after)
{
    WrittenFields written;
    for (const QString &field : fieldsOf(before, after)) {
        if (before.value(field) != after.value(field))
            written.insert(field, clocks.value(field).hlc);
    }
    return written;
}

FieldClocks uniformClocks(const QJsonObject &payload, const QString &hlc)
{
    FieldClocks clocks;
    for (auto it = payload.begin(); it != payload.end(); ++it) {
        if (it.key() != IdField)
            clocks.insert(it.key(), FieldClock{hlc, hlc, {}});
    }
    return clocks;
}

FieldMerge mergeFields(const QJsonObject &current, const FieldClocks &clocks, const QJsonObject &incoming,
                       const QString &hlc, const QString &changeId, const WrittenFields &written)
{
    FieldMerge merge{current, clocks, {}, false};
    if (current.isEmpty()) {
        // A record not held yet: the change brings all of it.
        merge.payload = incoming;
        merge.changed = true;
    }
    for (auto it = written.begin(); it != written.end(); ++it) {
        const QString &field = it.key();
        if (field == IdField)
            continue;
        const QJsonValue value = incoming.value(field);
        const QString base = it.value().toString();
        const FieldClock held = clocks.value(field);
        if (held.hlc == hlc)
            continue; // this very write, come back
        const QJsonValue heldValue = current.value(field);
        // Seen means replaced knowingly: a writer saw exactly the value its base names. Ordering
        // the clocks says nothing about it: a base newer than a value may belong to another
        // line of edits that never met it (three devices: B, then A, then C having seen A, with
        // B arriving last).
        if (hlc > held.hlc) {
            put(merge.payload, field, value);
            merge.clocks.insert(field, FieldClock{hlc, base, changeId});
            merge.changed = true;
            // The held value loses; a conflict unless the writer replaced exactly it.
            if (!held.hlc.isEmpty() && base != held.hlc && heldValue != value && !current.isEmpty())
                merge.conflicts.append(FieldConflict{field, heldValue, held, value, {hlc, base, changeId}});
        } else if (held.base != hlc && heldValue != value) {
            // The incoming value loses to one whose writer did not replace exactly it.
            merge.conflicts.append(FieldConflict{field, value, {hlc, base, changeId}, heldValue, held});
        }
    }
    return merge;
}

QJsonObject clocksToJson(const FieldClocks &clocks)
{
    QJsonObject json;
    for (auto it = clocks.begin(); it != clocks.end(); ++it)
        json.insert(it.key(), QJsonArray{it.value().hlc, it.value().base, it.value().changeId});
    return json;
}

FieldClocks clocksFromJson(const QJsonObject &json)
{
    FieldClocks clocks;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QJsonArray parts = it.value().toArray();
        clocks.insert(it.key(),
                      FieldClock{parts.at(0).toString(), parts.at(1).toString(), parts.at(2).toString()});
    }
    return clocks;
}

QString hlcNode(const QString &hlc)
{
    const auto decoded = HlcTimestamp::decode(hlc);
    return decoded ? decoded.value().node : QString();
}

} // namespace doorstep
