// A change: one record created or updated on one device, as it travels in the outbox, over
// the wire and into the server's log. The payload is the record's JSON (see recordcodec.h).
#pragma once

#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace doorstep {

// Kinds of record, as tokens on the wire and in both stores.
namespace Entity {
inline const QString Family = QStringLiteral("family");
inline const QString FamilyMember = QStringLiteral("family_member");
inline const QString Child = QStringLiteral("child");
inline const QString Visit = QStringLiteral("visit");
inline const QString ChildViews = QStringLiteral("child_views");
inline const QString AdvocateOffer = QStringLiteral("advocate_offer");
inline const QString Alert = QStringLiteral("alert");
inline const QString Amendment = QStringLiteral("amendment");
bool isKnown(const QString &entity);
// Visits, views, offers and amendments are never edited once made: they cannot conflict.
bool isAppendOnly(const QString &entity);
// The kinds isAppendOnly() is true for.
const QStringList &appendOnlyKinds();
} // namespace Entity

struct Change
{
    QString changeId;     // UUID, stable across resends
    QString deviceId;     // the device that made it ("server" for admin-made records)
    qint64 deviceSeq = 0; // 1, 2, 3, ... per device
    QString entity;
    QString entityId;
    QString familyId; // the household it belongs to: decides who may see it
    QString hlc;      // HlcTimestamp::encode()
    QJsonObject payload;

    QJsonObject toJson() const;
    // Checks shape and types only (unknown keys refused); the payload is checked by the codec.
    static Result<Change> fromJson(const QJsonObject &json);
};

// The change with its payload's object read from `payloadText`, the payload as it came, when it
// has none: the readers of push and pull bodies leave it empty (sync/protocol/bodyreader.h).
Change withPayloadObject(const Change &change, const QByteArray &payloadText);

} // namespace doorstep
