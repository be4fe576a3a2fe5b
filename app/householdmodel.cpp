#include "householdmodel.h"

namespace doorstep::app {

HouseholdModel::HouseholdModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int HouseholdModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

QVariant HouseholdModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HouseholdMember &member = m_members.at(index.row());
    switch (role) {
    case IdRole:
        return member.id;
    case Qt::DisplayRole:
    case NameRole:
        return member.name;
    case RelationshipRole:
        return member.relationship;
    case AdvocateTextRole:
        return member.advocateText;
    case CanOfferAdvocateRole:
        return member.canOfferAdvocate;
    case OfferOutstandingRole:
        return member.offerOutstanding;
    default:
        return {};
    }
}

QHash<int, QByteArray> HouseholdModel::roleNames() const
{
    return {{IdRole, "memberId"},
            {NameRole, "name"},
            {RelationshipRole, "relationship"},
            {AdvocateTextRole, "advocateText"},
            {CanOfferAdvocateRole, "canOfferAdvocate"},
            {OfferOutstandingRole, "offerOutstanding"}};
}

void HouseholdModel::setMembers(const QList<HouseholdMember> &members)
{
    if (members == m_members)
        return;
    const int before = count();
    beginResetModel();
    m_members = members;
    endResetModel();
    if (before != count())
        Q_EMIT countChanged();
}

} // namespace doorstep::app
