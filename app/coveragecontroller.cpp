#include "coveragecontroller.h"

#include "app/coveragerowsmodel.h"
#include "app/csvexport.h"
#include "app/daywatcher.h"
#include "app/freshnessrows.h"
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
    , m_freshness(new CoverageRowsModel(this))
    , m_period(u"last_28_days"_s)
    , m_exportFolder(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
{
    if (m_exportFolder.isEmpty())
        m_exportFolder = QDir::homePath();
    m_periods->setOptions({{u"last_28_days"_s, tr("Last 28 days")},
                           {u"last_3_months"_s, tr("Last 3 months")},
                           {u"last_12_months"_s, tr("Last 12 months")}});
    connect(m_worker, &StoreWorker::coverageLoaded, this, &CoverageController::onLoaded);
    connect(m_worker, &StoreWorker::freshnessLoaded, this, &CoverageController::onFreshnessLoaded);
    connect(m_worker, &StoreWorker::freshnessFailed, this, &CoverageController::onFreshnessFailed);
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
    fetchFreshness();
}

void CoverageController::open()
{
    if (m_active || !m_session->isSupervisor())
        return;
    m_active = true;
    Q_EMIT activeChanged();
    reload();
    fetchFreshness();
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
    m_freshness->setRows({});
    m_names.clear();
    setFreshness(FreshnessIdle, {});
    Q_EMIT activeChanged();
}

void CoverageController::reload()
{
    if (!m_active)
        return;
    const auto [from, to] = periodDates(m_period, londonDate(m_clock()));
    m_loading = true;
    Q_EMIT changed();
    m_worker->requestCoverage(from, to);
}

bool CoverageController::isCurrentPeriod(const QDate &from, const QDate &to) const
{
    const auto [currentFrom, currentTo] = periodDates(m_period, londonDate(m_clock()));
    return from == currentFrom && to == currentTo;
}

void CoverageController::onLoaded(const CoverageView &view)
{
    // Only the answer for the period now chosen (another may be on its way).
    if (!m_active || !isCurrentPeriod(view.from, view.to))
        return;
    m_loading = false;
    show(view);
}

void CoverageController::show(const CoverageView &view)
{
    m_view = view;
    m_stillFlagged->setRows(view.stillFlagged);
    // The device knows other practitioners by id only; the server's answer names them.
    QList<CoverageRow> practitioners = view.practitioners;
    for (CoverageRow &row : practitioners) {
        if (const QString name = m_names.value(row.id); !name.isEmpty())
            row.title = name;
    }
    m_practitioners->setRows(practitioners);
    Q_EMIT changed();
}

void CoverageController::fetchFreshness()
{
    if (!m_active)
        return;
    const auto [from, to] = periodDates(m_period, londonDate(m_clock()));
    setFreshness(FreshnessLoading, {});
    m_worker->requestFreshness(from, to);
}

void CoverageController::onFreshnessLoaded(const QDate &from, const QDate &to,
                                           const QList<sync::PractitionerFreshness> &entries)
{
    if (!m_active || !isCurrentPeriod(from, to))
        return;
    m_names.clear();
    for (const sync::PractitionerFreshness &entry : entries) {
        if (!entry.name.isEmpty())
            m_names.insert(entry.practitionerId, entry.name);
    }
    m_freshness->setRows(buildFreshnessRows(entries, londonDate(m_clock())));
    setFreshness(FreshnessShown, entries.isEmpty() ? tr("No practitioners in this team yet.") : QString());
    show(m_view);
}

void CoverageController::onFreshnessFailed(const QDate &from, const QDate &to, const QString &code,
                                           const QString &message)
{
    if (!m_active || !isCurrentPeriod(from, to))
        return;
    m_freshness->setRows({});
    if (code == sync::CoverageFetch::Offline)
        setFreshness(FreshnessOffline, tr("Sync freshness needs a connection. It shows here when the "
                                          "server can be reached."));
    else
        setFreshness(FreshnessFailed, message);
}

void CoverageController::setFreshness(FreshnessState state, const QString &message)
{
    if (state == m_freshnessState && message == m_freshnessMessage)
        return;
    m_freshnessState = state;
    m_freshnessMessage = message;
    Q_EMIT freshnessChanged();
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
