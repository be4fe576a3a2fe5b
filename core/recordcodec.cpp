#include "recordcodec.h"

#include "change.h"
#include "validation.h"
#include "vocabulary.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

const QString dateFormat = u"yyyy-MM-dd"_s;
const QString dateTimeFormat = u"yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"_s;

QString encodeDate(const QDate &date)
{
    return date.toString(dateFormat);
}
QString encodeDateTime(const QDateTime &dt)
{
    return dt.toUTC().toString(dateTimeFormat);
}

void putOptionalDate(QJsonObject &json, const QString &key, const std::optional<QDate> &date)
{
    if (date && date->isValid())
        json.insert(key, encodeDate(*date));
}

void putOptionalDateTime(QJsonObject &json, const QString &key, const QDateTime &dt)
{
    if (dt.isValid())
        json.insert(key, encodeDateTime(dt));
}

QString withArticle(const QString &noun)
{
    const bool vowel = !noun.isEmpty() && QStringLiteral("aeiou").contains(noun.front());
    return (vowel ? u"An "_s : u"A "_s) + noun;
}

// Reads one record's fields, remembering the first problem; later reads then do nothing, so a
// decoder reads straight through and checks once at the end.
class Reader
{
public:
    Reader(const QJsonObject &json, QString record, QStringList keys)
        : m_json(json)
        , m_record(std::move(record))
    {
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (!keys.contains(it.key())) {
                fail(it.key(), u"%1 record has no field \"%2\"."_s.arg(withArticle(m_record), it.key()));
                break;
            }
        }
    }

    bool ok() const { return !m_error; }
    const Error &error() const { return *m_error; }

    QString text(const QString &key, bool required = true)
    {
        const QJsonValue v = value(key, required);
        if (v.isUndefined())
            return {};
        if (!v.isString()) {
            wrongType(key, u"text"_s);
            return {};
        }
        return v.toString();
    }

    bool boolean(const QString &key)
    {
        const QJsonValue v = value(key, true);
        if (v.isUndefined())
            return false;
        if (!v.isBool()) {
            wrongType(key, u"true or false"_s);
            return false;
        }
        return v.toBool();
    }

    QDate date(const QString &key)
    {
        const QJsonValue v = value(key, true);
        return v.isUndefined() ? QDate() : parseDate(key, v);
    }

    std::optional<QDate> optionalDate(const QString &key)
    {
        const QJsonValue v = value(key, false);
        if (v.isUndefined())
            return std::nullopt;
        return parseDate(key, v);
    }

    QDateTime dateTime(const QString &key, bool required = true)
    {
        const QJsonValue v = value(key, required);
        if (v.isUndefined())
            return {};
        static const QRegularExpression shape(
            u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:\\d{2})$"_s);
        const QString s = v.isString() ? v.toString() : QString();
        const QDateTime dt =
            shape.match(s).hasMatch() ? QDateTime::fromString(s, Qt::ISODateWithMs) : QDateTime();
        if (!dt.isValid()) {
            wrongType(key,
                      u"a date and time in ISO 8601 with its time zone, e.g. \"2026-11-25T10:30:00.000Z\""_s);
            return {};
        }
        return dt.toUTC();
    }

    template<typename E>
    E token(const QString &key, std::optional<E> (*fromToken)(const QString &), E fallback)
    {
        const QJsonValue v = value(key, true);
        if (v.isUndefined())
            return fallback;
        const auto e = v.isString() ? fromToken(v.toString()) : std::nullopt;
        if (!e) {
            fail(key, u"The %1's \"%2\" is not one of the known words: \"%3\"."_s.arg(
                          m_record, key, v.isString() ? v.toString() : u"(not text)"_s));
            return fallback;
        }
        return *e;
    }

    QJsonArray array(const QString &key)
    {
        const QJsonValue v = value(key, true);
        if (v.isUndefined())
            return {};
        if (!v.isArray()) {
            wrongType(key, u"a list"_s);
            return {};
        }
        return v.toArray();
    }

    void fail(const QString &key, const QString &message)
    {
        if (!m_error)
            m_error = makeError(u"invalid"_s, message, key);
    }

