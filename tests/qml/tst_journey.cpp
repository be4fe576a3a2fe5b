// The journey through the real app window, as main() builds it (AppServices, then Main.qml in a
// QQmlApplicationEngine), against the real server process with its synthetic demo data: a health
// visitor enrols in the app, locks and unlocks, finds the flagged newborn, records a face-to-face
// visit through the form, sees the flag clear and syncs; then a supervisor's profile (enrolled
// with doorstep-cli before the visit) opens in the app, syncs and sees the visit on its coverage
// page, and exports it as CSV. The test only finds items (by objectName) and reads them; everything it does
// is a click or a key press in the window. Screenshots at phone and tablet size land in the build folder.
#include "app/appservices.h"
#include "app/coveragecontroller.h"
#include "app/coveragerowsmodel.h"
#include "app/sessioncontroller.h"
#include "app/syncstatus.h"
#include "tests/support/serverprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

#include <memory>

using namespace Qt::StringLiterals;
using doorstep::app::AppServices;
using doorstep::app::CoverageController;
using doorstep::app::SessionController;
using doorstep::app::SyncStatus;
using doorstep::test::CommandResult;
using doorstep::test::ServerProcess;

Q_IMPORT_QML_PLUGIN(Doorstep_AppPlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

namespace {

constexpr int Slow = 60000; // Argon2id, TLS and the store worker on a loaded CI machine
const QString NewbornName = u"Synthetic Baby Ash"_s;
const QByteArray VisitorPin = "739154";
const QByteArray SupervisorPin = "582047";

const QSize PhoneSize(412, 915);
const QSize TabletSize(1280, 800);

// Items under `root`, in the QObject tree and the visual tree (Loaders, popups' content).
void collect(QObject *root, const QString &objectName, QList<QQuickItem *> &found)
{
    if (auto *item = qobject_cast<QQuickItem *>(root)) {
        if (item->objectName() == objectName && !found.contains(item))
            found.append(item);
        for (QQuickItem *child : item->childItems())
            collect(child, objectName, found);
    }
    for (QObject *child : root->children()) {
        if (!qobject_cast<QQuickItem *>(child) || !qobject_cast<QQuickItem *>(root))
            collect(child, objectName, found);
    }
}

} // namespace

class TestJourney : public QObject
{
    Q_OBJECT

    // The app as main() makes it, on one profile folder.
    struct App
    {
        std::unique_ptr<AppServices> services;
        std::unique_ptr<QQmlApplicationEngine> engine;
        QQuickWindow *window = nullptr;
    };

    bool openApp(const QString &profileDir)
    {
        m_app.services = std::make_unique<AppServices>(profileDir);
        m_app.engine = std::make_unique<QQmlApplicationEngine>();
        m_app.engine->addImportPath(u"qrc:/"_s);
        m_app.engine->load(QUrl(u"qrc:/Doorstep/Main.qml"_s));
        if (m_app.engine->rootObjects().isEmpty())
            return false;
        m_app.window = qobject_cast<QQuickWindow *>(m_app.engine->rootObjects().constFirst());
        if (!m_app.window)
            return false;
        m_app.window->resize(TabletSize);
        return QTest::qWaitForWindowExposed(m_app.window);
    }

    void closeApp()
    {
        // The engine goes before the services it shows, as in main().
        m_app.engine.reset();
        m_app.services.reset();
        m_app.window = nullptr;
    }

    // Every visible item with this objectName.
    QList<QQuickItem *> visibleItems(const QString &objectName) const
    {
        QList<QQuickItem *> found;
        collect(m_app.window->contentItem(), objectName, found);
        QList<QQuickItem *> shown;
        for (QQuickItem *item : std::as_const(found)) {
            if (item->isVisible() && item->width() > 0 && item->height() > 0)
                shown.append(item);
        }
        return shown;
    }

    QQuickItem *item(const QString &objectName) const
    {
        const QList<QQuickItem *> shown = visibleItems(objectName);
        return shown.isEmpty() ? nullptr : shown.constFirst();
    }

    // The caseload row showing the named child, when it is on screen.
    QQuickItem *rowFor(const QString &name) const
    {
        for (QQuickItem *row : visibleItems(u"childDelegate"_s)) {
            if (row->property("name").toString() == name)
                return row;
        }
        return nullptr;
    }

    // Scrolls the Flickable holding `target` (a form) until it is in view, as a finger would.
    static void scrollIntoView(QQuickItem *target)
    {
        for (QQuickItem *p = target->parentItem(); p; p = p->parentItem()) {
            if (!p->inherits("QQuickFlickable") || p->inherits("QQuickItemView"))
                continue;
            auto *content = p->property("contentItem").value<QQuickItem *>();
            if (!content)
                return;
            const qreal top = target->mapToItem(content, QPointF(0, 0)).y();
            const qreal y = p->property("contentY").toReal();
            if (top >= y && top + target->height() <= y + p->height())
                return;
            const qreal maxY = std::max<qreal>(0, p->property("contentHeight").toReal() - p->height());
            p->setProperty("contentY", std::clamp<qreal>(top - p->height() / 3, 0, maxY));
            return;
        }
    }

    // A tap on the middle of the item.
    bool click(QQuickItem *target)
    {
        if (!target || !target->isEnabled())
            return false;
        scrollIntoView(target);
        // Layouts place what has just appeared (the toolbar after unlocking) when polished,
        // before the next frame: aim only once they have, or the tap lands where it was.
        if (!QQuickTest::qWaitForPolish(m_app.window))
            return false;
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_app.window, Qt::LeftButton, {}, centre.toPoint());
        return true;
    }

    // Taps the field and types into it.
    bool type(QQuickItem *field, const QString &text)
    {
        if (!click(field))
            return false;
        if (!field->hasActiveFocus())
            return false;
        for (const QChar c : text)
            QTest::keyClick(m_app.window, c.toLatin1());
        return field->property("text").toString() == text;
    }

    // Opens a combo box's list and taps the option whose value this is.
    bool choose(QQuickItem *combo, const QString &value)
    {
        int index = -1;
        QMetaObject::invokeMethod(combo, "indexOfValue", Q_RETURN_ARG(int, index), Q_ARG(QVariant, value));
        if (index < 0 || !click(combo))
            return false;
        auto *popup = combo->property("popup").value<QObject *>();
        if (!popup || !QTest::qWaitFor([popup] { return popup->property("opened").toBool(); }, 5000))
            return false;
        auto *list = popup->property("contentItem").value<QQuickItem *>();
        constexpr int Contain = 4; // ListView.Contain
        QMetaObject::invokeMethod(list, "positionViewAtIndex", Q_ARG(int, index), Q_ARG(int, Contain));
        QQuickItem *option = nullptr;
        QMetaObject::invokeMethod(list, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, option), Q_ARG(int, index));
        if (!click(option))
            return false;
        if (!QTest::qWaitFor([popup] { return !popup->property("visible").toBool(); }, 5000))
            return false;
        return combo->property("currentValue").toString() == value;
    }

    // Saves what the window shows at phone and at tablet size: <build>/screenshots/journey-NAME-*.png.
    void screenshots(const QString &name)
    {
        for (const QSize &size : {PhoneSize, TabletSize}) {
            m_app.window->resize(size);
            // The layout for the new size (one pane or two) follows the content item's width.
            QTRY_COMPARE(m_app.window->contentItem()->size(), QSizeF(size));
            const QImage image = m_app.window->grabWindow();
            QVERIFY(!image.isNull());
            const QString file = u"%1/journey-%2-%3.png"_s.arg(m_screenshotDir, name,
                                                               size == PhoneSize ? u"phone"_s : u"tablet"_s);
            QVERIFY2(image.save(file), qPrintable(file));
        }
    }

    void unlockWith(const QByteArray &pin)
    {
        QTRY_VERIFY_WITH_TIMEOUT(item(u"unlockPage"_s), Slow);
        QTRY_VERIFY(item(u"pinField"_s) && item(u"pinField"_s)->isEnabled());
        QVERIFY(type(item(u"pinField"_s), QString::fromLatin1(pin)));
        QVERIFY(click(item(u"unlockButton"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(item(u"caseloadList"_s), Slow);
    }

    void syncThroughTheBar()
    {
        SyncStatus *status = m_app.services->syncStatus();
        QTRY_VERIFY_WITH_TIMEOUT(item(u"syncNowButton"_s) && item(u"syncNowButton"_s)->isEnabled(), Slow);
        QVERIFY(click(item(u"syncNowButton"_s)));
        QTRY_COMPARE_WITH_TIMEOUT(status->state(), SyncStatus::AllSent, Slow);
        QCOMPARE(status->pendingCount(), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(u"Material"_s);
        QVERIFY(m_dir.isValid());
        m_screenshotDir = QStringLiteral(DOORSTEP_SCREENSHOT_DIR);
        QVERIFY(QDir().mkpath(m_screenshotDir));

        m_server = std::make_unique<ServerProcess>(m_dir.filePath(u"server"_s));
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        const CommandResult demo = m_server->admin({u"demo"_s, u"--today"_s, today});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        const QJsonObject demoData = QJsonDocument::fromJson(demo.out).object();
        for (const auto &user : demoData[u"users"_s].toArray()) {
            if (user[u"role"_s].toString() == u"health_visitor"_s)
                m_visitorCode = user[u"enrolmentCode"_s].toString();
            else if (user[u"role"_s].toString() == u"supervisor"_s)
                m_supervisorCode = user[u"enrolmentCode"_s].toString();
        }
        QVERIFY(!m_visitorCode.isEmpty());
        QVERIFY(!m_supervisorCode.isEmpty());
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));

        // The supervisor's device, enrolled from a terminal before anyone visits the newborn.
        const CommandResult enrolled = doorstep::test::runCommand(
            QStringLiteral(DOORSTEP_CLI_PATH),
            {u"--profile"_s, supervisorProfile(), u"enrol"_s, u"--server"_s, m_server->url(), u"--code"_s,
             m_supervisorCode, u"--server-cert-sha256"_s, m_server->certificateSha256()},
            SupervisorPin + '\n');
        QVERIFY2(enrolled.exitCode == 0, enrolled.err.constData());
    }

    void enrolInTheApp()
    {
        QVERIFY(openApp(visitorProfile()));
        QTRY_VERIFY(item(u"notEnrolledPage"_s));
        QVERIFY(type(item(u"serverField"_s), m_server->url()));
        QVERIFY(type(item(u"codeField"_s), m_visitorCode));
        QVERIFY(type(item(u"certificateField"_s), m_server->certificateSha256()));
        QVERIFY(type(item(u"newPinField"_s), QString::fromLatin1(VisitorPin)));
        QVERIFY(type(item(u"confirmPinField"_s), QString::fromLatin1(VisitorPin)));
        screenshots(u"enrolment"_s);
        QVERIFY(click(item(u"enrolButton"_s)));
        QTRY_VERIFY(item(u"enrolProgressText"_s));
        // The first sync brings the caseload, then the caseload opens.
        QTRY_VERIFY_WITH_TIMEOUT(rowFor(NewbornName), Slow);
        QVERIFY(item(u"enrolButton"_s) == nullptr);
    }

    void lockAndUnlock()
    {
        QVERIFY(click(item(u"lockButton"_s)));
        QTRY_VERIFY(item(u"unlockPage"_s));
        QVERIFY2(!rowFor(NewbornName), "nothing of the caseload shows while locked");
        screenshots(u"unlock"_s);
        unlockWith(VisitorPin);
    }

    void findTheFlaggedNewborn()
    {
        QVERIFY(type(item(u"searchField"_s), u"Ash"_s));
        QTRY_COMPARE(visibleItems(u"childDelegate"_s).size(), 1);
        QQuickItem *row = rowFor(NewbornName);
        QVERIFY(row);
        QVERIFY2(row->property("flagged").toBool(), "a newborn with no face-to-face visit is flagged");
        QVERIFY(!row->property("flagReason").toString().isEmpty());
        QVERIFY(!row->property("flagToClear").toString().isEmpty());
        // The whole caseload again, flagged first, for the pictures.
        QQuickItem *search = item(u"searchField"_s);
        QVERIFY(click(search));
        QTest::keyClick(m_app.window, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(m_app.window, Qt::Key_Backspace);
        QTRY_VERIFY(visibleItems(u"childDelegate"_s).size() > 1);
        QCOMPARE(visibleItems(u"childDelegate"_s).constFirst()->property("name").toString(), NewbornName);
        screenshots(u"caseload"_s);

        QVERIFY(click(rowFor(NewbornName)));
        QTRY_VERIFY(item(u"childPage"_s));
        QTRY_COMPARE(item(u"childRecordName"_s)->property("text").toString(), NewbornName);
        screenshots(u"child"_s);
    }

    void recordAFaceToFaceVisit()
    {
        QTRY_VERIFY(item(u"recordVisitButton"_s));
        QVERIFY(click(item(u"recordVisitButton"_s)));
        QTRY_VERIFY(item(u"recordVisitPage"_s));
        QTRY_COMPARE(item(u"formChildName"_s)->property("text").toString(), NewbornName);

        QVERIFY(choose(item(u"contactTypeField"_s), u"face_to_face_home"_s));
        QVERIFY(choose(item(u"outcomeField"_s), u"completed"_s));
        QQuickItem *seen = item(u"seenField"_s);
        QVERIFY(click(seen));
        QTRY_VERIFY(seen->property("checked").toBool());
        QVERIFY(type(item(u"presentField"_s), u"Synthetic Parent Ash"_s));
        QVERIFY(type(item(u"observationsField"_s), u"Synthetic: feeding well, settled in a cot."_s));
        QVERIFY(type(item(u"presentationField"_s), u"Synthetic: alert, followed faces."_s));
        screenshots(u"record-visit"_s);

        QVERIFY(click(item(u"saveVisitButton"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(!item(u"recordVisitPage"_s), Slow);
        QCOMPARE(item(u"formError"_s), nullptr);
        // The flag clears on the device at once, before any sync.
        QTRY_VERIFY_WITH_TIMEOUT(rowFor(NewbornName) && !rowFor(NewbornName)->property("flagged").toBool(),
                                 Slow);
        QTRY_VERIFY(item(u"savedNotice"_s));
        QVERIFY(m_app.services->syncStatus()->pendingCount() > 0);
    }

    void syncTheVisit()
    {
        syncThroughTheBar();
        screenshots(u"synced"_s);
        closeApp();
    }

    void supervisorSeesItOnCoverage()
    {
        QVERIFY(openApp(supervisorProfile()));
        unlockWith(SupervisorPin);
        QVERIFY(m_app.services->session()->isSupervisor());
        QVERIFY(click(item(u"coverageButton"_s)));
        QTRY_VERIFY(item(u"coveragePage"_s));
        // This profile was enrolled before the visit, so the visit reached it through the app's own
        // sync (on unlock, and again from the bar).
        syncThroughTheBar();
        QTRY_COMPARE_WITH_TIMEOUT(item(u"seenFigure"_s)->property("text").toString(), u"1 of 1"_s, Slow);
        QCOMPARE(m_app.services->coverage()->stillFlagged()->count(), 0);
        QVERIFY(visibleItems(u"chartBar"_s).size() >= 4);
        // Sync freshness from the server: the health visitor, named, synced today with nothing left.
        QTRY_COMPARE_WITH_TIMEOUT(m_app.services->coverage()->freshnessState(),
                                  CoverageController::FreshnessShown, Slow);
        const auto *freshness = m_app.services->coverage()->freshness();
        QCOMPARE(freshness->rowCount(), 1);
        const QHash<int, QByteArray> roles = freshness->roleNames();
        QCOMPARE(freshness->data(freshness->index(0), roles.key("title")).toString(),
                 u"Demo Health Visitor"_s);
        QCOMPARE(freshness->data(freshness->index(0), roles.key("detail")).toString(), u"Synced today"_s);
        QCOMPARE(freshness->data(freshness->index(0), roles.key("valueText")).toString(),
                 u"Nothing waiting to send"_s);
        screenshots(u"coverage"_s);
    }

    void supervisorExportsCsv()
    {
        const QString folder = m_dir.filePath(u"exports"_s);
        QQuickItem *field = item(u"exportFolderField"_s);
        QVERIFY(field);
        QVERIFY(click(field));
        QTest::keyClick(m_app.window, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(m_app.window, Qt::Key_Backspace);
        QVERIFY(type(field, folder));
        QVERIFY(click(item(u"exportButton"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(!item(u"exportMessage"_s)->property("text").toString().isEmpty(), Slow);
        QVERIFY(item(u"exportError"_s) == nullptr);

        const QDir exports(folder);
        const QStringList files = exports.entryList({u"doorstep-coverage-*.csv"_s}, QDir::Files);
        QCOMPARE(files.size(), 1);
        QVERIFY2(item(u"exportMessage"_s)->property("text").toString().contains(files.constFirst()),
                 "the page says where the file went");
        QFile file(exports.filePath(files.constFirst()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString csv = QString::fromUtf8(file.readAll());
        QVERIFY2(csv.contains(u"newborns,1\r\n"_s), qPrintable(csv));
        QVERIFY(csv.contains(u"newborns_seen_by_day_14,1\r\n"_s));
        QVERIFY(csv.contains(u"face_to_face_home,"_s));
        QVERIFY2(!csv.contains(NewbornName), "the export names no child");
        closeApp();
    }

    void cleanupTestCase()
    {
        closeApp();
        m_server.reset();
    }

private:
    QString visitorProfile() const { return m_dir.filePath(u"visitor"_s); }
    QString supervisorProfile() const { return m_dir.filePath(u"supervisor"_s); }

    QTemporaryDir m_dir;
    QString m_screenshotDir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_visitorCode;
    QString m_supervisorCode;
    App m_app;
};

QTEST_MAIN(TestJourney)
#include "tst_journey.moc"
