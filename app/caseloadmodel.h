// The practitioner's caseload for QML: one row per child, flagged children first (see
// caseloadrows.h). A QML singleton built by AppServices; GUI thread. Rows arrive from the store
// worker after unlock, after each save and after each sync.
#pragma once

#include "app/caseloadrows.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

#include <optional>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class CaseloadModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // False from unlock until the first rows arrive, so the page can say it is loading.
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
public:
    enum Role {
        ChildIdRole = Qt::UserRole + 1,
        FamilyIdRole,
        NameRole,
        FamilyLabelRole,
        AgeTextRole,
        FlagKindRole,
        FlagLabelRole,
        FlagSeverityRole,
        FlagReasonRole,
        FlagToClearRole,
        DaysOverdueRole,
        FlagCountRole,
    };
    Q_ENUM(Role)

    // No default argument: Qt 6.4 would build a default-constructible singleton itself instead
    // of calling create().
    explicit CaseloadModel(QObject *parent);

    static CaseloadModel *create(QQmlEngine *, QJSEngine *);
    static void setInstance(CaseloadModel *instance);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    bool isReady() const { return m_ready; }
    std::optional<CaseloadRow> rowFor(const QString &childId) const;
    // The row at `row` (0 <= row < count()), for CaseloadFilter to read without QVariants.
    const CaseloadRow &rowAt(int row) const { return m_rows.at(row); }

    void setRows(const QList<CaseloadRow> &rows);
    void clear();

Q_SIGNALS:
    void countChanged();
    void readyChanged();

private:
    QList<CaseloadRow> m_rows;
    bool m_ready = false;
    static inline CaseloadModel *s_instance = nullptr;
};

} // namespace doorstep::app
