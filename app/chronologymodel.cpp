#include "chronologymodel.h"

namespace doorstep::app {

ChronologyModel::ChronologyModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int ChronologyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant ChronologyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChronologyEntry &entry = m_entries.at(index.row());
    switch (role) {
    case IdRole:
        return entry.id;
    case KindRole:
        return entry.kind;
    case KindTextRole:
        return entry.kindText;
    case DateTextRole:
        return entry.dateText;
    case Qt::DisplayRole:
    case TitleRole:
        return entry.title;
    case DetailRole:
        return entry.detail;
    case AmendedTextRole:
        return entry.amendedText;
    default:
        return {};
    }
}

QHash<int, QByteArray> ChronologyModel::roleNames() const
{
    return {{IdRole, "entryId"},
            {KindRole, "kind"},
            {KindTextRole, "kindText"},
            {DateTextRole, "dateText"},
            {TitleRole, "title"},
            {DetailRole, "detail"},
            {AmendedTextRole, "amendedText"}};
}

void ChronologyModel::setEntries(const QList<ChronologyEntry> &entries)
{
    if (entries == m_entries)
        return;
    const int before = count();
    beginResetModel();
    m_entries = entries;
    endResetModel();
    if (before != count())
        Q_EMIT countChanged();
}

} // namespace doorstep::app
