// Test helper: a change as another device would send it, for tests that feed a store pulled
// changes (Store::applyPulled) without a server. Header only; any thread.
#pragma once

#include "core/change.h"
#include "core/hlc.h"

#include <QDateTime>
#include <QJsonObject>
#include <QUuid>

namespace doorstep::test {

// A change of `entity` `id` made on device `node` at `at` (its HLC), numbered 1 on that device.
inline Change remoteChange(const QString &entity, const QString &id, const QString &familyId,
                           const QJsonObject &payload, const QDateTime &at,
                           const QString &node = QStringLiteral("device-b"))
{
    Change change;
    change.changeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    change.deviceId = node;
    change.deviceSeq = 1;
    change.entity = entity;
    change.entityId = id;
    change.familyId = familyId;
    change.hlc = HlcTimestamp{at.toMSecsSinceEpoch(), 0, node}.encode();
    change.payload = payload;
    return change;
}

} // namespace doorstep::test
