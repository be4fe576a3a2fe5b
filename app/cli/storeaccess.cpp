#include "storeaccess.h"

#include "platform/secretinput.h"

#include <QObject>

namespace doorstep::cli {

std::unique_ptr<store::Store> openStore(const Console &console, const QString &profileDir)
{
    if (!store::Store::exists(profileDir)) {
        console.fail(QObject::tr("no device profile in %1: enrol first with "
                                 "'doorstep-cli --profile %1 enrol --server URL --code CODE'")
                         .arg(profileDir));
        return nullptr;
    }
    const auto pin = platform::readSecret(QObject::tr("PIN: "));
    if (!pin) {
        console.fail(QObject::tr("no PIN given (standard input ended)"));
        return nullptr;
    }
    auto opened = store::Store::open(profileDir, *pin);
    if (!opened) {
        console.fail(opened.error().message);
        return nullptr;
    }
    return std::move(opened).value();
}

QString describeError(const Error &error)
{
    return error.field.isEmpty() ? error.message : QStringLiteral("%1: %2").arg(error.field, error.message);
}

int printSaved(const Console &console, const Result<QString> &saved)
{
    if (!saved)
        return console.fail(describeError(saved.error()));
    console.id(saved.value());
    return Success;
}

QCommandLineOption valueOption(const QString &name, const QString &help, const QString &valueName)
{
    return QCommandLineOption(name, help, valueName);
}

std::optional<QDate> parseDateOption(const Console &console, const QString &name, const QString &value,
                                     const QDate &fallback)
{
    if (value.isEmpty())
        return fallback;
    const QDate date = QDate::fromString(value, Qt::ISODate);
    if (!date.isValid()) {
        console.fail(QObject::tr("--%1 takes a date as YYYY-MM-DD, not '%2'").arg(name, value), Usage);
        return std::nullopt;
    }
    return date;
}

} // namespace doorstep::cli
