#include "validation.h"

#include "change.h"
#include "vocabulary.h"

#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

Error problem(const QString &field, const QString &message)
{
    return makeError(u"invalid"_s, message, field);
}

void require(Problems &problems, const QString &value, const QString &field, const QString &message)
{
    if (value.trimmed().isEmpty())
        problems.append(problem(field, message));
}

void requireDate(Problems &problems, const QDate &date, const QString &field, const QString &message)
{
    if (!date.isValid())
        problems.append(problem(field, message));
}

void checkOptionalDate(Problems &problems, const std::optional<QDate> &date, const QString &field,
                       const QString &message)
{
    if (date && !date->isValid())
        problems.append(problem(field, message));
}

QString groupedNhsNumber(const QString &digits)
{
    if (digits.size() != 10)
        return digits;
    return u"%1 %2 %3"_s.arg(digits.left(3), digits.mid(3, 3), digits.mid(6));
}

int letterOrDigitCount(const QString &text)
{
    int count = 0;
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            ++count;
    }
    return count;
}

// Phrases that stand in for a description without giving one. Longest first, so that
// "ongoing concerns" is removed whole before "concerns".
const QRegularExpression &vaguePhrases()
{
    static const QRegularExpression re = [] {
        QStringList phrases{
            u"ongoing concerns"_s,
            u"safeguarding concerns"_s,
            u"same as before"_s,
            u"refer to file"_s,
            u"refer to notes"_s,
            u"various issues"_s,
            u"see case notes"_s,
            u"see previous"_s,
            u"as previously"_s,
            u"as discussed"_s,
            u"see notes"_s,
            u"see file"_s,
            u"see above"_s,
            u"see below"_s,
            u"as before"_s,
            u"as per"_s,
            u"concerns"_s,
            u"concern"_s,
            u"issues"_s,
            u"n/a"_s,
            u"tbc"_s,
            u"tba"_s,
            u"ditto"_s,
            u"etc"_s,
        };
        for (QString &p : phrases)
            p = QRegularExpression::escape(p).replace(u"\\ "_s, u"\\s+"_s);
        return QRegularExpression(u"\\b(?:%1)\\b"_s.arg(phrases.join(u'|')),
                                  QRegularExpression::CaseInsensitiveOption);
    }();
    return re;
}

// Placeholders that are never an answer to any field of an alert.
const QRegularExpression &placeholders()
{
    static const QRegularExpression re(
        u"\\b(?:n/a|tbc|tba|see\\s+notes|see\\s+file|as\\s+before|as\\s+discussed|"
        u"refer\\s+to\\s+file|ditto)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

constexpr int minimumDescriptionLength = 25;
// What must be left of a description once the vague phrases are taken out.
constexpr int minimumSpecificCharacters = 20;

bool isVagueDescription(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.size() < minimumDescriptionLength)
        return true;
    QString rest = trimmed;
    rest.remove(vaguePhrases());
    const int before = letterOrDigitCount(trimmed);
    const int after = letterOrDigitCount(rest);
    // "Mainly vague": little specific left, or more than half of it was stock phrases.
    return after < minimumSpecificCharacters || after * 2 < before;
}

bool isOnlyPlaceholder(const QString &text)
{
    QString rest = text;
    rest.remove(placeholders());
    return letterOrDigitCount(rest) == 0;
}

} // namespace

Problems validateNhsNumber(const QString &nhsNumber)
{
    const QString field = u"nhsNumber"_s;
    QString digits = nhsNumber;
    digits.remove(u' ');
    if (digits.isEmpty())
        return {problem(field, u"Enter the 10-digit NHS number, or leave it out if it is not known."_s)};
    for (const QChar c : digits) {
        if (c < u'0' || c > u'9') {
            return {problem(field, u"An NHS number has digits only (spaces are allowed): \"%1\" has other "
                                   u"characters."_s.arg(nhsNumber))};
        }
    }
    if (digits.size() != 10) {
        return {problem(
            field,
            u"An NHS number has 10 digits; \"%1\" has %2. Check it was typed correctly."_s.arg(nhsNumber).arg(
                digits.size()))};
    }
    // Modulus 11: weights 10 down to 2 on the first nine digits.
    int sum = 0;
    for (int i = 0; i < 9; ++i)
        sum += digits.at(i).digitValue() * (10 - i);
    int check = 11 - (sum % 11);
    if (check == 11)
        check = 0;
    if (check == 10 || check != digits.at(9).digitValue()) {
        return {problem(field, u"NHS number %1 fails its check digit: check it was typed correctly."_s.arg(
                                   groupedNhsNumber(digits)))};
    }
    return {};
}

