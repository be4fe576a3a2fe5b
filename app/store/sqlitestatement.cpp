#include "sqlitestatement.h"

#include "sqliteerror.h"

#include <sqlite3.h>

#include <utility>

namespace doorstep::store {

SqliteStatement::~SqliteStatement()
{
    release();
}

void SqliteStatement::release()
{
    if (!m_leased) {
        sqlite3_finalize(m_statement);
        return;
    }
    // Reset ends any read the statement holds open, so a cached SELECT never pins the WAL.
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    *m_leased = false;
    m_leased = nullptr;
}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_statement(std::exchange(other.m_statement, nullptr))
    , m_bindError(std::exchange(other.m_bindError, 0))
    , m_leased(std::exchange(other.m_leased, nullptr))
{}

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        release();
        m_db = std::exchange(other.m_db, nullptr);
        m_statement = std::exchange(other.m_statement, nullptr);
        m_bindError = std::exchange(other.m_bindError, 0);
        m_leased = std::exchange(other.m_leased, nullptr);
    }
    return *this;
}

void SqliteStatement::noteBind(int resultCode)
{
    if (resultCode != SQLITE_OK && m_bindError == SQLITE_OK)
        m_bindError = resultCode;
}

SqliteStatement &SqliteStatement::bindText(int index, const QString &value)
{
    // Ids, times, clocks and tokens are short ASCII: copied byte for byte through the stack (SQLite
    // copies the bytes again) rather than through a QByteArray allocated and freed per value, a
    // few per cent of a pulled change's instructions over its dozen or so texts.
    constexpr qsizetype shortText = 96;
    if (const qsizetype size = value.size(); size <= shortText) {
        char ascii[shortText];
        const QChar *utf16 = value.constData();
        char16_t all = 0;
        for (qsizetype i = 0; i < size; ++i) {
            all |= utf16[i].unicode();
            ascii[i] = char(utf16[i].unicode());
        }
        if (all < 0x80) {
            noteBind(sqlite3_bind_text(m_statement, index, ascii, int(size), SQLITE_TRANSIENT));
            return *this;
        }
    }
    const QByteArray utf8 = value.toUtf8();
    noteBind(sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT));
    return *this;
}

SqliteStatement &SqliteStatement::bindUtf8(int index, const QByteArray &value)
{
    noteBind(sqlite3_bind_text(m_statement, index, value.constData(), int(value.size()), SQLITE_TRANSIENT));
    return *this;
}

SqliteStatement &SqliteStatement::bindBlob(int index, const QByteArray &value)
{
    // A zero-length blob, not NULL, for an empty array.
    noteBind(sqlite3_bind_blob(m_statement, index, value.isEmpty() ? "" : value.constData(),
                               int(value.size()), SQLITE_TRANSIENT));
    return *this;
}

SqliteStatement &SqliteStatement::bindInt(int index, qint64 value)
{
    noteBind(sqlite3_bind_int64(m_statement, index, value));
    return *this;
}

SqliteStatement &SqliteStatement::bindNull(int index)
{
    noteBind(sqlite3_bind_null(m_statement, index));
    return *this;
}

Result<bool> SqliteStatement::step()
{
    if (m_bindError != SQLITE_OK)
        return sqliteError(m_bindError, QString::fromUtf8(sqlite3_errstr(m_bindError)));
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    // sqlite3_errmsg is only meaningful for the connection's most recent call; read it before
    // anything else touches the connection.
    const QString message = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_statement);
    return sqliteError(rc, message);
}

Result<void> SqliteStatement::run()
{
    return forEachRow([](const SqliteStatement &) {});
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_bindError = SQLITE_OK;
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

QString SqliteStatement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column));
}

QByteArray SqliteStatement::blob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, column));
    return QByteArray(data, sqlite3_column_bytes(m_statement, column));
}

QByteArray SqliteStatement::rawUtf8(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QByteArray::fromRawData(data, sqlite3_column_bytes(m_statement, column));
}

qint64 SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

} // namespace doorstep::store
