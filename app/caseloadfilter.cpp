#include "caseloadfilter.h"

#include "app/caseloadmodel.h"
#include "app/qmlsingleton.h"

namespace doorstep::app {

CaseloadFilter::CaseloadFilter(CaseloadModel *caseload, QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSourceModel(caseload);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &CaseloadFilter::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &CaseloadFilter::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &CaseloadFilter::countChanged);
}

CaseloadFilter *CaseloadFilter::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void CaseloadFilter::setInstance(CaseloadFilter *instance)
{
    s_instance = instance;
}

void CaseloadFilter::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    const QStringList words = query.simplified().split(u' ', Qt::SkipEmptyParts);
    if (words != m_words) {
        m_words = words;
        invalidateFilter();
        Q_EMIT countChanged();
    }
    Q_EMIT queryChanged();
}

bool CaseloadFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString haystack = index.data(CaseloadModel::NameRole).toString() + u' ' +
                             index.data(CaseloadModel::FamilyLabelRole).toString() + u' ' +
                             index.data(CaseloadModel::FlagLabelRole).toString();
    for (const QString &word : m_words) {
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace doorstep::app
