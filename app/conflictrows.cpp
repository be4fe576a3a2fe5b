#include "conflictrows.h"

#include "core/change.h"
#include "core/hlc.h"
#include "core/recordcodec.h"
#include "core/vocabulary.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ConflictRows", text);
}

// Dates in the records are "yyyy-MM-dd" (core/recordcodec.h): shown as "25 Nov 2026".
QString describeValue(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().isEmpty()))
        return tr("(left blank)");
    if (value.isBool())
        return value.toBool() ? tr("Yes") : tr("No");
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isString()) {
        const QString text = value.toString();
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (text.size() == 10 && date.isValid())
            return formatDate(date);
        return text;
    }
    return tr("(a value this version cannot show)");
}

QString describeDevice(const QString &deviceId, const QString &ownDeviceId)
{
    if (deviceId == ownDeviceId)
        return tr("This device");
    if (deviceId.isEmpty())
        return tr("An unknown device");
    return tr("Another device (%1)").arg(deviceId.left(8));
}

QString describeWhen(const QString &hlc)
{
    const Result<HlcTimestamp> stamp = HlcTimestamp::decode(hlc);
    if (!stamp)
        return tr("at an unknown time");
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(stamp.value().millis, QTimeZone("Europe/London"));
    return u"%1, %2"_s.arg(formatDate(at.date()), at.time().toString(u"HH:mm"_s));
}

template<typename T> const T *findById(const QList<T> &list, const QString &id)
{
    for (const T &item : list) {
        if (item.id == id)
            return &item;
    }
    return nullptr;
}

// The record's name and whether it is still on this device.
std::pair<QString, bool> describeRecord(const store::Conflict &conflict, const Caseload &caseload)
{
    if (conflict.entity == Entity::Child) {
        if (const Child *child = findById(caseload.children, conflict.entityId))
            return {tr("%1 (child)").arg(child->name), true};
        return {tr("A child no longer on this device"), false};
    }
    if (conflict.entity == Entity::Family) {
        if (const Family *family = findById(caseload.families, conflict.entityId))
            return {tr("%1 (household)").arg(family->label), true};
        return {tr("A household no longer on this device"), false};
    }
    if (conflict.entity == Entity::FamilyMember) {
        if (const FamilyMember *member = findById(caseload.members, conflict.entityId))
            return {tr("%1 (family member)").arg(member->name), true};
        return {tr("A family member no longer on this device"), false};
    }
    if (conflict.entity == Entity::Alert) {
        if (const Alert *alert = findById(caseload.alerts, conflict.entityId))
            return {tr("Alert: %1").arg(alert->category), true};
        return {tr("An alert no longer on this device"), false};
    }
    return {tr("A record this version does not know"), false};
}

template<typename T, typename Decode, typename Save>
Result<QString> saveWithField(const T &record, const store::Conflict &conflict, Decode &&decode, Save &&save)
{
    QJsonObject json = toJson(record);
    if (conflict.losingValue.isUndefined())
        json.remove(conflict.field);
    else
        json.insert(conflict.field, conflict.losingValue);
    Result<T> edited = decode(json);
    if (!edited)
        return edited.error();
    return save(std::move(edited).value());
}

} // namespace

