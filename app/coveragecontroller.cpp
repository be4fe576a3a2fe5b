#include "coveragecontroller.h"

#include "app/coveragerowsmodel.h"
#include "app/qmlsingleton.h"
#include "app/sessioncontroller.h"
#include "app/storeworker.h"

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
{
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
