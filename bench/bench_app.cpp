// App memory benchmark: prints figures, asserts nothing. Run: build-bench/bench/bench_app
// Peak RSS of the real app showing a 5k-child caseload: an encrypted store is made and filled
// with the synthetic caseload (families of two children, ten visits each, as bench_flags), then a
// fresh process of this program builds the app as main() does (AppServices, the QML engine
// loading Main.qml, Material style), unlocks it with the PIN through the session controller as
// the unlock page does, waits until the caseload page's list holds every child and a frame has
// been drawn, and reads its VmHWM. The window is drawn offscreen (QT_QPA_PLATFORM=offscreen
// unless set; under xvfb-run, xcb works too).
//
// Environment: DOORSTEP_BENCH_APP_CHILDREN=5000.
// To profile the app step alone: `bench_app --make DIR` makes the profile and keeps it, then
// `valgrind --tool=callgrind bench_app --show DIR` runs only the app on it.
#include "app/appservices.h"
#include "app/caseloadfilter.h"
#include "app/caseloadmodel.h"
#include "app/childrecordcontroller.h"
#include "app/sessioncontroller.h"
#include "app/store/store.h"
#include "bench/benchfigures.h"
#include "bench/syntheticcaseload.h"
#include "core/recordcodec.h"
#include "core/recordid.h"
#include "platform/memoryreuse.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>
#include <cstring>
#include <functional>

using namespace doorstep;
using namespace Qt::StringLiterals;