QString describeConflictField(const QString &entity, const QString &field)
{
    static const QHash<QString, const char *> words{
        {u"name"_s, QT_TRANSLATE_NOOP("ConflictRows", "Name")},
        {u"dateOfBirth"_s, QT_TRANSLATE_NOOP("ConflictRows", "Date of birth")},
        {u"nhsNumber"_s, QT_TRANSLATE_NOOP("ConflictRows", "NHS number")},
        {u"label"_s, QT_TRANSLATE_NOOP("ConflictRows", "Household name")},
        {u"postcode"_s, QT_TRANSLATE_NOOP("ConflictRows", "Postcode")},
        {u"movedInOn"_s, QT_TRANSLATE_NOOP("ConflictRows", "Date moved into the area")},
        {u"movedFrom"_s, QT_TRANSLATE_NOOP("ConflictRows", "Area moved from")},
        {u"careProceedingsStartedOn"_s, QT_TRANSLATE_NOOP("ConflictRows", "Care proceedings started")},
        {u"carerHasCareAndSupportNeeds"_s,
         QT_TRANSLATE_NOOP("ConflictRows", "A parent or carer has care and support needs")},
        {u"carersSocialWorker"_s, QT_TRANSLATE_NOOP("ConflictRows", "Carer's own social worker")},
        {u"domesticAbuseRecordedOn"_s, QT_TRANSLATE_NOOP("ConflictRows", "Domestic abuse recorded")},
        {u"earlyHelpStatus"_s, QT_TRANSLATE_NOOP("ConflictRows", "Early help status")},
        {u"relationship"_s, QT_TRANSLATE_NOOP("ConflictRows", "Relationship to the child")},
        {u"category"_s, QT_TRANSLATE_NOOP("ConflictRows", "Category")},
        {u"whatHappened"_s, QT_TRANSLATE_NOOP("ConflictRows", "What happened")},
        {u"whoIsAtRisk"_s, QT_TRANSLATE_NOOP("ConflictRows", "Who is at risk")},
        {u"riskFrom"_s, QT_TRANSLATE_NOOP("ConflictRows", "At risk from")},
        {u"source"_s, QT_TRANSLATE_NOOP("ConflictRows", "Source")},
        {u"raisedOn"_s, QT_TRANSLATE_NOOP("ConflictRows", "Date raised")},
        {u"requiredAction"_s, QT_TRANSLATE_NOOP("ConflictRows", "Required action")},
        {u"reviewOn"_s, QT_TRANSLATE_NOOP("ConflictRows", "Review date")},
        {u"closedOn"_s, QT_TRANSLATE_NOOP("ConflictRows", "Date closed")},
        {u"childId"_s, QT_TRANSLATE_NOOP("ConflictRows", "Child the alert is about")},
    };
    Q_UNUSED(entity) // the same field means the same thing on each mutable record
    if (const char *text = words.value(field))
        return tr(text);
    return field;
}

QList<ConflictRow> buildConflictRows(const QList<store::Conflict> &conflicts, const Caseload &caseload,
                                     const QString &ownDeviceId)
{
    QList<ConflictRow> rows;
    rows.reserve(conflicts.size());
    for (const store::Conflict &conflict : conflicts) {
        const auto [record, onDevice] = describeRecord(conflict, caseload);
        ConflictRow row;
        row.id = conflict.id;
        row.record = record;
        row.field = describeConflictField(conflict.entity, conflict.field);
        row.keptValue = describeValue(conflict.winningValue);
        row.keptBy = describeDevice(conflict.winningDeviceId, ownDeviceId);
        row.keptAt = describeWhen(conflict.winningHlc);
        row.notKeptValue = describeValue(conflict.losingValue);
        row.notKeptBy = describeDevice(conflict.losingDeviceId, ownDeviceId);
        row.notKeptAt = describeWhen(conflict.losingHlc);
        row.canUseNotKept = onDevice && conflict.field != u"id"_s && conflict.field != u"familyId"_s;
        rows.append(row);
    }
    return rows;
}

Result<QString> useNotKeptValue(store::Store &store, qint64 conflictId)
{
    const QList<store::Conflict> open = store.conflicts();
    const auto it = std::find_if(open.cbegin(), open.cend(),
                                 [conflictId](const store::Conflict &c) { return c.id == conflictId; });
    if (it == open.cend())
        return Error{store::Store::NotFound, tr("This conflict has already been reviewed."), {}};
    const store::Conflict &conflict = *it;
    const Error gone{store::Store::NotFound, tr("The record is no longer on this device."), {}};
    Result<QString> saved = gone;
    if (conflict.entity == Entity::Child) {
        const Result<Child> child = store.child(conflict.entityId);
        if (!child)
            return gone;
        saved = saveWithField(child.value(), conflict, childFromJson,
                              [&](Child edited) { return store.saveChild(std::move(edited)); });
    } else if (conflict.entity == Entity::Family) {
        const Result<Family> family = store.family(conflict.entityId);
        if (!family)
            return gone;
        saved = saveWithField(family.value(), conflict, familyFromJson,
                              [&](Family edited) { return store.saveFamily(std::move(edited)); });
    } else if (conflict.entity == Entity::Alert) {
        const Result<Alert> alert = store.alert(conflict.entityId);
        if (!alert)
            return gone;
        saved = saveWithField(alert.value(), conflict, alertFromJson,
                              [&](Alert edited) { return store.saveAlert(std::move(edited)); });
    } else if (conflict.entity == Entity::FamilyMember) {
        const Caseload caseload = store.caseload();
        const FamilyMember *member = findById(caseload.members, conflict.entityId);
        if (!member)
            return gone;
        saved = saveWithField(*member, conflict, familyMemberFromJson,
                              [&](FamilyMember edited) { return store.saveFamilyMember(std::move(edited)); });
    }
    if (!saved)
        return saved;
    if (const Result<void> reviewed = store.markConflictReviewed(conflictId); !reviewed)
        return reviewed.error();
    return saved;
}

} // namespace doorstep::app
