#include "coveragecontroller.h"

#include "app/coveragerowsmodel.h"
#include "app/csvexport.h"
#include "app/qmlsingleton.h"
#include "app/sessioncontroller.h"
#include "app/storeworker.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>
#include <QStandardPaths>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace doorstep::app {

CoverageController::CoverageController(StoreWorker *worker, SessionController *session, Clock clock,
                                       QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_session(session)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
    , m_periods(new OptionModel(this))
    , m_stillFlagged(new CoverageRowsModel(this))
    , m_practitioners(new CoverageRowsModel(this))
    , m_period(u"last_28_days"_s)
    , m_exportFolder(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
{
    if (m_exportFolder.isEmpty())
        m_exportFolder = QDir::homePath();
    m_periods->setOptions({{u"last_28_days"_s, tr("Last 28 days")},
                           {u"last_3_months"_s, tr("Last 3 months")},
                           {u"last_12_months"_s, tr("Last 12 months")}});
    connect(m_worker, &StoreWorker::coverageLoaded, this, &CoverageController::onLoaded);
}

CoverageController *CoverageController::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void CoverageController::setInstance(CoverageController *instance)
{
    s_instance = instance;
}

std::pair<QDate, QDate> CoverageController::periodDates(const QString &token, const QDate &today)
{
    if (token == u"last_3_months"_s)
        return {today.addMonths(-3).addDays(1), today};
    if (token == u"last_12_months"_s)
        return {today.addYears(-1).addDays(1), today};
    return {today.addDays(-27), today};
}

void CoverageController::setPeriod(const QString &token)
{
    if (token == m_period || !m_periods->contains(token))
        return;
    m_period = token;
    Q_EMIT periodChanged();
    reload();
}

void CoverageController::open()
{
    if (m_active || !m_session->isSupervisor())
        return;
    m_active = true;
    Q_EMIT activeChanged();
    reload();
}

void CoverageController::close()
{
    if (!m_active)
        return;
    m_active = false;
    m_exportMessage.clear();
    m_exportError.clear();
    Q_EMIT exportChanged();
    m_loading = false;
    show({});
    Q_EMIT activeChanged();
}

void CoverageController::reload()
{
    if (!m_active)
        return;
    const auto [from, to] = periodDates(m_period, m_clock().toLocalTime().date());
    m_loading = true;
    Q_EMIT changed();
    m_worker->requestCoverage(from, to);
}

void CoverageController::onLoaded(const CoverageView &view)
{
    if (!m_active)
        return;
    // Only the answer for the period now chosen (another may be on its way).
    const auto [from, to] = periodDates(m_period, m_clock().toLocalTime().date());
    if (view.from != from || view.to != to)
        return;
    m_loading = false;
    show(view);
}

void CoverageController::show(const CoverageView &view)
{
    m_view = view;
    m_stillFlagged->setRows(view.stillFlagged);
    m_practitioners->setRows(view.practitioners);
    Q_EMIT changed();
}

} // namespace doorstep::app

namespace doorstep::app {

QVariantList CoverageController::chart() const
{
    QVariantList entries;
    const double most = chartMaximum();
    for (const CoverageBucket &bucket : m_view.chart) {
        entries.append(QVariantMap{{u"label"_s, bucket.label},
                                   {u"newborns"_s, bucket.newborns},
                                   {u"seen"_s, bucket.seen},
                                   {u"bornFraction"_s, bucket.newborns / most},
                                   {u"seenFraction"_s, bucket.seen / most},
                                   {u"text"_s, bucket.text}});
    }
    return entries;
}

int CoverageController::chartMaximum() const
{
    int most = 1;
    for (const CoverageBucket &bucket : m_view.chart)
        most = std::max(most, bucket.newborns);
    return most;
}

void CoverageController::setExportFolder(const QString &folder)
{
    if (folder == m_exportFolder)
        return;
    m_exportFolder = folder;
    m_exportError.clear();
    Q_EMIT exportChanged();
}

QString CoverageController::exportFileName() const
{
    return u"doorstep-coverage-%1-to-%2.csv"_s.arg(m_view.from.toString(Qt::ISODate),
                                                   m_view.to.toString(Qt::ISODate));
}

void CoverageController::exportCsv()
{
    if (!m_active || m_loading || m_exporting || m_view.csv.isEmpty())
        return;
    m_exporting = true;
    m_exportMessage.clear();
    m_exportError.clear();
    Q_EMIT exportChanged();
    QPointer<CoverageController> self(this);
    // File I/O (perhaps to a slow or network folder) never on the GUI thread.
    QThreadPool::globalInstance()->start(
        [self, folder = m_exportFolder, name = exportFileName(), csv = m_view.csv] {
            const Result<QString> written = writeCsvFile(folder, name, csv);
            const QString path = written ? written.value() : QString();
            const QString error = written ? QString() : written.error().message;
            // Back on the GUI thread, where `self` can be checked safely.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, path, error] {
                    if (self)
                        self->onExported(path, error);
                },
                Qt::QueuedConnection);
        });
}

void CoverageController::onExported(const QString &path, const QString &error)
{
    m_exporting = false;
    m_exportError = error;
    m_exportMessage = path.isEmpty() ? QString() : tr("Saved to %1").arg(QDir::toNativeSeparators(path));
    Q_EMIT exportChanged();
    Q_EMIT exported(path);
}

} // namespace doorstep::app
