// One child's record as the child and family page shows it: who they are, their household (members
// and relationships, care proceedings, moving into the area, the carer's own needs) and the
// chronology of everything recorded about them, newest first. A pure function of the store's
// caseload and "today", so the store worker builds it and hands plain values to the GUI.
#pragma once

#include "core/domain.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

namespace doorstep::app {

// One line of the chronology: a visit, the child's views, an advocate offer, an alert or an
// amendment.
struct ChronologyEntry
{
    QString id;
    QString kind;        // "visit", "views", "offer", "alert", "amendment"
    QString kindText;    // "Visit", "Child's views", ...
    QDateTime at;        // UTC; records kept by date sort at the start of their day
    QString dateText;    // "25 Nov 2026"
    QString title;       // "Face-to-face at home: Completed"
    QString detail;      // the content, one fact a line
    QString amendedText; // "Amended 26 Nov 2026" when an amendment points at it; else empty

    friend bool operator==(const ChronologyEntry &, const ChronologyEntry &) = default;
};

// A person in the household: a family member, or another child on the caseload.
struct HouseholdMember
{
    QString id;
    QString name;
    QString relationship; // "Mother", "Child on the caseload", ...
    // For a family in care proceedings, the member's advocate offer in words; else empty.
    QString advocateText;
    // A family member of a family in care proceedings: an advocate may be offered to them.
    bool canOfferAdvocate = false;
    // No advocate offered yet, or the last offer is still being considered.
    bool offerOutstanding = false;

    friend bool operator==(const HouseholdMember &, const HouseholdMember &) = default;
};

struct ChildRecord
{
    QString childId; // empty when the child is not on the caseload
    QString familyId;
    QString name;
    QString ageText;
    QString dateOfBirthText; // "Born 13 Nov 2026" or "Due 2 Dec 2026"
    QString nhsNumber;
    QString summaryText; // "4 years old · Born 10 Jun 2022 · NHS number 943 476 5919"
    QString familyLabel;
    QString postcode;
    bool inCareProceedings = false;
    QString careProceedingsText; // "In care proceedings since 3 Nov 2026" / "Not in care proceedings"
    QString movedInText;         // "Moved into the area on 1 Oct 2026, from Leeds"; empty if not known
    QString carerText;           // a carer's own care and support needs; empty if none recorded
    // The advocacy service of the caseload's most recent offer, to offer again in two taps.
    QString advocacyService;
    QList<HouseholdMember> members;
    QList<ChronologyEntry> chronology; // newest first
};

ChildRecord buildChildRecord(const Caseload &caseload, const QString &childId, const QDate &today);

} // namespace doorstep::app
