// The app's object graph: the store worker on its own thread and the controllers and models QML
// sees as singletons. Built once in main() (and once per QML engine in the QML tests) before the
// engine loads anything; owns everything it builds; GUI thread. While it lives, each singleton's
// create() hands QML the instance built here.
#pragma once

#include "app/store/store.h"

#include <QString>
#include <QThread>

#include <memory>

namespace doorstep::app {

class CaseloadModel;
class SessionController;
class StoreWorker;
class SyncStatus;
class VisitEditor;

class AppServices
{
public:
    // clock: UTC now; "today" for the flag rules is its local date. Empty: the system clock.
    explicit AppServices(const QString &profileDir, store::Store::Clock clock = {});
    ~AppServices();
    AppServices(const AppServices &) = delete;
    AppServices &operator=(const AppServices &) = delete;

    SessionController *session() const { return m_session.get(); }
    CaseloadModel *caseload() const { return m_caseload.get(); }
    VisitEditor *visitEditor() const { return m_visitEditor.get(); }
    SyncStatus *syncStatus() const { return m_syncStatus.get(); }

private:
    QThread m_thread;
    StoreWorker *m_worker; // lives on m_thread; deleted there when the thread finishes
    std::unique_ptr<SessionController> m_session;
    std::unique_ptr<CaseloadModel> m_caseload;
    std::unique_ptr<VisitEditor> m_visitEditor;
    std::unique_ptr<SyncStatus> m_syncStatus;
};

} // namespace doorstep::app
