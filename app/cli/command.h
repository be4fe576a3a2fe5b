// A doorstep-cli subcommand: its name, a line of help, its options, and what it does.
#pragma once

#include "cliconsole.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>

#include <functional>

namespace doorstep::cli {

struct CommandContext
{
    const Console &console;
    QString profileDir;
    const QCommandLineParser &args; // the subcommand's own options, already parsed
};

struct Command
{
    QString name;
    QString summary;
    QList<QCommandLineOption> options;
    std::function<int(CommandContext &)> run;
};

QList<Command> enrolmentCommands(); // enrol, status
QList<Command> recordCommands();    // add-family, add-child, record-visit
QList<Command> queryCommands();     // caseload, flags, outbox
QList<Command> syncCommands();      // sync
QList<Command> householdCommands(); // add-member, update-family, update-child
QList<Command> caseCommands();      // record-views, record-offer, add-alert, close-alert, review-alert, amend
QList<Command> chronologyCommands(); // chronology
QList<Command> deviceCommands();     // change-pin, lock-state, wipe
QList<Command> conflictCommands();   // conflicts

} // namespace doorstep::cli
