// Sync freshness on the supervisor's coverage page, against the real server process: the server
// names each practitioner with when their devices last synced; the page asks when it opens and
// when the period changes; with the server gone it says that freshness needs a connection. And
// CoverageFetch::parse refuses answers that are not a coverage report, saying what was wrong.
#include "app/appservices.h"
#include "app/coveragecontroller.h"
#include "app/coveragerowsmodel.h"
#include "app/freshnessrows.h"
#include "app/sessioncontroller.h"
#include "sync/client/coveragefetch.h"
#include "tests/support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using doorstep::app::AppServices;
using doorstep::app::CoverageController;
using doorstep::app::CoverageRow;
using doorstep::app::SessionController;
using doorstep::sync::CoverageFetch;
using doorstep::sync::PractitionerFreshness;
using doorstep::test::CommandResult;
using doorstep::test::ServerProcess;

namespace {

const QByteArray VisitorPin = "739154";
const QByteArray SupervisorPin = "582047";
constexpr int Slow = 60000;

QList<CoverageRow> rowsOf(const doorstep::app::CoverageRowsModel *model)
{
    QList<CoverageRow> rows;
    for (int i = 0; i < model->rowCount(); ++i) {
        const QModelIndex index = model->index(i);
        const QHash<int, QByteArray> roles = model->roleNames();
        CoverageRow row;
        row.id = model->data(index, roles.key("rowId")).toString();
        row.title = model->data(index, roles.key("title")).toString();
        row.detail = model->data(index, roles.key("detail")).toString();
        row.valueText = model->data(index, roles.key("valueText")).toString();
        rows.append(row);
    }
    return rows;
}

} // namespace

