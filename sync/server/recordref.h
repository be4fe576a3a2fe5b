// What the server needs to know about a change's record before storing it: its id, the family
// it belongs to (directly, or through the record it hangs off), and for a family its team and
// practitioner. Decoding runs the record codec, so an invalid record is refused here.
#pragma once

#include "core/domain.h"
#include "core/result.h"
#include "core/storedrecorddecoder.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace doorstep::server {

struct RecordRef
{
    QString id;
    QString familyId;     // empty when the record names no family itself (views, amendments)
    QString parentEntity; // for views and amendments: the record they hang off
    QString parentId;
    QString parentField;          // the payload field that names the parent, for error messages
    std::optional<Family> family; // set for a family record
    // Set by the change log's check once it has looked: the server holds no record with this id
    // yet, so storing it needs no read of the current one.
    bool isNew = false;
};

Result<RecordRef> describeRecord(const QString &entity, const QJsonObject &payload);
// The same answer and the same error, read from `payloadText`, the payload's JSON text as the
// device sent it: a record of the usual shape is read straight from the text by `decoder`
// (core/storedrecorddecoder.h; the codec's checks on a QJsonObject cost a push some 40k
// instructions a change); anything it refuses is parsed and goes the way above. The text is all
// there is of the payload when the push was read by readPushBody (sync/protocol/bodyreader.h).
Result<RecordRef> describeRecord(const QString &entity, const QByteArray &payloadText,
                                 StoredRecordDecoder &decoder);

} // namespace doorstep::server