Problems validateFamily(const Family &family)
{
    Problems p;
    require(p, family.id, u"id"_s, u"A family needs an id."_s);
    require(p, family.teamId, u"teamId"_s, u"Choose the team the family belongs to."_s);
    require(p, family.practitionerId, u"practitionerId"_s,
            u"Choose the practitioner whose caseload the family is on."_s);
    require(p, family.label, u"label"_s, u"Give the household a name you will recognise."_s);
    checkOptionalDate(p, family.movedInOn, u"movedInOn"_s,
                      u"The date the family moved into the area is not a valid date."_s);
    if (family.movedInOn && family.movedFrom.trimmed().isEmpty()) {
        p.append(
            problem(u"movedFrom"_s,
                    u"Record the area the family moved from, so records can be requested from there."_s));
    }
    checkOptionalDate(p, family.careProceedingsStartedOn, u"careProceedingsStartedOn"_s,
                      u"The date care proceedings started is not a valid date."_s);
    checkOptionalDate(p, family.domesticAbuseRecordedOn, u"domesticAbuseRecordedOn"_s,
                      u"The date domestic abuse was recorded is not a valid date."_s);
    if (!family.carerHasCareAndSupportNeeds && !family.carersSocialWorker.trimmed().isEmpty()) {
        p.append(problem(u"carersSocialWorker"_s,
                         u"A carer's own social worker is recorded only when the carer has care and support "
                         u"needs: record those needs, or clear the social worker."_s));
    }
    return p;
}

Problems validateFamilyMember(const FamilyMember &member)
{
    Problems p;
    require(p, member.id, u"id"_s, u"A family member needs an id."_s);
    require(p, member.familyId, u"familyId"_s, u"Choose the family this person belongs to."_s);
    require(p, member.name, u"name"_s, u"Enter the person's name."_s);
    require(p, member.relationship, u"relationship"_s,
            u"Record how this person is related to the children, e.g. \"mother\"."_s);
    return p;
}

Problems validateChild(const Child &child)
{
    Problems p;
    require(p, child.id, u"id"_s, u"A child needs an id."_s);
    require(p, child.familyId, u"familyId"_s, u"Choose the family this child belongs to."_s);
    require(p, child.name, u"name"_s, u"Enter the child's name (or a name for an expected baby)."_s);
    requireDate(p, child.dateOfBirth, u"dateOfBirth"_s,
                u"Enter the child's date of birth (or the expected date for a baby not yet born)."_s);
    if (!child.nhsNumber.isEmpty())
        p.append(validateNhsNumber(child.nhsNumber));
    return p;
}

Problems validateVisit(const Visit &visit)
{
    Problems p;
    require(p, visit.id, u"id"_s, u"A visit needs an id."_s);
    require(p, visit.familyId, u"familyId"_s, u"Choose the family the visit was with."_s);
    require(p, visit.practitionerId, u"practitionerId"_s, u"Record who made the visit."_s);
    if (!visit.occurredAt.isValid())
        p.append(problem(u"occurredAt"_s, u"Enter when the visit took place."_s));
    if (visit.signedOffAt.isValid() && visit.occurredAt.isValid() && visit.signedOffAt < visit.occurredAt)
        p.append(problem(u"signedOffAt"_s, u"A visit cannot be signed off before it took place."_s));

    // Theme 3: the words "did not attend" put the blame on a child for an adult's failure.
    if (visit.outcome == Outcome::DidNotAttend && !visit.children.isEmpty()) {
        p.append(problem(u"outcome"_s, u"A child is never recorded as \"did not attend\": record \"was not "
                                       u"brought\" instead."_s));
    }
    if (visit.outcome == Outcome::WasNotBrought && visit.children.isEmpty()) {
        p.append(problem(u"children"_s,
                         u"\"Was not brought\" is about a child: list the child who was not brought."_s));
    }
    // A contact that did not take place cannot have seen anybody.
    const bool contactHappened = visit.outcome == Outcome::Completed || visit.outcome == Outcome::Declined;

    QStringList seenIds;
    for (const VisitChild &c : visit.children) {
        if (c.childId.trimmed().isEmpty()) {
            p.append(problem(u"children"_s, u"Each child listed on a visit needs a child id."_s));
            continue;
        }
        if (seenIds.contains(c.childId)) {
            p.append(
                problem(u"children"_s,
                        u"Child %1 is listed twice on this visit: list each child once."_s.arg(c.childId)));
            continue;
        }
        seenIds.append(c.childId);
        if (c.seenAlone && !c.seen) {
            p.append(problem(u"children"_s,
                             u"Child %1 is marked seen alone but not seen: mark the child seen, or clear "
                             u"\"seen alone\"."_s.arg(c.childId)));
        }
        if (c.seen && !contactHappened) {
            p.append(problem(u"children"_s,
                             u"Child %1 is marked seen on a contact recorded as \"%2\": correct the outcome, "
                             u"or clear \"seen\"."_s.arg(c.childId, label(visit.outcome).toLower())));
        }
    }
    return p;
}

Problems validateChildViews(const ChildViews &views)
{
    Problems p;
    require(p, views.id, u"id"_s, u"The child's views need an id."_s);
    require(p, views.visitId, u"visitId"_s, u"Choose the visit these views were recorded at."_s);
    require(p, views.childId, u"childId"_s, u"Choose the child whose views these are."_s);
    if (views.words.trimmed().isEmpty() && views.livedExperience.trimmed().isEmpty() &&
        views.presentation.trimmed().isEmpty()) {
        p.append(problem(u"words"_s,
                         u"Record the child's own words, what a day is like for them, or (for a baby or a "
                         u"child who cannot speak) how they presented."_s));
    }
    return p;
}

