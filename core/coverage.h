// Coverage arithmetic for supervisors (domain.md, "Coverage for supervisors"): for a team's
// records and a period, how many newborns had a face-to-face visit by day 14, who is overdue, and
// the other counts. Pure, like the flags.
#pragma once

#include "domain.h"
#include "flags.h"
#include "rulesettings.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace doorstep {

struct OverdueNewborn
{
    QString childId;
    QString familyId;
    QString practitionerId;
    int ageDays = 0;
    int daysOverdue = 0;
};

struct Coverage
{
    QDate from;
    QDate to;
    int newborns = 0;                      // children born in [from, to]
    int newbornsSeenByDay14 = 0;           // of those, completed face-to-face by a midwife/HV by day 14
    double newbornsSeenByDay14Percent = 0; // 0 when there are no newborns
    QList<OverdueNewborn> stillFlagged;    // newborn flag still open, most overdue first
    int wasNotBroughtContacts = 0;         // child-contacts recorded as was not brought in the period
    int familiesInProceedings = 0;
    int familiesInProceedingsAllOffered = 0; // every member offered an advocate
    QMap<QString, int> visitsByContactType;  // token -> count, visits in the period
    QMap<QString, int> visitsByPractitioner; // practitioner id -> count

    QJsonObject toJson() const;
    QString toCsv() const; // one section per measure, headed, RFC 4180 quoting
};

Coverage computeCoverage(const Caseload &team, const RuleSettings &settings, const QDate &from,
                         const QDate &to, const QDate &today);

} // namespace doorstep
