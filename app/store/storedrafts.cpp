// Drafts: unfinished forms kept in the encrypted file, local to the device.
#include "store.h"

#include "storeprivate.h"

namespace doorstep::store {

namespace {

// A form's draft is a few kilobytes; a bound keeps a runaway caller from filling the disk.
constexpr qsizetype maxDraftBytes = 256 * 1024;

Result<void> checkKey(const QString &key)
{
    if (key.trimmed().isEmpty() || key.size() > 200) {
        return makeError(Store::Invalid, QStringLiteral("A draft needs a name of 1 to 200 characters."),
                         QStringLiteral("key"));
    }
    return {};
}

} // namespace

Result<void> Store::saveDraft(const QString &key, const QByteArray &payload)
{
    if (Result<void> checked = checkKey(key); !checked)
        return checked;
    if (payload.size() > maxDraftBytes) {
        return makeError(Invalid,
                         QStringLiteral("The draft is %1 bytes; a draft may hold at most %2.")
                             .arg(payload.size())
                             .arg(maxDraftBytes),
                         QStringLiteral("payload"));
    }
    // One statement replaces the row whole, so a draft is never half old and half new.
    Result<SqliteStatement> save = d->db->prepareCached(
        QStringLiteral("INSERT OR REPLACE INTO drafts (key, payload, saved_at) VALUES (?1, ?2, ?3)"));
    if (!save)
        return save.error();
    save.value()
        .bindText(1, key)
        .bindBlob(2, payload)
        .bindText(3, d->now().toUTC().toString(Qt::ISODateWithMs));
    return save.value().run();
}

Result<std::optional<QByteArray>> Store::draft(const QString &key) const
{
    if (Result<void> checked = checkKey(key); !checked)
        return checked.error();
    Result<SqliteStatement> select =
        d->db->prepareCached(QStringLiteral("SELECT payload FROM drafts WHERE key = ?1"));
    if (!select)
        return select.error();
    select.value().bindText(1, key);
    const Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(select.value().blob(0));
}

Result<void> Store::discardDraft(const QString &key)
{
    if (Result<void> checked = checkKey(key); !checked)
        return checked;
    Result<SqliteStatement> remove =
        d->db->prepareCached(QStringLiteral("DELETE FROM drafts WHERE key = ?1"));
    if (!remove)
        return remove.error();
    remove.value().bindText(1, key);
    return remove.value().run();
}

} // namespace doorstep::store
