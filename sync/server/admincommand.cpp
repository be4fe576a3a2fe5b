#include "changelog.h"
#include "commands.h"
#include "database.h"
#include "demodata.h"
#include "directory.h"
#include "freshness.h"
#include "settingsstore.h"

#include "core/coverage.h"
#include "core/flagjson.h"
#include "core/flags.h"
#include "core/vocabulary.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTextStream>
#include <QTimeZone>

#include <functional>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const Error &error)
{
    err() << "doorstep-server admin: " << error.message;
    if (!error.field.isEmpty())
        err() << " (" << error.field << ")";
    err() << Qt::endl;
    return 1;
}

int usage(const QString &message)
{
    err() << "doorstep-server admin: " << message << Qt::endl;
    return 2;
}

qint64 nowMillis()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString formatMillis(const std::optional<qint64> &millis)
{
    if (!millis)
        return u"-"_s;
    return QDateTime::fromMSecsSinceEpoch(*millis, QTimeZone::utc()).toString(Qt::ISODate);
}

struct Admin
{
    QCommandLineParser &parser;
    Database database;

    // The option's value, or a usage error when it is required and missing.
    std::optional<QString> value(const QString &name)
    {
        if (!parser.isSet(name) || parser.value(name).isEmpty())
            return std::nullopt;
        return parser.value(name);
    }

    Result<QDate> date(const QString &name, bool required)
    {
        const auto text = value(name);
        if (!text) {
            if (required)
                return makeError(u"usage"_s, u"--%1 YYYY-MM-DD is required."_s.arg(name), name);
            return QDate::currentDate();
        }
        const QDate parsed = QDate::fromString(*text, Qt::ISODate);
        if (!parsed.isValid())
            return makeError(u"usage"_s, u"--%1 must be a date as YYYY-MM-DD."_s.arg(name), name);
        return parsed;
    }

    Result<QString> team()
    {
        const auto id = value(u"team"_s);
        if (!id)
            return makeError(u"usage"_s, u"--team TEAMID is required."_s, u"team"_s);
        auto exists = Directory(database).teamExists(*id);
        if (!exists)
            return exists.error();
        if (!exists.value())
            return makeError(u"not_found"_s, u"There is no team with id %1."_s.arg(*id), u"team"_s);
        return *id;
    }

    Result<std::pair<Caseload, RuleSettings>> teamRecords(const QString &teamId)
    {
        auto caseload = ChangeLog(database).caseload(Scope::team(teamId));
        if (!caseload)
            return caseload.error();
        auto settings = SettingsStore(database).current();
        if (!settings)
            return settings.error();
        return std::pair{caseload.value(), settings.value()};
    }
};

int required(const std::optional<QString> &value, const QString &option, QString *target)
{
    if (!value)
        return usage(u"--%1 is required."_s.arg(option));
    *target = *value;
    return 0;
}

int teamAdd(Admin &admin)
{
    QString name;
    if (int status = required(admin.value(u"name"_s), u"name"_s, &name))
        return status;
    auto id = Directory(admin.database).addTeam(name, nowMillis());
    if (!id)
        return fail(id.error());
    out() << id.value() << Qt::endl;
    return 0;
}

int userAdd(Admin &admin)
{
    QString name, roleToken, teamId;
    if (int status = required(admin.value(u"name"_s), u"name"_s, &name))
        return status;
    if (int status = required(admin.value(u"role"_s), u"role"_s, &roleToken))
        return status;
    if (int status = required(admin.value(u"team"_s), u"team"_s, &teamId))
        return status;
    const auto role = roleFromToken(roleToken);
    if (!role) {
        return usage(u"--role must be one of midwife, health_visitor, social_worker, supervisor, "
                     u"administrator."_s);
    }
    auto id = Directory(admin.database).addUser(name, *role, teamId, nowMillis());
    if (!id)
        return fail(id.error());
    out() << id.value() << Qt::endl;
    return 0;
}

