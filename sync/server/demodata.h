// Synthetic demo data for trying the system: a team, a health visitor and a supervisor with
// enrolment codes, and a few obviously synthetic families on the health visitor's caseload,
// written as server-made changes so that devices pull them like any other record.
#pragma once

#include "database.h"

#include "core/result.h"

#include <QDate>
#include <QJsonObject>

namespace doorstep::server {

// Returns {"teamId", "users": [{"id", "name", "role", "enrolmentCode"}], "newbornChildId"}.
Result<QJsonObject> createDemoData(const Database &database, const QDate &today, qint64 nowMillis);

} // namespace doorstep::server
