#include "settingsstore.h"

#include "sqlquery.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace doorstep::server {

SettingsStore::SettingsStore(Database database)
    : m_database(std::move(database))
{}

Result<RuleSettings> SettingsStore::current()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto query = runQuery(db.value(), u"SELECT settings FROM rule_settings WHERE id = 1"_s, {},
                          u"reading the rule settings"_s);
    if (!query)
        return query.error();
    if (!query.value().next())
        return RuleSettings{};
    const QJsonObject json = QJsonDocument::fromJson(query.value().value(0).toString().toUtf8()).object();
    auto settings = RuleSettings::fromJson(json);
    if (!settings)
        return storageError(u"reading the rule settings"_s, settings.error().message);
    return settings;
}

Result<void> SettingsStore::set(const RuleSettings &settings, qint64 nowMillis)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QString text = QString::fromUtf8(QJsonDocument(settings.toJson()).toJson(QJsonDocument::Compact));
    if (auto done = runQuery(db.value(),
                             u"INSERT INTO rule_settings (id, settings, updated_at) VALUES (1, ?, ?)"
                             u" ON CONFLICT (id) DO UPDATE SET settings = excluded.settings,"
                             u" updated_at = excluded.updated_at"_s,
                             {text, nowMillis}, u"saving the rule settings"_s);
        !done)
        return done.error();
    return {};
}

} // namespace doorstep::server
