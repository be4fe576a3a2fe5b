// The caseload as the app lists it: one row per child, with their household, their age in words
// and the most pressing flag, flagged children first. A pure function of the store's caseload,
// its flags and "today", so the worker thread can build rows and hand plain values to the GUI.
#pragma once

#include "core/domain.h"
#include "core/flags.h"

#include <QDate>
#include <QList>
#include <QString>

namespace doorstep::app {

struct CaseloadRow
{
    QString childId;
    QString familyId;
    QString name;
    QString familyLabel;
    QString ageText;
    // The most pressing flag on the child (or on their household); empty when none.
    QString flagKind;     // token: "newborn_no_face_to_face", ...
    QString flagLabel;    // "No face-to-face visit"
    QString flagSeverity; // "info", "amber", "red", or empty
    QString flagReason;
    QString flagToClear;
    int daysOverdue = 0;
    int severityRank = 0; // 3 red, 2 amber, 1 info, 0 unflagged: the list's first sort key
    int flagCount = 0;    // every flag on the child and their household

    friend bool operator==(const CaseloadRow &, const CaseloadRow &) = default;
};

// Red before amber before info before unflagged; then most overdue; then by name.
QList<CaseloadRow> buildCaseloadRows(const Caseload &caseload, const QList<Flag> &flags, const QDate &today);

// "Due 2 Dec 2026", "Born today", "12 days old", "5 months old", "3 years old".
QString ageText(const QDate &dateOfBirth, const QDate &today);

} // namespace doorstep::app
