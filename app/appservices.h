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

class AdvocateOfferController;
class AlertEditor;
class AmendmentEditor;
class CaseloadFilter;
class CaseloadModel;
class ChildRecordController;
class ConflictsController;
class CoverageController;
class DayWatcher;
class EnrolmentController;
class IdleLock;
class TextSize;
class SessionController;
class SettingsController;
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
    CaseloadFilter *caseloadFilter() const { return m_caseloadFilter.get(); }
    VisitEditor *visitEditor() const { return m_visitEditor.get(); }
    ChildRecordController *childRecord() const { return m_childRecord.get(); }
    CoverageController *coverage() const { return m_coverage.get(); }
    SyncStatus *syncStatus() const { return m_syncStatus.get(); }
    IdleLock *idleLock() const { return m_idleLock.get(); }
    TextSize *textSize() const { return m_textSize.get(); }
    DayWatcher *dayWatcher() const { return m_dayWatcher.get(); }
    SettingsController *settings() const { return m_settings.get(); }
    StoreWorker *worker() const { return m_worker; }
    AdvocateOfferController *advocateOffers() const { return m_advocateOffers.get(); }
    AlertEditor *alertEditor() const { return m_alertEditor.get(); }
    AmendmentEditor *amendmentEditor() const { return m_amendmentEditor.get(); }
    EnrolmentController *enrolment() const { return m_enrolment.get(); }
    ConflictsController *conflicts() const { return m_conflicts.get(); }

private:
    QThread m_thread;
    StoreWorker *m_worker; // lives on m_thread; deleted there when the thread finishes
    std::unique_ptr<SessionController> m_session;
    std::unique_ptr<CaseloadModel> m_caseload;
    std::unique_ptr<CaseloadFilter> m_caseloadFilter;
    std::unique_ptr<VisitEditor> m_visitEditor;
    std::unique_ptr<ChildRecordController> m_childRecord;
    std::unique_ptr<CoverageController> m_coverage;
    std::unique_ptr<SyncStatus> m_syncStatus;
    std::unique_ptr<IdleLock> m_idleLock;
    std::unique_ptr<TextSize> m_textSize;
    std::unique_ptr<DayWatcher> m_dayWatcher;
    std::unique_ptr<SettingsController> m_settings;
    std::unique_ptr<AdvocateOfferController> m_advocateOffers;
    std::unique_ptr<AlertEditor> m_alertEditor;
    std::unique_ptr<AmendmentEditor> m_amendmentEditor;
    std::unique_ptr<EnrolmentController> m_enrolment;
    std::unique_ptr<ConflictsController> m_conflicts;
};

} // namespace doorstep::app
