// The supervisor's coverage page as plain values: core/coverage.h's figures for a team and a
// period, with children and practitioners named and every figure in words. A pure function of
// the store's caseload, its settings and "today", so the store worker builds it.
#pragma once

#include "core/domain.h"
#include "core/rulesettings.h"

#include <QDate>
#include <QList>
#include <QString>

namespace doorstep::app {

// One line of a coverage list: a newborn still flagged, or a practitioner and their visits.
struct CoverageRow
{
    QString id;
    QString title;     // "Test Baby Two" / "Test Practitioner"
    QString detail;    // "Test Family B · 20 days old" / "3 face-to-face, 1 telephone"
    int value = 0;     // days overdue / visits
    QString valueText; // "6 days overdue" / "4 visits"
    QString severity;  // "red", "amber" or empty

    friend bool operator==(const CoverageRow &, const CoverageRow &) = default;
};

// One bar of the chart: the newborns born in a week (or, over a long period, a month) and how
// many of them were seen face-to-face by day 14.
struct CoverageBucket
{
    QDate from;
    QDate to;
    QString label; // "28 Oct" for a week, "Nov 2026" for a month
    int newborns = 0;
    int seen = 0;
    QString text; // "Week from 28 Oct: 1 of 2 seen by day 14"

    friend bool operator==(const CoverageBucket &, const CoverageBucket &) = default;
};

struct CoverageView
{
    QDate from;
    QDate to;
    QString periodText; // "28 Oct 2026 to 25 Nov 2026"
    int newborns = 0;
    int newbornsSeenByDay14 = 0;
    double seenFraction = 0; // 0..1, for the bar
    QString seenText;        // "1 of 2 newborns (50%) seen face-to-face by day 14"
    QList<CoverageRow> stillFlagged;
    int wasNotBroughtContacts = 0;
    QString wasNotBroughtText;
    int familiesInProceedings = 0;
    int familiesInProceedingsAllOffered = 0;
    QString advocateText; // "1 of 1 families in care proceedings: every member offered an advocate"
    QList<CoverageRow> practitioners;
    QList<CoverageBucket> chart; // the period, oldest first: weeks up to about 3 months, else months
    QString csv;                 // core/coverage.h's CSV (ids, no names), as the server exports it
};

// ownUserId/ownName: the signed-in supervisor, named in the list; other practitioners are known
// to the device by id only.
CoverageView buildCoverageView(const Caseload &team, const RuleSettings &settings, const QDate &from,
                               const QDate &to, const QDate &today, const QString &ownUserId,
                               const QString &ownName);

} // namespace doorstep::app
