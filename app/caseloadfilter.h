// The caseload as the list shows it while the practitioner types in the search field: the
// children whose name, household or flag contains every word typed (any case), in the caseload's
// order (flagged first). A QML singleton over CaseloadModel, built by AppServices; GUI thread.
#pragma once

#include <QSortFilterProxyModel>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class CaseloadModel;

class CaseloadFilter : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    CaseloadFilter(CaseloadModel *caseload, QObject *parent);

    static CaseloadFilter *create(QQmlEngine *, QJSEngine *);
    static void setInstance(CaseloadFilter *instance);

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    int count() const { return rowCount(); }

Q_SIGNALS:
    void queryChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    CaseloadModel *m_caseload;
    QString m_query;
    QStringList m_words;
    static inline CaseloadFilter *s_instance = nullptr;
};

} // namespace doorstep::app
