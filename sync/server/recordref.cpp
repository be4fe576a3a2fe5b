#include "recordref.h"

#include "core/change.h"
#include "core/recordcodec.h"

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

Error invalid(const Error &error)
{
    return makeError(u"invalid"_s, error.message, error.field);
}

template<typename T> Result<RecordRef> direct(const Result<T> &decoded)
{
    if (!decoded)
        return invalid(decoded.error());
    RecordRef ref;
    ref.id = decoded.value().id;
    ref.familyId = decoded.value().familyId;
    return ref;
}

} // namespace

Result<RecordRef> describeRecord(const QString &entity, const QJsonObject &payload)
{
    if (entity == Entity::Family) {
        auto family = familyFromJson(payload);
        if (!family)
            return invalid(family.error());
        RecordRef ref;
        ref.id = family.value().id;
        ref.familyId = family.value().id;
        ref.family = family.value();
        return ref;
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
        RecordRef ref;
        ref.id = views.value().id;
        ref.parentEntity = Entity::Visit;
        ref.parentId = views.value().visitId;
        ref.parentField = u"visitId"_s;
        return ref;
    }
    if (entity == Entity::Amendment) {
        auto amendment = amendmentFromJson(payload);
        if (!amendment)
            return invalid(amendment.error());
        RecordRef ref;
        ref.id = amendment.value().id;
        ref.parentEntity = amendment.value().targetKind;
        ref.parentId = amendment.value().targetId;
        ref.parentField = u"targetId"_s;
        return ref;
    }
    return makeError(u"invalid"_s, u"\"%1\" is not a kind of record Doorstep knows."_s.arg(entity),
                     u"entity"_s);
}

} // namespace doorstep::server
