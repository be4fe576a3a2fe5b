// doorstep-cli: the command-line client, over the same store and sync libraries as the app.
#include "command.h"

#include "platform/memoryreuse.h"
#include "platform/paths.h"

#include <QCoreApplication>
#include <QStandardPaths>

using namespace doorstep::cli;

namespace {

QString usage(const QList<Command> &commands)
{
    QString text = QObject::tr("Usage: doorstep-cli [--profile DIR] [--json] COMMAND [options]\n\n"
                               "The PIN is read from the terminal, or from standard input when that is "
                               "not a terminal.\n\nCommands:\n");
    for (const Command &command : commands)
        text += QStringLiteral("  %1  %2\n").arg(command.name.leftJustified(13), command.summary);
    text += QObject::tr("\n'doorstep-cli COMMAND --help' lists a command's options.\n");
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    doorstep::platform::keepFreedMemoryForReuse();
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Doorstep"));
    QCoreApplication::setApplicationName(QStringLiteral("Doorstep"));

    const QList<Command> commands = enrolmentCommands() + recordCommands() + householdCommands() +
                                    caseCommands() + queryCommands() + chronologyCommands() + syncCommands() +
                                    deviceCommands() + conflictCommands();

    QCommandLineParser global;
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption profileOption(QStringLiteral("profile"), QObject::tr("Device profile folder."),
                                           QStringLiteral("dir"), doorstep::platform::defaultProfileDir());
    const QCommandLineOption jsonOption(QStringLiteral("json"), QObject::tr("Print results as JSON."));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QObject::tr("Show help."));
    global.addOptions({profileOption, jsonOption, helpOption});
    global.addPositionalArgument(QStringLiteral("command"), QObject::tr("What to do."));

    const Console console(false);
    if (!global.parse(app.arguments()))
        return console.fail(global.errorText() + QLatin1Char('\n') + usage(commands), Usage);
    const QStringList rest = global.positionalArguments();
    if (global.isSet(helpOption) || rest.isEmpty()) {
        std::fputs(usage(commands).toUtf8().constData(), global.isSet(helpOption) ? stdout : stderr);
        return global.isSet(helpOption) ? Success : Usage;
    }

    const auto command = std::find_if(commands.cbegin(), commands.cend(),
                                      [&](const Command &c) { return c.name == rest.constFirst(); });
    if (command == commands.cend())
        return console.fail(QObject::tr("unknown command '%1'\n%2").arg(rest.constFirst(), usage(commands)),
                            Usage);

    QCommandLineParser parser;
    parser.addOptions(command->options);
    const QCommandLineOption commandHelp({QStringLiteral("h"), QStringLiteral("help")},
                                         QObject::tr("Show help."));
    parser.addOption(commandHelp);
    parser.setApplicationDescription(command->summary);
    if (!parser.parse(QStringList{QStringLiteral("doorstep-cli ") + command->name} + rest.mid(1)))
        return console.fail(parser.errorText(), Usage);
    if (parser.isSet(commandHelp)) {
        std::fputs(parser.helpText().toUtf8().constData(), stdout);
        return Success;
    }
    if (!parser.positionalArguments().isEmpty())
        return console.fail(
            QObject::tr("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()), Usage);

    const Console commandConsole(global.isSet(jsonOption));
    CommandContext context{commandConsole, global.value(profileOption), parser};
    return command->run(context);
}