int enrolmentCode(Admin &admin)
{
    QString userId;
    if (int status = required(admin.value(u"user"_s), u"user"_s, &userId))
        return status;
    auto code = Directory(admin.database).issueEnrolmentCode(userId, nowMillis());
    if (!code)
        return fail(code.error());
    out() << code.value() << Qt::endl;
    return 0;
}

int devices(Admin &admin)
{
    auto list = Directory(admin.database).devices();
    if (!list)
        return fail(list.error());
    out() << "id\tuser\tenrolled\tlast seen\trevoked" << Qt::endl;
    for (const Device &device : list.value()) {
        out() << device.id << '\t' << device.userId << '\t' << formatMillis(device.enrolledAt) << '\t'
              << formatMillis(device.lastSeenAt) << '\t' << formatMillis(device.revokedAt) << Qt::endl;
    }
    return 0;
}

int revoke(Admin &admin)
{
    QString deviceId;
    if (int status = required(admin.value(u"device"_s), u"device"_s, &deviceId))
        return status;
    if (auto done = Directory(admin.database).revoke(deviceId, nowMillis()); !done)
        return fail(done.error());
    out() << "revoked " << deviceId << Qt::endl;
    return 0;
}

int settingsShow(Admin &admin)
{
    auto settings = SettingsStore(admin.database).current();
    if (!settings)
        return fail(settings.error());
    out() << QString::fromUtf8(QJsonDocument(settings.value().toJson()).toJson(QJsonDocument::Indented));
    out().flush();
    return 0;
}

int settingsSet(Admin &admin)
{
    QString path;
    if (int status = required(admin.value(u"file"_s), u"file"_s, &path))
        return status;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(makeError(u"io"_s, u"Could not read %1."_s.arg(path), u"file"_s));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return fail(makeError(u"invalid"_s,
                              u"%1 is not a JSON object: %2 at byte %3."_s.arg(path, parseError.errorString())
                                  .arg(parseError.offset)));
    }
    auto settings = RuleSettings::fromJson(document.object());
    if (!settings) {
        return fail(makeError(u"invalid"_s, u"The settings were refused: %1"_s.arg(settings.error().message),
                              settings.error().field));
    }
    if (auto saved = SettingsStore(admin.database).set(settings.value(), nowMillis()); !saved)
        return fail(saved.error());
    out() << QString::fromUtf8(QJsonDocument(settings.value().toJson()).toJson(QJsonDocument::Indented));
    out().flush();
    return 0;
}

int coverage(Admin &admin)
{
    auto teamId = admin.team();
    if (!teamId)
        return teamId.error().code == "usage"_L1 ? usage(teamId.error().message) : fail(teamId.error());
    auto from = admin.date(u"from"_s, true);
    auto to = admin.date(u"to"_s, true);
    auto today = admin.date(u"today"_s, false);
    for (const auto *date : {&from, &to, &today}) {
        if (!*date)
            return usage(date->error().message);
    }
    if (to.value() < from.value())
        return usage(u"--to must not be before --from."_s);
    const QString format = admin.value(u"format"_s).value_or(u"csv"_s);
    if (format != "csv"_L1 && format != "json"_L1)
        return usage(u"--format must be csv or json."_s);
    auto records = admin.teamRecords(teamId.value());
    if (!records)
        return fail(records.error());
    const Coverage result = computeCoverage(records.value().first, records.value().second, from.value(),
                                            to.value(), today.value());
    auto freshness = Freshness(admin.database).team(teamId.value());
    if (!freshness)
        return fail(freshness.error());
    if (format == "json"_L1) {
        QJsonObject json = result.toJson();
        json.insert(u"freshness"_s, Freshness::toJson(freshness.value()));
        out() << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    } else {
        out() << result.toCsv() << u"\r\n"_s << Freshness::toCsv(freshness.value());
    }
    out().flush();
    return 0;
}

