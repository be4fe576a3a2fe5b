#include "coveragerowsmodel.h"

namespace doorstep::app {

CoverageRowsModel::CoverageRowsModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int CoverageRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CoverageRowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CoverageRow &row = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return row.id;
    case Qt::DisplayRole:
    case TitleRole:
        return row.title;
    case DetailRole:
        return row.detail;
    case ValueRole:
        return row.value;
    case ValueTextRole:
        return row.valueText;
    case SeverityRole:
        return row.severity;
    default:
        return {};
    }
}

QHash<int, QByteArray> CoverageRowsModel::roleNames() const
{
    return {{IdRole, "rowId"},    {TitleRole, "title"},         {DetailRole, "detail"},
            {ValueRole, "value"}, {ValueTextRole, "valueText"}, {SeverityRole, "severity"}};
}

void CoverageRowsModel::setRows(const QList<CoverageRow> &rows)
{
    if (rows == m_rows)
        return;
    const int before = count();
    beginResetModel();
    m_rows = rows;
    endResetModel();
    if (before != count())
        Q_EMIT countChanged();
}

} // namespace doorstep::app
