// Test helper: everything a decoded caseload holds, as lines of text in its lists' order,
// including what toJson cannot show (time specs, optional dates set but invalid), so that two
// ways of loading or decoding a caseload can be compared whole. Header only; any thread.
#pragma once

#include "core/domain.h"
#include "core/recordcodec.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace doorstep::test {

inline QStringList caseloadLines(const Caseload &c)
{
    using namespace Qt::StringLiterals;
    const auto json = [](const QJsonObject &o) {
        return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    };
    const auto spec = [](const QDateTime &dt) {
        return dt.isValid() ? QString::number(int(dt.timeSpec())) : u"-"_s;
    };
    const auto optional = [](const std::optional<QDate> &d) {
        return d ? (d->isValid() ? d->toString(Qt::ISODate) : u"invalid"_s) : u"none"_s;
    };
    QStringList lines;
    for (const Family &f : c.families)
        lines << u"family "_s + json(toJson(f)) + optional(f.movedInOn) +
                     optional(f.careProceedingsStartedOn) + optional(f.domesticAbuseRecordedOn);
    for (const FamilyMember &m : c.members)
        lines << u"member "_s + json(toJson(m));
    for (const Child &ch : c.children)
        lines << u"child "_s + json(toJson(ch));
    for (const Visit &v : c.visits)
        lines << u"visit "_s + json(toJson(v)) + spec(v.occurredAt) + spec(v.signedOffAt);
    for (const ChildViews &v : c.views)
        lines << u"views "_s + json(toJson(v)) + spec(v.recordedAt);
    for (const AdvocateOffer &o : c.offers)
        lines << u"offer "_s + json(toJson(o)) + optional(o.followUpOn);
    for (const Alert &a : c.alerts)
        lines << u"alert "_s + json(toJson(a)) + optional(a.closedOn);
    for (const Amendment &a : c.amendments)
        lines << u"amendment "_s + json(toJson(a)) + spec(a.madeAt);
    return lines;
}

} // namespace doorstep::test
