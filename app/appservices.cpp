#include "appservices.h"

#include "app/caseloadmodel.h"
#include "app/sessioncontroller.h"
#include "app/storeworker.h"
#include "app/syncstatus.h"
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

    m_session = std::make_unique<SessionController>(m_worker, profileDir);
    m_caseload = std::make_unique<CaseloadModel>(nullptr);
    m_visitEditor = std::make_unique<VisitEditor>(m_worker, m_session.get(), m_caseload.get(), clock);
    m_syncStatus = std::make_unique<SyncStatus>(m_worker, clock);

    QObject::connect(m_worker, &StoreWorker::caseloadLoaded, m_caseload.get(),
                     [this](const QList<CaseloadRow> &rows) {
                         // Rows computed before a lock may still be in flight: never show them on a locked
                         // screen.
                         if (m_session->state() == SessionController::Unlocked)
                             m_caseload->setRows(rows);
                     });
    QObject::connect(m_session.get(), &SessionController::stateChanged, m_caseload.get(), [this] {
        if (m_session->state() != SessionController::Unlocked) {
            m_visitEditor->close();
            m_caseload->clear();
            m_syncStatus->clear();
        }
    });
    // A phone or tablet sent to the background locks, so the caseload is never left open.
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        QObject::connect(app, &QGuiApplication::applicationStateChanged, m_session.get(),
                         [this](Qt::ApplicationState state) {
                             if (state == Qt::ApplicationSuspended)
                                 m_session->lock();
                         });
    }

    SessionController::setInstance(m_session.get());
    CaseloadModel::setInstance(m_caseload.get());
    VisitEditor::setInstance(m_visitEditor.get());
    SyncStatus::setInstance(m_syncStatus.get());

    m_thread.start();
}

AppServices::~AppServices()
{
    SessionController::setInstance(nullptr);
    CaseloadModel::setInstance(nullptr);
    VisitEditor::setInstance(nullptr);
    SyncStatus::setInstance(nullptr);
    // The worker closes the store and wipes the key on its own thread as the thread ends.
    m_thread.quit();
    m_thread.wait();
}

} // namespace doorstep::app
