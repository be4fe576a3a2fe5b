#include "appservices.h"

#include "app/advocateoffercontroller.h"
#include "app/alerteditor.h"
#include "app/amendmenteditor.h"
#include "app/caseloadfilter.h"
#include "app/caseloadmodel.h"
#include "app/childrecordcontroller.h"
#include "app/conflictscontroller.h"
#include "app/coveragecontroller.h"
#include "app/daywatcher.h"
#include "app/enrolmentcontroller.h"
#include "app/idlelock.h"
#include "app/sessioncontroller.h"
#include "app/settingscontroller.h"
#include "app/storeworker.h"
#include "app/syncstatus.h"
#include "app/textsize.h"
#include "app/visiteditor.h"

#include <QGuiApplication>

using namespace Qt::StringLiterals;

namespace doorstep::app {

AppServices::AppServices(const QString &profileDir, store::Store::Clock clock)
    : m_worker(new StoreWorker(profileDir, clock))
{
    m_thread.setObjectName(u"store-worker"_s);
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    m_session = std::make_unique<SessionController>(m_worker, profileDir, clock);
    m_caseload = std::make_unique<CaseloadModel>(nullptr);
    m_caseloadFilter = std::make_unique<CaseloadFilter>(m_caseload.get(), nullptr);
    m_visitEditor = std::make_unique<VisitEditor>(m_worker, m_session.get(), m_caseload.get(), clock);
    m_syncStatus = std::make_unique<SyncStatus>(m_worker, clock);
    m_childRecord = std::make_unique<ChildRecordController>(m_worker);
    m_coverage = std::make_unique<CoverageController>(m_worker, m_session.get(), clock);
    m_idleLock = std::make_unique<IdleLock>(profileDir + u"/app-settings.ini"_s, clock);
    m_textSize = std::make_unique<TextSize>(profileDir + u"/app-settings.ini"_s);
    m_dayWatcher = std::make_unique<DayWatcher>(clock);
    m_settings = std::make_unique<SettingsController>(m_worker, m_session.get(), m_idleLock.get());
    m_advocateOffers =
        std::make_unique<AdvocateOfferController>(m_worker, m_session.get(), m_childRecord.get(), clock);
    m_alertEditor = std::make_unique<AlertEditor>(m_worker, m_childRecord.get(), clock);
    m_amendmentEditor = std::make_unique<AmendmentEditor>(m_worker, m_session.get(), clock);
    m_enrolment = std::make_unique<EnrolmentController>(m_worker, m_session.get());
    m_conflicts = std::make_unique<ConflictsController>(m_worker);

    QObject::connect(m_worker, &StoreWorker::caseloadLoaded, m_caseload.get(),
                     [this](const QList<CaseloadRow> &rows) {
                         // Rows computed before a lock may still be in flight: never show them on a locked
                         // screen.
                         if (m_session->state() != SessionController::Unlocked)
                             return;
                         m_caseload->setRows(rows);
                         // A visit form left open when the app closed comes back once its child is known.
                         m_visitEditor->caseloadReady();
                         // A save or a sync may have added to the open child's chronology.
                         m_childRecord->reload();
                         m_coverage->reload();
                     });
    QObject::connect(m_session.get(), &SessionController::stateChanged, m_caseload.get(), [this] {
        if (m_session->state() == SessionController::Unlocked) {
            m_idleLock->start();
            // A visit half-recorded when the device locked comes back to the one who wrote it.
            m_visitEditor->resume(m_session->session().userId);
            if (m_visitEditor->isActive())
                m_childRecord->open(m_visitEditor->childId());
            return;
        }
        m_idleLock->stop();
        m_visitEditor->suspend();
        m_childRecord->close();
        m_coverage->close();
        m_settings->close();
        m_advocateOffers->cancel();
        m_alertEditor->close();
        m_amendmentEditor->close();
        m_caseloadFilter->setQuery({});
        m_caseload->clear();
        m_syncStatus->clear();
        m_conflicts->clear();
    });
    QObject::connect(m_visitEditor.get(), &VisitEditor::draftRestored, m_childRecord.get(),
                     [this] { m_childRecord->open(m_visitEditor->childId()); });
    // A visit half-recorded before the wipe must not come back for the next person enrolled.
    QObject::connect(m_settings.get(), &SettingsController::wiped, m_visitEditor.get(),
                     [this] { m_visitEditor->discardDraft(); });
    QObject::connect(m_idleLock.get(), &IdleLock::idle, m_session.get(), &SessionController::lock);
    // Ages, "days overdue" and the day-based flags move on at midnight even if nobody touches
    // anything.
    QObject::connect(m_dayWatcher.get(), &DayWatcher::dayChanged, m_session.get(), [this] {
        if (m_session->state() == SessionController::Unlocked)
            m_worker->requestRefresh();
    });
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        // Input anywhere in the app keeps it unlocked; none for the timeout locks it.
        app->installEventFilter(m_idleLock.get());
        QObject::connect(app, &QGuiApplication::applicationStateChanged, m_session.get(),
                         [this](Qt::ApplicationState state) {
                             // A phone or tablet sent to the background locks, so the caseload is
                             // never left open.
                             if (state == Qt::ApplicationSuspended) {
                                 m_session->lock();
                             } else if (state == Qt::ApplicationActive) {
                                 // Timers stood still while the device slept.
                                 m_idleLock->check();
                                 m_dayWatcher->check();
                             }
                         });
    }

    SessionController::setInstance(m_session.get());
    CaseloadModel::setInstance(m_caseload.get());
    CaseloadFilter::setInstance(m_caseloadFilter.get());
    VisitEditor::setInstance(m_visitEditor.get());
    ChildRecordController::setInstance(m_childRecord.get());
    CoverageController::setInstance(m_coverage.get());
    SyncStatus::setInstance(m_syncStatus.get());
    IdleLock::setInstance(m_idleLock.get());
    TextSize::setInstance(m_textSize.get());
    SettingsController::setInstance(m_settings.get());
    AdvocateOfferController::setInstance(m_advocateOffers.get());
    AlertEditor::setInstance(m_alertEditor.get());
    AmendmentEditor::setInstance(m_amendmentEditor.get());
    EnrolmentController::setInstance(m_enrolment.get());
    ConflictsController::setInstance(m_conflicts.get());

    m_thread.start();
}

AppServices::~AppServices()
{
    SessionController::setInstance(nullptr);
    CaseloadModel::setInstance(nullptr);
    CaseloadFilter::setInstance(nullptr);
    VisitEditor::setInstance(nullptr);
    ChildRecordController::setInstance(nullptr);
    CoverageController::setInstance(nullptr);
    SyncStatus::setInstance(nullptr);
    IdleLock::setInstance(nullptr);
    TextSize::setInstance(nullptr);
    SettingsController::setInstance(nullptr);
    AdvocateOfferController::setInstance(nullptr);
    AlertEditor::setInstance(nullptr);
    AmendmentEditor::setInstance(nullptr);
    EnrolmentController::setInstance(nullptr);
    ConflictsController::setInstance(nullptr);
    // A form typed into just now is saved before the store closes with the thread.
    m_visitEditor->flushDraft();
    m_worker->waitForRequests();
    // The worker closes the store and wipes the key on its own thread as the thread ends.
    m_thread.quit();
    m_thread.wait();
}

} // namespace doorstep::app
