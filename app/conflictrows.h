// The conflicts page as plain values: each value that lost a sync merge (store::Conflict) beside
// the one kept, with the record named, the field in words, who made each edit and when. Pure
// functions of the store's conflicts and caseload, so the store worker builds the rows; and the
// one honest way to keep the other value: a normal edit of the record, made on the worker.
#pragma once

#include "app/store/store.h"
#include "core/domain.h"

#include <QList>
#include <QString>

namespace doorstep::app {

struct ConflictRow
{
    qint64 id = 0;
    QString record;       // "Test Baby One (child)"
    QString field;        // "Name", "Date of birth"
    QString keptValue;    // what the record holds now, in words
    QString keptBy;       // "Another device (1a2b3c4d)" / "This device"
    QString keptAt;       // "25 Nov 2026, 14:05"
    QString notKeptValue; // the value that lost
    QString notKeptBy;
    QString notKeptAt;
    bool canUseNotKept = false; // the record is on this device and the field can be set by an edit

    friend bool operator==(const ConflictRow &, const ConflictRow &) = default;
};

// ownDeviceId: this store's device id, to say "This device".
QList<ConflictRow> buildConflictRows(const QList<store::Conflict> &conflicts, const Caseload &caseload,
                                     const QString &ownDeviceId);

// "Date of birth" for the child field "dateOfBirth".
QString describeConflictField(const QString &entity, const QString &field);

// Keeps the value that lost instead: saves the record as it is now with that one field set to
// it, through the store's ordinary edit (validated, audited, sent like any edit), then marks the
// conflict reviewed. NotFound when the conflict or its record is gone.
Result<QString> useNotKeptValue(store::Store &store, qint64 conflictId);

} // namespace doorstep::app
