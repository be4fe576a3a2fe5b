#include "rejectedchangesmodel.h"

#include "core/change.h"

namespace doorstep::app {

RejectedChangesModel::RejectedChangesModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int RejectedChangesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RejectedChangesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RejectedChange &row = m_rows.at(index.row());
    switch (role) {
    case ChangeIdRole:
        return row.changeId;
    case EntityIdRole:
        return row.entityId;
    case ChildIdRole:
        return row.childId;
    case Qt::DisplayRole:
    case WhatRole:
        return row.what;
    case ReasonRole:
        return row.reason;
    case CodeRole:
        return row.code;
    default:
        return {};
    }
}

QHash<int, QByteArray> RejectedChangesModel::roleNames() const
{
    return {{ChangeIdRole, "changeId"}, {EntityIdRole, "entityId"}, {ChildIdRole, "childId"},
            {WhatRole, "what"},         {ReasonRole, "reason"},     {CodeRole, "code"}};
}

void RejectedChangesModel::setRows(const QList<RejectedChange> &rows)
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

QString RejectedChangesModel::describeEntity(const QString &entity)
{
    if (entity == Entity::Visit)
        return tr("A visit");
    if (entity == Entity::ChildViews)
        return tr("A child's views");
    if (entity == Entity::AdvocateOffer)
        return tr("An advocate offer");
    if (entity == Entity::Alert)
        return tr("An alert");
    if (entity == Entity::Amendment)
        return tr("An amendment");
    if (entity == Entity::Child)
        return tr("A child's details");
    if (entity == Entity::Family)
        return tr("A family's details");
    if (entity == Entity::FamilyMember)
        return tr("A family member's details");
    return tr("A change");
}

} // namespace doorstep::app
