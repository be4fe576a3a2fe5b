// Qt Quick Test for the app's pages. For each tst_*.qml file the setup builds a real encrypted
// store in a temporary folder (one health visitor's caseload with synthetic children), then the
// real AppServices over it with "today" pinned to 25 Nov 2026, as main() would.
#include "app/appservices.h"
#include "app/store/store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <memory>

using namespace Qt::StringLiterals;
using doorstep::store::Store;

Q_IMPORT_QML_PLUGIN(Doorstep_AppPlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

namespace {

const QByteArray TestPin = "482916";

// Today is 25 Nov 2026 in London; time still passes from 10:00 so back-off and ordering work.
Store::Clock pinnedClock()
{
    const QDateTime start(QDate(2026, 11, 25), QTime(10, 0), QTimeZone("Europe/London"));
    QElapsedTimer elapsed;
    elapsed.start();
    return [start = start.toUTC(), elapsed] {
        return start.addMSecs(elapsed.elapsed());
    };
}

template<typename T> T mustSucceed(doorstep::Result<T> result, const char *what)
{
    if (!result)
        qFatal("fixture: %s failed: %s %s", what, qPrintable(result.error().code),
               qPrintable(result.error().message));
    return std::move(result).value();
}

void mustSucceed(doorstep::Result<void> result, const char *what)
{
    if (!result)
        qFatal("fixture: %s failed: %s %s", what, qPrintable(result.error().code),
               qPrintable(result.error().message));
}

// A health visitor's caseload: a newborn 12 days old with no visit yet (amber: the new birth
// visit is due on days 10 to 14), a newborn 20 days old with none (red), and an older child.
void makeFixtureStore(const QString &profileDir, const Store::Clock &clock)
{
    auto store = mustSucceed(Store::create(profileDir, TestPin, clock), "create store");
    doorstep::store::DeviceIdentity identity;
    identity.deviceId = store->deviceId();
    identity.userId = u"test-user-1"_s;
    identity.userName = u"Test Practitioner"_s;
    identity.role = doorstep::Role::HealthVisitor;
    identity.teamId = u"test-team-1"_s;
    mustSucceed(store->setIdentity(identity), "set identity");

    const QDate today(2026, 11, 25);
    doorstep::Family familyA;
    familyA.teamId = identity.teamId;
    familyA.practitionerId = identity.userId;
    familyA.label = u"Test Family A"_s;
    familyA.postcode = u"ZZ99 1AA"_s;
    familyA.id = mustSucceed(store->saveFamily(familyA), "save family A");

    doorstep::Family familyB = familyA;
    familyB.id.clear();
    familyB.label = u"Test Family B"_s;
    familyB.postcode = u"ZZ99 2BB"_s;
    familyB.id = mustSucceed(store->saveFamily(familyB), "save family B");

    const auto addChild = [&](const QString &familyId, const QString &name, const QDate &born) {
        doorstep::Child child;
        child.familyId = familyId;
        child.name = name;
        child.dateOfBirth = born;
        mustSucceed(store->saveChild(child), "save child");
    };
    addChild(familyA.id, u"Test Baby One"_s, today.addDays(-12));
    addChild(familyB.id, u"Test Baby Two"_s, today.addDays(-20));
    addChild(familyB.id, u"Test Child Three"_s, QDate(2023, 3, 2));
}

} // namespace

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(u"Material"_s);
        // The QML tests save screenshots by bare file name; they land here.
        QDir().mkpath(QStringLiteral(DOORSTEP_SCREENSHOT_DIR));
        QDir::setCurrent(QStringLiteral(DOORSTEP_SCREENSHOT_DIR));
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // Qt 6.4 puts module resources at qrc:/<URI>/ but does not search qrc:/ by itself.
        engine->addImportPath(u"qrc:/"_s);

        m_services.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            qFatal("fixture: no temporary folder");
        const QString profileDir = m_dir->filePath(u"profile"_s);
        const Store::Clock clock = pinnedClock();
        makeFixtureStore(profileDir, clock);
        m_services = std::make_unique<doorstep::app::AppServices>(profileDir, clock);
        // The engine holds the singletons until it is gone; only then may they go.
        connect(engine, &QObject::destroyed, this, [this] { m_services.reset(); });
    }

    void cleanupTestCase()
    {
        m_services.reset();
        m_dir.reset();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<doorstep::app::AppServices> m_services;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)

#include "tst_qml.moc"
