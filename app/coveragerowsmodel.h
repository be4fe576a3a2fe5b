// A list on the coverage page (newborns still flagged, or visits by practitioner) for QML.
// Owned by CoverageController; GUI thread.
#pragma once

#include "app/coverageview.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace doorstep::app {

class CoverageRowsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Coverage lists come from CoverageController.")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { IdRole = Qt::UserRole + 1, TitleRole, DetailRole, ValueRole, ValueTextRole, SeverityRole };
    Q_ENUM(Role)

    explicit CoverageRowsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    void setRows(const QList<CoverageRow> &rows);

Q_SIGNALS:
    void countChanged();

private:
    QList<CoverageRow> m_rows;
};

} // namespace doorstep::app
