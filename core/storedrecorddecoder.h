#pragma once

#include "domain.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <memory>
#include <vector>

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
    // A copy of text that lives as long as the decoder, in blocks that never move.
    QByteArrayView keep(QByteArrayView text);

    // UTF-8 text -> the one QString for it. The keys are views into m_keyBlocks rather than a
    // QByteArray each: a caseload has tens of thousands of ids, and freeing as many small blocks at
    // once when the decoder went left glibc's free lists so long that the next large allocation
    // (the flags' index, just after the load) spent milliseconds sorting them.
    QHash<QByteArrayView, QString> m_shared;
    std::vector<std::unique_ptr<char[]>> m_keyBlocks;
    char *m_keyFree = nullptr; // the unused end of the last of m_keyBlocks
    qsizetype m_keyFreeSize = 0;
    QHash<QByteArray, int> m_tokens[4];           // per vocabulary: token text -> value, -1 unknown
    QHash<quint64, QList<VisitChild>> m_children; // a visit's children by a hash of them
};

} // namespace doorstep
