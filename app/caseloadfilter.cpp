#include "caseloadfilter.h"

#include "app/caseloadmodel.h"
#include "app/qmlsingleton.h"

namespace doorstep::app {

CaseloadFilter::CaseloadFilter(CaseloadModel *caseload, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_caseload(caseload)
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
    // Read from the rows themselves: through data() each row cost three QVariants and a joined
    // string, on every key typed over the whole caseload. A word has no space in it, so it is in
    // the name, household and flag joined by spaces exactly when it is in one of them.
    if (sourceParent.isValid() || sourceRow < 0 || sourceRow >= m_caseload->count())
        return false;
    const CaseloadRow &row = m_caseload->rowAt(sourceRow);
    for (const QString &word : m_words) {
        if (!row.name.contains(word, Qt::CaseInsensitive) &&
            !row.familyLabel.contains(word, Qt::CaseInsensitive) &&
            !row.flagLabel.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace doorstep::app
