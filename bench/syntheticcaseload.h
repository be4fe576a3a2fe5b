// The synthetic caseload the benchmarks share: families of two children, ten visits per child,
// with the mix of outcomes, contact types, alerts, care proceedings, moves, domestic abuse and
// child's views that makes every flag rule fire on part of it: one caseload behind the in-memory
// flags, the server's flags and coverage, and the app's memory figures.
//
// Thread: any; returns a value the caller owns.
#pragma once

#include "core/domain.h"

#include <QDate>
#include <QString>

namespace doorstep::bench {

struct CaseloadShape
{
    int children = 1000;
    int visitsPerChild = 10;
    QDate today;
    QString teamId = QStringLiteral("team-bench");
    QString practitionerId = QStringLiteral("user-bench");
};

Caseload syntheticCaseload(const CaseloadShape &shape);

} // namespace doorstep::bench
