// The changes the server refused, for the sync status bar: what each was about, in words, and
// the server's reason. Rows are built by the store worker from Store::outbox(); GUI thread.
// Owned by SyncStatus.
#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace doorstep::app {

struct RejectedChange
{
    QString changeId;
    QString entityId;
    // The child whose page holds the record, to open it and correct it: the child it names, or
    // else the youngest of its family; empty when the device holds neither.
    QString childId;
    QString what;   // "A visit", "A child's details", ...
    QString reason; // the server's words
    QString code;   // the server's code, for support

    friend bool operator==(const RejectedChange &, const RejectedChange &) = default;
};

class RejectedChangesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Rejected changes come from SyncStatus.")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { ChangeIdRole = Qt::UserRole + 1, EntityIdRole, ChildIdRole, WhatRole, ReasonRole, CodeRole };
    Q_ENUM(Role)

    explicit RejectedChangesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    void setRows(const QList<RejectedChange> &rows);

    // "A visit" for the outbox entity "visit".
    static QString describeEntity(const QString &entity);

Q_SIGNALS:
    void countChanged();

private:
    QList<RejectedChange> m_rows;
};

} // namespace doorstep::app