private:
    QJsonValue value(const QString &key, bool required)
    {
        if (m_error)
            return QJsonValue(QJsonValue::Undefined);
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined() && required)
            fail(key, u"%1 record needs \"%2\"."_s.arg(withArticle(m_record), key));
        return v;
    }

    QDate parseDate(const QString &key, const QJsonValue &v)
    {
        static const QRegularExpression shape(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
        const QString s = v.isString() ? v.toString() : QString();
        const QDate d = shape.match(s).hasMatch() ? QDate::fromString(s, dateFormat) : QDate();
        if (!d.isValid())
            wrongType(key, u"a date written yyyy-MM-dd, e.g. \"2026-11-25\""_s);
        return d;
    }

    void wrongType(const QString &key, const QString &expected)
    {
        fail(key, u"The %1's \"%2\" must be %3."_s.arg(m_record, key, expected));
    }

    const QJsonObject m_json; // a copy (implicitly shared): callers may pass a temporary
    QString m_record;
    std::optional<Error> m_error;
};

template<typename T> Result<T> finish(const Reader &reader, T record, Problems (*validate)(const T &))
{
    if (!reader.ok())
        return reader.error();
    const Problems problems = validate(record);
    if (!problems.isEmpty())
        return problems.first();
    return record;
}

} // namespace

QJsonObject toJson(const Family &family)
{
    QJsonObject json{
        {u"id"_s, family.id},
        {u"teamId"_s, family.teamId},
        {u"practitionerId"_s, family.practitionerId},
        {u"label"_s, family.label},
        {u"postcode"_s, family.postcode},
        {u"movedFrom"_s, family.movedFrom},
        {u"carerHasCareAndSupportNeeds"_s, family.carerHasCareAndSupportNeeds},
        {u"carersSocialWorker"_s, family.carersSocialWorker},
        {u"earlyHelpStatus"_s, family.earlyHelpStatus},
    };
    putOptionalDate(json, u"movedInOn"_s, family.movedInOn);
    putOptionalDate(json, u"careProceedingsStartedOn"_s, family.careProceedingsStartedOn);
    putOptionalDate(json, u"domesticAbuseRecordedOn"_s, family.domesticAbuseRecordedOn);
    return json;
}

QJsonObject toJson(const FamilyMember &member)
{
    return QJsonObject{
        {u"id"_s, member.id},
        {u"familyId"_s, member.familyId},
        {u"name"_s, member.name},
        {u"relationship"_s, member.relationship},
    };
}

QJsonObject toJson(const Child &child)
{
    return QJsonObject{
        {u"id"_s, child.id},
        {u"familyId"_s, child.familyId},
        {u"name"_s, child.name},
        {u"dateOfBirth"_s, encodeDate(child.dateOfBirth)},
        {u"nhsNumber"_s, child.nhsNumber},
    };
}

QJsonObject toJson(const Visit &visit)
{
    QJsonArray children;
    for (const VisitChild &c : visit.children) {
        children.append(QJsonObject{
            {u"childId"_s, c.childId},
            {u"seen"_s, c.seen},
            {u"seenAlone"_s, c.seenAlone},
        });
    }
    QJsonObject json{
        {u"id"_s, visit.id},
        {u"familyId"_s, visit.familyId},
        {u"practitionerId"_s, visit.practitionerId},
        {u"practitionerRole"_s, toToken(visit.practitionerRole)},
        {u"occurredAt"_s, encodeDateTime(visit.occurredAt)},
        {u"contactType"_s, toToken(visit.contactType)},
        {u"outcome"_s, toToken(visit.outcome)},
        {u"children"_s, children},
        {u"present"_s, visit.present},
        {u"observations"_s, visit.observations},
        {u"concerns"_s, visit.concerns},
    };
    putOptionalDateTime(json, u"signedOffAt"_s, visit.signedOffAt);
    return json;
}