Q_IMPORT_QML_PLUGIN(Doorstep_AppPlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

using namespace doorstep::bench;

namespace {

const QByteArray pin = QByteArrayLiteral("benchmark passphrase");
const QString practitioner = u"user-bench"_s;

// The caseload as the changes a first pull would bring.
QList<Change> asChanges(const Caseload &caseload)
{
    QList<Change> changes;
    qint64 seq = 0;
    const auto add = [&](const QString &entity, const QString &id, const QString &familyId,
                         const QJsonObject &payload) {
        ++seq;
        changes.append(Change{newRecordId(), u"bench-server"_s, seq, entity, id, familyId,
                              u"%1-00000000-bench-server"_s.arg(1'764'000'000'000 + seq, 16, 10, QChar(u'0')),
                              payload});
    };
    QHash<QString, QString> familyOfChild;
    for (const Family &family : caseload.families)
        add(Entity::Family, family.id, family.id, toJson(family));
    for (const FamilyMember &member : caseload.members)
        add(Entity::FamilyMember, member.id, member.familyId, toJson(member));
    for (const Alert &alert : caseload.alerts)
        add(Entity::Alert, alert.id, alert.familyId, toJson(alert));
    for (const Child &child : caseload.children) {
        add(Entity::Child, child.id, child.familyId, toJson(child));
        familyOfChild.insert(child.id, child.familyId);
    }
    for (const Visit &visit : caseload.visits)
        add(Entity::Visit, visit.id, visit.familyId, toJson(visit));
    for (const ChildViews &views : caseload.views)
        add(Entity::ChildViews, views.id, familyOfChild.value(views.childId), toJson(views));
    return changes;
}

// An enrolled, encrypted profile holding `children` children; false (with a message) on failure.
bool makeProfile(const QString &profileDir, int children)
{
    auto created = store::Store::create(profileDir, pin);
    if (!created) {
        std::fprintf(stderr, "store: %s\n", qPrintable(created.error().message));
        return false;
    }
    store::Store &store = *created.value();
    store::DeviceIdentity identity;
    identity.userId = practitioner;
    identity.userName = u"Test Practitioner"_s;
    identity.teamId = u"team-bench"_s;
    // Nothing listens there: the sync the app starts on unlock ends at once as offline.
    identity.serverUrl = u"https://127.0.0.1:9"_s;
    if (auto set = store.setIdentity(identity); !set) {
        std::fprintf(stderr, "identity: %s\n", qPrintable(set.error().message));
        return false;
    }
    const Caseload caseload =
        bench::syntheticCaseload({children, 10, QDate::currentDate(), u"team-bench"_s, practitioner});
    if (auto applied = store.applyPulled(asChanges(caseload), u"1"_s, std::nullopt); !applied) {
        std::fprintf(stderr, "apply: %s\n", qPrintable(applied.error().message));
        return false;
    }
    return true;
}

// Runs this thread's event loop until `done` holds (checked on each of `signal`'s emissions and
// every 50 ms) or `timeoutMs` passes; whether it held.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(50);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

QQuickItem *findItem(QQuickItem *root, const QString &objectName)
{
    if (!root)
        return nullptr;
    if (root->objectName() == objectName && root->isVisible())
        return root;
    for (QQuickItem *child : root->childItems()) {
        if (QQuickItem *found = findItem(child, objectName))
            return found;
    }
    return nullptr;
}

// The child process: the app as main() builds it, unlocked, showing the caseload.
int showApp(int argc, char *argv[], const QString &profileDir, int children)
{
    QGuiApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(u"Doorstep"_s);
    QQuickStyle::setStyle(u"Material"_s);
    const double start = memoryMib("VmRSS:");

    app::AppServices services(profileDir);
    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/"_s);
    engine.load(QUrl(u"qrc:/Doorstep/Main.qml"_s));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window)
        return 1;
    window->resize(1280, 800);
    window->show();
    if (!waitUntil([&] { return services.session()->state() == app::SessionController::Locked; }, 60'000)) {
        std::fprintf(stderr, "the app did not come up locked\n");
        return 1;
    }
    const double locked = memoryMib("VmRSS:");

    QElapsedTimer timer;
    timer.start();
    services.session()->unlock(QString::fromUtf8(pin));
    // When the rows reached the model (the worker's part) and when the list showed them all.
    double modelMs = -1;
    QObject::connect(services.caseload(), &app::CaseloadModel::countChanged, window, [&] {
        if (modelMs < 0 && services.caseload()->count() >= children)
            modelMs = double(timer.nsecsElapsed()) / 1e6;
    });
    const auto listCount = [&] {
        QQuickItem *list = findItem(window->contentItem(), u"caseloadList"_s);
        return list ? list->property("count").toInt() : 0;
    };
    // Every child in the model, and the page's list showing all the filter lets through (all of
    // them unless a search is typed).
    const auto shown = [&] {
        return services.caseload()->count() >= children && listCount() > 0 &&
               listCount() == services.caseloadFilter()->rowCount();
    };
    if (!waitUntil(shown, 300'000)) {
        std::fprintf(stderr, "the caseload page did not show %d children (model %d, list %d)\n", children,
                     services.caseload()->count(), listCount());
        return 1;
    }
    // One more frame with the rows in it.
    bool drawn = false;
    QObject::connect(window, &QQuickWindow::frameSwapped, window, [&] { drawn = true; });
    window->update();
    waitUntil([&] { return drawn; }, 10'000);
    const double shownMs = double(timer.nsecsElapsed()) / 1e6;
    const double peak = memoryMib("VmHWM:");
    const double now = memoryMib("VmRSS:");
    // A tap on the first child: the worker builds the child's page from the caseload the store
    // keeps (read again only after a record was written), then the page shows it.
    app::ChildRecordController *record = services.childRecord();
    const QString childId = services.caseload()->index(0).data(app::CaseloadModel::ChildIdRole).toString();
    timer.restart();
    record->open(childId);
    if (!waitUntil([&] { return !record->isLoading() && record->childId() == childId; }, 60'000)) {
        std::fprintf(stderr, "the child's page did not open\n");
        return 1;
    }
    const double openMs = double(timer.nsecsElapsed()) / 1e6;
    std::printf("%-52s %10.1f MiB\n", "RSS before the app is built (Qt loaded)", start);
    std::printf("%-52s %10.1f MiB\n", "RSS with Main.qml loaded, locked", locked);
    std::printf("%-52s %10.1f ms\n", "unlock to every child in the caseload model", modelMs);
    std::printf("%-52s %10.1f ms\n", "unlock to caseload page showing every child", shownMs);
    std::printf("%-52s %10.1f MiB (%d children in the list, %s, %s)\n", "RSS with the caseload shown", now,
                listCount(), qPrintable(QGuiApplication::platformName()),
                drawn ? "frame drawn" : "no frame seen");
    std::printf("%-52s %10.1f MiB\n", "peak RSS (VmHWM) of the app process", peak);
    std::printf("%-52s %10.1f ms\n", "open the first child's page (its chronology)", openMs);
    std::printf("RESULT app_peak_rss_mib %.1f\nRESULT app_locked_rss_mib %.1f\nRESULT app_shown_ms %.1f\n"
                "RESULT app_open_child_ms %.1f\n",
                peak, locked, shownMs, openMs);
    std::fflush(stdout);
    // The engine goes before the services it shows, as in main().
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    platform::keepFreedMemoryForReuse(); // as the app and the server do
    const int children = qEnvironmentVariableIntValue("DOORSTEP_BENCH_APP_CHILDREN") > 0
                             ? qEnvironmentVariableIntValue("DOORSTEP_BENCH_APP_CHILDREN")
                             : 5000;
    if (argc == 3 && std::strcmp(argv[1], "--show") == 0) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        return showApp(argc, argv, QString::fromLocal8Bit(argv[2]), children);
    }
    if (argc == 3 && std::strcmp(argv[1], "--make") == 0) {
        QCoreApplication app(argc, argv);
        QLoggingCategory::setFilterRules(u"doorstep.*.info=false"_s);
        return makeProfile(QString::fromLocal8Bit(argv[2]), children) ? 0 : 1;
    }
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"doorstep.*.info=false"_s);
    QTemporaryDir dir;
    const QString profileDir = dir.filePath(u"profile"_s);
    QElapsedTimer timer;
    timer.start();
    if (!makeProfile(profileDir, children))
        return 1;
    std::printf(
        "Doorstep app (QML engine, Main.qml, controllers) unlocked on an encrypted store of %d children, "
        "%d visits\n",
        children, children * 10);
    std::printf("%-52s %10.1f s\n", "making the store (not part of the figure)",
                double(timer.nsecsElapsed()) / 1e9);
    std::fflush(stdout);
    // A fresh process, so that nothing of making the store counts.
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_LOGGING_RULES"_s, u"doorstep.*.info=false"_s);
    if (!environment.contains(u"XDG_RUNTIME_DIR"_s))
        environment.insert(u"XDG_RUNTIME_DIR"_s, dir.path()); // made 0700 by QTemporaryDir
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {u"--show"_s, profileDir});
    if (!child.waitForFinished(600'000) || child.exitStatus() != QProcess::NormalExit ||
        child.exitCode() != 0) {
        std::fputs(child.readAllStandardOutput().constData(), stdout);
        std::fprintf(stderr, "the app step failed\n");
        return 1;
    }
    std::fputs(child.readAllStandardOutput().constData(), stdout);
    return 0;
}
