#include "statementcache.h"

#include <QSqlError>
#include <QStringList>

namespace doorstep::server {

namespace {

// The same statement in use this many times at once (nested reads of one query) is prepared
// outside the cache beyond that: the server's code nests two at most.
constexpr std::size_t maxCopies = 4;

constexpr qsizetype maxNamed = 1024;

const QStringList &names()
{
    static const QStringList list = [] {
        QStringList made;
        made.reserve(maxNamed);
        for (qsizetype i = 0; i < maxNamed; ++i)
            made.append(QStringLiteral(":p") + QString::number(i));
        return made;
    }();
    return list;
}

// `sql` with its placeholders named (placeholderName()), or as it is when it has more than that.
QString namePlaceholders(const QString &sql)
{
    QString named;
    named.reserve(sql.size() + 64);
    QChar quote;
    qsizetype count = 0;
    for (const QChar c : sql) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"') {
            quote = c;
        } else if (c == u'?') {
            if (count == maxNamed)
                return sql;
            named += names().at(count++);
            continue;
        }
        named += c;
    }
    return named;
}

} // namespace

const QString *StatementCache::placeholderName(qsizetype i)
{
    return i >= 0 && i < maxNamed ? &names().at(i) : nullptr;
}

QSqlQuery *StatementCache::acquire(const QSqlDatabase &db, const QString &sql, QString *error)
{
    std::vector<Entry> &copies = m_entries[sql];
    for (Entry &entry : copies) {
        if (!entry.busy) {
            entry.busy = true;
            return entry.query.get();
        }
    }
    if (copies.size() >= maxCopies)
        return nullptr;
    auto query = std::make_unique<QSqlQuery>(db);
    query->setForwardOnly(true);
    if (!query->prepare(namePlaceholders(sql))) {
        *error = query->lastError().text();
        return nullptr;
    }
    copies.push_back(Entry{std::move(query), true});
    return copies.back().query.get();
}

void StatementCache::release(QSqlQuery *query, bool discard)
{
    query->finish();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        std::vector<Entry> &copies = it->second;
        for (auto entry = copies.begin(); entry != copies.end(); ++entry) {
            if (entry->query.get() != query)
                continue;
            if (discard)
                copies.erase(entry);
            else
                entry->busy = false;
            return;
        }
    }
}

void StatementCache::clear()
{
    m_entries.clear();
}

SqlStatement::SqlStatement(SqlStatement &&other) noexcept
    : m_cache(std::exchange(other.m_cache, nullptr))
    , m_borrowed(std::exchange(other.m_borrowed, nullptr))
    , m_own(std::move(other.m_own))
{
    other.m_own.reset();
}

SqlStatement::~SqlStatement()
{
    if (m_borrowed)
        m_cache->release(m_borrowed, false);
}

} // namespace doorstep::server