QJsonObject toJson(const ChildViews &views)
{
    QJsonObject json{
        {u"id"_s, views.id},
        {u"visitId"_s, views.visitId},
        {u"childId"_s, views.childId},
        {u"words"_s, views.words},
        {u"livedExperience"_s, views.livedExperience},
        {u"presentation"_s, views.presentation},
    };
    putOptionalDateTime(json, u"recordedAt"_s, views.recordedAt);
    return json;
}

QJsonObject toJson(const AdvocateOffer &offer)
{
    QJsonObject json{
        {u"id"_s, offer.id},
        {u"familyId"_s, offer.familyId},
        {u"memberId"_s, offer.memberId},
        {u"offeredOn"_s, encodeDate(offer.offeredOn)},
        {u"offeredBy"_s, offer.offeredBy},
        {u"service"_s, offer.service},
        {u"response"_s, toToken(offer.response)},
    };
    putOptionalDate(json, u"followUpOn"_s, offer.followUpOn);
    return json;
}

QJsonObject toJson(const Alert &alert)
{
    QJsonObject json{
        {u"id"_s, alert.id},
        {u"familyId"_s, alert.familyId},
        {u"childId"_s, alert.childId},
        {u"category"_s, alert.category},
        {u"whatHappened"_s, alert.whatHappened},
        {u"whoIsAtRisk"_s, alert.whoIsAtRisk},
        {u"riskFrom"_s, alert.riskFrom},
        {u"source"_s, alert.source},
        {u"raisedOn"_s, encodeDate(alert.raisedOn)},
        {u"requiredAction"_s, alert.requiredAction},
        {u"reviewOn"_s, encodeDate(alert.reviewOn)},
    };
    putOptionalDate(json, u"closedOn"_s, alert.closedOn);
    return json;
}

QJsonObject toJson(const Amendment &amendment)
{
    return QJsonObject{
        {u"id"_s, amendment.id},
        {u"targetKind"_s, amendment.targetKind},
        {u"targetId"_s, amendment.targetId},
        {u"authorId"_s, amendment.authorId},
        {u"madeAt"_s, encodeDateTime(amendment.madeAt)},
        {u"reason"_s, amendment.reason},
        {u"correction"_s, amendment.correction},
    };
}

// Free-text fields that may be blank are optional on decode (absent means empty); everything the
// record cannot do without is required, and validation then checks the values.

Result<Family> familyFromJson(const QJsonObject &json)
{
    Reader r(json, u"family"_s,
             {u"id"_s, u"teamId"_s, u"practitionerId"_s, u"label"_s, u"postcode"_s, u"movedInOn"_s,
              u"movedFrom"_s, u"careProceedingsStartedOn"_s, u"carerHasCareAndSupportNeeds"_s,
              u"carersSocialWorker"_s, u"domesticAbuseRecordedOn"_s, u"earlyHelpStatus"_s});
    Family f;
    f.id = r.text(u"id"_s);
    f.teamId = r.text(u"teamId"_s);
    f.practitionerId = r.text(u"practitionerId"_s);
    f.label = r.text(u"label"_s);
    f.postcode = r.text(u"postcode"_s, false);
    f.movedInOn = r.optionalDate(u"movedInOn"_s);
    f.movedFrom = r.text(u"movedFrom"_s, false);
    f.careProceedingsStartedOn = r.optionalDate(u"careProceedingsStartedOn"_s);
    f.carerHasCareAndSupportNeeds = r.boolean(u"carerHasCareAndSupportNeeds"_s);
    f.carersSocialWorker = r.text(u"carersSocialWorker"_s, false);
    f.domesticAbuseRecordedOn = r.optionalDate(u"domesticAbuseRecordedOn"_s);
    f.earlyHelpStatus = r.text(u"earlyHelpStatus"_s, false);
    return finish(r, std::move(f), &validateFamily);
}

