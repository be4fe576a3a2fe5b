#include "store.h"

#include "encrypteddatabase.h"
#include "keyunlock.h"
#include "metarepository.h"
#include "migrations.h"
#include "pinpolicy.h"
#include "profilefiles.h"
#include "storeprivate.h"
#include "storetesting.h"
#include "unlockattempts.h"

#include "core/flags.h"
#include "core/recordid.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace doorstep::store {

Q_LOGGING_CATEGORY(lcStore, "doorstep.store")

namespace {

Store::Clock orSystemClock(Store::Clock clock)
{
    if (clock)
        return clock;
    return [] {
        return QDateTime::currentDateTimeUtc();
    };
}

void removeDatabaseFiles(const QString &profileDir)
{
    for (const QString &file : profile::databaseFiles(profileDir))
        QFile::remove(file);
}

} // namespace

Store::Store(std::unique_ptr<Private> d)
    : d(std::move(d))
{}

Store::~Store()
{
    // Close the database before the key it was opened with is wiped.
    d->db.reset();
    d->vault.wipe();
}

bool Store::exists(const QString &profileDir)
{
    return QFile::exists(profile::keyFile(profileDir)) && QFile::exists(profile::databaseFile(profileDir));
}

qint64 Store::secondsBeforeNextUnlock(const QString &profileDir, Clock clock)
{
    return UnlockAttempts(profile::attemptsFile(profileDir)).secondsToWait(orSystemClock(std::move(clock))());
}

