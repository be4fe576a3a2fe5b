#include "recordrows.h"

#include "store.h"

#include "core/recordcodec.h"
#include "core/vocabulary.h"

#include <QHash>

#include <optional>
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

// UTC as Qt::ISODateWithMs writes it ("2026-11-26T19:05:07.042Z"), written directly for years 1 to
// 9999: QDateTime::toString parses its format and goes through QLocale and the calendar, a
// tenth of a pulled visit's instructions for its two times. Other years go Qt's way.
QString dateTimeText(const QDateTime &at)
{
    if (!at.isValid())
        return QString();
    constexpr qint64 msPerDay = 86'400'000;
    constexpr qint64 julianDayOfEpoch = 2'440'588; // 1970-01-01
    const qint64 ms = at.toMSecsSinceEpoch();
    const qint64 day = ms >= 0 ? ms / msPerDay : -((-ms + msPerDay - 1) / msPerDay);
    qint64 msOfDay = ms - day * msPerDay;
    int year = 0;
    int month = 0;
    int dayOfMonth = 0;
    QDate::fromJulianDay(julianDayOfEpoch + day).getDate(&year, &month, &dayOfMonth);
    if (year < 1 || year > 9999)
        return at.toUTC().toString(Qt::ISODateWithMs);
    char text[24];
    const auto put = [&text](int at, qint64 value, int digits) {
        for (int i = digits - 1; i >= 0; --i) {
            text[at + i] = char('0' + value % 10);
            value /= 10;
        }
    };
    put(0, year, 4);
    text[4] = '-';
    put(5, month, 2);
    text[7] = '-';
    put(8, dayOfMonth, 2);
    text[10] = 'T';
    put(11, msOfDay / 3'600'000, 2);
    msOfDay %= 3'600'000;
    text[13] = ':';
    put(14, msOfDay / 60'000, 2);
    msOfDay %= 60'000;
    text[16] = ':';
    put(17, msOfDay / 1000, 2);
    text[19] = '.';
    put(20, msOfDay % 1000, 3);
    text[23] = 'Z';
    return QString::fromLatin1(text, 24);
}

RecordRow row(const QString &entity, const QString &id, const QString &familyId,
              QList<QPair<QString, QString>> columns, QJsonObject payload)
{
    return RecordRow{entity, tableFor(entity), id, familyId, std::move(columns), std::move(payload), {}, {}};
}

RecordRow rowWith(const Family &family, QJsonObject payload)
{
    return row(Entity::Family, family.id, family.id,
               {{QStringLiteral("team_id"), family.teamId},
                {QStringLiteral("practitioner_id"), family.practitionerId},
                {QStringLiteral("moved_in_on"), dateText(family.movedInOn)},
                {QStringLiteral("care_proceedings_started_on"), dateText(family.careProceedingsStartedOn)}},
               std::move(payload));
}

RecordRow rowWith(const FamilyMember &member, QJsonObject payload)
{
    return row(Entity::FamilyMember, member.id, member.familyId,
               {{QStringLiteral("family_id"), member.familyId}}, std::move(payload));
}

RecordRow rowWith(const Child &child, QJsonObject payload)
{
    return row(Entity::Child, child.id, child.familyId,
               {{QStringLiteral("family_id"), child.familyId},
                {QStringLiteral("date_of_birth"), dateText(child.dateOfBirth)}},
               std::move(payload));
}

RecordRow rowWith(const Visit &visit, QJsonObject payload)
{
    RecordRow result = row(Entity::Visit, visit.id, visit.familyId,
                           {{QStringLiteral("family_id"), visit.familyId},
                            {QStringLiteral("practitioner_id"), visit.practitionerId},
                            {QStringLiteral("practitioner_role"), toToken(visit.practitionerRole)},
                            {QStringLiteral("occurred_at"), dateTimeText(visit.occurredAt)},
                            {QStringLiteral("contact_type"), toToken(visit.contactType)},
                            {QStringLiteral("outcome"), toToken(visit.outcome)},
                            {QStringLiteral("signed_off_at"), dateTimeText(visit.signedOffAt)}},
                           std::move(payload));
    result.visitChildren = visit.children;
    return result;
}

RecordRow rowWith(const ChildViews &views, const QString &familyId, QJsonObject payload)
{
    return row(Entity::ChildViews, views.id, familyId,
               {{QStringLiteral("family_id"), familyId},
                {QStringLiteral("visit_id"), views.visitId},
                {QStringLiteral("child_id"), views.childId},
                {QStringLiteral("recorded_at"), dateTimeText(views.recordedAt)}},
               std::move(payload));
}

RecordRow rowWith(const AdvocateOffer &offer, QJsonObject payload)
{
    return row(Entity::AdvocateOffer, offer.id, offer.familyId,
               {{QStringLiteral("family_id"), offer.familyId},
                {QStringLiteral("member_id"), offer.memberId},
                {QStringLiteral("offered_on"), dateText(offer.offeredOn)},
                {QStringLiteral("response"), toToken(offer.response)}},
               std::move(payload));
}

RecordRow rowWith(const Alert &alert, QJsonObject payload)
{
    return row(Entity::Alert, alert.id, alert.familyId,
               {{QStringLiteral("family_id"), alert.familyId},
                {QStringLiteral("child_id"), alert.childId},
                {QStringLiteral("raised_on"), dateText(alert.raisedOn)},
                {QStringLiteral("review_on"), dateText(alert.reviewOn)},
                {QStringLiteral("closed_on"), dateText(alert.closedOn)}},
               std::move(payload));
}

RecordRow rowWith(const Amendment &amendment, const QString &familyId, QJsonObject payload)
{
    return row(Entity::Amendment, amendment.id, familyId,
               {{QStringLiteral("family_id"), familyId},
                {QStringLiteral("target_kind"), amendment.targetKind},
                {QStringLiteral("target_id"), amendment.targetId},
                {QStringLiteral("author_id"), amendment.authorId},
                {QStringLiteral("made_at"), dateTimeText(amendment.madeAt)}},
               std::move(payload));
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
    // An append-only record is stored as received: it is never merged or edited, and what the
    // store reads back is decoded again, so re-encoding it would only cost time (about a sixth of
    // a pull's instructions for visits). A mutable record is re-encoded, so that field-by-field
    // merges compare the codec's own form (absent optional fields written out) with itself.
    QJsonObject payload = Entity::isAppendOnly(change.entity) ? change.payload : toJson(record.value());
    if constexpr (std::is_same_v<Record, ChildViews> || std::is_same_v<Record, Amendment>)
        return rowWith(record.value(), change.familyId, std::move(payload));
    else
        return rowWith(record.value(), std::move(payload));
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
    return rowWith(family, toJson(family));
}

RecordRow recordRow(const FamilyMember &member)
{
    return rowWith(member, toJson(member));
}

RecordRow recordRow(const Child &child)
{
    return rowWith(child, toJson(child));
}

RecordRow recordRow(const Visit &visit)
{
    return rowWith(visit, toJson(visit));
}

RecordRow recordRow(const ChildViews &views, const QString &familyId)
{
    return rowWith(views, familyId, toJson(views));
}

RecordRow recordRow(const AdvocateOffer &offer)
{
    return rowWith(offer, toJson(offer));
}

RecordRow recordRow(const Alert &alert)
{
    return rowWith(alert, toJson(alert));
}

RecordRow recordRow(const Amendment &amendment, const QString &familyId)
{
    return rowWith(amendment, familyId, toJson(amendment));
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

Result<RecordRow> recordRow(const Change &change, const QByteArray &payloadText, StoredRecordDecoder &decoder)
{
    if (payloadText.isEmpty() || !Entity::isAppendOnly(change.entity))
        return recordRow(change);
    Caseload decoded;
    std::optional<RecordRow> read;
    if (decoder.add(decoded, change.entity, payloadText)) {
        if (decoded.visits.size() == 1)
            read = rowWith(decoded.visits.constFirst(), change.payload);
        else if (decoded.views.size() == 1)
            read = rowWith(decoded.views.constFirst(), change.familyId, change.payload);
        else if (decoded.offers.size() == 1)
            read = rowWith(decoded.offers.constFirst(), change.payload);
        else if (decoded.amendments.size() == 1)
            read = rowWith(decoded.amendments.constFirst(), change.familyId, change.payload);
    }
    // Refused by the decoder: the codec's own error, worded as for every pulled change.
    Result<RecordRow> row =
        read ? Result<RecordRow>(std::move(*read)) : recordRow(withPayloadObject(change, payloadText));
    if (row)
        row.value().payloadText = payloadText;
    return row;
}

} // namespace doorstep::store
