// The supervisor's coverage page: the period chosen, and the team's figures for it (see
// coverageview.h), computed by the store worker from the store's caseload (a supervisor's device
// holds the team's records). A QML singleton built by AppServices; GUI thread. Owns its models.
#pragma once

#include "app/coveragerowsmodel.h"
#include "app/coverageview.h"
#include "app/optionmodel.h"
#include "sync/client/coveragefetch.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <functional>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class SessionController;
class StoreWorker;

class CoverageController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // The page is showing (opened from the caseload by a supervisor).
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY changed)
    Q_PROPERTY(doorstep::app::OptionModel *periods READ periods CONSTANT)
    Q_PROPERTY(QString period READ period WRITE setPeriod NOTIFY periodChanged)
    Q_PROPERTY(QString periodText READ periodText NOTIFY changed)
    Q_PROPERTY(int newborns READ newborns NOTIFY changed)
    Q_PROPERTY(int newbornsSeenByDay14 READ newbornsSeenByDay14 NOTIFY changed)
    Q_PROPERTY(double seenFraction READ seenFraction NOTIFY changed)
    Q_PROPERTY(QString seenText READ seenText NOTIFY changed)
    Q_PROPERTY(int wasNotBroughtContacts READ wasNotBroughtContacts NOTIFY changed)
    Q_PROPERTY(QString wasNotBroughtText READ wasNotBroughtText NOTIFY changed)
    Q_PROPERTY(QString advocateText READ advocateText NOTIFY changed)
    Q_PROPERTY(doorstep::app::CoverageRowsModel *stillFlagged READ stillFlagged CONSTANT)
    Q_PROPERTY(doorstep::app::CoverageRowsModel *practitioners READ practitioners CONSTANT)
    // Per practitioner, when their devices last synced and what still waits on them, from the
    // server (fetched when the page opens and when the period changes).
    Q_PROPERTY(doorstep::app::CoverageRowsModel *freshness READ freshness CONSTANT)
    Q_PROPERTY(FreshnessState freshnessState READ freshnessState NOTIFY freshnessChanged)
    // Why there is no freshness list ("Sync freshness needs a connection…"), or empty.
    Q_PROPERTY(QString freshnessMessage READ freshnessMessage NOTIFY freshnessChanged)
    // The chart: one entry per week (or month) of the period, oldest first, each
    // {label, newborns, seen, text, bornFraction, seenFraction}: the fractions are the bar heights,
    // of the tallest (chartMaximum: the most newborns in one entry, at least 1).
    Q_PROPERTY(QVariantList chart READ chart NOTIFY changed)
    Q_PROPERTY(int chartMaximum READ chartMaximum NOTIFY changed)
    // Export: the folder the CSV goes to (the documents folder until the user types another),
    // whether a file is being written, and what happened ("Saved to …" or why not).
    Q_PROPERTY(QString exportFolder READ exportFolder WRITE setExportFolder NOTIFY exportChanged)
    Q_PROPERTY(bool exporting READ isExporting NOTIFY exportChanged)
    Q_PROPERTY(QString exportMessage READ exportMessage NOTIFY exportChanged)
    Q_PROPERTY(QString exportError READ exportError NOTIFY exportChanged)
public:
    using Clock = std::function<QDateTime()>;

    // Idle: not asked. Loading: asked, no answer yet. Shown: the list is the server's answer.
    // Offline: no server could be reached. Failed: the server refused or answered nonsense.
    enum FreshnessState {
        FreshnessIdle,
        FreshnessLoading,
        FreshnessShown,
        FreshnessOffline,
        FreshnessFailed
    };
    Q_ENUM(FreshnessState)

    CoverageController(StoreWorker *worker, SessionController *session, Clock clock,
                       QObject *parent = nullptr);

    static CoverageController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(CoverageController *instance);

    bool isActive() const { return m_active; }
    bool isLoading() const { return m_loading; }
    OptionModel *periods() const { return m_periods; }
    QString period() const { return m_period; }
    void setPeriod(const QString &token);
    QString periodText() const { return m_view.periodText; }
    int newborns() const { return m_view.newborns; }
    int newbornsSeenByDay14() const { return m_view.newbornsSeenByDay14; }
    double seenFraction() const { return m_view.seenFraction; }
    QString seenText() const { return m_view.seenText; }
    int wasNotBroughtContacts() const { return m_view.wasNotBroughtContacts; }
    QString wasNotBroughtText() const { return m_view.wasNotBroughtText; }
    QString advocateText() const { return m_view.advocateText; }
    CoverageRowsModel *stillFlagged() const { return m_stillFlagged; }
    CoverageRowsModel *practitioners() const { return m_practitioners; }
    CoverageRowsModel *freshness() const { return m_freshness; }
    FreshnessState freshnessState() const { return m_freshnessState; }
    QString freshnessMessage() const { return m_freshnessMessage; }
    QVariantList chart() const;
    int chartMaximum() const;
    QString exportFolder() const { return m_exportFolder; }
    void setExportFolder(const QString &folder);
    bool isExporting() const { return m_exporting; }
    QString exportMessage() const { return m_exportMessage; }
    QString exportError() const { return m_exportError; }
    // The name the exported file gets: "doorstep-coverage-2026-10-29-to-2026-11-25.csv".
    QString exportFileName() const;

    // Writes the figures shown, as CSV, into exportFolder on a pool thread; exported() says how
    // it went.
    Q_INVOKABLE void exportCsv();

    // Shows the page and asks for the figures (supervisors only); close() hides and forgets them.
    Q_INVOKABLE void open();
    Q_INVOKABLE void close();
    // Asks again (after a sync brought the team's records).
    void reload();

    // The first and last day of a period token ("last_28_days", "last_3_months", "last_12_months").
    static std::pair<QDate, QDate> periodDates(const QString &token, const QDate &today);

Q_SIGNALS:
    void activeChanged();
    void periodChanged();
    void changed();
    void exportChanged();
    void freshnessChanged();
    // path: the file written, empty when it was not.
    void exported(const QString &path);

private:
    void onLoaded(const doorstep::app::CoverageView &view);
    void show(const CoverageView &view);
    void onExported(const QString &path, const QString &error);
    void fetchFreshness();
    void onFreshnessLoaded(const QDate &from, const QDate &to,
                           const QList<doorstep::sync::PractitionerFreshness> &entries);
    void onFreshnessFailed(const QDate &from, const QDate &to, const QString &code, const QString &message);
    void setFreshness(FreshnessState state, const QString &message);
    bool isCurrentPeriod(const QDate &from, const QDate &to) const;

    StoreWorker *m_worker;
    SessionController *m_session;
    Clock m_clock;
    OptionModel *m_periods;
    CoverageRowsModel *m_stillFlagged;
    CoverageRowsModel *m_practitioners;
    CoverageRowsModel *m_freshness;
    FreshnessState m_freshnessState = FreshnessIdle;
    QString m_freshnessMessage;
    QHash<QString, QString> m_names; // practitioner id → name, from the server's answer
    QString m_period;
    bool m_active = false;
    bool m_loading = false;
    CoverageView m_view;
    QString m_exportFolder;
    bool m_exporting = false;
    QString m_exportMessage;
    QString m_exportError;
    static inline CoverageController *s_instance = nullptr;
};

} // namespace doorstep::app
