#include "conflictlistmodel.h"

namespace doorstep::app {

ConflictListModel::ConflictListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int ConflictListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConflictListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConflictRow &row = m_rows.at(index.row());
    switch (role) {
    case ConflictIdRole:
        return QString::number(row.id); // a string in QML: ids are opaque there
    case Qt::DisplayRole:
    case RecordRole:
        return row.record;
    case FieldRole:
        return row.field;
    case KeptValueRole:
        return row.keptValue;
    case KeptByRole:
        return row.keptBy;
    case KeptAtRole:
        return row.keptAt;
    case NotKeptValueRole:
        return row.notKeptValue;
    case NotKeptByRole:
        return row.notKeptBy;
    case NotKeptAtRole:
        return row.notKeptAt;
    case CanUseNotKeptRole:
        return row.canUseNotKept;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConflictListModel::roleNames() const
{
    return {{ConflictIdRole, "conflictId"},      {RecordRole, "record"},       {FieldRole, "field"},
            {KeptValueRole, "keptValue"},        {KeptByRole, "keptBy"},       {KeptAtRole, "keptAt"},
            {NotKeptValueRole, "notKeptValue"},  {NotKeptByRole, "notKeptBy"}, {NotKeptAtRole, "notKeptAt"},
            {CanUseNotKeptRole, "canUseNotKept"}};
}

void ConflictListModel::setRows(const QList<ConflictRow> &rows)
{
    if (rows == m_rows)
        return;
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = rows;
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

} // namespace doorstep::app
