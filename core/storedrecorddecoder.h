#pragma once

#include "domain.h"
#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace doorstep {

// Adds records kept as JSON text (the device store's payloads) to a caseload, giving the same
// record and the same error as addToCaseload(caseload, entity, QJsonDocument::fromJson(json).object())
// would, at a fraction of the cost: the usual shape of a payload (the codec's own output, or
// the server's) is read straight from its UTF-8 text and then validated; anything else (escapes
// beyond the simple ones, offsets in times, a refused record) goes the full way (addToCaseload in
// recordcodec.h), which accepts or refuses it and names the field as before. Ids, families and
// other references repeated across records share one string each, and visits listing the same
// children, seen the same way, share one list, so a loaded caseload holds far fewer allocations.
//
// Thread: one at a time. Ownership: the shared strings and lists live in the records (implicitly
// shared); the decoder keeps its own references until it is destroyed, so destroy it after a load.
class StoredRecordDecoder
{
public:
    Result<void> add(Caseload &caseload, const QString &entity, const QByteArray &json);

private:
    friend struct StoredRecordParser;
    QHash<QByteArray, QString> m_shared;          // UTF-8 text -> the one QString for it
    QHash<QByteArray, int> m_tokens[4];           // per vocabulary: token text -> value, -1 unknown
    QHash<quint64, QList<VisitChild>> m_children; // a visit's children by a hash of them
};

} // namespace doorstep