Result<FamilyMember> familyMemberFromJson(const QJsonObject &json)
{
    Reader r(json, u"family member"_s, {u"id"_s, u"familyId"_s, u"name"_s, u"relationship"_s});
    FamilyMember m;
    m.id = r.text(u"id"_s);
    m.familyId = r.text(u"familyId"_s);
    m.name = r.text(u"name"_s);
    m.relationship = r.text(u"relationship"_s);
    return finish(r, std::move(m), &validateFamilyMember);
}

Result<Child> childFromJson(const QJsonObject &json)
{
    Reader r(json, u"child"_s, {u"id"_s, u"familyId"_s, u"name"_s, u"dateOfBirth"_s, u"nhsNumber"_s});
    Child c;
    c.id = r.text(u"id"_s);
    c.familyId = r.text(u"familyId"_s);
    c.name = r.text(u"name"_s);
    c.dateOfBirth = r.date(u"dateOfBirth"_s);
    c.nhsNumber = r.text(u"nhsNumber"_s, false);
    return finish(r, std::move(c), &validateChild);
}

Result<Visit> visitFromJson(const QJsonObject &json)
{
    Reader r(json, u"visit"_s,
             {u"id"_s, u"familyId"_s, u"practitionerId"_s, u"practitionerRole"_s, u"occurredAt"_s,
              u"contactType"_s, u"outcome"_s, u"children"_s, u"present"_s, u"observations"_s, u"concerns"_s,
              u"signedOffAt"_s});
    Visit v;
    v.id = r.text(u"id"_s);
    v.familyId = r.text(u"familyId"_s);
    v.practitionerId = r.text(u"practitionerId"_s);
    v.practitionerRole = r.token(u"practitionerRole"_s, &roleFromToken, Role::HealthVisitor);
    v.occurredAt = r.dateTime(u"occurredAt"_s);
    v.contactType = r.token(u"contactType"_s, &contactTypeFromToken, ContactType::FaceToFaceHome);
    v.outcome = r.token(u"outcome"_s, &outcomeFromToken, Outcome::Completed);
    const QJsonArray children = r.array(u"children"_s);
    for (const QJsonValue &item : children) {
        if (!item.isObject()) {
            r.fail(u"children"_s,
                   u"Each child on a visit must be an object with childId, seen and seenAlone."_s);
            break;
        }
        Reader cr(item.toObject(), u"visit child"_s, {u"childId"_s, u"seen"_s, u"seenAlone"_s});
        VisitChild c;
        c.childId = cr.text(u"childId"_s);
        c.seen = cr.boolean(u"seen"_s);
        c.seenAlone = cr.boolean(u"seenAlone"_s);
        if (!cr.ok()) {
            r.fail(u"children"_s, cr.error().message);
            break;
        }
        v.children.append(c);
    }
    v.present = r.text(u"present"_s, false);
    v.observations = r.text(u"observations"_s, false);
    v.concerns = r.text(u"concerns"_s, false);
    v.signedOffAt = r.dateTime(u"signedOffAt"_s, false);
    return finish(r, std::move(v), &validateVisit);
}

Result<ChildViews> childViewsFromJson(const QJsonObject &json)
{
    Reader r(json, u"child's views"_s,
             {u"id"_s, u"visitId"_s, u"childId"_s, u"words"_s, u"livedExperience"_s, u"presentation"_s,
              u"recordedAt"_s});
    ChildViews v;
    v.id = r.text(u"id"_s);
    v.visitId = r.text(u"visitId"_s);
    v.childId = r.text(u"childId"_s);
    v.words = r.text(u"words"_s, false);
    v.livedExperience = r.text(u"livedExperience"_s, false);
    v.presentation = r.text(u"presentation"_s, false);
    v.recordedAt = r.dateTime(u"recordedAt"_s, false);
    return finish(r, std::move(v), &validateChildViews);
}

