// doorstep: the Qt Quick app. Parses --profile, builds the services, loads the QML.
#include "app/appservices.h"
#include "platform/memoryreuse.h"
#include "platform/paths.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QUrl>
#include <QtQml/qqmlextensionplugin.h>

#include <cstring>

using namespace Qt::StringLiterals;

Q_IMPORT_QML_PLUGIN(Doorstep_AppPlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(u"Doorstep"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DOORSTEP_VERSION));
}

struct Options
{
    QCommandLineParser parser;
    QCommandLineOption profile{
        u"profile"_s,
        u"The device profile folder (default: %1)."_s.arg(doorstep::platform::defaultProfileDir()), u"dir"_s};

    Options()
    {
        parser.setApplicationDescription(u"Records home visits to babies and children, offline."_s);
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(profile);
    }
};

// --help and --version answer without a display: a QGuiApplication would need a window system
// (and abort without one) before the parser could print anything.
bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "--help-all", "-?", "-v", "--version"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    doorstep::platform::keepFreedMemoryForReuse();
    if (asksForHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        Options options;
        options.parser.process(app); // prints and exits
        return 0;
    }

    QGuiApplication app(argc, argv);
    describeApplication();
    Options options;
    options.parser.process(app);
    const QString profileDir = options.parser.isSet(options.profile)
                                   ? options.parser.value(options.profile)
                                   : doorstep::platform::defaultProfileDir();

    QQuickStyle::setStyle(u"Material"_s);

    // Built before the engine and so destroyed after it: QML never sees a dangling singleton.
    doorstep::app::AppServices services(profileDir);

    QQmlApplicationEngine engine;
    // Qt 6.4 puts module resources at qrc:/<URI>/ but does not search qrc:/ for modules itself.
    engine.addImportPath(u"qrc:/"_s);
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    engine.load(QUrl(u"qrc:/Doorstep/Main.qml"_s));
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}
