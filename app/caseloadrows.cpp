#include "caseloadrows.h"

#include "core/vocabulary.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

namespace doorstep::app {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CaseloadRows", text);
}

int severityRank(FlagSeverity severity)
{
    switch (severity) {
    case FlagSeverity::Red:
        return 3;
    case FlagSeverity::Amber:
        return 2;
    case FlagSeverity::Info:
        return 1;
    }
    return 0;
}

// The positions in the flag list of the flags on each child's row: the child's own flags by child
// id, and the household's (a flag about the family or a member, which has no child id) by family
// id, so nothing flagged is hidden from the list. Built once, so that each row looks up its own
// flags instead of scanning every flag (5k children by 25k flags was seconds of work).
struct FlagIndex
{
    QHash<QString, QList<qsizetype>> byChild;
    QHash<QString, QList<qsizetype>> byHousehold;

    explicit FlagIndex(const QList<Flag> &flags)
    {
        for (qsizetype i = 0; i < flags.size(); ++i) {
            const Flag &flag = flags.at(i);
            if (!flag.childId.isEmpty())
                byChild[flag.childId].append(i);
            else
                byHousehold[flag.familyId].append(i);
        }
    }

    // Calls visit(flag) for each flag on the child's row, in the order of the flag list.
    template<typename Fn> void forEachOn(const Child &child, const QList<Flag> &flags, Fn &&visit) const
    {
        static const QList<qsizetype> none;
        const auto own = byChild.constFind(child.id);
        const auto household = byHousehold.constFind(child.familyId);
        const QList<qsizetype> &a = own == byChild.cend() ? none : *own;
        const QList<qsizetype> &b = household == byHousehold.cend() ? none : *household;
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || (i < a.size() && a.at(i) < b.at(j)))
                visit(flags.at(a.at(i++)));
            else
                visit(flags.at(b.at(j++)));
        }
    }
};

} // namespace

QString ageText(const QDate &dateOfBirth, const QDate &today)
{
    if (!dateOfBirth.isValid() || !today.isValid())
        return {};
    const qint64 days = dateOfBirth.daysTo(today);
    if (days < 0)
        return tr("Due %1").arg(formatDate(dateOfBirth));
    if (days == 0)
        return tr("Born today");
    if (days == 1)
        return tr("1 day old");
    // Days matter for the new birth visit (due days 10 to 14) and the 8-week window.
    if (days <= 56)
        return tr("%1 days old").arg(days);
    int months = (today.year() - dateOfBirth.year()) * 12 + today.month() - dateOfBirth.month();
    if (today.day() < dateOfBirth.day())
        --months;
    if (months < 24)
        return months == 1 ? tr("1 month old") : tr("%1 months old").arg(months);
    return tr("%1 years old").arg(months / 12);
}

QList<CaseloadRow> buildCaseloadRows(const Caseload &caseload, const QList<Flag> &flags, const QDate &today)
{
    QHash<QString, QString> familyLabels;
    for (const Family &family : caseload.families)
        familyLabels.insert(family.id, family.label);

    const FlagIndex index(flags);
    QList<CaseloadRow> rows;
    rows.reserve(caseload.children.size());
    for (const Child &child : caseload.children) {
        CaseloadRow row;
        row.childId = child.id;
        row.familyId = child.familyId;
        row.name = child.name;
        row.familyLabel = familyLabels.value(child.familyId);
        row.ageText = ageText(child.dateOfBirth, today);
        // computeFlags lists the most pressing first; a child's own flag wins a tie with the
        // household's because it is more specific.
        const Flag *top = nullptr;
        index.forEachOn(child, flags, [&](const Flag &flag) {
            ++row.flagCount;
            if (!top || severityRank(flag.severity) > severityRank(top->severity) ||
                (flag.severity == top->severity && top->childId.isEmpty() && !flag.childId.isEmpty()))
                top = &flag;
        });
        if (top) {
            row.flagKind = toToken(top->kind);
            row.flagLabel = label(top->kind);
            row.flagSeverity = toToken(top->severity);
            row.flagReason = top->reason;
            row.flagToClear = top->toClear;
            row.daysOverdue = top->daysOverdue;
            row.severityRank = severityRank(top->severity);
        }
        rows.append(std::move(row));
    }

    std::stable_sort(rows.begin(), rows.end(), [](const CaseloadRow &a, const CaseloadRow &b) {
        if (a.severityRank != b.severityRank)
            return a.severityRank > b.severityRank;
        if (a.daysOverdue != b.daysOverdue)
            return a.daysOverdue > b.daysOverdue;
        const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
        if (byName != 0)
            return byName < 0;
        return a.childId < b.childId;
    });
    return rows;
}

} // namespace doorstep::app
