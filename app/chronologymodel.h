// A child's chronology for QML, newest first (see childrecord.h). Owned by
// ChildRecordController; GUI thread.
#pragma once

#include "app/childrecord.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace doorstep::app {

class ChronologyModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The chronology comes from ChildRecordController.")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        KindRole,
        KindTextRole,
        DateTextRole,
        TitleRole,
        DetailRole,
        AmendedTextRole
    };
    Q_ENUM(Role)

    explicit ChronologyModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_entries.size()); }
    void setEntries(const QList<ChronologyEntry> &entries);

Q_SIGNALS:
    void countChanged();

private:
    QList<ChronologyEntry> m_entries;
};

} // namespace doorstep::app
