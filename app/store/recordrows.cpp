#include "recordrows.h"

#include "store.h"

#include "core/recordcodec.h"
#include "core/vocabulary.h"

#include <QHash>

#include <type_traits>

namespace doorstep::store {

namespace {

QString dateText(const QDate &date)
{
    return date.isValid() ? date.toString(Qt::ISODate) : QString();
}

QString dateText(const std::optional<QDate> &date)
{
    return date ? dateText(*date) : QString();
}

QString dateTimeText(const QDateTime &at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODateWithMs) : QString();
}

RecordRow row(const QString &entity, const QString &id, const QString &familyId,
              QList<QPair<QString, QString>> columns, QJsonObject payload)
{
    return RecordRow{entity, tableFor(entity), id, familyId, std::move(columns), std::move(payload), {}};
}

template<typename Record> Result<RecordRow> decoded(const Change &change, Result<Record> record)
{
    if (!record) {
        Error error = record.error();
        error.code = Store::Invalid;
        error.message = QStringLiteral("Pulled change %1 (%2) could not be read: %3")
                            .arg(change.changeId, change.entity, error.message);
        return error;
    }
    if constexpr (std::is_same_v<Record, ChildViews> || std::is_same_v<Record, Amendment>)
        return recordRow(record.value(), change.familyId);
    else
        return recordRow(record.value());
}

} // namespace

QString tableFor(const QString &entity)
{
    static const QHash<QString, QString> tables = {
        {Entity::Family, QStringLiteral("families")},
        {Entity::FamilyMember, QStringLiteral("family_members")},
        {Entity::Child, QStringLiteral("children")},
        {Entity::Visit, QStringLiteral("visits")},
        {Entity::ChildViews, QStringLiteral("child_views")},
        {Entity::AdvocateOffer, QStringLiteral("advocate_offers")},
        {Entity::Alert, QStringLiteral("alerts")},
        {Entity::Amendment, QStringLiteral("amendments")},
    };
    return tables.value(entity);
}

RecordRow recordRow(const Family &family)
{
    return row(Entity::Family, family.id, family.id,
               {{QStringLiteral("team_id"), family.teamId},
                {QStringLiteral("practitioner_id"), family.practitionerId},
                {QStringLiteral("moved_in_on"), dateText(family.movedInOn)},
                {QStringLiteral("care_proceedings_started_on"), dateText(family.careProceedingsStartedOn)}},
               toJson(family));
}

RecordRow recordRow(const FamilyMember &member)
{
    return row(Entity::FamilyMember, member.id, member.familyId,
               {{QStringLiteral("family_id"), member.familyId}}, toJson(member));
}

RecordRow recordRow(const Child &child)
{
    return row(Entity::Child, child.id, child.familyId,
               {{QStringLiteral("family_id"), child.familyId},
                {QStringLiteral("date_of_birth"), dateText(child.dateOfBirth)}},
               toJson(child));
}

RecordRow recordRow(const Visit &visit)
{
    RecordRow result = row(Entity::Visit, visit.id, visit.familyId,
                           {{QStringLiteral("family_id"), visit.familyId},
                            {QStringLiteral("practitioner_id"), visit.practitionerId},
                            {QStringLiteral("practitioner_role"), toToken(visit.practitionerRole)},
                            {QStringLiteral("occurred_at"), dateTimeText(visit.occurredAt)},
                            {QStringLiteral("contact_type"), toToken(visit.contactType)},
                            {QStringLiteral("outcome"), toToken(visit.outcome)},
                            {QStringLiteral("signed_off_at"), dateTimeText(visit.signedOffAt)}},
                           toJson(visit));
    result.visitChildren = visit.children;
    return result;
}

RecordRow recordRow(const ChildViews &views, const QString &familyId)
{
    return row(Entity::ChildViews, views.id, familyId,
               {{QStringLiteral("family_id"), familyId},
                {QStringLiteral("visit_id"), views.visitId},
                {QStringLiteral("child_id"), views.childId},
                {QStringLiteral("recorded_at"), dateTimeText(views.recordedAt)}},
               toJson(views));
}

RecordRow recordRow(const AdvocateOffer &offer)
{
    return row(Entity::AdvocateOffer, offer.id, offer.familyId,
               {{QStringLiteral("family_id"), offer.familyId},
                {QStringLiteral("member_id"), offer.memberId},
                {QStringLiteral("offered_on"), dateText(offer.offeredOn)},
                {QStringLiteral("response"), toToken(offer.response)}},
               toJson(offer));
}

RecordRow recordRow(const Alert &alert)
{
    return row(Entity::Alert, alert.id, alert.familyId,
               {{QStringLiteral("family_id"), alert.familyId},
                {QStringLiteral("child_id"), alert.childId},
                {QStringLiteral("raised_on"), dateText(alert.raisedOn)},
                {QStringLiteral("review_on"), dateText(alert.reviewOn)},
                {QStringLiteral("closed_on"), dateText(alert.closedOn)}},
               toJson(alert));
}

RecordRow recordRow(const Amendment &amendment, const QString &familyId)
{
    return row(Entity::Amendment, amendment.id, familyId,
               {{QStringLiteral("family_id"), familyId},
                {QStringLiteral("target_kind"), amendment.targetKind},
                {QStringLiteral("target_id"), amendment.targetId},
                {QStringLiteral("author_id"), amendment.authorId},
                {QStringLiteral("made_at"), dateTimeText(amendment.madeAt)}},
               toJson(amendment));
}

Result<RecordRow> recordRow(const Change &change)
{
    const QJsonObject &json = change.payload;
    if (change.entity == Entity::Family)
        return decoded(change, familyFromJson(json));
    if (change.entity == Entity::FamilyMember)
        return decoded(change, familyMemberFromJson(json));
    if (change.entity == Entity::Child)
        return decoded(change, childFromJson(json));
    if (change.entity == Entity::Visit)
        return decoded(change, visitFromJson(json));
    if (change.entity == Entity::ChildViews)
        return decoded(change, childViewsFromJson(json));
    if (change.entity == Entity::AdvocateOffer)
        return decoded(change, advocateOfferFromJson(json));
    if (change.entity == Entity::Alert)
        return decoded(change, alertFromJson(json));
    if (change.entity == Entity::Amendment)
        return decoded(change, amendmentFromJson(json));
    return makeError(Store::Invalid,
                     QStringLiteral("Pulled change %1 is of a kind this version of Doorstep does not "
                                    "know (%2). Update the app.")
                         .arg(change.changeId, change.entity),
                     QStringLiteral("entity"));
}

} // namespace doorstep::store
