// The conflicts to review, one row each: the record, the field in words, the value kept and the
// value not kept side by side with who and when (app/conflictrows.h). Rows are built by the
// store worker; GUI thread. Owned by ConflictsController.
#pragma once

#include "app/conflictrows.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::app {

class ConflictListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Conflicts come from ConflictsController.")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role {
        ConflictIdRole = Qt::UserRole + 1,
        RecordRole,
        FieldRole,
        KeptValueRole,
        KeptByRole,
        KeptAtRole,
        NotKeptValueRole,
        NotKeptByRole,
        NotKeptAtRole,
        CanUseNotKeptRole,
    };
    Q_ENUM(Role)

    explicit ConflictListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    void setRows(const QList<ConflictRow> &rows);

Q_SIGNALS:
    void countChanged();

private:
    QList<ConflictRow> m_rows;
};

} // namespace doorstep::app
