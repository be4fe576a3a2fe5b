#include "payloadtexts.h"

#include <QByteArrayView>

#include <cstring>

namespace doorstep::protocol {

namespace {

// Walks JSON text already known to be valid; every step still checks its bounds, so text that is
// not valid ends the walk (with nullopt) instead of reading past the end.
class Walker
{
public:
    explicit Walker(const QByteArray &text)
        : m_data(text.constData())
        , m_size(text.size())
    {}

    qsizetype position() const { return m_pos; }
    bool failed() const { return m_failed; }

    void skipSpace()
    {
        while (m_pos < m_size && (m_data[m_pos] == ' ' || m_data[m_pos] == '\t' || m_data[m_pos] == '\n' ||
                                  m_data[m_pos] == '\r'))
            ++m_pos;
    }
    bool take(char c)
    {
        skipSpace();
        if (m_pos < m_size && m_data[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_pos < m_size && m_data[m_pos] == c;
    }
    // A string's raw text between its quotes; `escaped` tells whether it held a backslash.
    QByteArrayView string(bool *escaped)
    {
        *escaped = false;
        if (!take('"'))
            return fail();
        const qsizetype start = m_pos;
        // Most strings hold no escape: their closing quote is the next one, found by memchr
        // (a tenth of a pulled change's parsing went through the loop below byte by byte).
        if (const void *quote = std::memchr(m_data + m_pos, '"', size_t(m_size - m_pos))) {
            const qsizetype end = static_cast<const char *>(quote) - m_data;
            if (!std::memchr(m_data + m_pos, '\\', size_t(end - m_pos))) {
                m_pos = end + 1;
                return QByteArrayView(m_data + start, end - start);
            }
        }
        while (m_pos < m_size && m_data[m_pos] != '"') {
            if (m_data[m_pos] == '\\') {
                *escaped = true;
                ++m_pos;
            }
            ++m_pos;
        }
        if (m_pos >= m_size)
            return fail();
        return QByteArrayView(m_data + start, m_pos++ - start);
    }
    void skipValue(int depth = 0)
    {
        skipSpace();
        if (m_pos >= m_size || depth > 256) {
            fail();
            return;
        }
        const char c = m_data[m_pos];
        if (c == '"') {
            bool escaped = false;
            string(&escaped);
        } else if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++m_pos;
            if (take(close))
                return;
            do {
                if (c == '{') {
                    bool escaped = false;
                    string(&escaped);
                    if (!take(':'))
                        fail();
                }
                skipValue(depth + 1);
            } while (!m_failed && take(','));
            if (!take(close))
                fail();
        } else {
            // A number, true, false or null: up to the next delimiter.
            while (m_pos < m_size && m_data[m_pos] != ',' && m_data[m_pos] != '}' && m_data[m_pos] != ']' &&
                   m_data[m_pos] != ' ' && m_data[m_pos] != '\n' && m_data[m_pos] != '\r' &&
                   m_data[m_pos] != '\t')
                ++m_pos;
        }
    }
    QByteArrayView fail()
    {
        m_failed = true;
        m_pos = m_size;
        return {};
    }

private:
    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

// Walks the members of the object at the walker's position: member(key) is called with the walker
// at each value, reads it, and returns false to give up. False for an empty or malformed object and
// for an escaped key (neither "changes" nor "payload" needs one).
template<typename Member> bool forEachMember(Walker &walk, Member &&member)
{
    if (!walk.take('{') || walk.take('}'))
        return false;
    do {
        bool escaped = false;
        const QByteArrayView key = walk.string(&escaped);
        if (escaped || !walk.take(':') || !member(key))
            return false;
    } while (walk.take(','));
    return walk.take('}');
}

// The payload text of the change object at the walker's position; empty when not found once.
std::optional<QByteArray> payloadOf(Walker &walk, const QByteArray &body)
{
    std::optional<QByteArray> payload;
    const bool read = forEachMember(walk, [&](QByteArrayView key) {
        walk.skipSpace();
        const qsizetype start = walk.position();
        walk.skipValue();
        if (walk.failed())
            return false;
        if (key != QByteArrayView("payload"))
            return true;
        if (payload)
            return false;
        payload = body.mid(start, walk.position() - start);
        return true;
    });
    return read ? payload : std::nullopt;
}

} // namespace

std::optional<QList<QByteArray>> changePayloadTexts(const QByteArray &body)
{
    Walker walk(body);
    std::optional<QList<QByteArray>> texts;
    const bool read = forEachMember(walk, [&](QByteArrayView key) {
        if (key != QByteArrayView("changes")) {
            walk.skipValue();
            return !walk.failed();
        }
        if (texts || !walk.take('['))
            return false;
        texts.emplace();
        if (walk.take(']'))
            return true;
        do {
            std::optional<QByteArray> payload = payloadOf(walk, body);
            if (!payload)
                return false;
            texts->append(std::move(*payload));
        } while (walk.take(','));
        return walk.take(']');
    });
    if (!read)
        return std::nullopt;
    walk.skipSpace();
    if (walk.position() != body.size())
        return std::nullopt;
    return texts;
}

} // namespace doorstep::protocol