class TestCoverageFreshness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<ServerProcess>(m_dir.filePath(u"server"_s));
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        const CommandResult demo = m_server->admin({u"demo"_s, u"--today"_s, today});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        const QJsonObject demoData = QJsonDocument::fromJson(demo.out).object();
        QString visitorCode, supervisorCode;
        for (const auto &user : demoData[u"users"_s].toArray()) {
            if (user[u"role"_s].toString() == u"health_visitor"_s) {
                visitorCode = user[u"enrolmentCode"_s].toString();
                m_visitorId = user[u"id"_s].toString();
                m_visitorName = user[u"name"_s].toString();
            } else if (user[u"role"_s].toString() == u"supervisor"_s) {
                supervisorCode = user[u"enrolmentCode"_s].toString();
            }
        }
        QVERIFY(!visitorCode.isEmpty() && !supervisorCode.isEmpty() && !m_visitorName.isEmpty());
        // A practitioner who has no device yet: never synced.
        const CommandResult added =
            m_server->admin({u"user-add"_s, u"--name"_s, u"Test Newcomer"_s, u"--role"_s, u"social_worker"_s,
                             u"--team"_s, demoData[u"teamId"_s].toString()});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));

        // Both devices enrolled from a terminal; enrolment runs a first sync.
        for (const auto &[profile, code, pin] :
             {std::tuple{visitorProfile(), visitorCode, VisitorPin},
              std::tuple{supervisorProfile(), supervisorCode, SupervisorPin}}) {
            const CommandResult enrolled = doorstep::test::runCommand(
                QStringLiteral(DOORSTEP_CLI_PATH),
                {u"--profile"_s, profile, u"enrol"_s, u"--server"_s, m_server->url(), u"--code"_s, code,
                 u"--server-cert-sha256"_s, m_server->certificateSha256()},
                pin + '\n');
            QVERIFY2(enrolled.exitCode == 0, enrolled.err.constData());
        }
    }

    void parseRefusesWhatIsNotACoverageReport()
    {
        const QByteArray good =
            R"({"freshness":[{"practitionerId":"u1","name":"Test Practitioner","devices":1,)"
            R"("lastSyncedAt":"2026-11-24T16:30:00Z","unsynced":3},)"
            R"({"practitionerId":"u2","devices":0,"lastSyncedAt":null,"unsynced":0}]})";
        const auto parsed = CoverageFetch::parse(good);
        QVERIFY2(parsed.ok(), qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed.value().size(), 2);
        QCOMPARE(parsed.value().at(0).name, u"Test Practitioner"_s);
        QCOMPARE(parsed.value().at(0).lastSyncedAt,
                 QDateTime(QDate(2026, 11, 24), QTime(16, 30), QTimeZone::utc()));
        QCOMPARE(parsed.value().at(0).unsynced, 3);
        QVERIFY(!parsed.value().at(1).lastSyncedAt.isValid());
        QVERIFY(parsed.value().at(1).name.isEmpty());

        const QList<QByteArray> bad{
            "not json",
            "[]",
            R"({"newborns":1})",
            R"({"freshness":[1]})",
            R"({"freshness":[{"devices":1,"lastSyncedAt":null,"unsynced":0}]})",
            R"({"freshness":[{"practitionerId":"u1","devices":"one","lastSyncedAt":null,"unsynced":0}]})",
            R"({"freshness":[{"practitionerId":"u1","devices":1,"lastSyncedAt":null,"unsynced":-2}]})",
            R"({"freshness":[{"practitionerId":"u1","devices":1,"lastSyncedAt":"yesterday","unsynced":0}]})",
            R"({"freshness":[{"practitionerId":"u1","devices":1,"unsynced":0}]})",
            R"({"freshness":[{"practitionerId":"u1","name":7,"devices":1,"lastSyncedAt":null,"unsynced":0}]})",
        };
        for (const QByteArray &body : bad) {
            const auto refused = CoverageFetch::parse(body);
            QVERIFY2(!refused.ok(), body.constData());
            QCOMPARE(refused.error().code, CoverageFetch::BadAnswer);
            QVERIFY(
                refused.error().message.startsWith(u"The server's coverage answer could not be read: "_s));
        }
    }

    void rowsSayWhenEachLastSynced()
    {
        const QDate today(2026, 11, 25);
        const auto london = [](int day, int hour) {
            return QDateTime(QDate(2026, 11, day), QTime(hour, 0), QTimeZone("Europe/London")).toUTC();
        };
        const QList<CoverageRow> rows =
            doorstep::app::buildFreshnessRows({{u"u1"_s, u"Test One"_s, 1, london(25, 8), 0},
                                               {u"u2"_s, u"Test Two"_s, 2, london(24, 23), 1},
                                               {u"u3"_s, QString(), 1, london(10, 9), 5},
                                               {u"u4"_s, u"Test Four"_s, 0, QDateTime(), 0}},
                                              today);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(0).detail, u"Synced today"_s);
        QCOMPARE(rows.at(0).valueText, u"Nothing waiting to send"_s);
        QCOMPARE(rows.at(0).severity, QString());
        QCOMPARE(rows.at(1).detail, u"Not synced since 24 Nov 2026"_s);
        QCOMPARE(rows.at(1).valueText, u"1 change not synced"_s);
        QCOMPARE(rows.at(1).severity, u"amber"_s);
        QCOMPARE(rows.at(2).title, u"Practitioner u3"_s);
        QCOMPARE(rows.at(2).detail, u"Not synced since 10 Nov 2026"_s);
        QCOMPARE(rows.at(2).valueText, u"5 changes not synced"_s);
        QCOMPARE(rows.at(2).severity, u"red"_s);
        QCOMPARE(rows.at(3).detail, u"Never synced"_s);
    }

    void pageShowsFreshnessFromTheServer()
    {
        AppServices services(supervisorProfile());
        services.session()->unlock(QString::fromLatin1(SupervisorPin));
        QTRY_COMPARE_WITH_TIMEOUT(services.session()->state(), SessionController::Unlocked, Slow);
        QVERIFY(services.session()->isSupervisor());
        CoverageController *coverage = services.coverage();
        QSignalSpy freshness(coverage, &CoverageController::freshnessChanged);
        coverage->open();
        QVERIFY(coverage->isActive());
        QCOMPARE(coverage->freshnessState(), CoverageController::FreshnessLoading);
        QTRY_COMPARE_WITH_TIMEOUT(coverage->freshnessState(), CoverageController::FreshnessShown, Slow);

        const QList<CoverageRow> rows = rowsOf(coverage->freshness());
        QCOMPARE(rows.size(), 2); // the health visitor and the newcomer; supervisors hold no caseload
        QHash<QString, CoverageRow> byName;
        for (const CoverageRow &row : rows)
            byName.insert(row.title, row);
        QVERIFY2(byName.contains(m_visitorName), "the server names the practitioner");
        QCOMPARE(byName.value(m_visitorName).id, m_visitorId);
        QCOMPARE(byName.value(m_visitorName).detail, u"Synced today"_s);
        QCOMPARE(byName.value(m_visitorName).valueText, u"Nothing waiting to send"_s);
        QCOMPARE(byName.value(u"Test Newcomer"_s).detail, u"Never synced"_s);

        // A new period asks again.
        freshness.clear();
        coverage->setPeriod(u"last_3_months"_s);
        QCOMPARE(coverage->freshnessState(), CoverageController::FreshnessLoading);
        QTRY_COMPARE_WITH_TIMEOUT(coverage->freshnessState(), CoverageController::FreshnessShown, Slow);
        QCOMPARE(coverage->freshness()->rowCount(), 2);

        // The server gone: the page says so instead of hiding the section.
        QCOMPARE(m_server->stop(), 0);
        coverage->setPeriod(u"last_12_months"_s);
        QTRY_COMPARE_WITH_TIMEOUT(coverage->freshnessState(), CoverageController::FreshnessOffline, Slow);
        QVERIFY(coverage->freshnessMessage().startsWith(u"Sync freshness needs a connection"_s));
        QCOMPARE(coverage->freshness()->rowCount(), 0);

        coverage->close();
        QCOMPARE(coverage->freshnessState(), CoverageController::FreshnessIdle);
    }

private:
    QString visitorProfile() const { return m_dir.filePath(u"visitor"_s); }
    QString supervisorProfile() const { return m_dir.filePath(u"supervisor"_s); }

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_visitorId;
    QString m_visitorName;
};

QTEST_MAIN(TestCoverageFreshness)
#include "tst_coveragefreshness.moc"
