// doorstep-server: `serve` runs the sync API, `admin` manages users, devices and settings.
#include "platform/memoryreuse.h"
#include "sync/server/commands.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    doorstep::platform::keepFreedMemoryForReuse();
    // Log lines carry the time; QT_MESSAGE_PATTERN still overrides this.
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{category} %{message}"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("doorstep-server"));
    const QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    if (command == QLatin1String("serve"))
        return doorstep::server::runServe(arguments);
    if (command == QLatin1String("admin"))
        return doorstep::server::runAdmin(arguments);
    QTextStream(stderr)
        << "Usage: doorstep-server serve --data-dir DIR [--listen HOST:PORT] [--database URL] "
           "[--plain-http]\n"
           "       doorstep-server admin --data-dir DIR [--database URL] <command> [options]\n"
           "Add --help after serve or admin for details.\n";
    return 2;
}
