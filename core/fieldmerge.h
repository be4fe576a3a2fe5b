// Field-by-field merge of mutable records (family, family member, child, alert), the one rule
// the device store and the server both apply so that they converge: each top-level field of a
// record's JSON keeps the value written with the highest hybrid logical clock time (the HLC's
// node, the device id, breaks ties). A value that loses to a write made without seeing it (a
// concurrent edit) is kept as a conflict for a person to review, never dropped.
//
// A change of a mutable record says which fields it wrote and, for each, the clock time of the
// value it replaced on the writing device (its "base"; empty when there was none). A writer saw
// exactly the value its base names; a value that loses to a writer that did not replace exactly
// it is a conflict. The server applies each change once; a device skips the conflicts of its own
// changes coming back (it saw its own writes). See sync/PROTOCOL.md, "Field merge".
//
// Thread: pure functions, any thread.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace doorstep {

// Who last wrote one field: the change's HLC, the base that writer had, and the change id.
struct FieldClock
{
    QString hlc;
    QString base;
    QString changeId;
    bool operator==(const FieldClock &) const = default;
};
using FieldClocks = QHash<QString, FieldClock>;

// A field value that lost, beside the value that won.
struct FieldConflict
{
    QString field;
    QJsonValue losingValue; // Undefined: the field was absent (cleared)
    FieldClock losing;
    QJsonValue winningValue;
    FieldClock winning;
};

struct FieldMerge
{
    QJsonObject payload; // the merged record
    FieldClocks clocks;  // the merged clocks
    QList<FieldConflict> conflicts;
    bool changed = false; // payload or clocks differ from what was held
};

// The fields a change wrote, each with its base: {"name": "<hlc>", "dateOfBirth": ""}.
using WrittenFields = QJsonObject;

// The fields `after` writes over `before` (values that differ, including fields added or
// removed), each with the clock time of the value it replaces.
WrittenFields writtenFields(const QJsonObject &before, const FieldClocks &clocks, const QJsonObject &after);

// Clocks for a record held without per-field clocks (stored before they were kept): every
// field at the record's time, its writer assumed to have seen everything before.
FieldClocks uniformClocks(const QJsonObject &payload, const QString &hlc);

// Applies the fields `written` by a change (hlc, changeId, payload `incoming`) to the record
// held as `current` with `clocks`. An empty `current` is a record not held yet.
FieldMerge mergeFields(const QJsonObject &current, const FieldClocks &clocks, const QJsonObject &incoming,
                       const QString &hlc, const QString &changeId, const WrittenFields &written);

// Clocks as stored and sent: {"field": ["hlc", "base", "changeId"], ...}.
QJsonObject clocksToJson(const FieldClocks &clocks);
FieldClocks clocksFromJson(const QJsonObject &json);

// The device id inside an encoded HLC ("" when unreadable).
QString hlcNode(const QString &hlc);

} // namespace doorstep
