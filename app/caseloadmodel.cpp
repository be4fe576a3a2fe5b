#include "caseloadmodel.h"

#include "app/qmlsingleton.h"

namespace doorstep::app {

CaseloadModel::CaseloadModel(QObject *parent)
    : QAbstractListModel(parent)
{}

CaseloadModel *CaseloadModel::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void CaseloadModel::setInstance(CaseloadModel *instance)
{
    s_instance = instance;
}

int CaseloadModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CaseloadModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CaseloadRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.name;
    case ChildIdRole:
        return row.childId;
    case FamilyIdRole:
        return row.familyId;
    case FamilyLabelRole:
        return row.familyLabel;
    case AgeTextRole:
        return row.ageText;
    case FlagKindRole:
        return row.flagKind;
    case FlagLabelRole:
        return row.flagLabel;
    case FlagSeverityRole:
        return row.flagSeverity;
    case FlagReasonRole:
        return row.flagReason;
    case FlagToClearRole:
        return row.flagToClear;
    case DaysOverdueRole:
        return row.daysOverdue;
    case FlagCountRole:
        return row.flagCount;
    default:
        return {};
    }
}

QHash<int, QByteArray> CaseloadModel::roleNames() const
{
    return {
        {ChildIdRole, "childId"},         {FamilyIdRole, "familyId"},         {NameRole, "name"},
        {FamilyLabelRole, "familyLabel"}, {AgeTextRole, "ageText"},           {FlagKindRole, "flagKind"},
        {FlagLabelRole, "flagLabel"},     {FlagSeverityRole, "flagSeverity"}, {FlagReasonRole, "flagReason"},
        {FlagToClearRole, "flagToClear"}, {DaysOverdueRole, "daysOverdue"},   {FlagCountRole, "flagCount"},
    };
}

std::optional<CaseloadRow> CaseloadModel::rowFor(const QString &childId) const
{
    for (const CaseloadRow &row : m_rows) {
        if (row.childId == childId)
            return row;
    }
    return std::nullopt;
}

void CaseloadModel::setRows(const QList<CaseloadRow> &rows)
{
    const bool sameChildren =
        std::equal(m_rows.cbegin(), m_rows.cend(), rows.cbegin(), rows.cend(),
                   [](const CaseloadRow &a, const CaseloadRow &b) { return a.childId == b.childId; });
    if (sameChildren) {
        // Same children in the same order: update in place so the list keeps its scroll position
        // and delegates, and only rows that changed repaint. One dataChanged per run of changed
        // rows: at midnight every age may move on, and the filter and the list handle each signal
        // on its own.
        const int size = int(rows.size());
        for (int i = 0; i < size;) {
            if (m_rows.at(i) == rows.at(i)) {
                ++i;
                continue;
            }
            const int first = i;
            for (; i < size && !(m_rows.at(i) == rows.at(i)); ++i)
                m_rows[i] = rows.at(i);
            Q_EMIT dataChanged(index(first), index(i - 1));
        }
    } else {
        const int before = count();
        beginResetModel();
        m_rows = rows;
        endResetModel();
        if (before != count())
            Q_EMIT countChanged();
    }
    if (!m_ready) {
        m_ready = true;
        Q_EMIT readyChanged();
    }
}

void CaseloadModel::clear()
{
    const bool hadRows = !m_rows.isEmpty();
    if (hadRows) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
        Q_EMIT countChanged();
    }
    if (m_ready) {
        m_ready = false;
        Q_EMIT readyChanged();
    }
}

} // namespace doorstep::app
