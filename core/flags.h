// The flag rules of domain.md, computed from a caseload, the settings and "today". Pure: the
// same inputs give the same flags on the device and on the server.
#pragma once

#include "domain.h"
#include "rulesettings.h"

#include <QDate>
#include <QList>
#include <QString>

namespace doorstep {

enum class FlagKind {
    NewbornNoFaceToFace,
    WasNotBroughtPattern,
    ChildVoiceMissing,
    AdvocateNotOffered,
    AlertReviewOverdue,
    NewFamilyNoContact,
};

// Info: the rule applies but nothing is due yet (e.g. a newborn before day 10).
enum class FlagSeverity { Info, Amber, Red };

struct Flag
{
    FlagKind kind;
    FlagSeverity severity;
    QString familyId;
    QString childId;     // empty when the flag is about the family or a member
    QString subjectId;   // the record it is about: child, visit, member or alert id
    int daysOverdue = 0; // 0 when not yet overdue
    QString reason;      // why it fired, in plain words
    QString toClear;     // what would clear it
};

QString toToken(FlagKind kind); // "newborn_no_face_to_face", ... as in domain.md
QString label(FlagKind kind);   // "No face-to-face visit", ...
QString toToken(FlagSeverity severity);

// All flags for the caseload, most severe first, then most overdue, then by child/family id.
QList<Flag> computeFlags(const Caseload &caseload, const RuleSettings &settings, const QDate &today);

// Only the newborn_no_face_to_face flags (age and period rules), sorted as computeFlags sorts.
// Coverage uses these so that the supervisor's figures and the practitioner's flags agree.
QList<Flag> computeNewbornFlags(const Caseload &caseload, const RuleSettings &settings, const QDate &today);

// The calendar day of a contact as the rules see it: its day in the UK (Europe/London), wherever
// the code runs, so that a device and the server agree about a visit made just after midnight.
QDate contactDate(const Visit &visit);

// The new birth visit of theme 1: completed, face-to-face (home or clinic), by a midwife or a
// health visitor, listing the child, on or after the child's date of birth.
bool isNewBirthVisitFor(const Visit &visit, const Child &child);

} // namespace doorstep

// Its members are implicitly shared strings and plain values, so a list of flags grows by moving
// memory rather than element by element.
Q_DECLARE_TYPEINFO(doorstep::Flag, Q_RELOCATABLE_TYPE);
