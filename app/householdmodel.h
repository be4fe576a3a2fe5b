// The people in a child's household for QML: family members with their relationship (and
// advocate offer when the family is in care proceedings), then the other children. Owned by
// ChildRecordController; GUI thread.
#pragma once

#include "app/childrecord.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace doorstep::app {

class HouseholdModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The household comes from ChildRecordController.")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        RelationshipRole,
        AdvocateTextRole,
        CanOfferAdvocateRole,
        OfferOutstandingRole
    };
    Q_ENUM(Role)

    explicit HouseholdModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_members.size()); }
    void setMembers(const QList<HouseholdMember> &members);

Q_SIGNALS:
    void countChanged();

private:
    QList<HouseholdMember> m_members;
};

} // namespace doorstep::app
