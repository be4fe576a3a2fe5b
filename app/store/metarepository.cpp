#include "metarepository.h"

#include "core/vocabulary.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace doorstep::store {

namespace {

QString column(MetaRepository::Field field)
{
    switch (field) {
    case MetaRepository::Field::DeviceId:
        return QStringLiteral("device_id");
    case MetaRepository::Field::HlcLast:
        return QStringLiteral("hlc_last");
    case MetaRepository::Field::Settings:
        return QStringLiteral("settings");
    case MetaRepository::Field::PullCursor:
        return QStringLiteral("pull_cursor");
    case MetaRepository::Field::LastSyncedAt:
        return QStringLiteral("last_synced_at");
    }
    return {};
}

const QString deviceIdKey = QStringLiteral("deviceId");
const QString userIdKey = QStringLiteral("userId");
const QString userNameKey = QStringLiteral("userName");
const QString roleKey = QStringLiteral("role");
const QString teamIdKey = QStringLiteral("teamId");
const QString serverUrlKey = QStringLiteral("serverUrl");
const QString certificateKey = QStringLiteral("serverCertificateSha256");

} // namespace

Result<void> MetaRepository::initialise(const QString &deviceId)
{
    Result<SqliteStatement> insert =
        m_db.prepare(QStringLiteral("INSERT INTO meta (id, device_id) VALUES (1, ?1)"));
    if (!insert)
        return insert.error();
    insert.value().bindText(1, deviceId);
    return insert.value().run();
}

Result<QString> MetaRepository::text(Field field)
{
    Result<SqliteStatement> select =
        m_db.prepareCached(QStringLiteral("SELECT %1 FROM meta WHERE id = 1").arg(column(field)));
    if (!select)
        return select.error();
    const Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value()) {
        return makeError(Store::Corrupt, QStringLiteral("The store has lost its settings row, so it "
                                                        "cannot be used. Re-enrol the device."));
    }
    return select.value().text(0);
}

Result<void> MetaRepository::setText(Field field, const QString &value)
{
    Result<SqliteStatement> update =
        m_db.prepareCached(QStringLiteral("UPDATE meta SET %1 = ?1 WHERE id = 1").arg(column(field)));
    if (!update)
        return update.error();
    update.value().bindText(1, value);
    return update.value().run();
}

Result<std::optional<DeviceIdentity>> MetaRepository::identity()
{
    Result<SqliteStatement> select = m_db.prepare(
        QStringLiteral("SELECT identity, signing_public_key, signing_secret_key FROM meta WHERE id = 1"));
    if (!select)
        return select.error();
    const Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value() || select.value().text(0).isEmpty())
        return std::optional<DeviceIdentity>();
    const QJsonObject json = QJsonDocument::fromJson(select.value().text(0).toUtf8()).object();
    DeviceIdentity identity;
    identity.deviceId = json.value(deviceIdKey).toString();
    identity.userId = json.value(userIdKey).toString();
    identity.userName = json.value(userNameKey).toString();
    identity.role = roleFromToken(json.value(roleKey).toString()).value_or(Role::HealthVisitor);
    identity.teamId = json.value(teamIdKey).toString();
    identity.serverUrl = json.value(serverUrlKey).toString();
    identity.serverCertificateSha256 = json.value(certificateKey).toString();
    identity.signingPublicKey = select.value().blob(1);
    identity.signingSecretKey = select.value().blob(2);
    return std::optional<DeviceIdentity>(identity);
}

Result<void> MetaRepository::setIdentity(const DeviceIdentity &identity)
{
    const QJsonObject json{
        {deviceIdKey, identity.deviceId},
        {userIdKey, identity.userId},
        {userNameKey, identity.userName},
        {roleKey, toToken(identity.role)},
        {teamIdKey, identity.teamId},
        {serverUrlKey, identity.serverUrl},
        {certificateKey, identity.serverCertificateSha256},
    };
    Result<SqliteStatement> update = m_db.prepare(
        QStringLiteral("UPDATE meta SET identity = ?1, signing_public_key = ?2, signing_secret_key = ?3 "
                       "WHERE id = 1"));
    if (!update)
        return update.error();
    update.value()
        .bindText(1, QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)))
        .bindBlob(2, identity.signingPublicKey)
        .bindBlob(3, identity.signingSecretKey);
    return update.value().run();
}

} // namespace doorstep::store