Problems validateAdvocateOffer(const AdvocateOffer &offer)
{
    Problems p;
    require(p, offer.id, u"id"_s, u"An advocate offer needs an id."_s);
    require(p, offer.familyId, u"familyId"_s, u"Choose the family the offer was made to."_s);
    require(p, offer.memberId, u"memberId"_s, u"Choose the family member the advocate was offered to."_s);
    requireDate(p, offer.offeredOn, u"offeredOn"_s, u"Enter the date the advocate was offered."_s);
    require(p, offer.offeredBy, u"offeredBy"_s, u"Record who offered the advocate."_s);
    require(p, offer.service, u"service"_s, u"Record the advocacy service offered."_s);
    checkOptionalDate(p, offer.followUpOn, u"followUpOn"_s, u"The follow-up date is not a valid date."_s);
    if (offer.followUpOn && offer.followUpOn->isValid() && offer.offeredOn.isValid() &&
        *offer.followUpOn < offer.offeredOn) {
        p.append(problem(u"followUpOn"_s, u"The follow-up date cannot be before the date of the offer."_s));
    }
    return p;
}

Problems validateAlert(const Alert &alert)
{
    Problems p;
    require(p, alert.id, u"id"_s, u"An alert needs an id."_s);
    require(p, alert.familyId, u"familyId"_s, u"Choose the family the alert is about."_s);

    struct Text
    {
        const QString &value;
        QString field;
        QString missing;
    };
    const Text texts[] = {
        {alert.category, u"category"_s, u"Choose the category of the alert."_s},
        {alert.whatHappened, u"whatHappened"_s, u"Describe what happened: what, to whom and when."_s},
        {alert.whoIsAtRisk, u"whoIsAtRisk"_s, u"Record who is at risk."_s},
        {alert.riskFrom, u"riskFrom"_s, u"Record who or what the risk is from."_s},
        {alert.source, u"source"_s, u"Record where the information came from."_s},
        {alert.requiredAction, u"requiredAction"_s, u"Record the action required, and by whom."_s},
    };
    for (const Text &t : texts) {
        if (t.value.trimmed().isEmpty()) {
            p.append(problem(t.field, t.missing));
        } else if (isOnlyPlaceholder(t.value)) {
            p.append(problem(
                t.field, u"\"%1\" is a placeholder, not an answer: %2"_s.arg(t.value.trimmed(), t.missing)));
        } else if (t.field == u"whatHappened" && isVagueDescription(t.value)) {
            p.append(problem(t.field,
                             u"Describe what happened so that a stranger could act on it: what happened, "
                             u"to whom, and when. Words like \"concerns\" or \"see notes\" are not "
                             u"enough."_s));
        }
    }

    requireDate(p, alert.raisedOn, u"raisedOn"_s, u"Enter the date the alert was raised."_s);
    requireDate(p, alert.reviewOn, u"reviewOn"_s, u"Enter the date the alert is to be reviewed."_s);
    if (alert.raisedOn.isValid() && alert.reviewOn.isValid() && alert.reviewOn < alert.raisedOn)
        p.append(
            problem(u"reviewOn"_s, u"The review date cannot be before the date the alert was raised."_s));
    checkOptionalDate(p, alert.closedOn, u"closedOn"_s,
                      u"The date the alert was closed is not a valid date."_s);
    if (alert.closedOn && alert.closedOn->isValid() && alert.raisedOn.isValid() &&
        *alert.closedOn < alert.raisedOn)
        p.append(problem(u"closedOn"_s, u"An alert cannot be closed before it was raised."_s));
    return p;
}

Problems validateAmendment(const Amendment &amendment)
{
    Problems p;
    require(p, amendment.id, u"id"_s, u"An amendment needs an id."_s);
    // Amendments correct records that are never edited in place; an alert is included because a
    // signed alert's description is corrected with a visible reason rather than overwritten.
    const QString &kind = amendment.targetKind;
    if (!Entity::isAppendOnly(kind) && kind != Entity::Alert) {
        p.append(problem(u"targetKind"_s,
                         u"An amendment corrects a visit, a child's views, an advocate offer or an "
                         u"alert; \"%1\" is none of these."_s.arg(kind)));
    }
    require(p, amendment.targetId, u"targetId"_s, u"Choose the record the amendment corrects."_s);
    require(p, amendment.authorId, u"authorId"_s, u"Record who made the amendment."_s);
    if (!amendment.madeAt.isValid())
        p.append(problem(u"madeAt"_s, u"Record when the amendment was made."_s));
    require(p, amendment.reason, u"reason"_s, u"Say why the record is being amended."_s);
    return p;
}

QString describe(const Problems &problems)
{
    QStringList lines;
    lines.reserve(problems.size());
    for (const Error &e : problems)
        lines.append(e.message);
    return lines.join(u'\n');
}

} // namespace doorstep
