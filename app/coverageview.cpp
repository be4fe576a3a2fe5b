#include "coverageview.h"

#include "app/caseloadrows.h"
#include "core/coverage.h"
#include "core/vocabulary.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CoverageView", text);
}

QString daysOverdueText(int days)
{
    return days == 1 ? tr("1 day overdue") : tr("%1 days overdue").arg(days);
}

QString visitsText(int visits)
{
    return visits == 1 ? tr("1 visit") : tr("%1 visits").arg(visits);
}

// Weeks from `from` for up to about three months, calendar months beyond (a bar a week over a
// year would be too thin to read on a phone).
QList<CoverageBucket> chartBuckets(const Caseload &team, const RuleSettings &settings, const QDate &from,
                                   const QDate &to, const QDate &today)
{
    QList<CoverageBucket> buckets;
    const bool weekly = from.daysTo(to) <= 100;
    for (QDate start = from; start.isValid() && start <= to;) {
        QDate end =
            weekly ? start.addDays(6) : QDate(start.year(), start.month(), 1).addMonths(1).addDays(-1);
        end = std::min(end, to);
        // The same arithmetic as the headline figure, for the babies born in this bucket.
        const Coverage part = computeCoverage(team, settings, start, end, today);
        CoverageBucket bucket;
        bucket.from = start;
        bucket.to = end;
        bucket.label = weekly ? start.toString(u"d MMM"_s) : start.toString(u"MMM yyyy"_s);
        bucket.newborns = part.newborns;
        bucket.seen = part.newbornsSeenByDay14;
        const QString when = weekly ? tr("Week from %1").arg(formatDate(start)) : bucket.label;
        bucket.text = part.newborns == 0 ? tr("%1: no babies born").arg(when)
                                         : tr("%1: %2 of %3 seen by day 14")
                                               .arg(when)
                                               .arg(part.newbornsSeenByDay14)
                                               .arg(part.newborns);
        buckets.append(bucket);
        start = end.addDays(1);
    }
    return buckets;
}

} // namespace

CoverageView buildCoverageView(const Caseload &team, const RuleSettings &settings, const QDate &from,
                               const QDate &to, const QDate &today, const QString &ownUserId,
                               const QString &ownName)
{
    const Coverage coverage = computeCoverage(team, settings, from, to, today);
    CoverageView view;
    view.from = coverage.from;
    view.to = coverage.to;
    view.periodText = tr("%1 to %2").arg(formatDate(from), formatDate(to));
    view.newborns = coverage.newborns;
    view.newbornsSeenByDay14 = coverage.newbornsSeenByDay14;
    view.seenFraction = coverage.newborns > 0 ? double(coverage.newbornsSeenByDay14) / coverage.newborns : 0;
    if (coverage.newborns == 0) {
        view.seenText = tr("No babies born in this period.");
    } else {
        view.seenText = tr("%1 of %2 newborns (%3%) seen face-to-face by day 14")
                            .arg(coverage.newbornsSeenByDay14)
                            .arg(coverage.newborns)
                            .arg(QString::number(coverage.newbornsSeenByDay14Percent, 'f', 0));
    }

    QHash<QString, const Child *> children;
    for (const Child &child : team.children)
        children.insert(child.id, &child);
    QHash<QString, QString> familyLabels;
    for (const Family &family : team.families)
        familyLabels.insert(family.id, family.label);
    for (const OverdueNewborn &newborn : coverage.stillFlagged) {
        const Child *child = children.value(newborn.childId);
        CoverageRow row;
        row.id = newborn.childId;
        row.title = child ? child->name : newborn.childId;
        row.detail = tr("%1 · %2").arg(familyLabels.value(newborn.familyId),
                                       child ? ageText(child->dateOfBirth, today) : QString());
        row.value = newborn.daysOverdue;
        if (newborn.daysOverdue > 0) {
            row.valueText = daysOverdueText(newborn.daysOverdue);
            row.severity = u"red"_s;
        } else {
            // Not overdue yet: when the new birth visit falls due.
            row.valueText =
                child
                    ? tr("Due by %1").arg(formatDate(child->dateOfBirth.addDays(settings.newbornRedAfterDay)))
                    : QString();
            row.severity = newborn.ageDays >= settings.newbornAmberFromDay ? u"amber"_s : u"info"_s;
        }
        view.stillFlagged.append(row);
    }

    view.wasNotBroughtContacts = coverage.wasNotBroughtContacts;
    view.wasNotBroughtText =
        coverage.wasNotBroughtContacts == 0
            ? tr("No child was recorded as not brought.")
            : (coverage.wasNotBroughtContacts == 1
                   ? tr("1 time a child was not brought")
                   : tr("%1 times a child was not brought").arg(coverage.wasNotBroughtContacts));
    view.familiesInProceedings = coverage.familiesInProceedings;
    view.familiesInProceedingsAllOffered = coverage.familiesInProceedingsAllOffered;
    view.advocateText = coverage.familiesInProceedings == 0
                            ? tr("No families in care proceedings.")
                            : tr("%1 of %2 families in care proceedings: every member offered an advocate")
                                  .arg(coverage.familiesInProceedingsAllOffered)
                                  .arg(coverage.familiesInProceedings);

    for (auto it = coverage.visitsByPractitioner.cbegin(); it != coverage.visitsByPractitioner.cend(); ++it) {
        CoverageRow row;
        row.id = it.key();
        row.title =
            it.key() == ownUserId && !ownName.isEmpty() ? ownName : tr("Practitioner %1").arg(it.key());
        row.value = it.value();
        row.valueText = visitsText(it.value());
        view.practitioners.append(row);
    }
    std::stable_sort(view.practitioners.begin(), view.practitioners.end(),
                     [](const CoverageRow &a, const CoverageRow &b) { return a.value > b.value; });
    view.chart = chartBuckets(team, settings, from, to, today);
    view.csv = coverage.toCsv();
    return view;
}

} // namespace doorstep::app