Result<AdvocateOffer> advocateOfferFromJson(const QJsonObject &json)
{
    Reader r(json, u"advocate offer"_s,
             {u"id"_s, u"familyId"_s, u"memberId"_s, u"offeredOn"_s, u"offeredBy"_s, u"service"_s,
              u"response"_s, u"followUpOn"_s});
    AdvocateOffer o;
    o.id = r.text(u"id"_s);
    o.familyId = r.text(u"familyId"_s);
    o.memberId = r.text(u"memberId"_s);
    o.offeredOn = r.date(u"offeredOn"_s);
    o.offeredBy = r.text(u"offeredBy"_s);
    o.service = r.text(u"service"_s);
    o.response = r.token(u"response"_s, &advocateResponseFromToken, AdvocateResponse::Considering);
    o.followUpOn = r.optionalDate(u"followUpOn"_s);
    return finish(r, std::move(o), &validateAdvocateOffer);
}

Result<Alert> alertFromJson(const QJsonObject &json)
{
    Reader r(json, u"alert"_s,
             {u"id"_s, u"familyId"_s, u"childId"_s, u"category"_s, u"whatHappened"_s, u"whoIsAtRisk"_s,
              u"riskFrom"_s, u"source"_s, u"raisedOn"_s, u"requiredAction"_s, u"reviewOn"_s, u"closedOn"_s});
    Alert a;
    a.id = r.text(u"id"_s);
    a.familyId = r.text(u"familyId"_s);
    a.childId = r.text(u"childId"_s, false);
    a.category = r.text(u"category"_s);
    a.whatHappened = r.text(u"whatHappened"_s);
    a.whoIsAtRisk = r.text(u"whoIsAtRisk"_s);
    a.riskFrom = r.text(u"riskFrom"_s);
    a.source = r.text(u"source"_s);
    a.raisedOn = r.date(u"raisedOn"_s);
    a.requiredAction = r.text(u"requiredAction"_s);
    a.reviewOn = r.date(u"reviewOn"_s);
    a.closedOn = r.optionalDate(u"closedOn"_s);
    return finish(r, std::move(a), &validateAlert);
}

Result<Amendment> amendmentFromJson(const QJsonObject &json)
{
    Reader r(
        json, u"amendment"_s,
        {u"id"_s, u"targetKind"_s, u"targetId"_s, u"authorId"_s, u"madeAt"_s, u"reason"_s, u"correction"_s});
    Amendment a;
    a.id = r.text(u"id"_s);
    a.targetKind = r.text(u"targetKind"_s);
    a.targetId = r.text(u"targetId"_s);
    a.authorId = r.text(u"authorId"_s);
    a.madeAt = r.dateTime(u"madeAt"_s);
    a.reason = r.text(u"reason"_s);
    a.correction = r.text(u"correction"_s, false);
    return finish(r, std::move(a), &validateAmendment);
}

namespace {

template<typename T> Result<void> add(QList<T> &list, const QString &entity, Result<T> decoded)
{
    if (!decoded) {
        Error e = decoded.error();
        e.message = u"In the %1 record: %2"_s.arg(entity, e.message);
        return e;
    }
    list.append(std::move(decoded).value());
    return {};
}

} // namespace

Result<void> addToCaseload(Caseload &caseload, const QString &entity, const QJsonObject &payload)
{
    if (entity == Entity::Family)
        return add(caseload.families, entity, familyFromJson(payload));
    if (entity == Entity::FamilyMember)
        return add(caseload.members, entity, familyMemberFromJson(payload));
    if (entity == Entity::Child)
        return add(caseload.children, entity, childFromJson(payload));
    if (entity == Entity::Visit)
        return add(caseload.visits, entity, visitFromJson(payload));
    if (entity == Entity::ChildViews)
        return add(caseload.views, entity, childViewsFromJson(payload));
    if (entity == Entity::AdvocateOffer)
        return add(caseload.offers, entity, advocateOfferFromJson(payload));
    if (entity == Entity::Alert)
        return add(caseload.alerts, entity, alertFromJson(payload));
    if (entity == Entity::Amendment)
        return add(caseload.amendments, entity, amendmentFromJson(payload));
    return makeError(u"invalid"_s, u"\"%1\" is not a kind of record Doorstep knows."_s.arg(entity),
                     u"entity"_s);
}

} // namespace doorstep
