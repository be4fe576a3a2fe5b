#include "optionmodel.h"

namespace doorstep::app {

OptionModel::OptionModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int OptionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_options.size());
}

QVariant OptionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Option &option = m_options.at(index.row());
    switch (role) {
    case ValueRole:
        return option.value;
    case Qt::DisplayRole:
    case TextRole:
        return option.text;
    default:
        return {};
    }
}

QHash<int, QByteArray> OptionModel::roleNames() const
{
    return {{ValueRole, "value"}, {TextRole, "text"}};
}

bool OptionModel::contains(const QString &value) const
{
    return indexOf(value) >= 0;
}

QString OptionModel::textFor(const QString &value) const
{
    const int i = indexOf(value);
    return i < 0 ? QString() : m_options.at(i).text;
}

int OptionModel::indexOf(const QString &value) const
{
    for (int i = 0; i < m_options.size(); ++i) {
        if (m_options.at(i).value == value)
            return i;
    }
    return -1;
}

void OptionModel::setOptions(const QList<Option> &options)
{
    if (options == m_options)
        return;
    const int before = count();
    beginResetModel();
    m_options = options;
    endResetModel();
    if (before != count())
        Q_EMIT countChanged();
}

} // namespace doorstep::app
