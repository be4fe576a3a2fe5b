// JSON for each record, shared by the device store, the protocol and the server so that every
// layer reads and writes the same shape. Decoding checks types and refuses unknown keys,
// naming the field; then runs the record's validation (validation.h).
#pragma once

#include "domain.h"
#include "result.h"

#include <QJsonObject>

namespace doorstep {

QJsonObject toJson(const Family &family);
QJsonObject toJson(const FamilyMember &member);
QJsonObject toJson(const Child &child);
QJsonObject toJson(const Visit &visit);
QJsonObject toJson(const ChildViews &views);
QJsonObject toJson(const AdvocateOffer &offer);
QJsonObject toJson(const Alert &alert);
QJsonObject toJson(const Amendment &amendment);

Result<Family> familyFromJson(const QJsonObject &json);
Result<FamilyMember> familyMemberFromJson(const QJsonObject &json);
Result<Child> childFromJson(const QJsonObject &json);
Result<Visit> visitFromJson(const QJsonObject &json);
Result<ChildViews> childViewsFromJson(const QJsonObject &json);
Result<AdvocateOffer> advocateOfferFromJson(const QJsonObject &json);
Result<Alert> alertFromJson(const QJsonObject &json);
Result<Amendment> amendmentFromJson(const QJsonObject &json);

// Decodes a change's payload by entity and adds the record to the caseload; the error names
// the entity and the field. Used by the server (and tests) to build a Caseload from changes.
// It appends: pass each record's latest version once (it does not replace a record by id).
Result<void> addToCaseload(Caseload &caseload, const QString &entity, const QJsonObject &payload);

} // namespace doorstep
