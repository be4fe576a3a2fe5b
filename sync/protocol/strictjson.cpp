#include "strictjson.h"

#include <string_view>

namespace doorstep::protocol {

namespace {

// Records nest two or three deep; QJsonDocument allows far more.
constexpr int maxDepth = 16;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

StrictJson::StrictJson(QByteArrayView text)
    : m_begin(text.data())
    , m_at(m_begin)
    , m_end(m_begin + text.size())
{}

void StrictJson::space()
{
    while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
        ++m_at;
}

bool StrictJson::atEnd()
{
    space();
    return m_at == m_end;
}

bool StrictJson::peek(char c)
{
    space();
    return m_at < m_end && *m_at == c;
}

bool StrictJson::take(char c)
{
    if (!peek(c))
        return false;
    ++m_at;
    return true;
}

bool StrictJson::plainString(QByteArrayView *text)
{
    if (!take('"'))
        return false;
    const char *start = m_at;
    for (; m_at < m_end && *m_at != '"'; ++m_at) {
        const auto c = static_cast<unsigned char>(*m_at);
        if (c < 0x20 || c > 0x7e || c == '\\')
            return false;
    }
    if (m_at == m_end)
        return false;
    *text = QByteArrayView(start, m_at - start);
    ++m_at;
    return true;
}

bool StrictJson::value(QByteArrayView *text)
{
    space();
    const char *start = m_at;
    if (!value(0))
        return false;
    *text = QByteArrayView(start, m_at - start);
    return true;
}

bool StrictJson::value(int depth)
{
    space();
    if (m_at == m_end)
        return false;
    switch (*m_at) {
    case '"':
        return string();
    case '{':
    case '[':
        return depth < maxDepth && container(depth + 1);
    case 't':
        return word("true");
    case 'f':
        return word("false");
    case 'n':
        return word("null");
    default:
        return number();
    }
}

bool StrictJson::container(int depth)
{
    const bool object = *m_at == '{';
    const char close = object ? '}' : ']';
    ++m_at;
    if (take(close))
        return true;
    do {
        if (object && !(peek('"') && string() && take(':')))
            return false;
        if (!value(depth))
            return false;
    } while (take(','));
    return take(close);
}

// At its opening quote. The simple escapes only: a \u escape can stand for half a character,
// which QJsonDocument takes and other readers do not.
bool StrictJson::string()
{
    ++m_at;
    while (m_at < m_end) {
        const auto c = static_cast<unsigned char>(*m_at);
        if (c == '"') {
            ++m_at;
            return true;
        }
        if (c == '\\') {
            if (m_end - m_at < 2 || std::string_view("\"\\/bfnrt").find(m_at[1]) == std::string_view::npos)
                return false;
            m_at += 2;
        } else if (c < 0x20) {
            return false;
        } else if (c < 0x80) {
            ++m_at;
        } else if (!character()) {
            return false;
        }
    }
    return false;
}

// One character of two to four bytes: no overlong forms, no surrogates, none past U+10FFFF
// (QJsonDocument refuses each).
bool StrictJson::character()
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(m_at);
    const unsigned char lead = bytes[0];
    unsigned char low = 0x80; // the range of the second byte
    unsigned char high = 0xbf;
    int length = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        low = lead == 0xe0 ? 0xa0 : low;
        high = lead == 0xed ? 0x9f : high;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        low = lead == 0xf0 ? 0x90 : low;
        high = lead == 0xf4 ? 0x8f : high;
    } else {
        return false;
    }
    if (m_end - m_at < length || bytes[1] < low || bytes[1] > high)
        return false;
    for (int i = 2; i < length; ++i) {
        if (bytes[i] < 0x80 || bytes[i] > 0xbf)
            return false;
    }
    m_at += length;
    return true;
}

// No exponent and at most 17 characters: always a finite double (QJsonDocument refuses numbers
// past a double's range).
bool StrictJson::number()
{
    const char *start = m_at;
    if (*m_at == '-')
        ++m_at;
    if (m_at == m_end || !isDigit(*m_at))
        return false;
    if (*m_at == '0') {
        ++m_at;
    } else {
        while (m_at < m_end && isDigit(*m_at))
            ++m_at;
    }
    if (m_at < m_end && *m_at == '.') {
        ++m_at;
        if (m_at == m_end || !isDigit(*m_at))
            return false;
        while (m_at < m_end && isDigit(*m_at))
            ++m_at;
    }
    if (m_at < m_end && (*m_at == 'e' || *m_at == 'E'))
        return false;
    return m_at - start <= 17;
}

bool StrictJson::word(QByteArrayView expected)
{
    if (!QByteArrayView(m_at, m_end - m_at).startsWith(expected))
        return false;
    m_at += expected.size();
    return true;
}

} // namespace doorstep::protocol