Result<std::unique_ptr<Store>> Store::create(const QString &profileDir, const QByteArray &pin, Clock clock)
{
    if (Result<void> strong = checkPinStrength(pin); !strong)
        return strong.error();
    if (QFile::exists(profile::keyFile(profileDir))) {
        return makeError(ProfileExists, QStringLiteral("There is already a store on this device. Unlock "
                                                       "it with its PIN instead of making a new one."));
    }
    if (!QDir().mkpath(profileDir) ||
        !QFile::setPermissions(profileDir,
                               QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        return makeError(Io, QStringLiteral("The profile folder could not be made private to this user. "
                                            "Check the device's storage."));
    }
    // A database without its key file is left from an interrupted create: nothing can ever
    // decrypt it, so it is safe to start again.
    removeDatabaseFiles(profileDir);
    (void)UnlockAttempts(profile::attemptsFile(profileDir)).reset();

    clock = orSystemClock(std::move(clock));
    Result<KeyVault> vault = KeyVault::generate();
    if (!vault)
        return vault.error();
    const QString dbPath = profile::databaseFile(profileDir);
    const QString deviceId = newRecordId();

    std::unique_ptr<SqliteDatabase> db;
    const auto fail = [&](const Error &error) -> Result<std::unique_ptr<Store>> {
        db.reset();
        removeDatabaseFiles(profileDir);
        return error;
    };
    Result<std::unique_ptr<SqliteDatabase>> opened =
        openEncryptedDatabase(dbPath, vault.value(), SqliteDatabase::OpenMode::Create);
    if (!opened)
        return fail(opened.error());
    db = std::move(opened).value();
    // The folder is private already; the WAL and shared-memory files copy the database's mode.
    QFile::setPermissions(dbPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (Result<void> migrated = migrateSchema(*db); !migrated)
        return fail(migrated.error());
    if (Result<void> meta = MetaRepository(*db).initialise(deviceId); !meta)
        return fail(meta.error());
    // Move page 1 (with the salt) from the WAL into the file, so the key blob can name it.
    if (Result<void> checkpoint = db->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !checkpoint)
        return fail(checkpoint.error());
    vault.value().setDatabaseSalt(readDatabaseSalt(dbPath));
    const Result<QByteArray> wrapped = vault.value().wrap(pin);
    if (!wrapped)
        return fail(wrapped.error());
    auto keyRest = std::make_unique<platform::FileKeyRest>(profile::keyFile(profileDir));
    if (!keyRest->save(wrapped.value())) {
        return fail(makeError(Io, QStringLiteral("The key file could not be written. Check the device's "
                                                 "storage.")));
    }
    qCInfo(lcStore, "Created store for device %s", qUtf8Printable(deviceId));
    auto d = std::make_unique<Private>(profileDir, deviceId, std::move(clock), std::move(vault).value(),
                                       std::move(db), HlcTimestamp{}, std::move(keyRest));
    return std::unique_ptr<Store>(new Store(std::move(d)));
}

Result<std::unique_ptr<Store>> Store::open(const QString &profileDir, const QByteArray &pin, Clock clock)
{
    if (!QFile::exists(profile::keyFile(profileDir))) {
        return makeError(NoProfile, QStringLiteral("There is no store on this device yet. Enrol the device "
                                                   "to make one."));
    }
    clock = orSystemClock(std::move(clock));
    auto keyRest = std::make_unique<platform::FileKeyRest>(profile::keyFile(profileDir));
    Result<KeyVault> vault = unlockKey(profileDir, *keyRest, pin, clock());
    if (!vault)
        return vault.error();

    Result<std::unique_ptr<SqliteDatabase>> db = openEncryptedDatabase(
        profile::databaseFile(profileDir), vault.value(), SqliteDatabase::OpenMode::Existing);
    if (!db)
        return db.error();
    if (Result<void> migrated = migrateSchema(*db.value()); !migrated)
        return migrated.error();
    MetaRepository meta(*db.value());
    const Result<QString> deviceId = meta.text(MetaRepository::Field::DeviceId);
    if (!deviceId)
        return deviceId.error();
    const Result<QString> hlcText = meta.text(MetaRepository::Field::HlcLast);
    if (!hlcText)
        return hlcText.error();
    HlcTimestamp lastHlc;
    if (!hlcText.value().isEmpty()) {
        if (Result<HlcTimestamp> decoded = HlcTimestamp::decode(hlcText.value()); decoded)
            lastHlc = decoded.value();
    }
    const Result<std::optional<DeviceIdentity>> identity = meta.identity();
    if (!identity)
        return identity.error();

    auto d =
        std::make_unique<Private>(profileDir, deviceId.value(), std::move(clock), std::move(vault).value(),
                                  std::move(db).value(), lastHlc, std::move(keyRest));
    if (identity.value())
        d->userId = identity.value()->userId;
    return std::unique_ptr<Store>(new Store(std::move(d)));
}

Result<void> Store::changePin(const QByteArray &oldPin, const QByteArray &newPin)
{
    if (Result<void> strong = checkPinStrength(newPin); !strong)
        return strong;
    Result<KeyVault> current = unlockKey(d->profileDir, *d->keyRest, oldPin, d->now());
    if (!current)
        return current.error();
    if (!current.value().key().equals(d->vault.key())) {
        return makeError(WrongKey, QStringLiteral("The key file has changed since this store was "
                                                  "unlocked. Lock the app and unlock it again."));
    }
    const Result<QByteArray> wrapped = d->vault.wrap(newPin);
    if (!wrapped)
        return wrapped.error();
    if (!d->keyRest->save(wrapped.value())) {
        return makeError(Io, QStringLiteral("The new PIN could not be saved; the old PIN still works. "
                                            "Check the device's storage."));
    }
    return {};
}

QString Store::profileDir() const
{
    return d->profileDir;
}

QString Store::deviceId() const
{
    return d->deviceId;
}

Result<void> Store::setIdentity(const DeviceIdentity &identity)
{
    DeviceIdentity stored = identity;
    if (stored.deviceId.isEmpty())
        stored.deviceId = d->deviceId;
    if (stored.deviceId != d->deviceId) {
        return makeError(
            Invalid, QStringLiteral("This identity was issued to another device (%1).").arg(stored.deviceId),
            QStringLiteral("deviceId"));
    }
    if (Result<void> saved = MetaRepository(*d->db).setIdentity(stored); !saved)
        return saved;
    d->userId = stored.userId;
    return {};
}

std::optional<DeviceIdentity> Store::identity() const
{
    const Result<std::optional<DeviceIdentity>> identity = MetaRepository(*d->db).identity();
    if (!identity) {
        qCWarning(lcStore, "Could not read the identity: %s", qUtf8Printable(identity.error().code));
        return std::nullopt;
    }
    return identity.value();
}

RuleSettings Store::settings() const
{
    const Result<QString> text = MetaRepository(*d->db).text(MetaRepository::Field::Settings);
    if (!text || text.value().isEmpty())
        return RuleSettings{};
    const Result<RuleSettings> settings =
        RuleSettings::fromJson(QJsonDocument::fromJson(text.value().toUtf8()).object());
    if (!settings) {
        qCWarning(lcStore, "Stored rule settings do not decode (%s); using the defaults",
                  qUtf8Printable(settings.error().field));
        return RuleSettings{};
    }
    return settings.value();
}

QString Store::pullCursor() const
{
    const Result<QString> cursor = MetaRepository(*d->db).text(MetaRepository::Field::PullCursor);
    return cursor ? cursor.value() : QString();
}

QDateTime Store::lastSyncedAt() const
{
    const Result<QString> at = MetaRepository(*d->db).text(MetaRepository::Field::LastSyncedAt);
    if (!at || at.value().isEmpty())
        return {};
    return QDateTime::fromString(at.value(), Qt::ISODateWithMs).toUTC();
}

Result<void> Store::setLastSyncedAt(const QDateTime &at)
{
    return MetaRepository(*d->db).setText(MetaRepository::Field::LastSyncedAt,
                                          at.isValid() ? at.toUTC().toString(Qt::ISODateWithMs) : QString());
}

Result<bool> Store::checkpointIfDue()
{
    if (d->db->uncheckpointedPages() < checkpointPages)
        return false;
    if (Result<void> copied = d->db->checkpoint(); !copied)
        return copied.error();
    return true;
}

QList<Flag> Store::flags(const QDate &today) const
{
    return computeFlags(caseload(), settings(), today);
}

SqliteDatabase &StoreTesting::database(Store &store)
{
    return *store.d->db;
}

const KeyVault &StoreTesting::vault(Store &store)
{
    return store.d->vault;
}

Result<std::unique_ptr<Store>> StoreTesting::createUnencrypted(const QString &profileDir, Store::Clock clock)
{
    if (!QDir().mkpath(profileDir))
        return makeError(Store::Io, QStringLiteral("The profile folder could not be made."));
    Result<KeyVault> vault = KeyVault::generate();
    if (!vault)
        return vault.error();
    Result<std::unique_ptr<SqliteDatabase>> db =
        SqliteDatabase::open(profile::databaseFile(profileDir), SqliteDatabase::OpenMode::Create);
    if (!db)
        return db.error();
    if (Result<void> configured = configureConnection(*db.value()); !configured)
        return configured.error();
    if (Result<void> migrated = migrateSchema(*db.value()); !migrated)
        return migrated.error();
    const QString deviceId = newRecordId();
    if (Result<void> meta = MetaRepository(*db.value()).initialise(deviceId); !meta)
        return meta.error();
    auto d = std::make_unique<Store::Private>(
        profileDir, deviceId, orSystemClock(std::move(clock)), std::move(vault).value(),
        std::move(db).value(), HlcTimestamp{},
        std::make_unique<platform::FileKeyRest>(profile::keyFile(profileDir)));
    return std::unique_ptr<Store>(new Store(std::move(d)));
}

} // namespace doorstep::store