int flags(Admin &admin)
{
    auto teamId = admin.team();
    if (!teamId)
        return teamId.error().code == "usage"_L1 ? usage(teamId.error().message) : fail(teamId.error());
    auto today = admin.date(u"today"_s, false);
    if (!today)
        return usage(today.error().message);
    auto records = admin.teamRecords(teamId.value());
    if (!records)
        return fail(records.error());
    const QList<Flag> list = computeFlags(records.value().first, records.value().second, today.value());
    if (admin.parser.isSet(u"json"_s)) {
        out() << QString::fromUtf8(QJsonDocument(toJson(list)).toJson(QJsonDocument::Indented));
    } else {
        for (const Flag &flag : list) {
            out() << toToken(flag.severity) << '\t' << toToken(flag.kind) << "\tfamily=" << flag.familyId
                  << "\tchild=" << (flag.childId.isEmpty() ? u"-"_s : flag.childId)
                  << "\tdaysOverdue=" << flag.daysOverdue << '\t' << flag.reason << Qt::endl;
        }
    }
    out().flush();
    return 0;
}

int demo(Admin &admin)
{
    auto today = admin.date(u"today"_s, false);
    if (!today)
        return usage(today.error().message);
    auto created = createDemoData(admin.database, today.value(), nowMillis());
    if (!created)
        return fail(created.error());
    out() << QString::fromUtf8(QJsonDocument(created.value()).toJson(QJsonDocument::Indented));
    out().flush();
    return 0;
}

int reassign(Admin &admin)
{
    QString familyId, practitionerId;
    if (int status = required(admin.value(u"family"_s), u"family"_s, &familyId))
        return status;
    if (int status = required(admin.value(u"practitioner"_s), u"practitioner"_s, &practitionerId))
        return status;
    auto user = Directory(admin.database).user(practitionerId);
    if (!user)
        return fail(user.error());
    if (!user.value())
        return fail(makeError(u"not_found"_s, u"There is no user with id %1."_s.arg(practitionerId),
                              u"practitioner"_s));
    if (user.value()->role == Role::Supervisor || user.value()->role == Role::Administrator)
        return fail(makeError(
            u"invalid"_s, u"A family's practitioner must be a midwife, health visitor or social worker."_s,
            u"practitioner"_s));
    if (auto done = ChangeLog(admin.database)
                        .reassignFamily(familyId, practitionerId, user.value()->teamId, nowMillis());
        !done)
        return fail(done.error());
    out() << "reassigned " << familyId << " to " << practitionerId << Qt::endl;
    return 0;
}

// Field values that lost a merge, as a JSON array (sync/PROTOCOL.md, "Field merge"); with
// --resolve ID --user USERID, marks one reviewed by that user.
int conflicts(Admin &admin)
{
    if (const auto id = admin.value(u"resolve"_s)) {
        if (admin.parser.isSet(u"all"_s))
            return usage(u"conflicts --resolve takes no --all."_s);
        QString userId;
        if (int status = required(admin.value(u"user"_s), u"user"_s, &userId))
            return status;
        auto user = Directory(admin.database).user(userId);
        if (!user)
            return fail(user.error());
        if (!user.value())
            return fail(makeError(u"not_found"_s, u"There is no user with id %1."_s.arg(userId), u"user"_s));
        if (auto marked = ChangeLog(admin.database).markConflictReviewed(*id, userId, nowMillis()); !marked)
            return fail(marked.error());
        out() << "reviewed " << *id << Qt::endl;
        return 0;
    }
    if (admin.parser.isSet(u"user"_s))
        return usage(u"conflicts takes --user only with --resolve ID."_s);
    auto list = ChangeLog(admin.database).conflicts(admin.parser.isSet(u"all"_s));
    if (!list)
        return fail(list.error());
    QJsonArray array;
    for (const ChangeLog::Conflict &conflict : list.value())
        array.append(conflict.toJson());
    out() << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)) << Qt::flush;
    return 0;
}

struct Command
{
    QString name;
    QStringList options; // the command-specific options it accepts
    std::function<int(Admin &)> run;
};

