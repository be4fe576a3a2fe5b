// The body of a push (PushRequest, sync/PROTOCOL.md) written straight as JSON text, with each
// change's payload and "fields" spliced in as the JSON texts the outbox keeps, instead of being
// parsed and encoded again (that round trip was most of a pushed change's cost on the device).
// The envelope's strings are escaped as QJsonDocument escapes them and the keys come in its
// order, so the body parses to what PushRequest::toJson() would have made (tst_messages).
//
// Thread: pure functions, any thread.
#pragma once

#include "core/change.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace doorstep::protocol {

// One change of a push as the outbox holds it. `payloadText` and `fieldsText` are compact JSON
// objects as the store wrote them (checked when the record was saved); an empty or non-object
// `payloadText` falls back to encoding `change.payload`, an empty `fieldsText` means the change
// carries no "fields".
struct PushItem
{
    Change change; // payload read only for the fallback
    QByteArray payloadText;
    QByteArray fieldsText;
};

// {"changes":[...]} for these changes, in order.
QByteArray pushBody(const QList<PushItem> &items);

// The same from parsed changes (each payload and "fields" encoded here).
QByteArray pushBody(const QList<Change> &changes, const QHash<QString, QJsonObject> &fields);

} // namespace doorstep::protocol
