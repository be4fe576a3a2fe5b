#include "appendonlypush.h"

#include "core/hlc.h"
#include "messages.h"

#include <QByteArrayView>

#include <array>
#include <string_view>

namespace doorstep::protocol {

namespace {

// Strict JSON (RFC 8259) over UTF-8 text. Every step checks its bounds and says whether it read
// what it expected; after a false the reader's position means nothing and reading stops.
class StrictJson
{
public:
    explicit StrictJson(const QByteArray &text)
        : m_begin(text.constData())
        , m_at(m_begin)
        , m_end(m_begin + text.size())
    {}

    // Where the next value starts, after any white space.
    qsizetype valueStart()
    {
        space();
        return m_at - m_begin;
    }
    qsizetype position() const { return m_at - m_begin; }
    bool atEnd()
    {
        space();
        return m_at == m_end;
    }
    bool peek(char c)
    {
        space();
        return m_at < m_end && *m_at == c;
    }
    bool take(char c)
    {
        if (!peek(c))
            return false;
        ++m_at;
        return true;
    }

    // A string of printable ASCII with no escapes (the change's own fields and keys).
    bool plainString(QByteArrayView *text)
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

    // A whole number from 1 to 10^15 - 1, written plainly: exact in a JSON double, as
    // Change::fromJson requires of "deviceSeq".
    bool countingNumber(qint64 *number)
    {
        space();
        const char *start = m_at;
        if (m_at == m_end || *m_at < '1' || *m_at > '9')
            return false;
        qint64 value = 0;
        for (; m_at < m_end && isDigit(*m_at); ++m_at) {
            if (m_at - start == 15)
                return false;
            value = value * 10 + (*m_at - '0');
        }
        if (m_at < m_end && (*m_at == '.' || *m_at == 'e' || *m_at == 'E'))
            return false;
        *number = value;
        return true;
    }

    // Any value, read to its end.
    bool value(int depth = 0)
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

private:
    // Records nest two or three deep; QJsonDocument allows far more.
    static constexpr int maxDepth = 16;

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    void space()
    {
        while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }

    bool container(int depth)
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
    bool string()
    {
        ++m_at;
        while (m_at < m_end) {
            const auto c = static_cast<unsigned char>(*m_at);
            if (c == '"') {
                ++m_at;
                return true;
            }
            if (c == '\\') {
                if (m_end - m_at < 2 ||
                    std::string_view("\"\\/bfnrt").find(m_at[1]) == std::string_view::npos)
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
    bool character()
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

    // No exponent and at most 17 characters: always a finite double (QJsonDocument refuses
    // numbers past a double's range).
    bool number()
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

    bool word(std::string_view expected)
    {
        if (std::string_view(m_at, size_t(m_end - m_at)).substr(0, expected.size()) != expected)
            return false;
        m_at += expected.size();
        return true;
    }

    const char *m_begin;
    const char *m_at;
    const char *m_end;
};

// A change's members, as Change::fromJson names them; each must come exactly once.
enum Member { ChangeId, DeviceId, DeviceSeq, EntityName, EntityId, FamilyId, Hlc, Payload, MemberCount };
constexpr std::array<std::string_view, MemberCount> memberNames{
    "changeId", "deviceId", "deviceSeq", "entity", "entityId", "familyId", "hlc", "payload"};

int memberOf(QByteArrayView key)
{
    const std::string_view name(key.data(), size_t(key.size()));
    for (int i = 0; i < MemberCount; ++i) {
        if (memberNames[i] == name)
            return i;
    }
    return -1;
}

std::optional<Change> readChange(StrictJson &json, const QByteArray &body, QByteArray *payloadText)
{
    if (!json.take('{'))
        return std::nullopt;
    Change change;
    QString *const texts[MemberCount] = {&change.changeId, &change.deviceId, nullptr,     &change.entity,
                                         &change.entityId, &change.familyId, &change.hlc, nullptr};
    unsigned seen = 0;
    do {
        QByteArrayView key;
        if (!json.plainString(&key) || !json.take(':'))
            return std::nullopt;
        const int member = memberOf(key);
        if (member < 0 || (seen & (1u << member)))
            return std::nullopt;
        seen |= 1u << member;
        if (member == DeviceSeq) {
            if (!json.countingNumber(&change.deviceSeq))
                return std::nullopt;
        } else if (member == Payload) {
            const qsizetype start = json.valueStart();
            if (!json.peek('{') || !json.value())
                return std::nullopt;
            *payloadText = body.mid(start, json.position() - start);
        } else {
            QByteArrayView text;
            if (!json.plainString(&text) || text.isEmpty())
                return std::nullopt;
            *texts[member] = QString::fromLatin1(text);
        }
    } while (json.take(','));
    if (!json.take('}') || seen != (1u << MemberCount) - 1)
        return std::nullopt;
    if (!Entity::isAppendOnly(change.entity) || !HlcTimestamp::decode(change.hlc))
        return std::nullopt;
    return change;
}

} // namespace

std::optional<AppendOnlyPush> readAppendOnlyPush(const QByteArray &body)
{
    StrictJson json(body);
    QByteArrayView key;
    if (!json.take('{') || !json.plainString(&key) || key != QByteArrayView("changes") || !json.take(':') ||
        !json.take('['))
        return std::nullopt;
    AppendOnlyPush push;
    if (!json.take(']')) {
        do {
            if (push.changes.size() == maxChangesPerPush)
                return std::nullopt;
            QByteArray payloadText;
            std::optional<Change> change = readChange(json, body, &payloadText);
            if (!change)
                return std::nullopt;
            push.changes.append(std::move(*change));
            push.payloadTexts.append(std::move(payloadText));
        } while (json.take(','));
        if (!json.take(']'))
            return std::nullopt;
    }
    if (!json.take('}') || !json.atEnd())
        return std::nullopt;
    return push;
}

} // namespace doorstep::protocol