const QList<Command> &commands()
{
    static const QList<Command> list{
        {u"team-add"_s, {u"name"_s}, teamAdd},
        {u"user-add"_s, {u"name"_s, u"role"_s, u"team"_s}, userAdd},
        {u"enrolment-code"_s, {u"user"_s}, enrolmentCode},
        {u"devices"_s, {}, devices},
        {u"revoke"_s, {u"device"_s}, revoke},
        {u"settings-show"_s, {}, settingsShow},
        {u"settings-set"_s, {u"file"_s}, settingsSet},
        {u"coverage"_s, {u"team"_s, u"from"_s, u"to"_s, u"format"_s, u"today"_s}, coverage},
        {u"flags"_s, {u"team"_s, u"today"_s, u"json"_s}, flags},
        {u"demo"_s, {u"today"_s}, demo},
        {u"conflicts"_s, {u"all"_s, u"resolve"_s, u"user"_s}, conflicts},
        {u"reassign"_s, {u"family"_s, u"practitioner"_s}, reassign},
    };
    return list;
}

} // namespace

int runAdmin(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Doorstep server administration."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"admin"_s, u"Administration commands."_s);
    parser.addPositionalArgument(
        u"command"_s, u"team-add, user-add, enrolment-code, devices, revoke, settings-show, settings-set, "
                      u"coverage, flags, demo, conflicts or reassign."_s);
    parser.addOptions({
        {u"data-dir"_s, u"The server's data directory."_s, u"DIR"_s},
        {u"database"_s, u"postgresql://user@/dbname?host=/socket/dir instead of DIR/server.db."_s, u"URL"_s},
        {u"name"_s, u"Name of the team or user."_s, u"NAME"_s},
        {u"role"_s, u"midwife, health_visitor, social_worker, supervisor or administrator."_s, u"ROLE"_s},
        {u"team"_s, u"Team id."_s, u"TEAMID"_s},
        {u"user"_s, u"User id."_s, u"USERID"_s},
        {u"device"_s, u"Device id."_s, u"ID"_s},
        {u"file"_s, u"Rule settings as JSON."_s, u"FILE"_s},
        {u"from"_s, u"First day of the period."_s, u"YYYY-MM-DD"_s},
        {u"to"_s, u"Last day of the period."_s, u"YYYY-MM-DD"_s},
        {u"format"_s, u"csv (default) or json."_s, u"FORMAT"_s},
        {u"today"_s, u"The date the rules count from (default: today)."_s, u"YYYY-MM-DD"_s},
        {u"json"_s, u"Print JSON."_s},
        {u"all"_s, u"conflicts: include those already reviewed."_s},
        {u"resolve"_s, u"conflicts: mark the conflict with this id reviewed (with --user)."_s, u"ID"_s},
        {u"family"_s, u"Family id."_s, u"FAMILYID"_s},
        {u"practitioner"_s, u"User id of the practitioner taking the family."_s, u"USERID"_s},
    });
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        out() << parser.helpText();
        out().flush();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || positional.first() != "admin"_L1)
        return usage(u"Usage: doorstep-server admin --data-dir DIR [--database URL] <command> [options]"_s);
    const QString name = positional.at(1);
    const auto command =
        std::find_if(commands().begin(), commands().end(), [&](const Command &c) { return c.name == name; });
    if (command == commands().end())
        return usage(u"Unknown command \"%1\"; see --help."_s.arg(name));
    for (const QString &option : parser.optionNames()) {
        if (option != "data-dir"_L1 && option != "database"_L1 && !command->options.contains(option))
            return usage(u"%1 takes no --%2."_s.arg(name, option));
    }
    if (!parser.isSet(u"data-dir"_s))
        return usage(u"--data-dir DIR is required."_s);

    const QString dataDir = parser.value(u"data-dir"_s);
    if (!QDir().mkpath(dataDir))
        return fail(makeError(u"io"_s, u"Could not create the data directory %1."_s.arg(dataDir)));
    auto database = Database::fromUrl(parser.value(u"database"_s), dataDir);
    if (!database)
        return fail(database.error());
    int status = 0;
    {
        if (auto migrated = database.value().migrate(); !migrated) {
            status = fail(migrated.error());
        } else {
            Admin admin{parser, database.value()};
            status = command->run(admin);
        }
    }
    Database::releaseThreadConnections();
    return status;
}

} // namespace doorstep::server
