// A short list of choices for a form field: each a stable token (the value saved) and the words
// a person reads. Owned by the controller whose field it serves; GUI thread.
#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace doorstep::app {

struct Option
{
    QString value;
    QString text;
    friend bool operator==(const Option &, const Option &) = default;
};

class OptionModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Options come from a controller such as VisitEditor.")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { ValueRole = Qt::UserRole + 1, TextRole };
    Q_ENUM(Role)

    explicit OptionModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_options.size()); }
    bool contains(const QString &value) const;
    // The words for a value; empty when the value is not offered.
    Q_INVOKABLE QString textFor(const QString &value) const;
    Q_INVOKABLE int indexOf(const QString &value) const;

    void setOptions(const QList<Option> &options);

Q_SIGNALS:
    void countChanged();

private:
    QList<Option> m_options;
};

} // namespace doorstep::app
