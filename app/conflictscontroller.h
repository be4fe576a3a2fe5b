// The conflicts page: values that lost a sync merge, each beside the value kept, to be marked
// reviewed or (where the record is on this device) kept instead by an ordinary edit. The store
// work runs on the store worker; rows and answers come back by signal. A QML singleton built by
// AppServices; GUI thread. Owns its list model.
#pragma once

#include "app/conflictlistmodel.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class StoreWorker;

class ConflictsController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
    Q_PROPERTY(doorstep::app::ConflictListModel *conflicts READ conflicts CONSTANT)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // "2 conflicts to review" / "No conflicts to review".
    Q_PROPERTY(QString summaryText READ summaryText NOTIFY countChanged)
    // An action is with the worker: the buttons wait for its answer.
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // Why the last action failed, in words; empty after one that worked.
    Q_PROPERTY(QString errorString READ errorString NOTIFY busyChanged)
public:
    explicit ConflictsController(StoreWorker *worker, QObject *parent = nullptr);

    static ConflictsController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(ConflictsController *instance);

    bool isActive() const { return m_active; }
    ConflictListModel *conflicts() const { return m_conflicts; }
    int count() const { return m_conflicts->count(); }
    QString summaryText() const;
    bool isBusy() const { return m_busy; }
    QString errorString() const { return m_errorString; }

    // Opens the page and reads the conflicts afresh.
    Q_INVOKABLE void open();
    Q_INVOKABLE void close();
    // conflictId: the row's conflictId role.
    Q_INVOKABLE void markReviewed(const QString &conflictId);
    // Saves the record with the value not kept, as a normal edit, and marks the conflict reviewed.
    Q_INVOKABLE void useNotKept(const QString &conflictId);
    // Forgets the rows at once (the session locked).
    void clear();

Q_SIGNALS:
    void activeChanged();
    void countChanged();
    void busyChanged();
    // An action's answer (after the rows were read again).
    void actionFinished(bool ok);

private:
    void onActionFinished(bool ok, const QString &message);
    void setBusy(bool busy, const QString &error);

    StoreWorker *m_worker;
    ConflictListModel *m_conflicts;
    bool m_active = false;
    bool m_busy = false;
    QString m_errorString;
    static inline ConflictsController *s_instance = nullptr;
};

} // namespace doorstep::app
