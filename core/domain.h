// The records Doorstep keeps (see shared/design/domain.md). Plain values: no I/O, no Qt objects,
// safe to copy between threads. Ids are opaque strings (UUIDs made on the device that created
// the record: core/recordid.h), so records can be made offline and never collide.
#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace doorstep {

enum class Role { Midwife, HealthVisitor, SocialWorker, Supervisor, Administrator };

enum class ContactType { FaceToFaceHome, FaceToFaceClinic, Video, Telephone };

// A child who missed a contact "was not brought". DidNotAttend exists only for an adult's own
// appointment; validation refuses it on any contact that concerns a child (theme 3).
enum class Outcome {
    Completed,
    WasNotBrought,
    NoAccess,
    Declined,
    CancelledByFamily,
    CancelledByService,
    DidNotAttend,
};

enum class AdvocateResponse { Accepted, Declined, Considering };

// A household. Mutable: fields change over time and merge last-writer-wins when synced.
struct Family
{
    QString id;
    QString teamId;
    QString practitionerId; // whose caseload the family is on
    QString label;          // how the practitioner refers to the household
    QString postcode;
    std::optional<QDate> movedInOn;                // theme 4: date moved into the area
    QString movedFrom;                             // theme 4: the area moved from
    std::optional<QDate> careProceedingsStartedOn; // theme 13
    bool carerHasCareAndSupportNeeds = false;      // theme 2
    QString carersSocialWorker;                    // theme 2: the carer's own social worker
    std::optional<QDate> domesticAbuseRecordedOn;  // theme 3: voice and impact then required
    QString earlyHelpStatus;                       // theme 6: free text, e.g. "open", "closed"
};

// A person in the household other than a caseload child, or a child listed as a member.
struct FamilyMember
{
    QString id;
    QString familyId;
    QString name;
    QString relationship; // to the children, in words: "mother", "stepfather", ...
};

// A child on the caseload. Mutable. The date of birth may be in the future (expected baby).
struct Child
{
    QString id;
    QString familyId;
    QString name;
    QDate dateOfBirth;
    QString nhsNumber; // optional; 10 digits with a modulus-11 check digit when present
};

// How one child figured in a visit.
struct VisitChild
{
    QString childId;
    bool seen = false;
    bool seenAlone = false;
};

// A contact. Append-only once signed off: corrections are Amendments.
struct Visit
{
    QString id;
    QString familyId;
    QString practitionerId;
    Role practitionerRole = Role::HealthVisitor;
    QDateTime occurredAt; // UTC
    ContactType contactType = ContactType::FaceToFaceHome;
    Outcome outcome = Outcome::Completed;
    QList<VisitChild> children; // empty only for an adult's own appointment
    QString present;            // who was present, in words
    QString observations;
    QString concerns;
    QDateTime signedOffAt; // null while a draft
};

// The child's views and lived experience for one visit (theme 3). For a baby or a child who
// cannot speak, `presentation` holds the practitioner's observation instead of `words`.
struct ChildViews
{
    QString id;
    QString visitId;
    QString childId;
    QString words;           // the child's own words, wishes and feelings
    QString livedExperience; // what a day is like for them; the impact on them
    QString presentation;    // how they presented and interacted
    QDateTime recordedAt;    // UTC
};

struct AdvocateOffer
{
    QString id;
    QString familyId;
    QString memberId; // a FamilyMember id
    QDate offeredOn;
    QString offeredBy;
    QString service;
    AdvocateResponse response = AdvocateResponse::Considering;
    std::optional<QDate> followUpOn;
};

// An explicit alert (theme 5): every field present, a description a stranger could act on.
struct Alert
{
    QString id;
    QString familyId;
    QString childId; // optional: the child the alert is about
    QString category;
    QString whatHappened;
    QString whoIsAtRisk;
    QString riskFrom;
    QString source;
    QDate raisedOn;
    QString requiredAction;
    QDate reviewOn;
    std::optional<QDate> closedOn;
};

// A correction to a signed-off record: the original stays, the amendment points at it.
struct Amendment
{
    QString id;
    QString targetKind; // "visit", "child_views", "advocate_offer", "alert"
    QString targetId;
    QString authorId;
    QDateTime madeAt; // UTC
    QString reason;
    QString correction; // what the record should have said
};

// Everything the rules look at for one caseload (a practitioner's) or one team (a supervisor's).
struct Caseload
{
    QList<Family> families;
    QList<FamilyMember> members;
    QList<Child> children;
    QList<Visit> visits;
    QList<ChildViews> views;
    QList<AdvocateOffer> offers;
    QList<Alert> alerts;
    QList<Amendment> amendments;
};

} // namespace doorstep
