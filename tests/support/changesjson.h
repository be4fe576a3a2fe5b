// Test helper: lists of changes as JSON, to compare what the body readers (sync/protocol/
// bodyreader.h) read with what the full way reads. Header only; any thread.
#pragma once

#include "core/change.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>

namespace doorstep::test {

// The changes as the full way gives them.
inline QJsonArray changesJson(const QList<Change> &changes)
{
    QJsonArray array;
    for (const Change &change : changes)
        array.append(change.toJson());
    return array;
}

// The changes a body reader read, with the payload objects read from their texts where the reader
// left them empty: equal to changesJson() of the full way's changes when both read the same.
inline QJsonArray readChangesJson(const QList<Change> &changes, const QList<QByteArray> &payloadTexts)
{
    QJsonArray array;
    for (qsizetype i = 0; i < changes.size(); ++i)
        array.append(withPayloadObject(changes.at(i), payloadTexts.value(i)).toJson());
    return array;
}

} // namespace doorstep::test
