// doorstep: the Qt Quick app. Parses --profile, builds the services, loads the QML.
#include "app/appservices.h"
#include "platform/paths.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QUrl>
#include <QtQml/qqmlextensionplugin.h>

using namespace Qt::StringLiterals;

Q_IMPORT_QML_PLUGIN(Doorstep_AppPlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"Doorstep"_s);
    QGuiApplication::setApplicationVersion(QStringLiteral(DOORSTEP_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Records home visits to babies and children, offline."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption(
        u"profile"_s,
        u"The device profile folder (default: %1)."_s.arg(doorstep::platform::defaultProfileDir()), u"dir"_s);
    parser.addOption(profileOption);
    parser.process(app);
    const QString profileDir =
        parser.isSet(profileOption) ? parser.value(profileOption) : doorstep::platform::defaultProfileDir();

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
