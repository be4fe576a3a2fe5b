// How each kind of record sits in the store: its table, the columns that queries use (dates as
// ISO text) and its JSON payload (core/recordcodec.h), which is what the store reads back.
// One place for the mapping, used by local saves and by pulled changes alike.
//
// Thread: pure functions, any thread.
#pragma once

#include "core/change.h"
#include "core/domain.h"
#include "core/result.h"
#include "core/storedrecorddecoder.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace doorstep::store {

struct RecordRow
{
    QString entity; // Entity::Family, ...
    QString table;
    QString id;
    QString familyId;
    QList<QPair<QString, QString>> columns; // the query columns besides id, hlc and payload
    QJsonObject payload;
    // When not empty: `payload` as JSON text, as it came from the server (a pulled append-only
    // record), stored as it is instead of being encoded again.
    QByteArray payloadText;
    QList<VisitChild> visitChildren; // visits only: rows for visit_children
};

// The table holding records of `entity`; empty for an unknown entity.
QString tableFor(const QString &entity);

RecordRow recordRow(const Family &family);
RecordRow recordRow(const FamilyMember &member);
RecordRow recordRow(const Child &child);
RecordRow recordRow(const Visit &visit);
// Views and amendments do not carry their household; the caller looks it up (or takes it from
// the change that brought them).
RecordRow recordRow(const ChildViews &views, const QString &familyId);
RecordRow recordRow(const AdvocateOffer &offer);
RecordRow recordRow(const Alert &alert);
RecordRow recordRow(const Amendment &amendment, const QString &familyId);

// Decodes a change's payload with the codec for its entity and makes the row. The error names
// the change and, through Error::field, the field that was wrong.
Result<RecordRow> recordRow(const Change &change);
// The same row for a pulled change whose payload is also at hand as `payloadText`, the text it
// came in: an append-only record is read from that text (core/storedrecorddecoder.h, the codec's
// record at a fraction of the cost of the codec's walk over the parsed object) and keeps it as
// its payloadText. Anything else, and a payload the decoder refuses, goes through
// recordRow(change), so rows and errors are those of recordRow(change).
Result<RecordRow> recordRow(const Change &change, const QByteArray &payloadText,
                            StoredRecordDecoder &decoder);

} // namespace doorstep::store
