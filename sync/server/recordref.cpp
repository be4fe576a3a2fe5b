#include "recordref.h"

#include "core/change.h"
#include "core/recordcodec.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

Error invalid(const Error &error)
{
    return makeError(u"invalid"_s, error.message, error.field);
}

template<typename T> RecordRef direct(const T &record)
{
    RecordRef ref;
    ref.id = record.id;
    ref.familyId = record.familyId;
    return ref;
}

template<typename T> Result<RecordRef> direct(const Result<T> &decoded)
{
    if (!decoded)
        return invalid(decoded.error());
    return direct(decoded.value());
}

RecordRef ofFamily(const Family &family)
{
    RecordRef ref;
    ref.id = family.id;
    ref.familyId = family.id;
    ref.family = family;
    return ref;
}

RecordRef ofViews(const ChildViews &views)
{
    RecordRef ref;
    ref.id = views.id;
    ref.parentEntity = Entity::Visit;
    ref.parentId = views.visitId;
    ref.parentField = u"visitId"_s;
    return ref;
}

RecordRef ofAmendment(const Amendment &amendment)
{
    RecordRef ref;
    ref.id = amendment.id;
    ref.parentEntity = amendment.targetKind;
    ref.parentId = amendment.targetId;
    ref.parentField = u"targetId"_s;
    return ref;
}

// The one record a decoder added to an empty caseload.
std::optional<RecordRef> onlyRecord(const Caseload &c)
{
    if (c.visits.size() == 1)
        return direct(c.visits.constFirst());
    if (c.views.size() == 1)
        return ofViews(c.views.constFirst());
    if (c.families.size() == 1)
        return ofFamily(c.families.constFirst());
    if (c.members.size() == 1)
        return direct(c.members.constFirst());
    if (c.children.size() == 1)
        return direct(c.children.constFirst());
    if (c.offers.size() == 1)
        return direct(c.offers.constFirst());
    if (c.alerts.size() == 1)
        return direct(c.alerts.constFirst());
    if (c.amendments.size() == 1)
        return ofAmendment(c.amendments.constFirst());
    return std::nullopt;
}

} // namespace

Result<RecordRef> describeRecord(const QString &entity, const QJsonObject &payload)
{
    if (entity == Entity::Family) {
        auto family = familyFromJson(payload);
        if (!family)
            return invalid(family.error());
        return ofFamily(family.value());
    }
    if (entity == Entity::FamilyMember)
        return direct(familyMemberFromJson(payload));
    if (entity == Entity::Child)
        return direct(childFromJson(payload));
    if (entity == Entity::Visit)
        return direct(visitFromJson(payload));
    if (entity == Entity::AdvocateOffer)
        return direct(advocateOfferFromJson(payload));
    if (entity == Entity::Alert)
        return direct(alertFromJson(payload));
    if (entity == Entity::ChildViews) {
        auto views = childViewsFromJson(payload);
        if (!views)
            return invalid(views.error());
        return ofViews(views.value());
    }
    if (entity == Entity::Amendment) {
        auto amendment = amendmentFromJson(payload);
        if (!amendment)
            return invalid(amendment.error());
        return ofAmendment(amendment.value());
    }
    return makeError(u"invalid"_s, u"\"%1\" is not a kind of record Doorstep knows."_s.arg(entity),
                     u"entity"_s);
}

Result<RecordRef> describeRecord(const QString &entity, const QByteArray &payloadText,
                                 StoredRecordDecoder &decoder)
{
    Caseload decoded;
    if (decoder.add(decoded, entity, payloadText)) {
        if (std::optional<RecordRef> ref = onlyRecord(decoded))
            return std::move(*ref);
    }
    return describeRecord(entity, QJsonDocument::fromJson(payloadText).object());
}

} // namespace doorstep::server
